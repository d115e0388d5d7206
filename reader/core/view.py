"""The reading view: a document laid out for one script, width and pinyin mode.

Everything the reader screen shows comes from here, so the UI only paints.
Positions are offsets into the cleaned original text; the view maps them to
screen rows and columns and back, through the script conversion's offset map
and the layout's lines.

Blocks are laid out lazily, only when a row inside them is asked for; blocks
not laid out yet have an estimated height, replaced by the real one when they
are. A caller keeps its place through such changes by anchoring on an offset
(:meth:`TextView.row_of`), never on a row number.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from reader.core.convert import to_script
from reader.core.layout import Cell, Line, join_syllables, layout, layout_table, text_width
from reader.core.model import Block, BlockKind, Document
from reader.core.pinyin import Annotated, Style
from reader.core.segment import is_word, rough_tokens
from reader.core.syllables import PinyinOptions, Readings

__all__ = ["Row", "TextView"]

# Text narrower than this reads badly; wider lines are hard to follow.
MIN_WIDTH = 8
INDENTS = {BlockKind.LIST_ITEM: 2, BlockKind.QUOTE: 2}


# -- the laid-out view -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One screen row: a pinyin row, a text row, or a blank row between blocks."""

    kind: str  # "text" | "pinyin" | "blank"
    block: int
    line: Line | None = None
    indent: int = 0
    columns: tuple[int, ...] = ()  # a table row's column starts (separators go just before them)


@dataclass
class _Laid:
    lines: list[Line]
    indent: int
    columns: tuple[int, ...] = ()


class TextView:
    """A document laid out for reading: script, width and pinyin fixed at creation.

    ``ends`` are word ends in the cleaned text (segmented words, or
    :func:`rough_tokens` until segmentation is ready). ``pinyin`` is the style
    of the pinyin rows above every line (None: no pinyin rows); ``tones``
    asks for every character's tone (for tone colours) even without them;
    ``presentation`` says how readings are shown (spacing, sandhi, erhua).
    ``bare`` tells the words laid out without pinyin over them, at their own
    width, by the cleaned-text offset of their start (pinyin only over the
    words not known); :meth:`relayout` applies a change in its answers.

    Readings are always those of the text as displayed: ``readings`` are the
    cleaned text's, ``view_readings`` the converted view text's (read for
    that text itself, so 人工智慧 is zhìhuì, not the zhìnéng of 人工智能).
    Until a converted view has its own, a word shows the original's reading
    only where the conversion left it unchanged, and no pinyin elsewhere.
    """

    def __init__(
        self,
        document: Document,
        ends: Sequence[int] | None,
        *,
        script: str,
        source_script: str,
        width: int,
        pinyin: Style | None = None,
        tones: bool = False,
        readings: Readings | None = None,
        view_readings: Readings | None = None,
        presentation: PinyinOptions | None = None,
        bare: Callable[[int], bool] | None = None,
    ) -> None:
        self.document = document
        self.bare = bare
        self.text = document.text
        self.script = script
        self.width = max(width, MIN_WIDTH)
        self.pinyin = pinyin
        self.tones = tones
        self.conversion = to_script(self.text, script, source_script)
        self.view_text = self.conversion.text
        self.blocks: list[Block] = document.blocks or [
            Block(BlockKind.PARAGRAPH, 0, len(self.text), self.text)
        ]
        self.readings = readings
        self.presentation = presentation or PinyinOptions()
        self.same_text = (
            self.view_text == self.text
        )  # the conversion changed nothing: the readings are the text's
        if view_readings is not None and view_readings.text != self.view_text:
            view_readings = None  # read for another text (another script): never shown
        self.view_readings = readings if self.same_text else view_readings
        if readings is not None:
            ends = readings.ends
        self._ends = list(ends) if ends is not None else rough_tokens(self.text)
        self._block_starts = [b.start for b in self.blocks]
        self._laid: dict[int, _Laid] = {}
        self._heights = [self._estimate(b) for b in self.blocks]
        self._tops: list[int] = []
        self._reindex()

    # -- mapping -------------------------------------------------------

    def to_view(self, offset: int) -> int:
        return self.conversion.map.to_dst(offset)

    def to_text(self, view_offset: int) -> int:
        return self.conversion.map.to_src(view_offset)

    def word_at(self, offset: int) -> tuple[int, int]:
        """The word (cleaned-text range) containing ``offset``."""
        ends = self._ends
        if not ends:
            return offset, min(offset + 1, len(self.text))
        i = min(bisect_right(ends, offset), len(ends) - 1)
        return (ends[i - 1] if i else 0), ends[i]

    def next_word(self, offset: int, step: int) -> int:
        """The start of the next (``step=1``) or previous (``-1``) word, skipping spaces and punctuation."""
        ends = self._ends
        start, end = self.word_at(offset)
        while True:
            if step > 0:
                if end >= len(self.text):
                    return start
                start, end = self.word_at(end)
            else:
                if start <= 0:
                    return start
                start, end = self.word_at(start - 1)
            if is_word(self.text[start:end]) or not ends:
                return start

    # -- rows ----------------------------------------------------------
    #
    # Rows are numbered as the screen shows them. Underneath are the base rows of
    # the blocks' lines (and their pinyin rows when every word has pinyin); the
    # cursor's pinyin row (:meth:`open_line`) is one more row inserted among them.

    _open: int | None = None  # a cleaned-text offset whose line has a pinyin row of its own above it
    _gap: int | None = None  # that pinyin row (the base row of the line's text), once computed

    @property
    def height(self) -> int:
        return self._tops[-1] + (self._gap_row() is not None)

    def open_line(self, offset: int | None) -> None:
        """Keep a blank row above the line holding ``offset`` for the pinyin of the word under the cursor.

        Only when there are no pinyin rows (they already give every line one);
        None closes it. Moving it to another line moves only that line and the
        one it left, by one row, and never draws over text.
        """
        self._open = offset if self.pinyin is None else None
        self._gap = None

    @property
    def open(self) -> int | None:
        """The offset whose line has the cursor's pinyin row above it (None: no such row)."""
        return self._open

    def _gap_row(self) -> int | None:
        if self._open is None:
            return None
        if self._gap is None:
            self._gap = self._base_row_of(self._open)[0]
        return self._gap

    def _to_base(self, y: int) -> tuple[int, bool]:
        """The base row shown at screen row ``y``, and whether ``y`` is the cursor's pinyin row above it."""
        gap = self._gap_row()
        if gap is None or y < gap:
            return y, False
        return (y, True) if y == gap else (y - 1, False)

    def _from_base(self, y: int) -> int:
        gap = self._gap_row()
        return y + 1 if gap is not None and y >= gap else y

    def _estimate(self, block: Block) -> int:
        indent = INDENTS.get(block.kind, 0)
        width = max(self.width - indent, MIN_WIDTH)
        rows = 0
        for part in block.text.split("\n"):
            wide = len(part) - len(part.encode("ascii", "ignore"))
            cells = len(part) + wide
            rows += max(1, -(-cells * (13 if self.pinyin else 10) // (10 * width)))
        return rows * (2 if self.pinyin else 1)

    def _reindex(self) -> None:
        # Each block is followed by one blank row, except the last.
        sizes = [h + 1 for h in self._heights]
        if sizes:
            sizes[-1] -= 1
        self._tops = [0, *accumulate(sizes)]
        self._gap = None

    def block_top(self, index: int) -> int:
        top = self._tops[index]
        gap = self._gap_row()
        return top + 1 if gap is not None and gap < top else top

    def block_of_row(self, y: int) -> int:
        return self._block_of_base(self._to_base(y)[0])

    def _block_of_base(self, y: int) -> int:
        return max(0, min(bisect_right(self._tops, y) - 1, len(self.blocks) - 1))

    def block_of_offset(self, offset: int) -> int:
        i = bisect_right(self._block_starts, offset) - 1
        i = max(i, 0)
        # An offset in the separator after a block belongs to that block's end.
        return i

    def ensure(self, first_block: int, last_block: int) -> bool:
        """Lay out blocks in the range; True when a height changed (rows moved)."""
        changed = False
        for i in range(max(first_block, 0), min(last_block, len(self.blocks) - 1) + 1):
            if i not in self._laid:
                laid = self._lay_out(i)
                self._laid[i] = laid
                rows = len(laid.lines) * (2 if self.pinyin else 1)
                if rows != self._heights[i]:
                    self._heights[i] = rows
                    changed = True
        if changed:
            self._reindex()
        return changed

    def ensure_rows(self, y0: int, y1: int) -> None:
        """Lay out every block that rows ``y0..y1`` fall in (repeating while estimates settle)."""
        for _ in range(8):
            if not self.ensure(self.block_of_row(y0), self.block_of_row(y1)):
                return

    def row(self, y: int) -> Row:
        base, above = self._to_base(y)
        row = self._row(base)
        if above:
            return Row("pinyin", row.block, row.line, row.indent, row.columns)
        return row

    def _row(self, y: int) -> Row:
        b = self._block_of_base(y)
        self.ensure(b, b)
        b = self._block_of_base(y)
        self.ensure(b, b)
        laid = self._laid[b]
        r = y - self._tops[b]
        if r >= self._heights[b] or r < 0:
            return Row("blank", b)
        if self.pinyin:
            line = laid.lines[r // 2]
            return Row("pinyin" if r % 2 == 0 else "text", b, line, laid.indent, laid.columns)
        return Row("text", b, laid.lines[r], laid.indent, laid.columns)

    def line_top(self, y: int) -> int:
        """The first row of the line whose text is on row ``y``: its pinyin row if it has one."""
        return y - 1 if y > 0 and self.row(y - 1).kind == "pinyin" else y

    def _line_index(self, laid: _Laid, view_offset: int) -> int:
        lines = laid.lines
        starts = [ln.start for ln in lines]
        i = bisect_right(starts, view_offset) - 1
        return max(0, min(i, len(lines) - 1))

    def row_of(self, offset: int) -> tuple[int, int]:
        """The text row and column of a cleaned-text offset."""
        y, col = self._base_row_of(offset)
        return self._from_base(y), col

    def _base_row_of(self, offset: int) -> tuple[int, int]:
        b = self.block_of_offset(offset)
        self.ensure(b, b)
        laid = self._laid[b]
        voff = self.to_view(offset)
        li = self._line_index(laid, voff)
        line = laid.lines[li]
        col = laid.indent
        for cell in line.cells:
            if cell.start <= voff < cell.end or cell.start >= voff:
                col = laid.indent + cell.text_col
                break
        else:
            col = laid.indent + line.width
        y = self._tops[b] + (li * 2 + 1 if self.pinyin else li)
        return y, col

    def offset_at(self, y: int, col: int, *, words_only: bool = True) -> int | None:
        """The cleaned-text offset of the word at screen row ``y``, column ``col`` (None off the text)."""
        row = self.row(y)
        if row.kind == "pinyin":
            row = self.row(y + 1)
        if row.line is None:
            return None
        cell = _cell_at(row.line, col - row.indent, words_only)
        if cell is None:
            return self.to_text(row.line.start) if row.line.end > row.line.start else None
        return self.to_text(cell.start)

    def move_line(self, offset: int, delta: int, goal_col: int | None = None) -> tuple[int, int]:
        """The offset ``delta`` text lines away, at ``goal_col`` (or the current column); and that column."""
        y, col = self.row_of(offset)
        goal = col if goal_col is None else goal_col
        sign = 1 if delta > 0 else -1
        target, remaining = y, abs(delta)
        nxt = y + sign
        while remaining and 0 <= nxt < self.height:
            if self.row(nxt).kind == "text":
                target, remaining = nxt, remaining - 1
            nxt += sign
        if target == y:
            return offset, goal
        found = self.offset_at(target, goal)
        return (offset if found is None else found), goal

    # -- laying out one block ------------------------------------------

    def _tokens(self, block: Block) -> list[Annotated]:
        ends = self._ends
        s, e = block.start, block.end
        i = bisect_right(ends, s)
        bounds = [s]
        while i < len(ends) and ends[i] < e:
            bounds.append(ends[i])
            i += 1
        bounds.append(e)
        # A newline is always its own token, so the layout breaks the line there.
        nl = block.text.find("\n")
        if nl >= 0:
            extra: set[int] = set()
            while nl >= 0:
                extra.update((s + nl, s + nl + 1))
                nl = block.text.find("\n", nl + 1)
            bounds = sorted(set(bounds) | extra)
        to_dst = self.conversion.map.to_dst
        vbounds = [to_dst(b) for b in bounds]
        vtext = self.view_text
        style, want_tones = self.pinyin, self.tones or self.pinyin is not None
        out = []
        for a, b, va, vb in zip(bounds, bounds[1:], vbounds, vbounds[1:]):
            if vb <= va:
                continue
            word = vtext[va:vb]
            none = (None,) * len(word)
            if style is None and not want_tones:
                py = tones = none
            else:
                py, tones = self._reading(a, b, style or Style.NUMBERS)
                if style is None:
                    py = none
                if not want_tones:
                    tones = none
            if self.bare is not None and style is not None and self.bare(a):
                py = none
            out.append(Annotated(word, va, vb, py, tones))
        return out

    def relayout(self) -> None:
        """Lay the blocks out again as their rows are next needed (``bare`` answers otherwise now); the
        heights they had stand until then."""
        self._laid.clear()

    def _reading(
        self, start: int, end: int, style: Style, presentation: PinyinOptions | None = None
    ) -> tuple[tuple, tuple]:
        """Pinyin and tones of the displayed form of the cleaned-text range ``[start, end)``.

        From the readings of the displayed text; before a converted view has
        its own, from the original's where the displayed word is the original
        word, and none elsewhere (never another word's reading).
        """
        va, vb = self.to_view(start), self.to_view(end)
        source = self.view_readings
        if source is None and self.readings is not None and self.view_text[va:vb] == self.text[start:end]:
            source, va, vb = self.readings, start, end
        if source is None or vb > len(source):
            none = (None,) * (vb - va)
            return none, none
        return source.at(va, vb, style.value, presentation or self.presentation)

    def pinyin_of(self, start: int, end: int, style: Style) -> str:
        """The pinyin of the cleaned range ``[start, end)`` as this view shows it ('' when it has none)."""
        if self.to_view(end) <= self.to_view(start):
            return ""
        return join_syllables(self._reading(start, end, style)[0], spaced=self.presentation.spaced)

    def dictionary_pinyin(self, start: int, end: int) -> str:
        """The reading of ``[start, end)`` in tone numbers as a dictionary writes it: without the sandhi
        or erhua the view may show, so that it matches the dictionary's entries."""
        if self.to_view(end) <= self.to_view(start):
            return ""
        return join_syllables(self._reading(start, end, Style.NUMBERS, PinyinOptions())[0], spaced=False)

    def _lay_out(self, index: int) -> _Laid:
        block = self.blocks[index]
        indent = INDENTS.get(block.kind, 0)
        width = max(self.width - indent, MIN_WIDTH)
        tokens = self._tokens(block)
        if block.kind is BlockKind.TABLE and "\t" in block.text:
            table = layout_table(
                tokens, width, with_pinyin=self.pinyin is not None, spaced=self.presentation.spaced
            )
            if table is not None:
                return _Laid(table[0], indent, table[1])
        lines = layout(tokens, width, with_pinyin=self.pinyin is not None, spaced=self.presentation.spaced)
        if lines and lines[-1].start == lines[-1].end and len(lines) > 1:
            lines.pop()  # a trailing newline leaves no empty line inside a block
        return _Laid(lines or [Line(0, 0, (), 0)], indent)


def _cell_at(line: Line, col: int, words_only: bool) -> Cell | None:
    best: Cell | None = None
    best_d = 1 << 30
    for cell in line.cells:
        if cell.text in ("\n", "\r\n") or (words_only and not is_word(cell.text)):
            continue
        lo, hi = cell.text_col, cell.text_col + max(text_width(cell.text), 1)
        d = 0 if lo <= col < hi else (lo - col if col < lo else col - hi + 1)
        if d < best_d:
            best, best_d = cell, d
    return best
