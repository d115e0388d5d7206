"""Word statuses in the reader: what the keys do, the copy painted on screen, the saves.

What a key applies to: the words of the selection if there is one, otherwise
the word under the cursor. ``K`` marks it known, ``I`` ignored, ``L`` one
learning stage further (a new word starts at 1, a word at 4 stays there),
``0`` new again; ``M`` marks every word still new on the screen known
(Lute's "mark page known"), Ctrl+K those from the top of the screen to the
cursor; ``U`` takes back the last change, again and again.

The screen's copy (:class:`~reader.core.vocab.page.ArticleStatuses`)
changes and repaints at once; the store is written in the background
(:class:`~reader.ui.vocab.Vocab`), and when it has been, the words it names
are looked up again (which also brings in other copies' changes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reader.core.vocab.keys import simplified
from reader.core.vocab.page import ArticleStatuses, WordInfo
from reader.core.vocab.record import IGNORED, KNOWN, LEARNING, NEW, Status
from reader.core.vocab.store import VocabStore
from reader.ui.context import Context
from reader.ui.widgets.article import ArticleView

SAID = {KNOWN: "known", IGNORED: "ignored", NEW: "new again"}


class WordStatuses:
    """The open article's word statuses as the reader screen shows and changes them."""

    def __init__(
        self,
        screen: Screen[Any],
        context: Context,
        article_id: str,
        view: Callable[[], ArticleView | None],
        changed: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.context = context
        self.article_id = article_id
        self._view = view
        self._changed = changed  # repaint the status line
        self.statuses: ArticleStatuses | None = None
        self.levels_ready = False  # HSK lists and frequency ranks loaded (in a worker)

    @property
    def store(self) -> VocabStore | None:
        return self.context.vocab.store

    def place(self) -> None:
        """Look up every word of the article (once its readings and the store are there, in a worker: a
        long article has tens of thousands of words) and paint them."""
        view, store = self._view(), self.store
        if view is None or store is None or view.readings is None or not view.readings.complete:
            return
        text, readings = view.document.text, view.readings

        def build() -> None:
            statuses = ArticleStatuses(text, readings, store.status_of, store.hsk_standard)
            self.screen.app.call_from_thread(self._placed, statuses, readings)

        self.screen.run_worker(
            build, thread=True, exclusive=True, group="word-statuses", name="word statuses"
        )

    def _placed(self, statuses: ArticleStatuses, readings: object) -> None:
        view = self._view()
        if view is None or view.readings is not readings:
            return  # the words were cut anew meanwhile: their own statuses follow
        self.statuses = statuses
        view.set_statuses(statuses)
        self._changed()
        if not self.levels_ready:
            self.screen.run_worker(self._load_levels, thread=True, group="levels", name="load word levels")

    def _load_levels(self) -> None:
        from reader.core.vocab.levels import frequency_rank, hsk_level

        store = self.store
        hsk_level("的", store.hsk_standard if store is not None else "2025")
        frequency_rank("的")
        self.screen.app.call_from_thread(self._levels_loaded)

    def _levels_loaded(self) -> None:
        self.levels_ready = True
        self._changed()

    def heard(self, words: frozenset[str] | None) -> None:
        """The store says these words changed (here or in another copy): look them up and repaint."""
        if self.statuses is None:
            self.place()
            return
        self.statuses.refresh(words)
        self._repaint()

    def _repaint(self) -> None:
        view = self._view()
        if view is not None:
            view.statuses_changed()
        self._changed()

    # -- what the status line says ------------------------------------------------------

    def info(self) -> WordInfo | None:
        """Status, HSK level and frequency rank of the word under the cursor (levels once loaded)."""
        view, store = self._view(), self.store
        if view is None or self.statuses is None or store is None:
            return None
        offset = view.word[0]
        if not self.levels_ready:
            status = self.statuses.status_at(offset)
            return WordInfo(status, None, None) if status is not None else None
        return self.statuses.info_at(offset, store.hsk_standard)

    # -- keys --------------------------------------------------------------------------

    def _target(self) -> tuple[int, int] | None:
        view = self._view()
        if view is None:
            return None
        return view.selection or view.word

    def _ready(self) -> bool:
        if self.statuses is not None:
            return True
        vocab = self.context.vocab
        why = vocab.problem or "Word statuses are still loading."
        self.screen.notify(why, severity="error" if vocab.problem else "information", timeout=3)
        return False

    def set(self, name: str) -> None:
        """Give the target's words the status ``name`` (known, ignored, new)."""
        target = self._target()
        if target is None or not self._ready():
            return
        status = Status(name)
        self._apply(target, lambda _old: status, SAID[name])

    def learning(self) -> None:
        """One learning stage further: new (or known) to 1, then 2, 3, 4."""
        target = self._target()
        if target is None or not self._ready():
            return

        def step(old: Status) -> Status:
            stage = old.stage + 1 if old.name == LEARNING else 1
            return Status(LEARNING, min(stage, 4))

        self._apply(target, step, "")

    def _apply(self, target: tuple[int, int], new: Callable[[Status], Status], said: str) -> None:
        statuses = self.statuses
        assert statuses is not None
        words = statuses.within(*target)
        if not words:
            self.screen.notify("No Chinese word here to mark.", timeout=2)
            return
        by_status: dict[Status, list[int]] = {}
        seen: set[tuple[str, str]] = set()
        for i in words:
            if statuses.keys[i] not in seen:
                seen.add(statuses.keys[i])
                by_status.setdefault(new(statuses.statuses[i]), []).append(i)
        for status, indexes in by_status.items():
            for i in indexes:
                statuses.show(statuses.keys[i][0], status)
            self.context.vocab.mark([statuses.mark(i, self.article_id) for i in indexes], status)
        self._repaint()
        if len(seen) > 1:
            label = said or "learning"
            self.screen.notify(f"{len(seen)} words {label}.", timeout=2)

    def page_known(self, *, to_cursor: bool = False) -> None:
        """Every word still new on the screen (or from its top to the cursor's word) becomes known: one
        change, which one undo takes back."""
        view = self._view()
        if view is None or not self._ready():
            return
        statuses = self.statuses
        assert statuses is not None
        start, end = view.shown_range()
        if to_cursor:
            end = min(end, view.word[1])
        marks = statuses.marks(start, end, self.article_id, only_new=True)
        if not marks:
            self.screen.notify("No new words on the screen.", timeout=2)
            return
        known = Status(KNOWN)
        for mark in marks:
            statuses.show(simplified(mark.word), known)
        self.context.vocab.mark(marks, known, only_new=True)
        self._repaint()
        self.screen.notify(f"{len(marks)} new words on the screen marked known (U takes it back).", timeout=3)

    def undo(self) -> None:
        """Take back the last change of a status (made in this app)."""
        if not self._ready():
            return

        def done(count: int) -> None:
            if not count:
                self.screen.notify("No change of a word's status to take back.", timeout=2)

        self.context.vocab.undo(done)
