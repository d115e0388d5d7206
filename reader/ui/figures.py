"""The library's difficulty figures in the app: shown at once, built and completed in the background.

At start-up the figures the last session saved are shown with the library's
first rows; a worker then builds the index from the counted words in the
cache, and counts (prepares) the articles it lacks, a few at a time, each
shown as it is done. A status change updates the articles that hold the word
and the screens hear :class:`FiguresChanged`. Nothing here touches the UI
thread but the messages.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from reader.core.library import Library
from reader.core.paths import HomeError, Locations
from reader.core.vocab.difficulty import Difficulty
from reader.core.vocab.library_index import LibraryDifficulty, prepare_article
from reader.ui.vocab import Vocab

if TYPE_CHECKING:
    from textual.app import App

BATCH = 25  # articles counted between two repaints of the library


class FiguresChanged(Message):
    """Articles' figures changed (a status, a newly counted article, the index built)."""


class Figures:
    """Every article's known share, new words and HSK level, for the library screen."""

    def __init__(
        self, app: App[Any], locations: Locations, library: Library, vocab: Vocab, *, count: bool = True
    ) -> None:
        self.app = app
        self.locations = locations
        self.count = count  # prepare the articles not counted yet (not in an app that loads nothing)
        self.library = library
        self.vocab = vocab
        self.index: LibraryDifficulty | None = None
        self._saved: dict[str, Difficulty] = {}
        self._started = False
        self._stop = threading.Event()
        self.counting = 0  # articles still to count
        self._pending: list[str] | None = None  # the library read again before the first build ended
        self._queued: set[str] = set()  # articles given to a worker to count

    def summary(self, article_id: str) -> Difficulty | None:
        """An article's figures: the index's once it holds the article, else the last session's."""
        index = self.index
        if index is not None:
            found = index.index.summary(article_id)
            if found is not None:
                return found
        return self._saved.get(article_id)

    def summaries(self) -> dict[str, Difficulty]:
        """Every article's figures (for sorting)."""
        index = self.index
        now = index.summaries() if index is not None else {}
        return {**self._saved, **now} if len(now) < len(self._saved) else now

    def start(self, article_ids: list[str]) -> None:
        """Load the saved figures, build the index and count what is missing (once, in a worker)."""
        if self._started:
            return
        self._started = True
        self.app.run_worker(
            lambda: self._work(article_ids), thread=True, group="figures", name="library figures"
        )

    def stop(self) -> None:
        self._stop.set()

    def _tell(self) -> None:
        if self.app.is_running:
            self.app.call_from_thread(self._tell_screens)

    def _tell_screens(self) -> None:
        for screen in self.app.screen_stack:
            screen.post_message(FiguresChanged())

    def _work(self, article_ids: list[str]) -> None:
        self.vocab.ready.wait(60)
        store = self.vocab.store
        if store is None:
            return
        index = LibraryDifficulty(self._folder(), store.status_of, store.hsk_standard)
        self._saved = index.saved()
        self.index = index  # its figures replace the saved ones article by article
        self._tell()
        store.add_listener(self._changed)
        corrections = store.corrections_digest()
        missing = index.build(article_ids, corrections, self._stop.is_set)
        self._tell()
        self._count(index, missing if self.count else [], corrections)
        index.save()
        pending, self._pending = self._pending, None
        if pending is not None:
            self.app.call_from_thread(self.update, pending)

    def _count(self, index: LibraryDifficulty, missing: list[str], corrections: str) -> None:
        """Prepare and count ``missing`` articles one by one, the library told every few."""
        self.counting += len(missing)
        for n, article_id in enumerate(missing, 1):
            if self._stop.is_set():
                break
            try:
                prepared = prepare_article(self.library, article_id)
                index.add_prepared(article_id, prepared, corrections)
            except Exception as exc:  # an article that cannot be prepared has no figures
                self.app.log.warning(f"no figures for {article_id}: {exc}")
            self.counting -= 1
            if n % BATCH == 0 or n == len(missing):
                self._tell()

    def update(self, article_ids: list[str]) -> None:
        """The library was read again: count the articles new to it and forget those removed (the
        articles read at start-up are the first build's; this keeps up with adds and removals)."""
        index, store = self.index, self.vocab.store
        if index is None or not index.built or store is None:
            if self._started:
                self._pending = article_ids  # taken up once the first build is done
            return
        current = set(article_ids)
        for gone in index.articles() - current:
            index.remove(gone)
        new = [a for a in article_ids if a not in index.articles() and a not in self._queued]
        if not new or not self.count:
            return
        self._queued.update(new)

        def work() -> None:
            self._count(index, new, store.corrections_digest())
            index.save()

        self.app.run_worker(work, thread=True, group="figures-update", name="count new articles")

    def standard_changed(self) -> None:
        """The HSK lists changed: build the index again with them (from the counted words in the cache)."""
        index, store = self.index, self.vocab.store
        if index is None or not index.built or store is None:
            return  # the first build reads the store's standard when it starts

        def work() -> None:
            fresh = LibraryDifficulty(index.folder, store.status_of, store.hsk_standard)
            fresh.build(sorted(index.articles()), store.corrections_digest(), self._stop.is_set)
            self.index = fresh
            self._saved = {}
            self._tell()
            fresh.save()

        self.app.run_worker(work, thread=True, exclusive=True, group="figures-standard", name="figures again")

    def _folder(self) -> Path:
        """The cache folder, or (a read-only home) a private temporary one that goes when the app ends."""
        try:
            return self.locations.cache
        except HomeError:
            import atexit
            import shutil
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="reader-figures-"))
            atexit.register(shutil.rmtree, folder, True)
            return folder

    def _changed(self, words: set[str] | None) -> None:
        index = self.index
        if index is not None and index.changed(words):
            self._tell()

    def save(self) -> None:
        """Keep the figures for the next start (from a worker or when quitting)."""
        if self.index is not None and self.index.built:
            self.index.save()
