"""The raw view: the source text as it came in, with the cleaner's changes marked.

A reader who doubts the cleaned text can see what was there and what was
repaired. Changes are ranges of the source; a change that only inserted text
marks the character where the insertion happened. ``n``/``N`` put a cursor on
the next or previous repair, and :meth:`RawView.describe` says what it was.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.layout import wrap_plain
from reader.core.model import Change, Document
from reader.core.sanitize import visible, visible_line

# What the terminal gets for the few control characters the loader keeps: a page
# break (form feed) is shown as a symbol, never sent as itself.
_PLAIN = str.maketrans({"\n": "", "\t": " ", "\x0c": "␌"})
_MARKED = str.maketrans({"\n": "↵", "\t": "→", "\x0c": "␌"})
# What each kind of repair is, for people.
KINDS = {
    "punctuation": "half-width punctuation made full-width",
    "whitespace": "spaces removed",
    "join": "a line broken inside a paragraph joined",
    "page_number": "a page number removed",
    "markdown": "Markdown markup removed",
    "letterspacing": "letter-spaced characters closed up",
    "dedupe": "text repeated by the extraction removed",
}
SHOWN = 40  # characters of a repair's before and after shown in the status line


class RawView(ScrollView, can_focus=True):
    """The document's source, wrapped by characters; changed ranges on a coloured background."""

    BINDINGS = [
        Binding("down,j", "scroll_down", "Down", show=False, id="raw.down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="raw.up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="raw.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="raw.page-up"),
        Binding("g,home", "scroll_home", "Start", show=False, id="raw.start"),
        Binding("G,end", "scroll_end", "End", show=False, id="raw.end"),
        Binding("escape,r", "screen.raw", "Article", id="raw.close"),
        Binding("n,right_square_bracket", "repair(1)", "Next repair", id="raw.repair-next"),
        Binding("N,left_square_bracket", "repair(-1)", "Previous repair", id="raw.repair-prev", show=False),
    ]
    COMPONENT_CLASSES = {"raw--change", "raw--current", "raw--newline"}
    DEFAULT_CSS = """
    RawView {
        height: 1fr; background: $background; color: $foreground;
        overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1;
    }
    RawView > .raw--change { background: $reader-change; }
    RawView > .raw--current { background: $reader-cursor; text-style: bold; }
    RawView > .raw--newline { color: $foreground 30%; }
    """

    class ChangeShown(Message):
        """The cursor moved to another repair."""

    def __init__(self, document: Document, *, offset: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.source = document.source
        self._start_offset = offset  # a source offset to show first
        self._lines: list[tuple[int, int]] = []
        self._width = 0
        changes = sorted(document.changes, key=lambda c: c.src_start)
        self._ranges = [(c.src_start, max(c.src_end, c.src_start + 1)) for c in changes]
        self._starts = [r[0] for r in self._ranges]
        self.changes: list[Change] = changes
        self.current: int | None = None  # the repair under the cursor

    def on_mount(self) -> None:
        self.call_after_refresh(self._relayout, self._start_offset)

    def on_resize(self, event: events.Resize) -> None:
        # Also the first layout, when the view had no size yet at mount.
        self._relayout(self.top_offset() if self._lines else self._start_offset)

    def top_offset(self) -> int:
        y = round(self.scroll_y)
        return self._lines[y][0] if 0 <= y < len(self._lines) else 0

    def _relayout(self, offset: int) -> None:
        width = self.scrollable_content_region.width - 2
        if width <= 0:
            return
        self._width = width
        self._lines = wrap_plain(self.source, width)
        self.virtual_size = Size(width, len(self._lines))
        starts = [a for a, _ in self._lines]
        self.scroll_to(y=max(0, bisect_right(starts, offset) - 1), animate=False, force=True)
        self.refresh()

    # -- the repair under the cursor ----------------------------------------

    def action_repair(self, step: int) -> None:
        """The cursor to the next (previous) repair after (before) the one it is on or the screen's top."""
        if not self.changes:
            return
        if self.current is None:
            top = self.top_offset()
            after = bisect_right(self._starts, top - 1)
            i = after if step > 0 else after - 1
        else:
            i = self.current + step
        self.current = max(0, min(i, len(self.changes) - 1))
        self._scroll_to_current()
        self.refresh()
        self.post_message(self.ChangeShown())

    def _scroll_to_current(self) -> None:
        if self.current is None or not self._lines:
            return
        starts = [a for a, _ in self._lines]
        y = max(0, bisect_right(starts, self._ranges[self.current][0]) - 1)
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        if not top <= y < top + height:
            self.scroll_to(y=max(0, y - height // 3), animate=False, force=True, immediate=True)

    def describe(self) -> tuple[str, str, str, str]:
        """For the status line: the repair under the cursor (its kind, what it changed, what that means)
        and which of how many it is."""
        total = len(self.changes)
        if self.current is None:
            return "raw source", "", f"{total} repairs marked: n goes to the next", "r returns"
        change = self.changes[self.current]
        before, after = (
            f"“{visible_line(s[:SHOWN].translate(_MARKED))}”" if s else "nothing"
            for s in (change.before, change.after)
        )
        return (
            visible_line(change.kind),
            f"{before} → {after}",
            KINDS.get(change.kind, ""),
            f"repair {self.current + 1}/{total}",
        )

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_y)
        if row >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[row]
        change = base + self.get_component_rich_style("raw--change", partial=True)
        current = base + self.get_component_rich_style("raw--current", partial=True)
        segments = [Segment(" ", base)]
        pos = start
        i = max(0, bisect_right(self._starts, start) - 1)
        while pos < end:
            while i < len(self._ranges) and self._ranges[i][1] <= pos:
                i += 1
            if i < len(self._ranges) and self._ranges[i][0] <= pos:
                stop = min(end, self._ranges[i][1])
                style = current if i == self.current else change
                segments.append(Segment(self._show(self.source[pos:stop]), style))
            else:
                stop = min(end, self._ranges[i][0]) if i < len(self._ranges) else end
                segments.append(Segment(visible(self.source[pos:stop].translate(_PLAIN)), base))
            pos = stop
        return Strip(segments).crop_extend(0, width, base)

    @staticmethod
    def _show(text: str) -> str:
        # Newlines end screen lines; a removed newline still needs a visible cell to be marked.
        return visible(text.translate(_MARKED))
