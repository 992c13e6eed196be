"""A signature pad: a person signs with the mouse, a pen (tablet events) or a finger (touch).

Each stroke is a QPainterPath; Undo takes the last stroke back, Redo puts it again, Clear
starts over (and can itself be undone). `png()` gives the ink on a transparent background,
cropped to the strokes, as the PNG bytes the completion stores (app.store.signatures).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

INK = QColor(20, 20, 60)
PEN_WIDTH = 2.6
MARGIN = 6  # around the strokes in the PNG


class SignaturePad(QWidget):
    """The drawing surface. `changed` after every stroke, undo, redo or clear."""

    changed = Signal()

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        self.strokes: list[QPainterPath] = []
        # What Undo took back, to Redo: a stroke, or the strokes a Clear removed at once.
        self._undone: list[list[QPainterPath]] = []
        self._cleared: list[list[QPainterPath]] = []  # undo of a clear puts these back
        self._history: list[str] = []  # "stroke" or "clear", in order (what Undo reverses)
        self._current: QPainterPath | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(260, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # ---- state -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self.strokes

    def can_undo(self) -> bool:
        return bool(self._history)

    def can_redo(self) -> bool:
        return bool(self._undone)

    def clear(self) -> None:
        """Start over; Undo brings the signature back."""
        if not self.strokes:
            return
        self._cleared.append(self.strokes)
        self._history.append("clear")
        self.strokes = []
        self._undone.clear()
        self._changed()

    def undo(self) -> None:
        if not self._history:
            return
        last = self._history.pop()
        if last == "clear":
            self.strokes = self._cleared.pop()
            self._undone.append([])  # redo of an undone clear clears again
        else:
            self._undone.append([self.strokes.pop()])
        self._changed()

    def redo(self) -> None:
        if not self._undone:
            return
        again = self._undone.pop()
        if again:
            self.strokes.append(again[0])
            self._history.append("stroke")
        else:
            self._cleared.append(self.strokes)
            self._history.append("clear")
            self.strokes = []
        self._changed()

    def png(self) -> bytes:
        """The ink as PNG bytes (transparent background), cropped to the strokes; b"" if empty."""
        if not self.strokes:
            return b""
        bounds = QRectF()
        for path in self.strokes:
            bounds = bounds.united(path.boundingRect())
        bounds = bounds.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        scale = 2.0  # print resolution: the record prints it about 40 mm wide
        image = QImage(max(int(bounds.width() * scale), 1), max(int(bounds.height() * scale), 1),
                       QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        self._draw_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes
        buffer.close()
        return bytes(data.data())

    # ---- input: mouse, pen, touch ------------------------------------------------------------

    def _begin(self, point: QPointF) -> None:
        path = QPainterPath(point)
        path.lineTo(point + QPointF(0.1, 0.1))  # a dot is a mark too
        self._current = path
        self.strokes.append(path)
        self.update()

    def _extend(self, point: QPointF) -> None:
        if self._current is None:
            return
        self._current.lineTo(point)
        self.update()

    def _end(self) -> None:
        if self._current is None:
            return
        self._current = None
        self._history.append("stroke")
        self._undone.clear()
        self._changed()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove and self._current is not None:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._extend(event.position())
            self._end()
        event.accept()  # no mouse event is made from it: the stroke is drawn once

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel) and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                position = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(position)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(position)
                else:
                    self._extend(position)
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # ---- drawing ----------------------------------------------------------------------------

    def _draw_strokes(self, painter: QPainter) -> None:
        pen = QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self.strokes:
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#b0b8c8"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        base = int(self.height() * 0.75)
        painter.setPen(QPen(QColor("#c8ced8"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(16, base, self.width() - 16, base)
        if not self.strokes and self.hint:
            painter.setPen(QColor("#9aa3b2"))
            painter.drawText(self.rect().adjusted(0, 0, 0, -self.height() // 4),
                             Qt.AlignmentFlag.AlignCenter, self.hint)
        self._draw_strokes(painter)
        painter.end()

    def _changed(self) -> None:
        self.update()
        self.changed.emit()


class SignatureField(QWidget):
    """A titled pad with its Undo, Redo and Clear buttons."""

    changed = Signal()

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"signature-{name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = QLabel(title, self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.pad = SignaturePad(self.tr("Sign here"), self)
        self.pad.setObjectName(f"signature-pad-{name}")
        layout.addWidget(self.pad, 1)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.redo_button = QPushButton(self.tr("Redo"), self)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.undo_button.setObjectName(f"signature-undo-{name}")
        self.redo_button.setObjectName(f"signature-redo-{name}")
        self.clear_button.setObjectName(f"signature-clear-{name}")
        for button in (self.undo_button, self.redo_button, self.clear_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.undo_button.clicked.connect(self.pad.undo)
        self.redo_button.clicked.connect(self.pad.redo)
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad.changed.connect(self.on_pad_changed)
        self.on_pad_changed()

    def on_pad_changed(self) -> None:
        self.undo_button.setEnabled(self.pad.can_undo())
        self.redo_button.setEnabled(self.pad.can_redo())
        self.clear_button.setEnabled(not self.pad.is_empty())
        self.changed.emit()

    def set_active(self, active: bool) -> None:
        """Take strokes or not (the party's pad while the party refuses to sign)."""
        self.setEnabled(active)
        if active:
            self.on_pad_changed()
