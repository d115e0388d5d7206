"""Searching in the reader screen: the search box, the matches, n/N between them, Esc to end.

What is found is decided in :mod:`reader.core.search` (the displayed script,
the original, pinyin); the keys are declared with the reader screen's others.
A search is "on" from Enter in the box until Esc, found or not: while it is
on, ``n``/``N`` move between matches and Esc ends it (and does nothing else).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from textual import on
from textual.widgets import Input

from reader.core.prepare import Prepared
from reader.core.search import Searcher, syllables_of
from reader.ui.screens.annotating import AnnotatingScreen
from reader.ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class SearchingScreen(AnnotatingScreen):
    app: ReaderApp
    prepared: Prepared | None

    def __init__(self) -> None:
        super().__init__()
        self._search_query = ""  # the search in force (n/N move between its matches), "" when none
        self._searcher_: Searcher | None = None

    @property
    def searching(self) -> bool:
        return bool(self._search_query)

    def action_search(self) -> None:
        search = self.query_one("#search", SearchBox)
        search.value = self._search_query
        search.display = True  # a hidden widget cannot take focus: show it first
        # Now, not after the keys already typed: a fast "/fazhan" must not send "h" to the article.
        self.set_focus(search)

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        self._close_search()
        view = self.view
        if view is None or view.view is None:
            return
        self._search_query = event.value.strip()
        if not self._search_query:
            self.action_end_search()
            return
        matches = self._searcher().find_all(self._search_query, shown=view.view.conversion)
        view.set_matches(matches)
        self.refresh_bindings()  # n is "next match" while a search is on
        if not matches:
            self.notify(f"Not found: {self._search_query}", severity="warning", timeout=3)
            self._show_status()
            return
        i = bisect_left(matches, (view.cursor, 0))
        view.move_to(matches[i % len(matches)][0])

    def _searcher(self) -> Searcher:
        """The article's searcher, with the words' readings once they are there (for pinyin)."""
        prepared = self.prepared
        assert prepared is not None
        readings = prepared.readings
        if self._searcher_ is None or (self._searcher_.syllables is None and readings is not None):
            syllables = syllables_of(readings, len(prepared.text)) if readings is not None else None
            self._searcher_ = Searcher(prepared.text, syllables)
        return self._searcher_

    def _close_search(self) -> None:
        search = self.query_one("#search", SearchBox)
        search.display = False
        if self.view is not None:
            self.set_focus(self.view)  # at once: the next key is for the article

    def action_end_search(self) -> None:
        """Esc: the search box closes, the matches go; nothing else happens."""
        self._close_search()
        self._search_query = ""
        if self.view is not None:
            self.view.set_matches([])
        self.refresh_bindings()
        self._show_status()

    def action_match(self, step: int) -> None:
        view = self.view
        if view is None:
            return
        if not view.matches:
            self.notify(f"Not found: {self._search_query}", severity="warning", timeout=3)
            return
        m = view.matches
        if step > 0:
            i = bisect_right(m, (view.cursor, 1 << 30)) % len(m)
        else:
            i = (bisect_left(m, (view.cursor, 0)) - 1) % len(m)
        view.move_to(m[i][0])

