"""Tagging a highlight: one line of tags, each completed from the tags already in use.

Tags are separated by commas (either width) or spaces. The tag being typed
is completed from the existing ones (→ or Tab accepts). Enter dismisses with
the list of tags (the highlight's new tags, replacing the old ones); Esc
dismisses with ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label

from reader.core.annotations_query import split_tags
from reader.core.notes import shorten
from reader.core.sanitize import clean_line
from reader.ui.safe import SafeInput
from reader.ui.widgets.dialog import DialogScreen

SEPARATORS = " ,，、;；"


class TagSuggester(Suggester):
    """Completes the last tag of the line from ``tags``, ignoring case, skipping tags already typed."""

    def __init__(self, tags: Iterable[str]) -> None:
        # Case is handled here: the base class would fold the whole line, earlier tags included.
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(set(tags), key=str.casefold)

    async def get_suggestion(self, value: str) -> str | None:
        cut = max(value.rfind(sep) for sep in SEPARATORS) + 1
        head, last = value[:cut], value[cut:].lstrip("#")
        if not last:
            return None
        typed = {t.casefold() for t in split_tags(head)}
        prefix = last.casefold()
        for tag in self.tags:
            folded = tag.casefold()
            if folded.startswith(prefix) and folded != prefix and folded not in typed:
                return value + tag[len(last) :]
        return None


class TagInput(DialogScreen[list[str] | None]):
    DEFAULT_CSS = "TagInput > Vertical { width: 70%; max-width: 80; }"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        Binding("tab", "complete", "Complete", id="tags.complete", show=False),
    ]

    def __init__(self, existing: Iterable[str], current: Iterable[str] = (), *, quote: str = "") -> None:
        super().__init__()
        self.existing = [clean_line(t) for t in existing]  # offered to be typed: cleaned as typed text is
        self.current = [clean_line(t) for t in current]
        self.quote = quote

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Tags", classes="title")
            if self.quote:
                yield Label(Text(f"“{shorten(self.quote, 120)}”"), id="quote", classes="quote")
            value = ", ".join(self.current) + (", " if self.current else "")
            yield SafeInput(
                value,
                placeholder="history, 政治, to-review",
                suggester=TagSuggester(self.existing),
                select_on_focus=False,
            )
            yield Label(
                "→ or Tab completes · commas or spaces separate · Enter saves · Esc cancels", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_complete(self) -> None:
        self.query_one(Input).action_cursor_right()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(split_tags(event.value))
