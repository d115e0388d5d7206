"""The reader's search box: Esc in it ends the search, as Esc after a search does."""

from __future__ import annotations

from textual.binding import Binding

from reader.ui.safe import SafeInput


class SearchBox(SafeInput):
    BINDINGS = [Binding("escape", "screen.end_search", "End search", id="search.end", show=False)]
