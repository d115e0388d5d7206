"""Blocks into the final document: kinds, block-level repairs, separators, title."""

from __future__ import annotations

import re
from bisect import bisect_right

from reader.core.cleaning import chars, dedupe, patterns
from reader.core.cleaning.blocks import RawBlock, is_headline, join_lines
from reader.core.cleaning.runs import Runs
from reader.core.cleaning.tracked import Log, Tracked
from reader.core.model import BLOCK_SEPARATOR, Block, BlockKind

_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_TAB = re.compile(r"\t")
_SPACE_AFTER_SPACE = re.compile(r"(?<= ) +")
_CONTENT = re.compile(f"[{chars.HAN}].*[{chars.HAN}]|[A-Za-z]{{2,}}")
_FIRST_SENTENCE = re.compile(r"^.+?(?:[。！？!?]|$)")
TITLE_MAX = 60
SHORT_LINE = 30


def kind_of(block: RawBlock, text: str) -> BlockKind:
    if block.kind is not None:
        return block.kind
    if is_headline(text):
        return BlockKind.HEADING if _CONTENT.search(text) else BlockKind.OTHER
    return BlockKind.PARAGRAPH


def finish(raw: RawBlock, log: Log) -> tuple[BlockKind, Tracked, int, list[tuple[int, int]]]:
    """Join a block's lines and repair its text: ``(kind, text, level, emphasis)``."""
    t = join_lines(raw, log)
    if raw.kind is not BlockKind.TABLE:
        for deletions in dedupe.undouble_fully(t.text):
            before = t
            t = t.edit([(a, b, "") for a, b in deletions], "dedupe", None)
            log.add("dedupe", before.first_origin(), before.last_origin() + 1, t.text)
    t = chars.in_pieces(t, lambda piece: chars.fix_all_punctuation(piece, log))  # now across the joins
    kind = kind_of(raw, t.text)
    level = 0
    if kind is BlockKind.HEADING:
        m = patterns.MARKDOWN_HEADING.match(t.text)
        if m:
            level = 1 if len(m.group(1)) == 1 else 2
            t = t.edit([(0, m.end(), "")], "markdown", log)
    if kind is not BlockKind.TABLE and "\t" in t.text:
        # One space per tab (a one-to-one repair), then the run closed up (deletions only),
        # so every character left maps back exactly; and the spaces around
        # punctuation go, as in a line without tabs (see lines.normalise).
        t = chars.in_pieces(t, lambda piece: _untab(piece, log))
    emphasis: list[tuple[int, int]] = []
    if "**" in t.text:  # first: a space between Chinese may stand next to a marker (旧**  答案)
        t, emphasis = _emphasis(t, log)
    if kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE, BlockKind.VERSE):
        clause = patterns.CLAUSE.match(t.text)  # 第三条 keeps the space after its number
        keep = clause.end() if clause else -1
        if emphasis:
            emphasis = _after_deletions(
                emphasis, [m.span() for m in chars.INNER_SPACE.finditer(t.text) if m.start() != keep]
            )
        first = [True]

        def inner(piece: Tracked) -> Tracked:
            out = chars.remove_inner_spaces(piece, log, keep=keep if first[0] else -1)
            first[0] = False
            return out

        t = chars.in_pieces(t, inner)
    return kind, t, level, emphasis


def _after_deletions(ranges: list[tuple[int, int]], deleted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` moved to where they stand once the ``deleted`` spans (sorted) are gone."""
    starts = [a for a, _ in deleted]
    gone = [0]
    for a, b in deleted:
        gone.append(gone[-1] + b - a)

    def moved(pos: int) -> int:
        k = bisect_right(starts, pos - 1)  # deletions that start before pos
        return pos - gone[k] + max(0, deleted[k - 1][1] - pos) if k else pos

    return [(moved(a), moved(b)) for a, b in ranges]


def _untab(t: Tracked, log: Log) -> Tracked:
    t = t.sub(_TAB, " ", "whitespace", log).sub(_SPACE_AFTER_SPACE, "", "whitespace", log)
    return chars.remove_punct_spaces(chars.collapse_spaces(t, log), log)


def _emphasis(t: Tracked, log: Log) -> tuple[Tracked, list[tuple[int, int]]]:
    edits: list[tuple[int, int, str]] = []
    ranges: list[tuple[int, int]] = []
    for k, m in enumerate(_EMPHASIS.finditer(t.text)):
        edits.append((m.start(), m.start() + 2, ""))
        edits.append((m.end() - 2, m.end(), ""))
        start = m.start() - 4 * k
        ranges.append((start, start + len(m.group(1))))
    if not edits:
        return t, []
    return t.edit(edits, "markdown", log), ranges


def assemble(raws: list[RawBlock], log: Log, source: str) -> tuple[str, Runs, list[Block]]:
    """The cleaned text, the origins of its characters, and its blocks."""
    parts: list[str] = []
    origins = Runs()
    blocks: list[Block] = []
    pos = 0
    seen_heading = False
    for raw in raws:
        kind, t, level, emphasis = finish(raw, log)
        raw.lines.clear()  # the block's lines are let go as it is done
        if not t.text:
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            for origin in _separator(origins.last() + 1, source):
                origins.append(origin, 1)
            pos += len(BLOCK_SEPARATOR)
        if kind is BlockKind.HEADING and not level:
            level = 2 if seen_heading else 1
        if kind is BlockKind.HEADING:
            seen_heading = True
        parts.append(t.text)
        t.copy_origins(origins)
        end = pos + len(t.text)
        spans = tuple((pos + a, pos + b) for a, b in emphasis)
        # A run that only checks the text (no change log kept) needs the blocks' kinds, not their texts.
        blocks.append(Block(kind, pos, end, t.text if log.keep else "", level, spans))
        pos = end
    return "".join(parts), origins, blocks


def _separator(gap: int, source: str) -> list[int]:
    """Origins for a block separator: the source's own newlines where they are."""
    if source.startswith("\n\n", gap):
        return [gap, gap + 1]
    if source.startswith("\n", gap):
        return [gap, gap]
    return [gap - 1, gap - 1]  # inserted: a block split inside a line


def title_of(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            return block.text.replace("\n", " ")
    for block in blocks:
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.OTHER, BlockKind.LIST_ITEM, BlockKind.QUOTE):
            first = block.text.split("\n", 1)[0]
            if len(first) <= SHORT_LINE:
                return first
            m = _FIRST_SENTENCE.match(first)
            sentence = m.group() if m else first
            return sentence if len(sentence) <= TITLE_MAX else sentence[:TITLE_MAX] + "…"
    return blocks[0].text.split("\n", 1)[0][:TITLE_MAX] if blocks else ""
