"""The app's annotation store: opened once, off the UI thread; every save in a worker, in order.

Opening 100,000 annotations takes most of a second, so the store opens in a
worker once the library is on screen; :attr:`Notes.ready` is set when it is open (or
failed to open) and the app tells its screens with :class:`NotesReady`.

A change (:class:`Change`) is applied to the screen's copy at once and queued
here; one worker at a time drains the queue in order, so an update never
overtakes the add it follows. A change the store refused (a full disk, a
read-only folder) stays in :attr:`Notes.unsaved` and is tried again before the
next one; the screens keep showing it meanwhile (:meth:`Notes.merged`). The
app says "saved" only when the store call has returned, which is when the
change is durable.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from reader.core import notes as article_notes
from reader.core.store import Annotation, AnnotationStore, StoreError

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class Change:
    """Save ``ann`` as it is now (``put``) or remove it (``delete``)."""

    kind: str  # "put" | "delete"
    ann: Annotation


class NotesReady(Message):
    """The store is open (``problem`` is None) or could not be opened."""

    def __init__(self, problem: str | None) -> None:
        super().__init__()
        self.problem = problem


class NotesSaved(Message):
    """A queued change was written (``error`` is None) or refused; ``article`` names its article."""

    def __init__(self, article: str, error: str | None) -> None:
        super().__init__()
        self.article = article
        self.error = error


def fingerprint(anns: Iterable[Annotation]) -> frozenset[tuple[str, str, int, int, bool]]:
    """What must match for two lists of an article's annotations to paint the same."""
    return frozenset((a.id, a.updated, a.start, a.end, a.orphan) for a in anns)


class Notes:
    """Holds the one :class:`AnnotationStore` of an app, its save queue and the changes not yet saved."""

    def __init__(self, app: App[Any], path: Path) -> None:
        self.app = app
        self.path = path
        self.store: AnnotationStore | None = None
        self.problem: str | None = None
        self.ready = threading.Event()
        self.opening = False  # open() was called
        self.generation = 0  # counts queued changes: a poll started before one is stale
        self.in_flight = 0
        self._queue: deque[Change] = deque()
        self._draining = threading.Lock()  # one worker writes at a time, in queue order
        self._lock = threading.Lock()  # guards _unsaved, which the UI thread reads
        self._unsaved: dict[str, Change] = {}

    # -- opening -----------------------------------------------------------------

    def open(self, done: Callable[[], None]) -> None:
        """Open the store in a worker (once); ``done`` runs on the UI thread afterwards."""
        self.opening = True

        def work() -> None:
            try:
                self.store = AnnotationStore.open(self.path)
            except StoreError as exc:
                self.problem = str(exc)
            finally:
                self.ready.set()
            self.app.call_from_thread(done)

        self.app.run_worker(work, thread=True, group="notes-open", name="open notes")

    def wait(self, timeout: float = 30.0) -> AnnotationStore | None:
        """The store, once open (call from a worker thread, never the UI thread)."""
        self.ready.wait(timeout)
        return self.store

    def close(self, timeout: float = 5.0) -> None:
        """Let a save under way finish (it is durable once written), then release the file."""
        if self._draining.acquire(timeout=timeout):
            self._draining.release()
        if self.store is not None:
            self.store.close()

    # -- saving ------------------------------------------------------------------

    def save(self, change: Change) -> None:
        """Queue ``change``; a :class:`NotesSaved` message to every screen says how it went."""
        self.generation += 1
        self.in_flight += 1
        self._queue.append(change)
        self.app.run_worker(self._drain, thread=True, group="notes-save", name="save notes")

    def _drain(self) -> None:
        with self._draining:
            while self._queue:
                change = self._queue.popleft()
                with self._lock:
                    self._unsaved.pop(change.ann.id, None)
                    self._unsaved[change.ann.id] = (
                        change  # the newest change of an annotation replaces older ones
                    )
                error = self._write_unsaved()
                self.app.call_from_thread(self._done, change, error)

    def _write_unsaved(self) -> str | None:
        """Try every change not saved yet, oldest first; the first refusal's message, if any."""
        store = self.wait()
        if store is None:
            return self.problem or "The notes could not be opened"
        with self._lock:
            waiting = list(self._unsaved.values())
        for change in waiting:
            try:
                apply(store, change)
            except StoreError as exc:
                return str(exc)
            with self._lock:
                del self._unsaved[change.ann.id]
        return None

    def _done(self, change: Change, error: str | None) -> None:
        self.in_flight -= 1
        if error is not None:
            self.app.notify(
                f"{error} (kept in memory; tried again at the next change)", severity="error", timeout=10
            )
        for screen in self.app.screen_stack:
            screen.post_message(NotesSaved(change.ann.article, error))

    def merged(self, anns: Iterable[Annotation], article: str) -> list[Annotation]:
        """``anns`` (from the store) with the article's unsaved changes applied over them."""
        by_id = {a.id: a for a in anns}
        with self._lock:
            unsaved = [c for c in self._unsaved.values() if c.ann.article == article]
        for change in unsaved:
            if change.kind == "delete":
                by_id.pop(change.ann.id, None)
            else:
                by_id[change.ann.id] = change.ann
        return list(by_id.values())

    # -- questions from the library ------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Highlights per article id (empty until the store is open)."""
        return self.store.counts_by_article() if self.store is not None else {}


def apply(store: AnnotationStore, change: Change) -> None:
    """Write one change: a put adds the annotation or updates every field of the stored one."""
    if change.kind == "delete":
        article_notes.delete(store, change.ann)
    else:
        article_notes.save(store, change.ann)
