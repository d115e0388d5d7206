"""The app's word store: opened once, off the UI thread; every change in a worker, in order.

The reader changes its own copy of a word's status at once and paints it;
the store is written here, one change at a time in the order made (an undo
never overtakes the mark it takes back). When a change is written, or one
made by another copy of the app is picked up, every screen hears which words
changed (:class:`VocabChanged`) and looks only those up again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from reader.core.storage import StoreError
from reader.core.vocab.record import Mark, Status
from reader.core.vocab.store import VocabStore
from reader.ui.background import Serial

if TYPE_CHECKING:
    from textual.app import App


class VocabReady(Message):
    """The word store is open (``problem`` is None) or could not be opened."""

    def __init__(self, problem: str | None) -> None:
        super().__init__()
        self.problem = problem


class VocabChanged(Message):
    """The statuses of ``words`` (Simplified; None: any word) may have changed."""

    def __init__(self, words: frozenset[str] | None) -> None:
        super().__init__()
        self.words = words


class Vocab:
    """Holds the one :class:`VocabStore` of an app and writes to it in the background."""

    def __init__(self, app: App[Any], path: Path) -> None:
        self.app = app
        self.path = path
        self.store: VocabStore | None = None
        self.problem: str | None = None
        self.ready = threading.Event()
        self.opening = False
        self._jobs = Serial(app, "vocab", self._failed)

    def open(self, done: Callable[[], None] | None = None) -> None:
        """Open the store in a worker (once); the screens get :class:`VocabReady`."""
        if self.opening:
            return
        self.opening = True

        def work() -> None:
            try:
                store = VocabStore(self.path)
            except (StoreError, OSError) as exc:
                self.problem = str(exc)
            else:
                store.add_listener(self._heard)
                self.store = store
            finally:
                self.ready.set()
            self.app.call_from_thread(self._opened, done)

        self.app.run_worker(work, thread=True, group="vocab-open", name="open words")

    def _opened(self, done: Callable[[], None] | None) -> None:
        if self.store is not None:
            for notice in self.store.take_notices():
                self.app.notify(notice, severity="warning", timeout=30)
        elif self.problem:
            self.app.notify(f"Word statuses are unavailable: {self.problem}", severity="error", timeout=15)
        self._tell_screens(lambda: VocabReady(self.problem))
        if done is not None:
            done()

    def _heard(self, words: set[str] | None) -> None:
        """A listener of the store: called in whichever thread changed it."""
        changed = frozenset(words) if words is not None else None
        if threading.current_thread() is threading.main_thread():
            self._tell_screens(lambda: VocabChanged(changed))
        elif self.app.is_running:
            self.app.call_from_thread(self._tell_screens, lambda: VocabChanged(changed))

    def _tell_screens(self, message: Callable[[], Message]) -> None:
        """A new message to every screen (a message is delivered once)."""
        for screen in self.app.screen_stack:
            screen.post_message(message())

    def _failed(self, exc: Exception) -> None:
        self.app.notify(f"Word statuses not saved: {exc}", severity="error", timeout=10)
        self._tell_screens(lambda: VocabChanged(None))  # show the store's statuses again

    # -- changes, in order, off the UI thread ---------------------------------------------

    def run(
        self,
        job: Callable[[VocabStore], Any],
        done: Callable[[Any], None] | None = None,
        *,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``job(store)`` in the background once the store is open; ``done(result)`` (or
        ``failed(exception)``) on the UI thread."""

        def work() -> object:
            self.ready.wait(30)
            if self.store is None:
                raise StoreError(self.problem or "the word store is not open")
            return job(self.store)

        self._jobs.run(work, done, failed=failed)

    def mark(self, marks: Iterable[Mark], status: Status, *, only_new: bool = False) -> None:
        marks = list(marks)
        self.run(lambda store: store.mark_many(marks, status, only_new=only_new))

    def undo(self, done: Callable[[int], None]) -> None:
        self.run(lambda store: store.undo(), done)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every queued change is written (from a thread other than the UI's)."""
        return self._jobs.wait(timeout)

    def close(self) -> None:
        self._jobs.wait()
        if self.store is not None:
            self.store.close()
