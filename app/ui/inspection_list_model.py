"""The inspections list as a Qt table model over `list_inspections` pages.

The model knows only the row count (`count_inspections`, over an index) and fetches the rows
a view asks for one page at a time, keeping a few pages: so 100,000 inspections open as fast
as 100, and the cost follows the rows on the screen. Clicking a header sorts in the query.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.clock import format_beijing
from app.store.inspection_counts import count_inspections
from app.store.inspection_query import InspectionFilter, InspectionSort
from app.store.review import review_states
from app.ui.inspection_filter_bar import FilterChoice

if TYPE_CHECKING:
    import sqlite_utils

# A page is about a screenful and a half (a 1080-pixel screen shows ~35 rows): the first paint
# waits for one page, and reading a page costs per row (its site and checklist are joined).
PAGE_SIZE = 50
CACHED_PAGES = 16  # 800 rows kept while scrolling
STATUS_COLOURS = {"draft": "#1565c0", "superseded": "#888888", "returned": "#b3261e"}
FINDINGS_COLOUR = "#c62828"

Index = QModelIndex | QPersistentModelIndex

# Column → the store's sort key (docs/data-model.md: each is served by an index); the site
# column has none (sorting 100,000 rows by a joined name would cost the table, not the page).
COLUMN_SORT_KEYS: tuple[str | None, ...] = (
    "started_at", None, "district_code", "form_id", "status", "finding_count",
    "inspector_name", "completed_at")
COLUMN_COUNT = len(COLUMN_SORT_KEYS)

# The roles the list answers, each with its slot in a row's cached values (`_Page.shown`); the
# view asks for seven roles per cell on every paint, the others are answered None at once.
_ROLE_SLOTS: dict[int, int] = {
    Qt.ItemDataRole.DisplayRole: 0,
    Qt.ItemDataRole.ToolTipRole: 1,
    Qt.ItemDataRole.ForegroundRole: 2,
    Qt.ItemDataRole.TextAlignmentRole: 3,
}
_ALIGNMENTS = tuple(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if column == 5 else None for column in range(COLUMN_COUNT))

Shown = tuple[tuple[Any, ...], ...]  # per role slot, the value of each column


class _Page:
    """One page of rows from the store, and what each row shows, worked out on first need."""

    __slots__ = ("rows", "shown")

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows
        self.shown: list[Shown | None] = [None] * len(rows)


class InspectionListModel(QAbstractTableModel):
    """Rows of the inspections list; `inspection_id(row)` for opening one."""

    DEFAULT_SORT_COLUMN = 0
    COLUMN_WIDTHS = (140, 300, 70, 250, 150, 60, 90, 140)  # status: 已完成 · 待审核

    def __init__(self, db: sqlite_utils.Database, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self._choice = FilterChoice()
        self._sort_key = str(COLUMN_SORT_KEYS[self.DEFAULT_SORT_COLUMN])
        self._descending = True
        self._count = 0
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._reviews: dict[str, str] = {}  # completed rows' review state, per fetched page
        self.pages_fetched = 0  # for the benchmark and the tests: work done so far
        self._headers = (self.tr("Started"), self.tr("Site"), self.tr("District"),
                         self.tr("Checklist"), self.tr("Status"), self.tr("Findings"),
                         self.tr("Inspector"), self.tr("Completed"))
        self._status_text = {"draft": self.tr("Draft"), "completed": self.tr("Completed"),
                             "superseded": self.tr("Superseded")}
        self._review_text = {"pending": self.tr("to review"), "approved": self.tr("approved"),
                             "returned": self.tr("returned")}
        self._status_brushes = {status: QBrush(QColor(colour))
                                for status, colour in STATUS_COLOURS.items()}
        self._findings_brush = QBrush(QColor(FINDINGS_COLOUR))
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


        c = self._choice
        return InspectionFilter(
            status=c.status or None,  # type: ignore[arg-type]
            form_id=c.form_id or None,
            district_code=c.district_code or None,
            date_from=date.fromisoformat(c.date_from) if c.date_from else None,
            date_to=date.fromisoformat(c.date_to) if c.date_to else None,
            site_text=c.site_text or None,
            inspector_name=c.inspector or None,
        )

    def refresh(self) -> None:
        """Count again and forget the cached pages (after edits or new filters)."""
        self.beginResetModel()
        self._pages.clear()
        self._reviews.clear()
        self._recount()
        self.endResetModel()

    def _recount(self) -> None:
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
        self._reviews.clear()
        self.endResetModel()

    def sort_spec(self) -> Any:
        """The store's InspectionSort."""

        return InspectionSort(self._sort_key, self._descending)

    # ---- paging -------------------------------------------------------------------------

    def _page_of(self, row: int) -> tuple[_Page, int]:
        """The cached page holding `row` (fetched if needed) and the row's place in it."""
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            from app.store.inspection_list import list_inspections

            rows = list(list_inspections(self.db, self.filter(), self.sort_spec(),
                                         page_no * PAGE_SIZE, PAGE_SIZE))
            page = _Page(rows)
            # The completed rows' review states (app.store.review), one query per page.
            self._reviews.update(review_states(
                self.db, [r.id for r in rows if r.status == "completed"]))
            self.pages_fetched += 1
            self._pages[page_no] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page, row - page_no * PAGE_SIZE

    def _row(self, row: int) -> Any:
        page, offset = self._page_of(row)
        return page.rows[offset] if offset < len(page.rows) else None

    def _shown(self, row: int) -> Shown | None:
        """What the row shows in each role, worked out once per fetched page."""
        page, offset = self._page_of(row)
        if offset >= len(page.rows):
            return None
        shown = page.shown[offset]
        if shown is None:
            shown = page.shown[offset] = self._work_out(page.rows[offset])
        return shown

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
        slot = _ROLE_SLOTS.get(role)
        if slot is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self._count and 0 <= column < COLUMN_COUNT) or not index.isValid():
            return None
        shown = self._shown(row)
        return shown[slot][column] if shown is not None else None

    def _work_out(self, record: Any) -> Shown:
        """A row's values by role slot (see _ROLE_SLOTS): display, tooltip, colour, alignment;
        a completed row's status carries its review state (issue 12.8)."""
        display = tuple(self._display(record, column) for column in range(COLUMN_COUNT))
        review = self._reviews.get(record.id)
        if review is not None:
            display = (*display[:4], f"{display[4]} · {self._review_text[review]}", *display[5:])
        tooltip = (*display[:1], f"{display[1]}\n{record.site_address}", *display[2:])
        foreground: list[Any] = [None] * COLUMN_COUNT
        foreground[4] = self._status_brushes.get("returned" if review == "returned"
                                                 else record.status)
        if record.finding_count:
            foreground[5] = self._findings_brush
        return display, tooltip, tuple(foreground), _ALIGNMENTS

    def _display(self, record: Any, column: int) -> Any:
        if column == 0:
            return _local_time(record.started_at)
        if column == 1:
            return record.site_name or record.site_address
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

    return format_beijing(stamp)
