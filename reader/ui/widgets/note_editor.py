"""Writing or editing the note of a highlight, in a modal with the quote above the editor.

Ctrl+S dismisses with the text (an empty string clears the note); Esc
dismisses with ``None``, after asking when the text was changed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from reader.core.notes import shorten
from reader.core.sanitize import clean_multiline
from reader.ui.safe import line
from reader.ui.widgets.confirm import ConfirmScreen
from reader.ui.widgets.dialog import DialogScreen

QUOTE_SHOWN = 300  # characters of the quote shown above the editor


class NoteEditor(DialogScreen[str | None]):
    DEFAULT_CSS = """
    NoteEditor > Vertical { max-width: 100; max-height: 90%; }
    NoteEditor #quote { max-height: 6; }
    NoteEditor TextArea { height: 10; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, quote: str, note: str = "", *, title: str = "Note") -> None:
        super().__init__()
        self.quote = quote
        self.original = clean_multiline(note)  # what the editor shows and the user changes
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(line(self.heading), classes="title")
            yield Static(Text(f"“{shorten(self.quote, QUOTE_SHOWN)}”"), id="quote", classes="quote")
            yield TextArea(self.original, soft_wrap=True, id="note")
            yield Label("Ctrl+S saves · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def action_save(self) -> None:
        self.dismiss(self.text.strip())

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: object) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(
            ConfirmScreen("Discard the changes to this note?", yes="Discard", no="Keep editing"), answered
        )
