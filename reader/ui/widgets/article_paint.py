"""Painting the rows of an :class:`~reader.ui.widgets.article.ArticleView`.

A row of the :class:`~reader.core.view.TextView` becomes a strip of segments:
text cells in their block's style with the marks over them (emphasis,
highlights, search matches, the selection, the cursor), pinyin rows with their
syllables (tone colours, the cursor's word in bold), and the row kept above the
cursor's line with that word's pinyin. Article text is painted as plain
segments, its control characters made visible, never parsed as markup.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.layout import text_width
from reader.core.model import BlockKind
from reader.core.sanitize import visible_line
from reader.core.view import Row

if TYPE_CHECKING:
    from reader.core.view import TextView
    from reader.core.vocab.page import ArticleStatuses
    from reader.ui.widgets.article import Highlight, ViewOptions

DIM_KINDS = (BlockKind.CAPTION, BlockKind.BYLINE, BlockKind.CREDIT)
Item = tuple[int, str, RichStyle]  # a column, a text and its style


class Painter(ScrollView):
    """The painting half of :class:`~reader.ui.widgets.article.ArticleView`, which sets what it paints."""

    view: TextView | None
    options: ViewOptions
    statuses: ArticleStatuses | None
    highlights: list[Highlight]
    matches: list[tuple[int, int]]
    cursor: int
    selection_anchor: int | None
    _margin: int
    _styles: dict[str, RichStyle]

    if TYPE_CHECKING:

        @property
        def word(self) -> tuple[int, int]: ...

        @property
        def selection(self) -> tuple[int, int] | None: ...

    def highlighted_ranges(self, y: int) -> list[tuple[int, int, int]]:
        """``(start, end, colour)`` in the cleaned text of every cell painted as a highlight on row ``y``
        of the whole article (what the screen shows there, mapped back: for tests and tools)."""
        view = self.view
        if view is None:
            return []
        row = view.row(y)
        if row.kind != "text" or row.line is None:
            return []
        out: list[tuple[int, int, int]] = []
        for a, b, name in self._marks(row):
            if not name.startswith("highlight-"):
                continue
            out.extend(
                (view.to_text(max(cell.start, a)), view.to_text(min(cell.end, b)), int(name[10:]))
                for cell in row.line.cells
                if cell.start < b and cell.end > a and cell.text.strip()
            )
        return out

    def _style(self, name: str) -> RichStyle:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(f"article--{name}", partial=True)
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.scrollable_content_region.width
        view = self.view
        row_y = y + round(self.scroll_y)
        if view is None or row_y >= view.height:
            return Strip.blank(width, base)
        row = view.row(row_y)
        items = self._row_items(row)
        return self._assemble(items, base).crop_extend(0, width, base)

    def _assemble(self, items: list[Item], base: RichStyle) -> Strip:
        segments = [Segment(" " * self._margin, base)]
        col = 0
        for x, text, style in sorted(items, key=lambda item: item[0]):
            if x < col:
                continue  # an overlay already covers this column
            if x > col:
                segments.append(Segment(" " * (x - col), base))
            segments.append(Segment(text, base + style))
            col = x + text_width(text)
        return Strip(segments)

    def _kind_style(self, kind: BlockKind) -> RichStyle:
        if kind is BlockKind.HEADING:
            return self._style("heading")
        if kind in DIM_KINDS:
            return self._style("dim")
        return RichStyle()

    def _row_items(self, row: Row) -> list[Item]:
        view = self.view
        assert view is not None
        if row.kind == "text" and row.line is not None:
            return self._text_items(row)
        if row.kind != "pinyin" or row.line is None:
            return []
        if view.open is None:
            return self._pinyin_items(row)
        # The row kept above the cursor's line: the pinyin of the word under the cursor, and nothing else.
        if not self.options.ready:
            return []
        py = visible_line(view.pinyin_of(*self.word, self.options.style))
        if not py:
            return []
        _, col = view.row_of(self.cursor)
        col = max(0, min(col, view.width - text_width(py)))  # a long reading near the edge moves left
        return [(col, py, self._style("pinyin") + RichStyle(bold=True))]

    def _view_range(self, rng: tuple[int, int]) -> tuple[int, int]:
        assert self.view is not None
        return self.view.conversion.map.range_to_dst(*rng)

    def _text_items(self, row: Row) -> list[Item]:
        view = self.view
        assert view is not None and row.line is not None
        block = view.blocks[row.block]
        kind_style = self._kind_style(block.kind)
        marks = self._marks(row)
        tones = self.options.tones if self.options.ready else "off"
        items: list[Item] = []
        indent = row.indent
        if block.kind is BlockKind.QUOTE:
            items.append((0, "▎", self._style("rule")))
        items.extend((indent + c - 2, "│", self._style("rule")) for c in row.columns[1:])
        prev_style: RichStyle | None = None
        prev_end: int | None = None
        for cell in row.line.cells:
            if cell.text in ("\n", "\r\n"):
                continue
            style = kind_style + self._mark_style(marks, cell.start, cell.end)
            x = indent + cell.text_col
            # A selection or match running over a gap between words colours the gap too.
            if (
                prev_end is not None
                and x > prev_end
                and prev_style is not None
                and prev_style.bgcolor
                and style.bgcolor == prev_style.bgcolor
            ):
                items.append((prev_end, " " * (x - prev_end), prev_style))
            text = visible_line(
                cell.text.replace("\t", "│" if row.columns == () and block.kind is BlockKind.TABLE else " ")
            )
            if tones != "off" and any(t is not None for t in cell.tones):
                cx = x
                for ch, tone in zip(text, cell.tones):
                    tstyle = self._style(f"{tones}-{tone}") if tone else RichStyle()
                    # The tone's colour over a status's: the status still shows (underline, background).
                    items.append((cx, ch, kind_style + style + tstyle))
                    cx += text_width(ch)
            else:
                items.append((x, text, style))
            prev_style, prev_end = style, x + text_width(text)
        return items

    def _pinyin_items(self, row: Row) -> list[Item]:
        assert row.line is not None
        tones = self.options.tones
        pinyin = self._style("pinyin")
        cursor = self._view_range(self.word)
        items = []
        for cell in row.line.cells:
            if not cell.pinyin_text:
                continue  # none, or a word the reader knows (laid out bare: see ArticleView._known)
            on_cursor = cell.start < cursor[1] and cell.end > cursor[0]
            for col, syllable, tone in cell.syllables():
                style = self._style(f"{tones}-{tone}") if tones != "off" and tone else pinyin
                if on_cursor:
                    style = style + RichStyle(bold=True)
                items.append((row.indent + col, syllable, style))
        return items

    def _marks(self, row: Row) -> list[tuple[int, int, str]]:
        """View-text ranges to paint on a row: new and learning words, emphasis, highlights (and their
        note marks), search matches, the selection, the cursor (a later background wins)."""
        assert self.view is not None and row.line is not None
        lo, hi = self.view.to_text(row.line.start), self.view.to_text(row.line.end)
        marks: list[tuple[int, int, str]] = []
        if self.statuses is not None and self.options.statuses:
            marks.extend(
                (*self._view_range((a, b)), f"word-{name}") for a, b, name in self.statuses.painted(lo, hi)
            )
        for a, b in self.view.blocks[row.block].emphasis:
            if a < hi and b > lo:
                marks.append((*self._view_range((a, b)), "emphasis"))
        for h in self.highlights:
            if h.start >= hi:
                break
            if h.end > lo:
                rng = self._view_range((h.start, h.end))
                marks.append((*rng, f"highlight-{h.color}"))
                if h.note:
                    marks.append((*rng, "note"))
        first = bisect_left(self.matches, (lo - 200, 0))
        for m in self.matches[first:]:
            if m[0] > hi:
                break
            if m[1] >= lo:
                marks.append((*self._view_range(m), "match"))
        sel = self.selection
        if sel is not None:
            marks.append((*self._view_range(sel), "selection"))
        if self.has_focus or self.selection_anchor is None:
            marks.append((*self._view_range(self.word), "cursor"))
        return marks

    def _mark_style(self, marks: list[tuple[int, int, str]], start: int, end: int) -> RichStyle:
        style = RichStyle()
        for a, b, name in marks:
            if a < end and b > start:
                style = style + self._style(name)
        return style
