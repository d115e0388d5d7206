"""Questions in a small modal, all answered the same way.

Each button has a letter that chooses it (``y`` yes, ``n`` no, ``a`` for a third
answer such as "with its notes"), ←/→ move between the buttons, Enter presses
the one with the focus, and Esc gives the safe answer, which also has the focus
at first, so a stray Enter keeps the user's work. The question and detail are
plain text: a title or a quote is never read as markup.

``ConfirmScreen("Discard?")`` dismisses with ``True`` or ``False``; a
:class:`ChoiceScreen` subclass names its own answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from reader.ui.safe import line, paragraph
from reader.ui.widgets.dialog import DialogScreen


@dataclass(frozen=True)
class Choice:
    """One answer: what the dialog dismisses with, its button's label and the letter that chooses it."""

    name: str  # the button's id
    answer: object
    label: str
    key: str
    variant: str = "default"


class ChoiceScreen(DialogScreen[object]):
    DEFAULT_CSS = """
    ChoiceScreen > Vertical { max-width: 76; border: round $warning; }
    ChoiceScreen .question { text-style: bold; margin-bottom: 1; width: 100%; }
    ChoiceScreen .detail { color: $foreground 70%; width: 100%; }
    ChoiceScreen .hint { width: 100%; margin-top: 1; }
    ChoiceScreen Button { min-width: 10; }
    """
    BINDINGS = [
        Binding("y", "key('y')", "Yes", id="confirm.yes", show=False),
        Binding("n", "key('n')", "No", id="confirm.no", show=False),
        Binding("a", "key('a')", "All", id="confirm.all", show=False),
        Binding("left", "app.focus_previous", "Previous button", id="confirm.left", show=False),
        Binding("right", "app.focus_next", "Next button", id="confirm.right", show=False),
        Binding("escape", "key('n')", "Cancel", id="confirm.cancel", show=False),
    ]
    SAFE_KEY = "n"

    def __init__(self, question: str, detail: str = "", *, choices: list[Choice]) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(line(self.question), classes="question")
            if self.detail:
                yield Static(paragraph(self.detail), classes="detail")
            with Horizontal():
                for choice in self.choices:
                    label = line(f"{choice.label} ({choice.key})")
                    yield Button(label, variant=choice.variant, id=choice.name)  # type: ignore[arg-type]
            yield Label("←/→ choose · Enter presses · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._button(self.SAFE_KEY).focus()

    def _button(self, key: str) -> Button:
        return self.query_one(f"#{next(c.name for c in self.choices if c.key == key)}", Button)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "key":
            return any(c.key == parameters[0] for c in self.choices)
        return True

    def action_key(self, key: str) -> None:
        self.dismiss(next(c.answer for c in self.choices if c.key == key))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(next(c.answer for c in self.choices if c.name == event.button.id))


class ConfirmScreen(ChoiceScreen):
    """Yes (``y``) or no (``n``, Esc): dismisses with ``True`` or ``False``."""

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(
            question, detail, choices=[Choice("yes", True, yes, "y", "error"), Choice("no", False, no, "n")]
        )
