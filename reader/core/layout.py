"""Interlinear layout: pinyin rows above text rows, word by word.

Each word is a column as wide as the wider of its text and its pinyin, both
measured in terminal cells (wcwidth: a CJK character takes two), so the pinyin
of a word starts exactly at the column of the word. Words whose pinyin would
otherwise touch get a one-cell gap; without pinyin, Han words sit side by side
as in ordinary Chinese typesetting.

Lines follow the basic Chinese line-breaking rules (kinsoku): a line never
starts with closing punctuation (。，」…) nor ends with opening punctuation
(「（《“), and a number stays with the unit or measure word after it (近3億元
never breaks as 近3 / 億元, nor 項目129項 as 項目129 / 項). A token wider than the
line is split by characters; nothing else is.
A newline ends a line; an empty line stays an empty line. Every character of
the text belongs to exactly one line, in order, so a position always maps to a
line and a column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from wcwidth import wcwidth

from reader.core.han import is_han
from reader.core.pinyin import Annotated, PinyinOptions, Style, annotate
from reader.core.syllables import join

__all__ = [
    "CLOSING",
    "OPENING",
    "Cell",
    "Line",
    "join_syllables",
    "layout",
    "layout_table",
    "layout_text",
    "no_break",
    "render_interlinear",
    "text_width",
    "wrap_plain",
]

# A line must not start with these.
CLOSING = frozenset(
    "。，、．，：；！？）］｝〕〉》」』】〗〙〛”’…‥·・ー々〻～—‐–"
    "!),.:;?]}%\u00bb\u203a"
    "\uff05\uff09\uff3d\uff5d\uff60\uff61\uff63\uff64\uff0e\uff0c\uff1a\uff1b\uff01\uff1f"
)
# A line must not end with these.
OPENING = frozenset("（［｛〔〈《「『【〖〘〚“‘(\\[{\u00ab\u2039\uff08\uff3b\uff5b\uff5f\uff62")
DIGITS = frozenset("0123456789０１２３４５６７８９")


def no_break(before: str, after: str) -> bool:
    """Whether a line may not break between the texts ``before`` and ``after``."""
    return (
        after[:1] in CLOSING or before[-1:] in OPENING or (before[-1:] in DIGITS and is_han(after[:1]))
    )  # a number and its unit: 3億元, 129項


@dataclass(frozen=True, slots=True)
class Cell:
    """One column of a laid-out line: a word, a punctuation mark or a space.

    ``col`` is the column of both the pinyin and the text (they are
    left-aligned, so a word's pinyin always starts where the word starts);
    ``width`` is the wider of the two.
    """

    start: int
    end: int
    text: str
    pinyin: tuple[str | None, ...]
    tones: tuple[int | None, ...]
    col: int
    width: int
    text_col: int
    pinyin_text: str

    def syllables(self) -> list[tuple[int, str, int | None]]:
        """``(column, syllable, tone)`` of every syllable drawn above the cell (for tone colours).

        Each syllable is found in ``pinyin_text`` in turn, so the columns are
        right however the syllables were joined (together, spaced, erhua).
        """
        out: list[tuple[int, str, int | None]] = []
        text, pos = self.pinyin_text, 0
        for py, tone in zip(self.pinyin, self.tones):
            if py is None:
                continue
            found = text.find(py, pos)
            at = found if found >= 0 else pos
            lead = text[pos:at].lstrip(" ")  # an apostrophe before the syllable (xī'ān) is drawn with it
            out.append((self.col + text_width(text[: at - len(lead)]), lead + py, tone))
            pos = at + len(py)
        return out


@dataclass(frozen=True, slots=True)
class Line:
    """One terminal line: its text range and cells; ``width`` is the cells used."""

    start: int
    end: int
    cells: tuple[Cell, ...]
    width: int

    @property
    def has_pinyin(self) -> bool:
        return any(c.pinyin_text for c in self.cells)


_widths: dict[str, int] = {}


def text_width(text: str) -> int:
    """Terminal cells ``text`` takes (control characters 0, a tab 1)."""
    w = _widths.get(text)
    if w is None:
        w = 0
        for ch in text:
            cw = wcwidth(ch)
            if cw < 0:
                cw = 1 if ch in "\t\x0c" else 0  # the raw view shows both as one cell
            w += cw
        if len(_widths) < 200_000:
            _widths[text] = w
    return w


def join_syllables(pinyin: Iterable[str | None], *, spaced: bool = False) -> str:
    """Syllables written together, as words are in pinyin (zhōngguó), or apart when ``spaced``.

    Together, syllables carry no separator (nor apostrophe: xī'ān is drawn
    xīān) so that a column is as narrow as it can be; zhuyin syllables are
    always spaced because they have no letters that show where one ends; an
    erhua r joins the syllable before it (yīhuìr).
    """
    return join(list(pinyin), spaced=spaced)


_measured: dict[tuple[str, tuple[str | None, ...], bool], tuple[str, int]] = {}


def _measure(text: str, pinyin: tuple[str | None, ...], spaced: bool = False) -> tuple[str, int]:
    """The pinyin drawn above ``text`` and the width of the column (words repeat: cached)."""
    py_text = join_syllables(pinyin, spaced=spaced)
    return py_text, max(text_width(text), text_width(py_text) if py_text else 0)


def _split(tok: Annotated, limit: int, with_pinyin: bool, spaced: bool = False) -> list[Annotated]:
    """Split a token wider than ``limit`` into pieces that fit, by characters.

    A single character (with its syllable) wider than ``limit`` stays whole:
    nothing narrower can show it.
    """
    pieces: list[Annotated] = []
    i = 0
    n = len(tok.text)
    while i < n:
        j = i
        wt = 0
        while j < n:
            wt += text_width(tok.text[j])
            pw = text_width(join_syllables(tok.pinyin[i : j + 1], spaced=spaced)) if with_pinyin else 0
            if j > i and max(wt, pw) > limit:
                break
            j += 1
        pieces.append(Annotated(tok.text[i:j], tok.start + i, tok.start + j, tok.pinyin[i:j], tok.tones[i:j]))
        i = j
    return pieces


def _runs(tokens: Sequence[Annotated]) -> Iterator[Annotated]:
    """Words mixing read and unread characters (10多年, AI發展) as runs of one or the other.

    A column's pinyin starts where the column starts, so a word whose first
    characters have no reading is drawn as two columns: the syllables then
    stand over their own characters, not over the digits or letters.
    """
    for tok in tokens:
        py = tok.pinyin
        first = py[0] is None if py else True
        if all((p is None) == first for p in py):
            yield tok
            continue
        i, n = 0, len(py)
        while i < n:
            unread = py[i] is None
            j = i + 1
            while j < n and (py[j] is None) == unread:
                j += 1
            yield Annotated(tok.text[i:j], tok.start + i, tok.start + j, py[i:j], tok.tones[i:j])
            i = j


def layout(tokens: Sequence[Annotated], width: int, *, with_pinyin: bool, spaced: bool = False) -> list[Line]:
    """Lay ``tokens`` (in text order, covering a text) out on lines of ``width`` cells.

    ``spaced`` writes the syllables of a word apart (xiāng gǎng).
    """
    width = max(width, 1)
    if with_pinyin:
        tokens = list(_runs(tokens))
    lines: list[Line] = []
    row: list[Cell] = []
    col = 0  # next free column on the current line
    line_start = tokens[0].start if tokens else 0

    def flush(end: int) -> None:
        nonlocal row, col, line_start
        used = max((c.col + c.width for c in row), default=0)
        lines.append(Line(line_start, end, tuple(row), used))
        row = []
        col = 0
        line_start = end

    for tok in tokens:
        text = tok.text
        if text == "\n" or text == "\r\n":
            row.append(
                Cell(tok.start, tok.end, text, (None,) * len(text), (None,) * len(text), col, 0, col, "")
            )
            flush(tok.end)
            continue
        if with_pinyin:
            key = (text, tok.pinyin, spaced)
            measured = _measured.get(key)
            if measured is None:
                measured = _measure(text, tok.pinyin, spaced)
                if len(_measured) < 200_000:
                    _measured[key] = measured
            py_text, w = measured
        else:
            py_text, w = "", text_width(text)
        if w > width:
            # Only a token wider than a whole line is broken.
            if row:
                flush(tok.start)
            for piece in _split(tok, width, with_pinyin, spaced):
                py = join_syllables(piece.pinyin, spaced=spaced) if with_pinyin else ""
                pwid = max(text_width(piece.text), text_width(py) if py else 0)
                if row:
                    flush(piece.start)
                row.append(
                    Cell(piece.start, piece.end, piece.text, piece.pinyin, piece.tones, 0, pwid, 0, py)
                )
                col = pwid
            continue
        gap = 1 if (py_text and row and row[-1].pinyin_text) else 0
        if col + gap + w <= width:
            x = col + gap
            row.append(Cell(tok.start, tok.end, text, tok.pinyin, tok.tones, x, w, x, py_text))
            col = x + w
            continue
        if text.isspace():
            # Spaces at a break hang at the end of the line, taking what room is left.
            row.append(
                Cell(
                    tok.start, tok.end, text, tok.pinyin, tok.tones, col, max(0, min(w, width - col)), col, ""
                )
            )
            col = max(col, width)
            continue
        # Break before this token, moving back over cells that may not end or start a line.
        carry: list[Cell] = []
        if row and no_break(row[-1].text, text):
            k = len(row)
            while k > 1 and no_break(row[k - 1].text, text if k == len(row) else row[k].text):
                k -= 1
            if k > 0:
                carry = row[k:]
                row = row[:k]
        if row:
            flush(carry[0].start if carry else tok.start)
        for c in carry:
            g = 1 if (c.pinyin_text and row and row[-1].pinyin_text) else 0
            x = col + g
            row.append(Cell(c.start, c.end, c.text, c.pinyin, c.tones, x, c.width, x, c.pinyin_text))
            col = x + c.width
        gap = 1 if (py_text and row and row[-1].pinyin_text) else 0
        if col + gap + w > width and row:
            # The carried cells leave no room: give up on the rule rather than overflow.
            flush(tok.start)
            gap = 0
        x = col + gap
        row.append(Cell(tok.start, tok.end, text, tok.pinyin, tok.tones, x, w, x, py_text))
        col = x + w
    end = tokens[-1].end if tokens else 0
    if row or not lines or (tokens and tokens[-1].text in ("\n", "\r\n")):
        flush(end)
    return lines


TABLE_GAP = 3  # " │ " between columns


def layout_table(
    tokens: Sequence[Annotated], width: int, *, with_pinyin: bool, spaced: bool = False
) -> tuple[list[Line], tuple[int, ...]] | None:
    """Rows of a table with aligned columns and the columns' starts; None when it does not fit."""
    rows: list[list[list[Annotated]]] = [[[]]]
    for tok in tokens:
        if tok.text == "\n":
            rows.append([[]])
        elif tok.text == "\t":
            rows[-1].append([])
        else:
            rows[-1][-1].append(tok)
    laid_rows: list[list[Line | None]] = [
        [layout(cell, 10_000, with_pinyin=with_pinyin, spaced=spaced)[0] if cell else None for cell in row]
        for row in rows
    ]
    ncols = max(len(r) for r in laid_rows)
    widths = [0] * ncols
    for r in laid_rows:
        for c, ln in enumerate(r):
            if ln is not None:
                widths[c] = max(widths[c], ln.width)
    if sum(widths) + TABLE_GAP * (ncols - 1) > width:
        return None
    lines: list[Line] = []
    starts = [sum(widths[:c]) + TABLE_GAP * c for c in range(ncols)]
    for r, toks in zip(laid_rows, rows):
        cells: list[Cell] = []
        for c, ln in enumerate(r):
            if ln is not None:
                cells.extend(
                    replace(cell, col=cell.col + starts[c], text_col=cell.text_col + starts[c])
                    for cell in ln.cells
                )
        flat = [t for cell in toks for t in cell]
        start = flat[0].start if flat else (cells[0].start if cells else 0)
        end = flat[-1].end if flat else start
        lines.append(Line(start, end, tuple(cells), starts[-1] + widths[-1]))
    return lines, tuple(starts)


def layout_text(
    text: str, width: int, *, style: Style | None, options: PinyinOptions | None = None
) -> list[Line]:
    """Annotate and lay out ``text``; ``style=None`` lays out without pinyin."""
    if style is None:
        # No pinyin shown: skip the lookups, words still decide where lines break.
        from reader.core.segment import segment

        tokens = [
            Annotated(t.text, t.start, t.end, (None,) * len(t.text), (None,) * len(t.text))
            for t in segment(text)
        ]
        return layout(tokens, width, with_pinyin=False)
    options = options or PinyinOptions()
    return layout(annotate(text, style, options), width, with_pinyin=True, spaced=options.spaced)


def render_interlinear(lines: list[Line]) -> str:
    """Plain text for the command line: a pinyin row above each text row, aligned by cells."""
    out: list[str] = []
    for line in lines:
        top: list[str] = []
        bottom: list[str] = []
        tcol = bcol = 0
        for cell in line.cells:
            if cell.text in ("\n", "\r\n"):
                continue
            if cell.pinyin_text:
                top.append(" " * (cell.col - tcol) + cell.pinyin_text)
                tcol = cell.col + text_width(cell.pinyin_text)
            bottom.append(" " * (cell.text_col - bcol) + cell.text.replace("\t", " "))
            bcol = cell.text_col + text_width(cell.text)
        if line.has_pinyin:
            out.append("".join(top).rstrip())
        out.append("".join(bottom).rstrip())
    return "\n".join(out)


def wrap_plain(text: str, width: int) -> list[tuple[int, int]]:
    """Screen lines of ``text`` wrapped by characters at ``width`` cells: ``(start, end)`` each.

    For the raw view, which shows the source as it came in: no words, no
    kinsoku, every newline a line break (the newline belongs to its line).
    """
    width = max(width, 2)
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        stop = n if nl < 0 else nl
        line = text[pos:stop]
        if len(line) * 2 <= width or text_width(line) <= width:
            out.append((pos, stop + (0 if nl < 0 else 1)))
        else:
            start, col = pos, 0
            for i in range(pos, stop):
                w = text_width(text[i])
                if col + w > width and i > start:
                    out.append((start, i))
                    start, col = i, 0
                col += w
            out.append((start, stop + (0 if nl < 0 else 1)))
        if nl < 0:
            break
        pos = nl + 1
    return out
