"""Modal dialogs: table of contents, add, paste, edit and remove (the dictionary's is in
:mod:`reader.ui.screens.dictionary`).

Each returns its answer through ``dismiss`` (None when cancelled); the
screens that open them act on the answer. Article text is shown through
``Text`` objects, never as markup.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from reader.core.model import TocEntry
from reader.core.sanitize import clean_line
from reader.ui.safe import SafeInput, line
from reader.ui.widgets.confirm import Choice, ChoiceScreen, ConfirmScreen
from reader.ui.widgets.dialog import DialogScreen


class Dialog(DialogScreen[object]):
    """A dialog Esc closes (dismissed with None)."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="dialog.close")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class TocScreen(Dialog):
    """The article's headings; choosing one returns its offset."""

    DEFAULT_CSS = "TocScreen OptionList { max-height: 24; }"

    def __init__(self, entries: list[TocEntry], current: int) -> None:
        super().__init__()
        self.entries = entries
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Contents", classes="title")
            if not self.entries:
                yield Label("This article has no headings.", classes="hint")
            yield OptionList(
                *(Option(line("  " * (e.level - 1) + e.title), id=str(i)) for i, e in enumerate(self.entries))
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        before = [i for i, e in enumerate(self.entries) if e.offset <= self.current]
        if before:
            options.highlighted = before[-1]
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[event.option_index].offset)


class PathSuggester(Suggester):
    """Completes the last path typed (paths are separated by spaces; quote a path with spaces)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        if not last:
            return None
        expanded = os.path.expanduser(last)
        folder, _, stem = expanded.rpartition("/")
        base = Path(folder or ".") if folder or not expanded.startswith("/") else Path("/")
        try:
            names = sorted(
                p.name + ("/" if p.is_dir() else "")
                for p in base.iterdir()
                if p.name.startswith(stem) and not p.name.startswith(".")
            )
        except OSError:
            return None
        if not names:
            return None
        completed = last[: len(last) - len(stem)] + names[0]
        return (head + " " if head else "") + completed


def split_paths(value: str) -> list[str]:
    """Paths typed in the add dialog: shell-like quoting, ``~`` expanded."""
    try:
        parts = shlex.split(value)
    except ValueError:
        parts = value.split()
    return [os.path.expanduser(p) for p in parts]


class AddScreen(Dialog):
    """Asks for files to add; returns the list of paths."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Add articles", classes="title")
            yield Input(
                placeholder="article.txt paper.pdf page.html book.epub folder/ …",
                suggester=PathSuggester(),
                id="paths",
            )
            yield Label("text, PDF, saved web pages, EPUB books, or a folder of them", classes="hint")
            yield Label("→ completes a path · spaces between paths · Enter adds", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        paths = split_paths(event.value)
        self.dismiss(paths or None)


class EditScreen(Dialog):
    """Edits a title and tags; returns ``(title, tags)``."""

    def __init__(self, title: str, tags: list[str]) -> None:
        super().__init__()
        self.article_title = title
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Edit article", classes="title")
            yield Label("Title")
            yield SafeInput(clean_line(self.article_title), id="title")
            yield Label("Tags (separated by commas)")
            yield SafeInput(clean_line(", ".join(self.tags)), id="tags")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _answer(self) -> tuple[str, list[str]]:
        title = self.query_one("#title", Input).value
        tags = [t.strip() for t in self.query_one("#tags", Input).value.replace("，", ",").split(",")]
        return title, [t for t in tags if t]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(self._answer())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self._answer() if event.button.id == "save" else None)


class ConfirmRemoveScreen(ChoiceScreen):
    """Asks before removing; returns ``"keep"`` (remove, keep notes), ``"all"`` or None."""

    def __init__(self, title: str, with_notes: bool) -> None:
        choices = [Choice("keep", "keep", "Remove", "y", "error")]
        if with_notes:
            choices.append(Choice("all", "all", "Remove with notes", "a", "error"))
        choices.append(Choice("cancel", None, "Cancel", "n"))
        super().__init__(
            f"Remove “{title}” from the library?",
            "Its notes and highlights are kept unless you choose otherwise.",
            choices=choices,
        )
        self.article_title = title
        self.with_notes = with_notes


class PasteScreen(Dialog):
    """A box to paste an article into (a terminal's paste arrives whole, as one event); returns the text.

    Ctrl+S saves; Esc closes, after asking when something was pasted.
    """

    DEFAULT_CSS = """
    PasteScreen > Vertical { max-width: 100; max-height: 90%; }
    PasteScreen TextArea { height: 14; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="paste.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="paste.cancel"),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.pasted = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Paste an article", classes="title")
            yield TextArea(self.pasted, soft_wrap=True, id="pasted")
            yield Label("its first line is its title · Ctrl+S saves · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text if self.text.strip() else None)

    def action_cancel(self) -> None:
        if not self.text.strip():
            self.dismiss(None)
            return

        def answered(discard: object) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.query_one(TextArea).focus()

        self.app.push_screen(ConfirmScreen("Discard the pasted text?", yes="Discard", no="Keep it"), answered)
