"""Completing inspections in tests (issue 12.1): a checklist with an optional photo slot that
asks for two photos, a drawn signature as PNG bytes, and the completion dialog driven by clicks."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw

from app.core.checklist import Checklist, load_checklist_text

PHOTO_YAML = """\
id: test_photo_min
version: 1
work_item: street_order
title: {zh: 照片要求检查（测试）, en: Photo minimum check (test)}
legal_basis:
  - {zh: 《北京市市容环境卫生条例》, en: Beijing city appearance regulations}
rectification_days: 10
sections:
  - id: main
    title: {zh: 现场情况, en: On site}
    items:
      - id: trading
        type: yes_no_na
        label: {zh: 是否占道经营, en: Trading on the road}
        required: true
        violations:
          - when: {item: trading, equals: "yes"}
            severity: major
            finding: {zh: 占道经营, en: Trading on the road}
      - id: stall
        type: choice
        label: {zh: 摊位类型, en: Kind of stall}
        options:
          - {value: fixed, label: {zh: 固定摊位, en: Fixed}}
          - {value: mobile, label: {zh: 流动摊贩, en: Mobile}}
      - id: remark
        type: text
        label: {zh: 备注, en: Remark}
      - id: scene
        type: photo
        label: {zh: 现场照片, en: Scene photos}
        photo_min: 2
        photo_max: 10
"""


def photo_min_checklist() -> tuple[Checklist, str]:
    """The test checklist: one required question and an optional slot asking for 2–10 photos."""
    return load_checklist_text(PHOTO_YAML, "test_photo_min.v1.yaml"), PHOTO_YAML


def signature_png(seed: int = 1, size: tuple[int, int] = (300, 100)) -> bytes:
    """A scribble as a drawn signature's PNG."""
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(10 + i * 25, 50 + ((i * seed * 37) % 40) - 20) for i in range(11)]
    draw.line(points, fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def drag_signature(qtbot: Any, pad: Any, strokes: int = 2) -> None:
    """Draw on a signature pad with the mouse: press, move in steps, release."""
    from PySide6.QtCore import QPoint, Qt

    w, h = pad.width(), pad.height()
    for s in range(strokes):
        y0 = h // 3 + s * h // 4
        start = QPoint(w // 8, y0)
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=start)
        for step in range(1, 12):
            point = QPoint(w // 8 + step * (w * 3 // 4) // 12, y0 + (step % 3 - 1) * h // 8)
            qtbot.mouseMove(pad, point)
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton,
                           pos=QPoint(w * 7 // 8, y0))


def confirm_completion(qtbot: Any, editor: Any, reason: str = "现场无法拍照") -> Any:
    """Complete… → the completion dialog → the reason where photos are short → Complete."""
    from tests.helpers.driver import click, type_text

    click(qtbot, editor.complete_button)
    dialog = editor.complete_dialog
    qtbot.waitExposed(dialog)
    if dialog.reason_box.isVisible():
        dialog.reason.setFocus()
        type_text(qtbot, dialog.reason, reason)
    assert dialog.confirm.isEnabled(), dialog.problem.text()
    click(qtbot, dialog.confirm)
    return dialog
