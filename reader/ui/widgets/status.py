"""The reader's status line: the word under the cursor, its pinyin and gloss; the view's state."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class StatusLine(Horizontal):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $foreground; }
    StatusLine #word { width: 1fr; height: 1; padding: 0 1; }
    StatusLine #info { width: auto; height: 1; padding: 0 1; color: $foreground 70%; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="word")
        yield Static(id="info")

    def show(self, word: str, pinyin: str, gloss: str, info: str, learner: str = "") -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(word, "bold")
        if pinyin:
            text.append(f"  {pinyin}", "italic")
        if learner:
            text.append(f"  {learner}", "dim")
        if gloss:
            text.append(f"  {gloss}")
        self.query_one("#word", Static).update(text)
        self.query_one("#info", Static).update(Text(info, no_wrap=True))
