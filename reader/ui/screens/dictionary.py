"""The dictionary dialog: every entry for the word under the cursor, under the note of its highlight.

Its own module: it needs CC-CEDICT's code, which the app does not load before an article is open.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from reader.core.dictionary import Entry, EntryView, describe
from reader.ui.safe import line, paragraph
from reader.ui.screens.dialogs import Dialog


class DictionaryScreen(Dialog):
    """Every entry for a word: Traditional and Simplified forms, all readings, all senses."""

    DEFAULT_CSS = """
    DictionaryScreen VerticalScroll { height: auto; max-height: 30; }
    DictionaryScreen .note { border-left: outer $primary; padding-left: 1; margin-bottom: 1; }
    """
    BINDINGS = [Binding("enter,q", "cancel", "Close", id="dictionary.close")]

    def __init__(self, word: str, entries: list[Entry], *, note: str = "", script: str | None = None) -> None:
        super().__init__()
        self.word = word
        self.entries = entries
        self.note = note  # of the highlight the word is in: shown first
        self.script = script  # the reader's script; None: the script the word is written in

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(line(self.word), classes="title")
            with VerticalScroll():
                if self.note:
                    yield Static(paragraph(self.note, "italic"), classes="note", id="note")
                if not self.entries:
                    yield Static(Text("No entry in CC-CEDICT."), classes="hint")
                for entry in self.entries:
                    yield Static(self._entry(describe(entry, self.script, self.word)), classes="entry")
            yield Label("Enter or Esc closes", classes="hint")

    @staticmethod
    def _entry(entry: EntryView) -> Text:
        head = Text()
        head.append(entry.headword, "bold")
        if entry.other_form:
            head.append(f"  {entry.other_form}", "bold")
        head.append(f"  {entry.pinyin}\n", "italic")
        for i, sense in enumerate(entry.senses, 1):
            head.append(f"  {i}. {sense.text}\n")
            for followed in sense.followed:  # the senses of the word a "see X" / "variant of X" names
                head.append(f"     → {followed.headword} {followed.pinyin}: ", "dim")
                head.append("; ".join(followed.senses) + "\n")
        return head
