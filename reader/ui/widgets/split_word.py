"""The dialog that asks where to split a word (the reader's ``X`` on a word of three or more characters)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from reader.ui.safe import SafeInput, line
from reader.ui.widgets.dialog import DialogScreen


class SplitScreen(DialogScreen[object]):
    """Where to split a word: the user puts spaces between its parts; dismisses with the parts."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="split.close")]

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(line(f"Split {self.word}"), classes="title")
            yield SafeInput(self.word, id="parts")
            yield Label("Put a space where the word is cut · Enter saves · Esc cancels", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        parts = event.value.split()
        self.dismiss(parts if len(parts) > 1 else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
