"""The one way the window changes data (in the spirit of Anki's `CollectionOp`).

Every change is a call of a Qt-free service function (app.store, app.media, later app.sync and
app.ledger) run off the GUI thread by one writer, in the order asked, with success and failure
callbacks on the GUI thread; after a success the hub announces once what changed (`Changes`),
and every view that shows those kinds of data refreshes itself from that one notice:

    Operation(hub, lambda db: set_answers(db, inspection_id, {item: value}, actor),
              Changes(inspections=True, inspection_ids={inspection_id}), parent=self) \\
        .success(self.on_saved).failure(self.on_not_saved).run()

The writer keeps one SQLite connection on its own thread (opened on first use): writes queue
behind each other instead of fighting for the lock, and a burst of answers is saved in the
order it was typed. Reads stay where they are (WAL lets the window read while it writes).
A failure reaches `failure` as the program's own error (app.core.errors.AppError; SQLite's
locked / full / read-only / damaged mapped by app.ui.tasks.error_for_user) in the user's
language; nothing is announced for a failed operation.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from app.store.db import open_database
from app.ui.tasks import current_lang, error_for_user

if TYPE_CHECKING:
    import sqlite_utils

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so each view knows whether to refresh."""

    inspections: bool = False
    sites: bool = False
    photos: bool = False
    profile: bool = False
    checklists: bool = False
    inspection_ids: frozenset[str] = field(default_factory=frozenset)
    site_ids: frozenset[str] = field(default_factory=frozenset)
    source: object | None = None  # who asked (a view may skip redrawing its own change)

    @staticmethod
    def of_inspections(*ids: str, photos: bool = False, source: object | None = None) -> Changes:
        return Changes(inspections=True, photos=photos, inspection_ids=frozenset(ids),
                       source=source)

    def touches_inspection(self, inspection_id: str) -> bool:
        return self.inspections and (not self.inspection_ids
                                     or inspection_id in self.inspection_ids)

    def merged(self, other: Changes) -> Changes:
        return Changes(
            inspections=self.inspections or other.inspections, sites=self.sites or other.sites,
            photos=self.photos or other.photos, profile=self.profile or other.profile,
            checklists=self.checklists or other.checklists,
            inspection_ids=self.inspection_ids | other.inspection_ids,
            site_ids=self.site_ids | other.site_ids, source=self.source or other.source)


class _WriterConnection(threading.local):
    """The writer thread's one connection per database file."""

    def __init__(self) -> None:
        self.by_path: dict[Path, sqlite_utils.Database] = {}


class _Delivery(QObject):
    """Carries an operation's outcome from the writer thread to the GUI thread (queued)."""

    succeeded = Signal(object)
    failed = Signal(object)
    done = Signal()


class _Job:
    def __init__(self, hub: DataHub, job: Callable[[sqlite_utils.Database], Any],
                 delivery: _Delivery, lang: str) -> None:
        self._hub = hub
        self._job = job
        self._delivery = delivery
        self._lang = lang

    def run(self) -> None:
        try:
            try:
                result = self._job(self._hub._connection())
            except Exception as exc:  # delivered to the GUI thread, never swallowed
                if isinstance(exc, sqlite3.DatabaseError):
                    self._hub._forget_connection()  # a damaged or vanished file: reopen next time
                self._delivery.failed.emit(error_for_user(exc, self._hub.db_path, self._lang))
            else:
                self._delivery.succeeded.emit(result)
            self._delivery.done.emit()
        except RuntimeError:  # the program is quitting and the receiver is gone
            pass


class DataHub(QObject):
    """One per window: runs its operations on one writer and says what changed."""

    changed = Signal(object)  # Changes, after every successful operation
    busy_changed = Signal(bool)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        # One writer thread, kept for the hub's life (and so its connection): operations run
        # one after another in the order asked. (A QThreadPool of one does not promise the
        # same thread for each job.)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")
        self._local = _WriterConnection()
        self._pending = 0
        self._shut = False
        self._operations: set[Operation[Any]] = set()

    @property
    def busy(self) -> bool:
        """An operation is queued or running."""
        return self._pending > 0

    def notify(self, changes: Changes) -> None:
        """Announce a change made outside an operation (e.g. a background import's commit)."""
        self.changed.emit(changes)

    def wait_until_idle(self, timeout_ms: int = 30000) -> bool:
        """Block until every queued operation ran (closing the window, tests); True if so.

        Their callbacks come later, through the event loop."""
        if self._shut:
            return True
        try:
            self._pool.submit(lambda: None).result(timeout=timeout_ms / 1000)
        except TimeoutError:
            return False
        return True

    def close(self) -> None:
        """Finish the queue and close the writer's connection (on its own thread); the next
        operation opens it again."""
        if not self._shut:
            self._pool.submit(self._forget_connection).result()

    def shutdown(self) -> None:
        """The window is closing: finish the queue, close the connection, end the thread.
        Operations asked for after this are not run (there is no window to report to)."""
        if self._shut:
            return
        self.close()
        self._shut = True
        self._pool.shutdown(wait=True)

    # -- on the writer thread --
    def _connection(self) -> sqlite_utils.Database:
        db = self._local.by_path.get(self.db_path)
        if db is None:
            db = open_database(self.db_path)
            self._local.by_path[self.db_path] = db
        return db

    def _forget_connection(self) -> None:
        db = self._local.by_path.pop(self.db_path, None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.conn.close()

    # -- on the GUI thread --
    def _start(self, operation: Operation[Any]) -> None:
        if self._shut:
            return
        self._operations.add(operation)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.submit(_Job(self, operation._job, operation._delivery, current_lang()).run)

    def _finished(self, operation: Operation[Any]) -> None:
        self._operations.discard(operation)
        operation._release()
        self._pending -= 1
        if self._pending == 0:
            with contextlib.suppress(RuntimeError):  # the window went while it ran
                self.busy_changed.emit(False)


class Operation(Generic[T]):
    """One change: a service call for the writer, then callbacks and the notice."""

    def __init__(self, hub: DataHub, job: Callable[[sqlite_utils.Database], T],
                 changes: Changes | Callable[[T], Changes] | None,
                 parent: QObject | None = None) -> None:
        self._hub = hub
        self._job = job
        self._changes = changes
        self._on_success: list[Callable[[T], None]] = []
        self._on_failure: list[Callable[[BaseException], None]] = []
        self._parent = parent
        self._delivery = _Delivery()  # made on the GUI thread: its slots run there
        self._delivery.succeeded.connect(self._succeeded)
        self._delivery.failed.connect(self._failed)
        self._delivery.done.connect(lambda: hub._finished(self))

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        self._on_failure.append(callback)
        return self

    def run(self) -> Operation[T]:
        """Queue it on the hub's writer; returns at once."""
        self._hub._start(self)
        return self

    def _release(self) -> None:
        """Done: drop the callbacks, so a closed window is not kept alive by them."""
        self._on_success.clear()
        self._on_failure.clear()
        self._parent = None
        self._changes = None

    def _alive(self) -> bool:
        """The widget that asked still exists (a closed tab's callbacks are dropped)."""
        if self._parent is None:
            return True
        try:
            self._parent.objectName()
        except RuntimeError:
            return False
        return True

    def _succeeded(self, result: T) -> None:
        if self._alive():
            for callback in self._on_success:
                callback(result)
        changes = self._changes(result) if callable(self._changes) else self._changes
        if changes is not None:
            with contextlib.suppress(RuntimeError):  # the window went while it ran
                self._hub.changed.emit(changes)

    def _failed(self, error: BaseException) -> None:
        if not self._alive():
            return
        if not self._on_failure:
            raise error  # nobody asked to hear it: a bug, let the excepthook show it
        for callback in self._on_failure:
            callback(error)


def run_op(hub: DataHub, job: Callable[[sqlite_utils.Database], T],
           changes: Changes | Callable[[T], Changes] | None, *, parent: QObject | None,
           on_success: Callable[[T], None] | None = None,
           on_failure: Callable[[BaseException], None] | None = None) -> Operation[T]:
    """Shorthand: build, attach the callbacks given, run."""
    operation = Operation(hub, job, changes, parent)
    if on_success is not None:
        operation.success(on_success)
    if on_failure is not None:
        operation.failure(on_failure)
    return operation.run()


def ids(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def hub_for(widget: QObject, db_path: Path | None) -> DataHub:
    """The hub of the window a widget sits in (the nearest object with a `data_hub`); a widget
    shown on its own (a test, a dialog without a window) gets one of its own for `db_path`."""
    current: QObject | None = widget
    while current is not None:
        hub = current.__dict__.get("data_hub") if hasattr(current, "__dict__") else None
        if isinstance(hub, DataHub):
            return hub
        current = current.parent()
    if db_path is None:
        raise RuntimeError(f"{type(widget).__name__} has no window hub and no database path")
    own = DataHub(db_path, widget)
    widget.__dict__["data_hub"] = own
    return own


def user_message(error: BaseException, lang: str | None = None) -> str:
    """What to show for a failed operation: our own errors in the window's language only."""
    text = getattr(error, "text", None)
    if text is not None and hasattr(text, "get"):
        return str(text.get(lang or current_lang()))
    return str(error)
