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
from dataclasses import dataclass, field

from reader.core.cleaning import chars, patterns
from reader.core.cleaning.lines import Line
from reader.core.cleaning.tracked import Log, Tracked
from reader.core.model import BlockKind

_SENTENCE_PUNCT = re.compile(r"[，。；！？]|[,;] |[.!?](?:\s|$)")
_HEADLINE_SPACE = re.compile(f"[{chars.CJK}][ \u3000]+[{chars.CJK}A-Za-z0-9]|[A-Za-z0-9][ \u3000]+[{chars.HAN}]")
_CONTINUES = "，。、；：！？」』”’）)】》,.;:!?"
_CONTENT = re.compile(f"[{chars.HAN}]|[A-Za-z]+|\\d")
_NO_SPACE_AFTER = "，。、；：！？」』）"
FULL = 0.8  # a line this wide relative to its column was cut by the column
HEADING_MAX = 40  # Chinese characters
HEADING_MAX_SPACED = 60  # a headline in parts: 特首考察杭州科創中心 將出席…
HEADING_MAX_COMMA = 24
HEADING_MAX_LATIN = 120
_ABBREVIATION = re.compile(r"\b(?:Prof|Dr|Mr|Mrs|Ms|St|No|vs|Jr|Sr|Inc|Ltd|Co|Feb|Jan|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|e\.g|i\.e|etc|U\.S|[A-Z])\.")


@dataclass
class RawBlock:
    kind: BlockKind | None
    lines: list[Line] = field(default_factory=list)
    joined_as_heading: bool = False

    @property
    def last(self) -> Line:
        return self.lines[-1]


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
    return bool(stripped) and stripped[-1] in chars.MID_PUNCT or chars.unbalanced(text) > 0


def _column(lines: list[Line], j: int) -> int:
    """The width of the column the lines from ``j`` on are set in."""
    widths = [chars.width(lines[k].text) for k in range(j, min(j + 2, len(lines))) if not lines[k].removed]
    return max(widths, default=0)


def group(lines: list[Line], log: Log) -> list[RawBlock]:
    lines = [line for line in lines if not line.removed]
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
        block = RawBlock(patterns.starter(line.text), [line])
        i += 1
        while i < len(lines) and _joins(block, lines, i):
            block.lines.append(lines[i])
            i += 1
        blocks.append(block)
    return blocks


def _table_follows(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and "\t" in lines[i + 1].text and lines[i + 1].blank_before <= 1


def _joins(block: RawBlock, lines: list[Line], i: int) -> bool:
    a, b = block.last.text, lines[i].text
    kind = block.kind
    if kind is BlockKind.LIST_ITEM:  # judged as it will read: without inner spaces
        a = chars.INNER_SPACE.sub("", a)
    nxt = patterns.starter(b)
    if kind is BlockKind.HEADING or kind is BlockKind.TABLE:
        return False
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
    return _text_joins(block, a, b, lines, i)


def _text_joins(block: RawBlock, a: str, b: str, lines: list[Line], i: int) -> bool:
    """Paragraph and list text: does line ``b`` continue the block ending in ``a``?"""
    latin_a, latin_b = chars.is_latin_text(a), chars.is_latin_text(b)
    if b[0] in _CONTINUES and not latin_b:
        return True
    if chars.ends_sentence(a, latin=latin_a):
        return False
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
        widest = max(chars.width(line.text) for line in block.lines)
        return not latin_a or chars.width(a) >= FULL * widest
    if not is_headline(a):
        if latin_a:
            return chars.width(a) >= FULL * _column(lines, i)
        # A paragraph broken off mid-sentence goes on, but not into a short
        # phrase standing alone (a label or heading), unless that phrase is
        # as wide as the line before it (the next line of a narrow column).
        return not is_headline(b) or chars.width(b) >= FULL * chars.width(a)
    return _headline_joins(a, b, lines, i)


def _headline_joins(a: str, b: str, lines: list[Line], i: int) -> bool:
    """A short fresh line: a heading, or the first piece of a wrapped paragraph?"""
    if _HEADLINE_SPACE.search(a) or chars.is_letterspaced(a):
        return False
    full = chars.width(a) >= FULL * _column(lines, i)
    evidence = bool(_SENTENCE_PUNCT.search(b)) or chars.unbalanced(b) != 0 or bool(_SENTENCE_PUNCT.search(a))
    return full and evidence


def _caption_joins(block: RawBlock, b: str, nxt: BlockKind | None, line: Line) -> bool:
    a = block.last.text
    if nxt is not None and not (nxt is BlockKind.CAPTION and patterns.photo_credit(b)):
        return False
    if line.blank_before:
        return False
    if patterns.photo_credit(b):
        return True
    return not chars.ends_sentence(a) and not patterns.photo_credit(a)


def join_lines(block: RawBlock, log: Log) -> Tracked:
    """The block's lines as one text: without a space between Chinese, with one between words."""
    if block.kind is BlockKind.TABLE:
        out = block.lines[0].t
        for prev, line in zip(block.lines, block.lines[1:]):
            newline = prev.end if prev.end >= 0 else out.origins[-1]
            out = out + Tracked("\n", [newline]) + line.t
        return out
    out = block.lines[0].t
    caption = block.kind is BlockKind.CAPTION
    for line in block.lines[1:]:
        credit = caption and patterns.photo_credit(line.text) and out.text[-1] not in _NO_SPACE_AFTER
        out = _join_two(out, line.t, log, space=credit)
    return out


def _join_two(a: Tracked, b: Tracked, log: Log, space: bool = False) -> Tracked:
    ta, tb = a.text, b.text
    gap = a.origins[-1] + 1
    if not space and ta[-1] == "-" and len(ta) > 1 and ta[-2].isalpha() and tb[0].islower():
        log.add("join", a.origins[-1], b.origins[0], "")
        return a.slice(0, -1) + b
    cjk = re.compile(f"[{chars.CJK}]")
    if space or not (cjk.match(ta[-1]) or cjk.match(tb[0])):
        # The line break itself becomes the space (one for one); any blank
        # lines or furniture after it go.
        log.add("join", gap, gap + 1, " ")
        log.add("join", gap + 1, b.origins[0], "")
        return a + Tracked(" ", [gap]) + b
    log.add("join", gap, b.origins[0], "")
    return a + b
