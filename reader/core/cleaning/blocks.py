"""Lines into blocks: hard wraps and broken paragraphs joined, block kinds decided.

A paragraph goes on to the next line unless there is evidence it ended: the
line ends a sentence (。！？…, perhaps inside closing quotes), the next line
starts a block of its own (list item, caption, byline, credit, table row),
the script changes (an English line after Chinese), or the line is a short
phrase standing alone (a heading). A short line joins the next only when it
was cut at the column width: as wide as the lines that follow, with sentence
punctuation around it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reader.core.cleaning import chars, patterns, verse
from reader.core.cleaning.lines import Line
from reader.core.cleaning.tracked import Log, Tracked
from reader.core.model import BlockKind

_SENTENCE_PUNCT = re.compile(r"[，。；！？]|[,;] |[.!?](?:\s|$)")
_HEADLINE_SPACE = re.compile(
    f"[{chars.CJK}][ \u3000]+[{chars.CJK}A-Za-z0-9]|[A-Za-z0-9][ \u3000]+[{chars.HAN}]"
)
_CONTINUES = "，。、；：！？」』”’）)】》,.;:!?"
_CONTENT = re.compile(f"[{chars.HAN}]|[A-Za-z]+|\\d")
_NO_SPACE_AFTER = "，。、；：！？」』）"
_WRAPPED_LINE = re.compile(r"[，。、；：！？]")
MIN_WRAPPED = 3  # lines of one width that show the text was wrapped at it
FULL = 0.8  # a line this wide relative to its column was cut by the column
HEADING_MAX = 40  # Chinese characters
HEADING_MAX_SPACED = 60  # a headline in parts: 特首考察杭州科創中心 將出席…
HEADING_MAX_COMMA = 24
HEADING_MAX_LATIN = 120
INDENT = 4  # display width of a paragraph's first-line indent (two CJK characters)
GOES_ON = 6  # lines looked at for the punctuation that shows text cut by its column
HEADING_FULL = 0.65  # of the column's width, a line of a larger heading that was cut by the column fills
_ABBREVIATION = re.compile(
    r"\b(?:Prof|Dr|Mr|Mrs|Ms|St|No|vs|Jr|Sr|Inc|Ltd|Co|Feb|Jan|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|e\.g|i\.e|etc|U\.S|[A-Z])\."
)


@dataclass(slots=True)
class RawBlock:
    kind: BlockKind | None
    lines: list[Line] = field(default_factory=list)
    depth: int = 0  # brackets and quotes the block's lines leave open
    widest: int = 0  # display width of its widest line (kept as lines come, not recounted)

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.depth += chars.unbalanced(line.text)
        self.widest = max(self.widest, chars.width(line.text))

    @property
    def last(self) -> Line:
        return self.lines[-1]


@chars.line_cached
def is_headline(text: str) -> bool:
    """Short and without sentence punctuation: could stand alone as a heading.

    One comma is allowed in a short line (``相比AI，人类的智慧具有无限创造力``).
    """
    if chars.is_latin_text(text):
        if len(text) > HEADING_MAX_LATIN:
            return False
        plain = _ABBREVIATION.sub("", text)
        if chars.ends_sentence(plain, latin=True) and not plain.rstrip().endswith(":"):
            return False
        return not re.search(r"[.!?;](?:\s|$)", plain) and (plain.count(", ") <= 1 or _title_case(plain))
    limit = HEADING_MAX_SPACED if _HEADLINE_SPACE.search(text) else HEADING_MAX
    if len(text) > limit or chars.ends_sentence(text) or re.search(r"[。；！？]", text):
        return False
    commas = len(re.findall(r"[，,]", text))
    return commas == 0 or (commas == 1 and len(text) <= HEADING_MAX_COMMA)


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _open_end(text: str) -> bool:
    """Ends mid-sentence: a comma-like mark or an unclosed bracket."""
    stripped = text.rstrip("*")
    return (bool(stripped) and stripped[-1] in chars.MID_PUNCT) or chars.unbalanced(text) > 0


def _column(lines: list[Line], j: int) -> int:
    """The width of the column the lines from ``j`` on are set in."""
    widths = [lines[k].width for k in range(j, min(j + 2, len(lines))) if not lines[k].removed]
    return max(widths, default=0)


def column_widths(lines: list[Line]) -> frozenset[int]:
    """Widths at which the text was wrapped: shared by three or more lines cut mid-sentence.

    A line cut by the column has punctuation inside it or ends on a comma,
    and does not end a sentence; headings and one-paragraph-a-line text
    leave no such evidence. A line met again (a text that repeats itself)
    is no new evidence.
    """
    counts: Counter[int] = Counter()
    seen: set[str] = set()
    for line in lines:
        text = line.text
        if len(text) < 6 or text in seen or chars.is_latin_text(text) or chars.ends_sentence(text):
            continue
        if _WRAPPED_LINE.search(text) or text[-1] in chars.MID_PUNCT:
            counts[line.width] += 1
            seen.add(text)
    # The commonest width of each cluster (a full line; the others are
    # indented first lines or lines with narrower Latin and digits).
    return frozenset(
        w
        for w, n in counts.items()
        if sum(c for x, c in counts.items() if abs(x - w) <= 2) >= MIN_WRAPPED
        and all(n > c or (n == c and w > x) for x, c in counts.items() if 0 < abs(x - w) <= 4)
    )


def _column_of(line: Line, columns: frozenset[int]) -> int | None:
    """The column width ``line`` fills, if any.

    Widths are counted, not measured: Latin letters, digits and quotes set
    narrower or wider than counted, a first line may be indented and a
    hanging mark may stick out, so "fills" is within a few characters.
    """
    w = line.width
    fits = [c for c in columns if c - max(2.5, 0.04 * c) <= w <= c + max(4, 0.1 * c)]
    return min(fits, key=lambda c: abs(c - w)) if fits else None


def blank_lines_reliable(lines: list[Line], columns: frozenset[int]) -> bool:
    """Blank lines mark paragraphs here, not every line (as pdfminer.six writes some pages).

    They do unless many of them come after a line cut mid-sentence: one that
    ends on a comma, or does not end a sentence and is long or fills a column.
    """
    after = [lines[k - 1] for k in range(1, len(lines)) if lines[k].blank_before]
    cut = sum(1 for line in after if _cut(line, columns, strict=True))
    return cut <= 0.3 * len(after)


def _cut(line: Line, columns: frozenset[int], strict: bool = False) -> bool:
    """Did this line stop where the column or page did, mid-sentence?

    ``strict`` also counts a short line with a comma in it, which may be a
    heading but may as well be cut (when judging a whole document).
    """
    a = line.text
    if _open_end(a):
        return True
    if chars.ends_sentence(a, chars.is_latin_text(a)):
        return False
    if strict and re.search("[，,]", a):
        return True
    if columns and _column_of(line, columns) is not None:
        return True
    return not columns and not is_headline(a)


def group(lines: list[Line], log: Log) -> list[RawBlock]:
    lines = [line for line in lines if not line.removed]
    columns = column_widths(lines)
    verse.mark(lines, columns)
    _mark_bold_runs(lines, columns)
    blanks = blank_lines_reliable(lines, columns)
    blocks: list[RawBlock] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.text.strip("\t") and _table_follows(lines, i):
            j = i
            block = RawBlock(BlockKind.TABLE)
            while j < len(lines) and "\t" in lines[j].text and (j == i or lines[j].blank_before <= 1):
                block.lines.append(lines[j])
                j += 1
            blocks.append(block)
            i = j
            continue
        block = RawBlock(BlockKind.VERSE if line.verse else patterns.starter(line.text))
        block.add(line)
        i += 1
        while i < len(lines) and _joins(block, lines, i, columns, blanks):
            block.add(lines[i])
            i += 1
            if (
                len(block.lines) == 2
                and block.kind is BlockKind.OTHER
                and not block.lines[0].text.strip(chars.OPENERS)
            ):
                block.kind = patterns.starter(
                    block.lines[1].text
                )  # a lone opening quote takes the kind of what it opens
        blocks.append(block)
    return blocks


def _mark_bold_runs(lines: list[Line], columns: frozenset[int]) -> None:
    """Set ``bold_run`` on runs of fake-bold lines that read as headings: the width a heading line fills.

    A line that fills a column of the text is text (a lead paragraph in fake bold), not a heading.
    """

    def heading(line: Line) -> bool:
        return line.bold and is_headline(line.text) and _column_of(line, columns) is None

    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and heading(lines[j]) and (j == i or not lines[j].blank_before):
            j += 1
        widest = max((line.width for line in lines[i:j]), default=0)
        for line in lines[i:j]:
            line.bold_run = widest
        i = max(j, i + 1)


def _bold_boundary(a: Line, b: Line) -> bool:
    """Fake bold starts or stops between two lines that end and start a heading or a sentence.

    A heading in fake bold ends where plain text starts, and plain text ends
    where a heading in fake bold starts; a lead paragraph in fake bold ends
    with its sentence.
    """
    if a.bold == b.bold:
        return False
    if a.bold:
        return chars.ends_sentence(a.text) or (is_headline(a.text) and not _open_end(a.text))
    return is_headline(b.text) and not _open_end(a.text)


def _heading_wraps(a: Line, b: Line, columns: frozenset[int]) -> bool:
    """A heading in fake bold, cut by its column: the line before is as wide as the heading's lines get.

    Set larger than the text, a heading line fills its column with fewer
    characters: one that fills less than ``HEADING_FULL`` of it ended where
    the heading did (a title over its subtitle).
    """
    if not (a.bold_run and b.bold_run) or a.width < 0.9 * a.bold_run or a.width < b.width:
        return False
    column = min((c for c in columns if c + 4 >= a.width), default=0)
    return a.width >= HEADING_FULL * column > 0


def _table_follows(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and "\t" in lines[i + 1].text and lines[i + 1].blank_before <= 1


def _joins(
    block: RawBlock, lines: list[Line], i: int, columns: frozenset[int] = frozenset(), blanks: bool = False
) -> bool:
    a, b = block.last.text, lines[i].text
    kind = block.kind
    if kind is BlockKind.LIST_ITEM:  # judged as it will read: without inner spaces
        a = chars.INNER_SPACE.sub("", a)
    if kind is BlockKind.HEADING or kind is BlockKind.TABLE:
        return False
    if kind is BlockKind.VERSE or lines[i].verse:
        return kind is BlockKind.VERSE and lines[i].verse and not lines[i].blank_before
    if not b.strip(chars.CLOSERS) and chars.unbalanced(b) < 0:
        return True  # a closing quote left alone on its line belongs to the paragraph it closes
    if len(block.lines) == 1 and a and not a.strip(chars.OPENERS):
        return True  # and an opening one to the paragraph it opens
    nxt = patterns.starter(b)
    if "\t" in b.strip("\t") and _table_follows(lines, i):
        return False
    if kind is BlockKind.CAPTION:
        return _caption_joins(block, b, nxt, lines[i])
    if nxt is not None:
        return False
    if kind in (BlockKind.BYLINE, BlockKind.CREDIT, BlockKind.OTHER):
        return _open_end(a) and lines[i].blank_before == 0
    if lines[i].indent and not block.last.indent:
        return False
    if blanks and lines[i].blank_before and block.depth <= 0 and not _cut(block.last, columns):
        return False  # a blank line ends a paragraph (and a short line before one is a heading)
    if block.depth <= 0 and _bold_boundary(block.last, lines[i]):
        return False
    if lines[i].bold_run and all(line.bold_run for line in block.lines):
        return _heading_wraps(block.last, lines[i], columns)
    if lines[i].blank_before and patterns.CHAPTER.match(b) and is_headline(b):
        return False  # 第89章 after a blank line opens a chapter, even after a paragraph ending in ：
    return _text_joins(block, a, b, lines, i, columns)


def _text_joins(block: RawBlock, a: str, b: str, lines: list[Line], i: int, columns: frozenset[int]) -> bool:
    """Paragraph and list text: does line ``b`` continue the block ending in ``a``?"""
    latin_a, latin_b = chars.is_latin_text(a), chars.is_latin_text(b)
    if b[0] in _CONTINUES and not latin_b:
        return True
    if chars.ends_sentence(a, latin=latin_a):
        if patterns.CLAUSE.match(b):
            return False  # the next article of a statute: 第四条……
        return not latin_a and _wrapped_at_sentence_end(block, b, lines[i], columns)
    if (not latin_a and a[-1] in "，、") or block.depth > 0:
        return True  # mid-sentence, whatever script comes next (a URL, a name), or inside brackets
    if latin_a != latin_b and (latin_a or latin_b):
        return False
    if _open_end(a) or (len(block.lines) == 1 and patterns.DATELINE.match(a) and len(a) <= 30):
        return True
    if latin_a and b[0].islower():
        return True
    if latin_a and is_headline(a):
        return False
    if latin_a and b[0].isdigit():
        return True
    if len(block.lines) > 1:
        return not latin_a or chars.width(a) >= FULL * block.widest
    if not is_headline(a) or block.kind is BlockKind.PARAGRAPH:  # an article of a statute is no heading
        if latin_a:
            return chars.width(a) >= FULL * _column(lines, i)
        # A paragraph broken off mid-sentence goes on, but not into a short
        # phrase standing alone (a label or heading), unless that phrase is
        # as wide as the line before it (the next line of a narrow column).
        return not is_headline(b) or chars.width(b) >= FULL * chars.width(a)
    return _headline_joins(a, b, lines, i, block.last, columns)


def _wrapped_at_sentence_end(block: RawBlock, b: str, line: Line, columns: frozenset[int]) -> bool:
    """A sentence that ends at the end of a full line: the paragraph may well go on.

    It does when the line filled the column and the next line, set in the
    same column, starts no block of its own: not after a blank line, not
    indented, not a short phrase standing alone (a heading).
    """
    if block.kind is not None or line.blank_before or not columns or chars.is_latin_text(b):
        return False
    column = _column_of(block.last, columns)
    if column is None:
        return False
    if column - 1.5 <= line.width <= column + 3:
        return True  # the next line fills the same column: the text goes on
    # A narrower next line that goes on is the indented first line of a new
    # paragraph; one that ends a sentence may be the last line of this one.
    return line.width < column and chars.ends_sentence(b) and not is_headline(b)


def _headline_joins(a: str, b: str, lines: list[Line], i: int, last: Line, columns: frozenset[int]) -> bool:
    """A short fresh line: a heading, or the first piece of a wrapped paragraph?

    It is the indented first line of a paragraph when it falls short of the
    column by an indent and the next line fills the column and goes on (cut
    mid-sentence, or followed by another line that fills the column).
    """
    if _HEADLINE_SPACE.search(patterns.CLAUSE.sub("", a)) or chars.is_letterspaced(a):
        return False
    column = _column_of(lines[i], columns) if columns and last.bold == lines[i].bold else None
    if column is not None and abs(last.width - (column - INDENT)) <= 1 and _goes_on(lines, i, column):
        return True
    full = last.width >= FULL * _column(lines, i)
    evidence = bool(_SENTENCE_PUNCT.search(b)) or chars.unbalanced(b) != 0 or bool(_SENTENCE_PUNCT.search(a))
    return full and evidence


def _goes_on(lines: list[Line], i: int, column: int) -> bool:
    """Text set in ``column`` from line ``i``: lines that fill it, up to one with punctuation in it.

    (Short labels stacked in a narrow box, 香港中文大学（深圳） / 程序设计竞赛队伍指导老师, have none.)
    """
    for line in lines[i : i + GOES_ON]:
        if line is not lines[i] and (line.blank_before or _column_of(line, frozenset([column])) != column):
            return False
        if _WRAPPED_LINE.search(line.text) or line.text[-1] in chars.MID_PUNCT:
            return True
    return False


def _caption_joins(block: RawBlock, b: str, nxt: BlockKind | None, line: Line) -> bool:
    a = block.last.text
    if nxt is not None and not (nxt is BlockKind.CAPTION and patterns.photo_credit(b)):
        return False
    if line.blank_before:
        return False
    if patterns.photo_credit(b):
        return True
    return not chars.ends_sentence(a) and not patterns.photo_credit(a) and not patterns.ends_with_credit(a)


def join_lines(block: RawBlock, log: Log) -> Tracked:
    """The block's lines as one text: without a space between Chinese, with one between words.

    Table rows and lines of verse keep their breaks.
    """
    pieces = [block.lines[0].t]
    if block.kind is BlockKind.TABLE or block.kind is BlockKind.VERSE:
        for prev, line in zip(block.lines, block.lines[1:]):
            newline = prev.end if prev.end >= 0 else pieces[-1].last_origin()
            pieces += [Tracked.at("\n", newline), line.t]
        return Tracked.concat(pieces)
    caption = block.kind is BlockKind.CAPTION
    for line in block.lines[1:]:
        credit = caption and patterns.photo_credit(line.text) and pieces[-1].text[-1] not in _NO_SPACE_AFTER
        _join_two(pieces, line.t, log, space=credit)
    return Tracked.concat(pieces)


_CJK_CHAR = re.compile(f"[{chars.CJK}]")


def _join_two(pieces: list[Tracked], b: Tracked, log: Log, space: bool = False) -> None:
    """Append ``b`` to the text in ``pieces``, with what goes between them."""
    a = pieces[-1]
    ta, tb = a.text, b.text
    gap = a.last_origin() + 1
    if not space and ta[-1] == "-" and len(ta) > 1 and ta[-2].isalpha() and tb[0].islower():
        log.add("join", a.last_origin(), b.first_origin(), "")
        pieces[-1] = a.slice(0, -1)
        pieces.append(b)
        return
    if space or not (_CJK_CHAR.match(ta[-1]) or _CJK_CHAR.match(tb[0])):
        # The line break itself becomes the space (one for one); any blank
        # lines or furniture after it go.
        log.add("join", gap, gap + 1, " ")
        log.add("join", gap + 1, b.first_origin(), "")
        pieces += [Tracked.at(" ", gap), b]
        return
    log.add("join", gap, b.first_origin(), "")
    pieces.append(b)
