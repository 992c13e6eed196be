"""The review tab of the main window: there for a team lead or an office (profile role `lead`
or `office`), gone for a field inspector; follows a role changed in Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QObject

from app.store.review import can_review
from app.ui.review.review_page import ReviewPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget, QWidget

    from app.store.profile import Profile
    from app.ui.operations import DataHub


class ReviewHost(Protocol):
    """What the review tab needs of the main window (app.ui.main_window's MainWindow). Named
    here, not imported: the window imports this module."""

    db: Any
    lang: str
    profile: Profile | None
    data_hub: DataHub
    tabs: QTabWidget
    def open_inspection(self, inspection_id: str, /) -> Any: ...
    def actor(self) -> str: ...


class WindowReview(QObject):
    """Adds and removes the 审核 tab after the window's fixed tabs."""

    def __init__(self, window: ReviewHost, index: int) -> None:
        super().__init__(cast(QObject, window))
        self.window = window
        self.index = index
        self.page: ReviewPage | None = None
        self.update_role()

    def owns(self, widget: QWidget | None) -> bool:
        return widget is not None and widget is self.page

    def update_role(self) -> None:
        """Show the tab for a lead or an office, hide it otherwise."""
        w = self.window
        wanted = can_review(w.profile.role if w.profile is not None else None)
        if wanted and self.page is None:
            self.page = ReviewPage(w.db, w.lang, w.data_hub, w.open_inspection, w.actor, w.tabs)
            index = w.tabs.insertTab(self.index, self.page, self.tr("Review"))
            w.tabs.tabBar().setTabButton(index, w.tabs.tabBar().ButtonPosition.RightSide, None)
        elif not wanted and self.page is not None:
            w.tabs.removeTab(w.tabs.indexOf(self.page))
            self.page.deleteLater()
            self.page = None
