"""The open article's highlights in text order, for jumping between them.

Each entry shows the colour swatch, the quote (trimmed), its tags and the
first line of its note; orphans (highlights that no longer anchor) come last
with a ``?`` mark. Enter on an entry posts :class:`NotesPanel.Selected` with
the annotation's id and start offset (an offset into the cleaned original
text), and the reader screen moves its cursor there. Esc closes the panel.
The order and which entry goes with the reader's cursor are the core's
(:class:`reader.core.notes.ArticleNotes`).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.annotation import Annotation
from reader.core.notes import ArticleNotes, first_line, shorten
from reader.core.sanitize import visible_line
from reader.ui.highlight_colors import SWATCH, highlight_color

QUOTE_SHOWN = 60
NOTE_SHOWN = 60
ORPHAN_MARK = "?"


class NotesPanel(OptionList):
    BINDINGS = [Binding("escape", "screen.notes_panel", "Close notes", id="notes.close", show=False)]
    DEFAULT_CSS = """
    NotesPanel {
        dock: right; width: 42; height: 1fr;
        border: round $panel-lighten-2; border-title-color: $primary;
        background: $surface;
    }
    NotesPanel:focus { border: round $primary; }
    """

    class Selected(Message):
        """An entry was chosen: the reader should move to ``start``."""

        def __init__(self, panel: NotesPanel, annotation_id: str, start: int) -> None:
            super().__init__()
            self.panel = panel
            self.annotation_id = annotation_id
            self.start = start

        @property
        def control(self) -> NotesPanel:
            return self.panel

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.notes = ArticleNotes("", "")
        self.annotations: list[Annotation] = []
        self.border_title = "Notes"

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())

    def show_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Replace the list, keeping the highlighted entry when it is still there."""
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self.notes = ArticleNotes("", "", annotations)
        self.annotations = self.notes.annotations
        self._rebuild()
        if keep is not None:
            self.select_annotation(keep)

    def select_annotation(self, annotation_id: str) -> None:
        """Highlight one entry (without posting :class:`Selected`)."""
        for i, ann in enumerate(self.annotations):
            if ann.id == annotation_id:
                self.highlighted = i
                return

    def follow(self, offset: int) -> None:
        """Highlight the last highlight starting at or before ``offset`` (the reader's cursor)."""
        ann = self.notes.follow(offset)
        if ann is not None:
            self.select_annotation(ann.id)

    def _rebuild(self) -> None:
        self.clear_options()
        self.border_subtitle = str(len(self.annotations)) if self.annotations else ""
        if not self.annotations:
            self.add_option(Option(Text("No highlights yet: v selects, h highlights.", "dim"), disabled=True))
            return
        self.add_options(Option(self.entry(a), id=a.id) for a in self.annotations)

    def entry(self, ann: Annotation) -> Text:
        """One entry: swatch, quote and tags on the first line, the note's first line below."""
        text = Text()
        text.append(SWATCH, highlight_color(self.app, ann.color))
        text.append(f" {ORPHAN_MARK} " if ann.orphan else " ", "bold red" if ann.orphan else "")
        text.append(shorten(ann.quote, QUOTE_SHOWN))
        if ann.tags:
            text.append("  " + visible_line(" ".join(f"#{t}" for t in ann.tags)), "dim")
        note = first_line(ann.note)
        if note:
            text.append("\n   ")
            text.append(shorten(note, NOTE_SHOWN), "italic")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ann = self.annotations[event.option_index]
        self.post_message(self.Selected(self, ann.id, ann.start))
