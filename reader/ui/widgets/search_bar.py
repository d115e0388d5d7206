"""Searching an article: the box, the search in force, and moving between its matches.

What is found is decided in :mod:`reader.core.search` (the displayed script,
the original, pinyin). A search is "on" from Enter in the box until Esc, found
or not: :attr:`SearchBar.searching` says which, and a change to it refreshes the
screen's keys (``n`` is "next match" while a search is on, and "note" when
none is).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Input

from reader.core.prepare import Prepared
from reader.core.search import Searcher, syllables_of
from reader.ui.safe import SafeInput
from reader.ui.widgets.article import ArticleView

PLACEHOLDER = "search: text in any script, or pinyin (xuéyuàn, xue2yuan4, xueyuan)"


class SearchBar(SafeInput):
    """The search box; it shows while a search is typed, and keeps the search in force after Enter."""

    BINDINGS = [Binding("escape", "close", "End search", id="search.end", show=False)]
    DEFAULT_CSS = "SearchBar { display: none; height: 3; }"

    # The search in force ("" when none is); set again by every search, found or not, so watchers hear it.
    searching: reactive[str] = reactive("", bindings=True, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
        self.view: ArticleView | None = None
        self._prepared: Prepared | None = None
        self._searcher: Searcher | None = None

    @property
    def active(self) -> bool:
        return bool(self.searching)

    def attach(self, view: ArticleView, prepared: Prepared) -> None:
        """Search ``view`` (which shows ``prepared``); called again when the article's readings arrive."""
        self.view = view
        self._prepared = prepared

    def open(self) -> None:
        """Show the box with the search in force, and give it the focus now (a hidden widget cannot take
        it): the keys typed next are the query's."""
        self.value = self.searching
        self.display = True
        self.screen.set_focus(self)

    def close(self) -> None:
        """Hide the box; the article has the focus again at once (the next key is for it)."""
        self.display = False
        if self.view is not None:
            self.screen.set_focus(self.view)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(event.value.strip())

    def find(self, query: str) -> None:
        """Search for ``query`` and go to the first match at or after the cursor."""
        self.close()
        view = self.view
        if view is None or view.view is None:
            return
        if not query:
            self.end()
            return
        matches = self._searcher_of().find_all(query, shown=view.view.conversion)
        view.set_matches(matches)
        self.searching = query
        if not matches:
            self.notify(f"Not found: {query}", severity="warning", timeout=3)
            return
        i = bisect_left(matches, (view.cursor, 0))
        view.move_to(matches[i % len(matches)][0])

    def step(self, direction: int) -> None:
        """The next match after the cursor (``direction`` > 0) or the one before it, round the ends."""
        view = self.view
        if view is None:
            return
        matches = view.matches
        if not matches:
            self.notify(f"Not found: {self.searching}", severity="warning", timeout=3)
            return
        if direction > 0:
            i = bisect_right(matches, (view.cursor, 1 << 30)) % len(matches)
        else:
            i = (bisect_left(matches, (view.cursor, 0)) - 1) % len(matches)
        view.move_to(matches[i][0])

    def action_close(self) -> None:
        self.end()

    def end(self) -> None:
        """Esc: the box closes, the matches go; nothing else happens."""
        self.close()
        self.searching = ""
        if self.view is not None:
            self.view.set_matches([])

    def _searcher_of(self) -> Searcher:
        """The article's searcher, with the words' readings once they are there (for pinyin)."""
        prepared = self._prepared
        assert prepared is not None
        readings = prepared.readings
        if self._searcher is None or (self._searcher.syllables is None and readings is not None):
            syllables = syllables_of(readings, len(prepared.text)) if readings is not None else None
            self._searcher = Searcher(prepared.text, syllables)
        return self._searcher

    def position(self) -> str:
        """Where the cursor is among the matches, for the status line ("" with no search on)."""
        view = self.view
        if view is not None and view.matches:
            i = bisect_right(view.matches, (view.cursor, 1 << 30))
            return f"match {i}/{len(view.matches)}"
        return "not found" if self.active else ""
