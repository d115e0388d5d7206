"""The vocabulary screen's dialogs: where a word was met, known up to an HSK level, a word list to
import, cards for Anki. Each dismisses with its answer (None when cancelled); the screen acts on it.
Words, sentences and titles are shown as text, never as markup."""

from __future__ import annotations

import os
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from reader.core.vocab.levels import LEVELS, level_label
from reader.ui.safe import line
from reader.ui.screens.dialogs import Dialog, PathSuggester


class SentencesScreen(Dialog):
    """The sentences a word was met in, each with its article's title."""

    DEFAULT_CSS = "SentencesScreen OptionList { max-height: 20; }"

    def __init__(self, word: str, sentences: list[tuple[str, str]]) -> None:
        super().__init__()
        self.word = word
        self.sentences = sentences

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(line(f"Where {self.word} was met"), classes="title")
            if not self.sentences:
                yield Label("No sentence found in the library.", classes="hint")
            yield OptionList(*(Option(line(f"{s}  ({title})")) for title, s in self.sentences))
            yield Label("Esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()


class LevelScreen(Dialog):
    """Which HSK level to mark known, with every level below it; dismisses with the level."""

    def __init__(self, standard: str) -> None:
        super().__init__()
        self.standard = standard

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Mark known every word up to an HSK level ({self.standard} lists)", classes="title")
            yield OptionList(*(Option(f"HSK {level_label(n)} and below", id=str(n)) for n in LEVELS))
            yield Label(
                "Words that already have a status keep it · Enter marks · Esc cancels", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(LEVELS[event.option_index])


class ImportScreen(Dialog):
    """A word list to mark known: one word per line, or a Pleco or Anki export in text form."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Import a word list as known", classes="title")
            yield Input(placeholder="path/to/words.txt", suggester=PathSuggester(), id="path")
            yield Label(
                "One word per line, or a Pleco or Anki text export · words with a status keep it · "
                "Enter imports",
                classes="hint",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = os.path.expanduser(event.value.strip())
        self.dismiss(path or None)


@dataclass(frozen=True)
class ExportChoice:
    """What to export and where: ``which`` is ``learning``, ``shown`` or ``all``."""

    which: str
    path: str


class ExportScreen(Dialog):
    """Cards for Anki: which words, and the file (``.apkg``, or ``.tsv`` for Anki's text import)."""

    WHICH = (
        ("learning", "Learning words"),
        ("shown", "The words in this list"),
        ("all", "Every word with a status"),
    )

    def __init__(self, shown: int, default_path: str) -> None:
        super().__init__()
        self.shown = shown
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Cards for Anki", classes="title")
            with RadioSet(id="which"):
                for name, label in self.WHICH:
                    count = f" ({self.shown})" if name == "shown" else ""
                    yield RadioButton(f"{label}{count}", value=name == "learning", name=name)
            yield Input(self.default_path, suggester=PathSuggester(), id="path")
            yield Label(
                "A .apkg file opens in Anki (cards already there are updated) · .tsv for Anki's text import "
                "· Enter writes",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = os.path.expanduser(event.value.strip())
        pressed = self.query_one(RadioSet).pressed_button
        which = pressed.name if pressed is not None and pressed.name else "learning"
        self.dismiss(ExportChoice(which, path) if path else None)
