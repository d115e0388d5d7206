"""Work off the UI thread, in order: the library's reads and writes, the settings file.

Every write to the library takes a lock shared with other processes and
syncs the file to disk; another process adding a large article can hold that
lock for half a second. None of it may stall the screen, so it runs here, one
job at a time in submission order (a reading position saved before the
library is read again is in what is read), and each result comes back on the
UI thread.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App

T = TypeVar("T")
Done = Callable[[Any], object]
Failed = Callable[[Exception], None]


class Serial:
    """Runs jobs one at a time, in the order given, in a worker thread."""

    def __init__(self, app: App[Any], name: str, failed: Failed) -> None:
        self.app = app
        self.name = name
        self._failed = failed  # how a job's exception reaches the user when the job names no handler
        self._queue: deque[tuple[Callable[[], Any], Done | None, Failed | None]] = deque()
        self._lock = threading.Lock()
        self._running = False
        self._idle = threading.Event()
        self._idle.set()

    def run(
        self, job: Callable[[], T], done: Callable[[T], object] | None = None, *, failed: Failed | None = None
    ) -> None:
        """Queue ``job``; ``done(result)`` (or ``failed(exception)``) then runs on the UI thread."""
        with self._lock:
            self._queue.append((job, done, failed))
            self._idle.clear()
            if self._running:
                return
            self._running = True
        self.app.run_worker(self._drain, thread=True, group=self.name, name=self.name)

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._running = False
                    self._idle.set()
                    return
                job, done, failed = self._queue.popleft()
            try:
                result = job()
            except Exception as exc:
                self._answer(failed or self._failed, exc)
                continue
            if done is not None:
                self._answer(done, result)

    def _answer(self, callback: Callable[[Any], object], value: object) -> None:
        if self.app.is_running:
            self.app.call_from_thread(callback, value)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every queued job has run (from a thread other than the UI's, e.g. when quitting)."""
        return self._idle.wait(timeout)
