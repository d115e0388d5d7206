"""The open article's highlights in text order, for jumping between them.

Each entry shows the colour swatch, the quote (trimmed), its tags and the
first line of its note; orphans (highlights that no longer anchor) come last
with a ``?`` mark. Enter on an entry posts :class:`NotesPanel.Selected` with
the annotation's id and start offset (an offset into the cleaned original
text), and the reader screen moves its cursor there.

Wiring into the reader screen (see also the notes in the pull request):

* compose ``NotesPanel(id="notes")`` hidden (``display = False``) next to the
  article view; a binding toggles ``panel.display`` and focuses it;
* after anchoring (``anchor_all``) and after every add/update/delete call
  ``panel.show_annotations(anns)`` with the anchored annotations, and
  ``panel.follow(view.cursor)`` on ``ArticleView.CursorMoved``;
* handle ``on_notes_panel_selected`` with ``view.move_to(message.start)`` and
  give the view the focus again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.sanitize import visible_line
from reader.ui.highlight_colors import SWATCH, highlight_color
from reader.ui.widgets.note_editor import shorten

QUOTE_SHOWN = 60
NOTE_SHOWN = 60
ORPHAN_MARK = "?"


class AnnotationLike(Protocol):
    """The fields of ``reader.core.store.Annotation`` the UI reads."""

    id: str
    article: str
    quote: str
    start: int
    end: int
    color: int
    tags: Sequence[str]
    note: str
    updated: str
    orphan: bool


def first_line(note: str) -> str:
    """The first non-blank line of a note."""
    for line in note.splitlines():
        if line.strip():
            return line.strip()
    return ""


def in_text_order(annotations: Iterable[AnnotationLike]) -> list[AnnotationLike]:
    """By start offset; orphans (whose offsets are only a guess) after the rest."""
    return sorted(annotations, key=lambda a: (bool(a.orphan), a.start, a.end))


class NotesPanel(OptionList):
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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.annotations: list[AnnotationLike] = []
        self.border_title = "Notes"

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())

    def show_annotations(self, annotations: Iterable[AnnotationLike]) -> None:
        """Replace the list, keeping the highlighted entry when it is still there."""
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self.annotations = in_text_order(annotations)
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
        before = [i for i, a in enumerate(self.annotations) if not a.orphan and a.start <= offset]
        if before:
            self.highlighted = before[-1]

    def _rebuild(self) -> None:
        self.clear_options()
        self.border_subtitle = str(len(self.annotations)) if self.annotations else ""
        if not self.annotations:
            self.add_option(Option(Text("No highlights yet: v selects, h highlights.", "dim"), disabled=True))
            return
        self.add_options(Option(self.entry(a), id=a.id) for a in self.annotations)

    def entry(self, ann: AnnotationLike) -> Text:
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
