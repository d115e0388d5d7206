"""A yes/no question in a small modal: ``y`` or the first button says yes, ``n`` or Esc says no.

Dismisses with ``True`` or ``False``, so callers write
``self.app.push_screen(ConfirmScreen("Discard?"), on_answer)``. The question
and detail are plain text: a quote from an article is never read as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: auto; min-width: 40; max-width: 80%; height: auto;
        background: $surface; border: round $warning; padding: 0 1;
    }
    ConfirmScreen .question { text-style: bold; margin-bottom: 1; }
    ConfirmScreen .detail { color: $foreground 70%; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question), classes="question")
            if self.detail:
                yield Label(Text(self.detail), classes="detail")
            with Horizontal():
                yield Button(Text(f"{self.yes_label} (y)"), variant="error", id="yes")
                yield Button(Text(f"{self.no_label} (n)"), id="no")

    def on_mount(self) -> None:
        # The safe answer has the focus, so a stray Enter keeps the user's work.
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
