"""Segmentation corrections from the reader: join the word under the cursor with the next, or split it.

``J`` keeps the word under the cursor and the next one as one word (大湾|区
becomes 大湾区); ``X`` splits the word under the cursor (a two-character word
into its characters, a longer one where the user puts spaces). Each is saved
in the word store as the user's own dictionary, in Simplified script, so it
holds in either script, for every article prepared from then on; this
article is read again at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reader.core.han import has_han
from reader.ui.context import Context
from reader.ui.widgets.article import ArticleView
from reader.ui.widgets.split_word import SplitScreen


class Corrections:
    """The reader screen's join and split keys."""

    def __init__(
        self,
        screen: Screen[Any],
        context: Context,
        view: Callable[[], ArticleView | None],
        saved: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.context = context
        self._view = view
        self._saved = saved  # read the article again

    def join(self) -> None:
        """The word under the cursor and the next one, kept as one word from now on."""
        view = self._view()
        if view is None or view.view is None or not view.segmented:
            return
        start, end = view.word
        nxt = view.view.word_at(end)
        text = view.document.text
        first, second = text[start:end], text[nxt[0] : nxt[1]]
        if nxt[0] != end or not has_han(first) or not has_han(second):
            self.screen.notify("Only two Chinese words side by side can be joined.", timeout=3)
            return
        self._save(first + second, [], f"{first + second} is one word from now on.")

    def split(self) -> None:
        """The word under the cursor, split into its characters (two) or where the user says."""
        view = self._view()
        if view is None or view.view is None or not view.segmented:
            return
        start, end = view.word
        word = view.document.text[start:end]
        if len(word) < 2 or not has_han(word):
            self.screen.notify("Only a Chinese word of two or more characters can be split.", timeout=3)
            return
        if len(word) == 2:
            self._save(word, list(word), f"{word} is split into {word[0]} + {word[1]} from now on.")
            return

        def chosen(parts: object) -> None:
            if isinstance(parts, list):
                self._save(word, parts, f"{word} is split into {' + '.join(parts)} from now on.")

        self.screen.app.push_screen(SplitScreen(word), chosen)

    def _save(self, word: str, parts: list[str], said: str) -> None:
        def done(_fix: object) -> None:
            self.screen.notify(said, timeout=4)
            self._saved()

        self.context.vocab.run(
            lambda store: store.add_correction(word, parts),
            done,
            failed=lambda exc: self.screen.notify(f"Not saved: {exc}", severity="error", timeout=6),
        )
