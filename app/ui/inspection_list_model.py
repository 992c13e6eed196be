"""The inspections list as a Qt table model over `list_inspections` pages.

The model knows only the row count (`count_inspections`, over an index) and fetches the rows
a view asks for one page at a time, keeping a few pages: so 100,000 inspections open as fast
as 100, and the cost follows the rows on the screen. Clicking a header sorts in the query.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.ui.inspection_filter_bar import FilterChoice

PAGE_SIZE = 100
STATUS_COLOURS = {"draft": "#1565c0", "superseded": "#888888"}
CACHED_PAGES = 8

Index = QModelIndex | QPersistentModelIndex

# Column → the store's sort key (docs/data-model.md: each is served by an index); the site
# column has none (sorting 100,000 rows by a joined name would cost the table, not the page).
COLUMN_SORT_KEYS: tuple[str | None, ...] = (
    "started_at", None, "district_code", "form_id", "status", "finding_count",
    "inspector_name", "completed_at")


class InspectionListModel(QAbstractTableModel):
    """Rows of the inspections list; `inspection_id(row)` for opening one."""

    DEFAULT_SORT_COLUMN = 0
    COLUMN_WIDTHS = (140, 300, 70, 250, 80, 60, 90, 140)

    def __init__(self, db: Any, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self._choice = FilterChoice()
        self._sort_key = str(COLUMN_SORT_KEYS[self.DEFAULT_SORT_COLUMN])
        self._descending = True
        self._count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self.pages_fetched = 0  # for the benchmark and the tests: work done so far
        self._headers = (self.tr("Started"), self.tr("Site"), self.tr("District"),
                         self.tr("Checklist"), self.tr("Status"), self.tr("Findings"),
                         self.tr("Inspector"), self.tr("Completed"))
        self._status_text = {"draft": self.tr("Draft"), "completed": self.tr("Completed"),
                             "superseded": self.tr("Superseded")}
        self._recount()

    # ---- what the list shows ------------------------------------------------------------

    def set_choice(self, choice: FilterChoice) -> None:
        """Apply new filters."""
        if choice == self._choice and self._count:
            return
        self._choice = choice
        self.refresh()

    def filter(self) -> Any:
        """The store's InspectionFilter for the current choices."""
        from datetime import date

        from app.store.inspections import InspectionFilter

        c = self._choice
        return InspectionFilter(
            status=c.status or None,  # type: ignore[arg-type]
            form_id=c.form_id or None,
            district_code=c.district_code or None,
            date_from=date.fromisoformat(c.date_from) if c.date_from else None,
            date_to=date.fromisoformat(c.date_to) if c.date_to else None,
            site_text=c.site_text or None,
        )

    def refresh(self) -> None:
        """Count again and forget the cached pages (after edits or new filters)."""
        self.beginResetModel()
        self._pages.clear()
        self._recount()
        self.endResetModel()

    def _recount(self) -> None:
        from app.store.inspections import count_inspections

        self._count = count_inspections(self.db, self.filter())

    def sort_column(self) -> int:
        """The column the rows are sorted by."""
        return COLUMN_SORT_KEYS.index(self._sort_key)

    def is_descending(self) -> bool:
        return self._descending

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMN_SORT_KEYS):
            return
        key = COLUMN_SORT_KEYS[column]
        if key is None:
            return  # not sortable: the view puts its indicator back
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.beginResetModel()
        self._pages.clear()
        self.endResetModel()

    def sort_spec(self) -> Any:
        """The store's InspectionSort."""
        from app.store.inspections import InspectionSort

        return InspectionSort(self._sort_key, self._descending)

    # ---- paging -------------------------------------------------------------------------

    def _row(self, row: int) -> Any:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            from app.store.inspections import list_inspections

            page = list(list_inspections(self.db, self.filter(), self.sort_spec(),
                                         page_no * PAGE_SIZE, PAGE_SIZE))
            self.pages_fetched += 1
            self._pages[page_no] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        offset = row - page_no * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def inspection_id(self, row: int) -> str | None:
        if not 0 <= row < self._count:
            return None
        record = self._row(row)
        return str(record.id) if record is not None else None

    # ---- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        record = self._row(index.row())
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 5:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4 and record.status in STATUS_COLOURS:
                return QBrush(QColor(STATUS_COLOURS[record.status]))
            if column == 5 and record.finding_count:
                return QBrush(QColor("#c62828"))
            return None
        return self._display(record, column, role == Qt.ItemDataRole.ToolTipRole)

    def _display(self, record: Any, column: int, tooltip: bool) -> Any:
        if column == 0:
            return _local_time(record.started_at)
        if column == 1:
            name = record.site_name or record.site_address
            return f"{name}\n{record.site_address}" if tooltip else name
        if column == 2:
            return record.district_name
        if column == 3:
            title = record.form_title.get(self.lang)
            amendment = getattr(record, "amendment_no", 0)
            if not amendment:
                return title
            return self.tr("%1 (amendment %2)").replace("%1", title).replace(
                "%2", str(amendment))
        if column == 4:
            return self._status_text.get(record.status, record.status)
        if column == 5:
            return record.finding_count
        if column == 6:
            return record.inspector_name
        if column == 7:
            return _local_time(record.completed_at)
        return None


def _local_time(stamp: str | None) -> str:
    """ISO 8601 UTC → Beijing "YYYY-MM-DD HH:MM", whatever zone the machine is set to."""
    from app.core.clock import format_beijing

    return format_beijing(stamp)
