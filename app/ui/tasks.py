"""The one way to run background work: a callable in the thread pool, results back by signals.

The job gets a `TaskContext`: it reports progress, checks for cancellation and opens its own
SQLite connection (connections stay on the thread that made them). Result, error and progress
arrive on the GUI thread through queued signals, so slots may touch widgets.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QRunnable, QThreadPool, Signal

from app.store.db import open_database
from app.store.sqlite_errors import DatabaseError, describe


class TaskCancelled(Exception):
    """Raised inside a job by `TaskContext.check_cancelled` after `TaskHandle.cancel()`."""


class TaskContext:
    """What a running job may use: progress, cancellation, its own database connection."""

    def __init__(self, signals: _TaskSignals, db_path: Path | None, lang: str = "zh") -> None:
        self._signals = signals
        self._db_path = db_path
        self._cancel = threading.Event()
        self.lang = lang  # the window's language when the job started, for its error text

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        """Stop the job here if the user cancelled it."""
        if self._cancel.is_set():
            raise TaskCancelled()

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report progress; shown on the GUI thread."""
        self._signals.progress.emit(done, total, message)

    def open_database(self) -> Any:
        """A connection for this job's thread only, closed by the caller (or at exit)."""
        if self._db_path is None:
            raise RuntimeError("this task was started without a database path")

        return open_database(self._db_path)


class _TaskSignals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception; .traceback_text carries the trace
    cancelled = Signal()
    done = Signal()


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[TaskContext], Any], context: TaskContext,
                 signals: _TaskSignals) -> None:
        super().__init__()
        self._job = job
        self._context = context
        self._signals = signals

    def run(self) -> None:
        # If the program is quitting, the signal object may be gone: nobody left to tell.
        with contextlib.suppress(RuntimeError):
            self._run()

    def _run(self) -> None:
        try:
            result = self._job(self._context)
        except TaskCancelled:
            self._signals.cancelled.emit()
        except Exception as exc:  # delivered to the GUI thread, never swallowed
            shown = error_for_user(exc, self._context._db_path, self._context.lang)
            shown.traceback_text = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(shown)
        else:
            if self._context.cancelled:
                self._signals.cancelled.emit()
            else:
                self._signals.succeeded.emit(result)
        self._signals.done.emit()


def error_for_user(exc: Exception, db_path: Path | None, lang: str) -> Exception:
    """What a failed job hands the window: a raw SQLite error becomes its mapped message.

    Every on_error slot shows `str(error)`: for database errors that string is set to the
    user's language alone (locked, disk full, read-only, damaged), the class is kept so slots
    can still tell kinds apart.
    """
    if isinstance(exc, sqlite3.Error) and not isinstance(exc, DatabaseError):
        mapped = describe(exc, db_path or Path("?"))
        mapped.__cause__ = exc
        exc = mapped
    if isinstance(exc, DatabaseError):
        exc.args = (exc.text.get(lang),)
    return exc


def current_lang() -> str:
    """"en" or "zh": the window's language (install_translations sets the default locale)."""
    return "en" if QLocale().name().startswith("en") else "zh"


# Handles of running tasks, so their signal objects live until the job has reported back.
_RUNNING: set[TaskHandle] = set()


class TaskHandle:
    """A started job: connect to its signals, or cancel it."""

    def __init__(self, signals: _TaskSignals, context: TaskContext) -> None:
        self.signals = signals
        self._context = context
        self.finished = False
        signals.done.connect(self._on_done)

    def cancel(self) -> None:
        """Ask the job to stop at its next `check_cancelled`."""
        self._context._cancel.set()

    def _on_done(self) -> None:
        self.finished = True
        _RUNNING.discard(self)


def run_task(
    job: Callable[[TaskContext], Any],
    *,
    db_path: Path | None = None,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> TaskHandle:
    """Run `job(context)` in the thread pool; callbacks run on the GUI thread."""
    signals = _TaskSignals()  # created here, so it lives on the GUI thread: queued delivery
    context = TaskContext(signals, db_path, current_lang())
    handle = TaskHandle(signals, context)
    if on_result is not None:
        signals.succeeded.connect(on_result)
    if on_error is not None:
        signals.failed.connect(on_error)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    if on_cancelled is not None:
        signals.cancelled.connect(on_cancelled)
    _RUNNING.add(handle)
    (pool or QThreadPool.globalInstance()).start(_Runnable(job, context, signals))
    return handle
