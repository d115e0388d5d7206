"""Fake-bold doubling from PDFs, inside one line.

Some PDFs draw bold text twice (or three times) with a small offset, and text
extraction then writes every run of glyphs twice: ``習近平主席習近平主席``, or
glyph by glyph: ``習習近近平平``. A line is repaired only when nearly all of it
parses as a sequence of chunks each written two or three times (found by a
dynamic programme), so genuine reduplication in ordinary text (謝謝, 研究研究,
高高興興) is left alone. Short lines (``圳圳``) are repaired only next to a
line that is clearly doubled, or, when they stand alone as a heading would,
in a document that shows fake bold elsewhere.

Copies written as lines of their own are found by :mod:`.copies`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.cleaning import chars

MAX_CHUNK = 60
_INF = 1 << 30
_UNCOVERED = 1000  # cost of a character that is not part of a repeated chunk
_STARTS_REPEATED = re.compile(rf"[ \u3000]*(.{{1,{MAX_CHUNK}}}?)\1", re.S)
_SPACES = " \u3000\t"
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")

MAX_PARSE = 10_000  # characters: a fake-bold line is a line of a page, never a whole text
STRONG_LENGTH = 12  # characters a line needs to be repaired on its own evidence
GLYPH_CHUNKS = (
    6  # doubled chunks that show a line was drawn glyph by glyph (with GLYPH_SHARE of one character)
)
GLYPH_SHARE = 0.8

Chunk = tuple[int, int, int]  # start, length, copies


def parse(line: str, max_chunk: int = MAX_CHUNK) -> tuple[list[Chunk], int] | None:
    """Parse ``line`` as repeated chunks; ``(chunks, uncovered)`` or ``None``.

    Each chunk is ``(start, length, copies)``; spaces may stand between
    chunks once. The parse with the fewest uncovered characters wins, then
    the one with the fewest chunks (so a reduplicated word written twice,
    ``看看看看``, comes back as ``看看``), doubling before tripling.
    """
    n = len(line)
    if n < 2:
        return None
    cost = [_INF] * (n + 1)
    back: list[Chunk | None] = [None] * (n + 1)
    cost[0] = 0
    # Abandon parses with more than 10% uncovered; a chunk costs its copies,
    # so doubling is preferred to tripling where both fit.
    limit = _UNCOVERED * (n // 10 + 1) + 3 * n
    for i in range(n):
        if cost[i] <= limit:
            _relax(line, i, cost, back, max_chunk)
    if cost[n] >= _INF:
        return None
    chunks: list[Chunk] = []
    pos = n
    while pos > 0:
        step = back[pos]
        assert step is not None
        chunks.append(step)
        pos = step[0]
    chunks.reverse()
    uncovered = sum(1 for start, k, copies in chunks if copies == 1 and line[start] not in _SPACES)
    return chunks, uncovered


def _relax(line: str, i: int, cost: list[int], back: list[Chunk | None], max_chunk: int) -> None:
    """Extend the parse ending at ``i`` by one character or one repeated chunk."""
    n, c, ch = len(line), cost[i], line[i]
    single = c + (0 if ch in _SPACES else _UNCOVERED)
    if single < cost[i + 1]:
        cost[i + 1] = single
        back[i + 1] = (i, 1, 1)
    stop = min(n, i + max_chunk + 1)
    j = line.find(ch, i + 1, stop)
    while j != -1:
        k = j - i
        if j + k > n:
            break
        chunk = line[i:j]
        if line[j : j + k] == chunk:
            if c + 2 < cost[j + k]:
                cost[j + k] = c + 2
                back[j + k] = (i, k, 2)
            if j + 2 * k <= n and line[j + k : j + 2 * k] == chunk and c + 3 < cost[j + 2 * k]:
                cost[j + 2 * k] = c + 3
                back[j + 2 * k] = (i, k, 3)
        j = line.find(ch, j + 1, stop)


def _doubled_parse(line: str) -> tuple[list[Chunk], int] | None:
    """The parse of a line that reads as doubled, or ``None``.

    A line drawn glyph by glyph (nearly every chunk one character) is read
    one glyph at a time throughout: ``22002200年年`` is 2020年, not 2200年.
    """
    if len(line) > MAX_PARSE or not _STARTS_REPEATED.match(line):
        return None
    parsed = parse(line)
    if parsed is None:
        return None
    chunks, uncovered = parsed
    content = len(line) - sum(line.count(s) for s in _SPACES)
    if content == 0 or uncovered > content // 10:
        return None
    doubled = [k for _, k, copies in chunks if copies > 1]
    if len(doubled) >= GLYPH_CHUNKS and doubled.count(1) >= GLYPH_SHARE * len(doubled) and max(doubled) > 1:
        glyphs = parse(line, max_chunk=1)
        if glyphs is not None and glyphs[1] <= uncovered:
            chunks = glyphs[0]
    if not any(copies > 1 for _, _, copies in chunks):
        return None
    return chunks, uncovered


def deletions_of(chunks: list[Chunk]) -> list[tuple[int, int]]:
    return [(start + k, start + k * copies) for start, k, copies in chunks if copies > 1]


def doubled_line(line: str) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` ranges to delete if ``line`` is a doubled line."""
    chunks = doubled_chunks(line)
    return deletions_of(chunks) if chunks else None


def doubled_chunks(line: str) -> list[Chunk] | None:
    """The chunks ``(start, length, copies)`` of a line that reads as doubled, or ``None``."""
    parsed = _doubled_parse(line)
    return parsed[0] if parsed else None


def is_strong(line: str, deletions: list[tuple[int, int]]) -> bool:
    """Doubled beyond doubt: long, with Chinese in it, nearly all repeated.

    A shorter line is doubled beyond doubt when a piece of three or more
    different characters is written again (``基本案情基本案情``,
    ``敬姜敬姜論勞逸論勞逸``): genuine reduplication repeats one or two
    characters (看看, 高高興興, 研究研究).
    """
    if chars.han_count(line) < 4:
        return False
    if len(line) >= STRONG_LENGTH and (len(deletions) >= 2 or len(line) >= 2 * STRONG_LENGTH):
        return True
    return any(len(set(line[a:b])) >= 3 for a, b in deletions)


def _whole_and_plain(line: str, chunks: list[Chunk]) -> bool:
    """Every character is in a repeated chunk, and there is no sentence punctuation."""
    return all(copies > 1 for _, _, copies in chunks) and not _SENTENCE_PUNCT.search(line)


def _alone_strong(line: str, chunks: list[Chunk]) -> bool:
    """A short heading written glyph by glyph or in pieces: ``處處理理結結果果``, ``處理處理結果結果``.

    Three pieces or more, or two of two characters or more, each doubled and
    nothing else: genuine reduplication stops at AABB (高高興興) or ABAB
    (研究研究).
    """
    if not _whole_and_plain(line, chunks) or chars.han_count(line) < 4:
        return False
    return len(chunks) >= 3 or (len(chunks) == 2 and min(k for _, k, _ in chunks) >= 2)


def _alone_weak(line: str, chunks: list[Chunk]) -> bool:
    """A short line all doubled (``暗暗香香``, ``關雎關雎``): fake bold where the document shows it."""
    return _whole_and_plain(line, chunks) and chars.han_count(line) >= 4


def undouble_fully(text: str) -> list[list[tuple[int, int]]]:
    """Deletions, round after round, until ``text`` no longer reads as doubled.

    Used on whole blocks, so that a paragraph joined from short lines is not
    found doubled only when the cleaned text is cleaned again.
    """
    rounds: list[list[tuple[int, int]]] = []
    for _ in range(4):
        deletions = doubled_line(text)
        if deletions is None or not is_strong(text, deletions):
            break
        rounds.append(deletions)
        text = _apply(text, deletions)
    return rounds


def written_once(text: str) -> str:
    """``text`` with its fake-bold copies taken out, if it reads as doubled."""
    deletions = doubled_line(text)
    return _apply(text, deletions) if deletions else text


def _apply(text: str, deletions: list[tuple[int, int]]) -> str:
    out: list[str] = []
    pos = 0
    for a, b in deletions:
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def find_doubled(lines: list[str], bold: list[bool] | None = None) -> dict[int, list[tuple[int, int]]]:
    """Which of ``lines`` to repair, and how: index to deletions.

    A line counts on its own evidence when it is long, or a short heading
    doubled beyond doubt; a short one only when the nearest non-blank line
    before or after it is repaired too (or known to be in fake bold:
    ``bold``, from copies written as lines of their own), or when it stands
    alone, all doubled, in a document with fake bold elsewhere.
    """
    bold = bold or [False] * len(lines)
    parses = {i: p for i, line in enumerate(lines) if line and (p := _doubled_parse(line)) is not None}
    glyphs = _glyph_document(parses.values())
    found: dict[int, list[tuple[int, int]]] = {}
    strong: set[int] = set()
    alone: set[int] = set()
    for i, (parsed, uncovered) in parses.items():
        line, chunks = lines[i], parsed
        if glyphs:
            one = parse(line, max_chunk=1)
            if one is not None and one[1] <= uncovered and any(copies > 1 for _, _, copies in one[0]):
                chunks = one[0]
        found[i] = deletions = deletions_of(chunks)
        if is_strong(line, deletions) or _alone_strong(line, chunks):
            strong.add(i)
        elif _alone_weak(line, chunks):
            alone.add(i)
    if not found:
        return {}
    seeds = {i for i, b in enumerate(bold) if b}
    accepted = strong | seeds | (alone if seeds or strong or len(alone) >= 2 else set())
    _spread(lines, set(found), accepted)
    return {i: found[i] for i in sorted(accepted) if i in found}


def _glyph_document(parses: Iterable[tuple[list[Chunk], int]]) -> bool:
    """The document's fake bold was drawn glyph by glyph: read every doubled line a glyph at a time.

    ``研研究究研研究究`` is 研究研究 where the other doubled lines are
    doubled glyph by glyph, and 研研究究 where they are doubled in pieces.
    """
    glyph = pieces = 0
    for chunks, _ in parses:
        doubled = [k for _, k, copies in chunks if copies > 1]
        if len(doubled) >= 3 and max(doubled) == 1:
            glyph += 1
        elif max(doubled, default=0) >= 3:
            pieces += 1
    return glyph >= 2 and glyph > pieces


def _spread(lines: list[str], found: set[int], accepted: set[int]) -> None:
    """Accept found lines next to accepted ones, until nothing changes."""
    nonblank = [i for i, line in enumerate(lines) if line]
    where = {i: k for k, i in enumerate(nonblank)}
    changed = True
    while changed:
        changed = False
        for i in found - accepted:
            k = where[i]
            neighbours = nonblank[max(0, k - 1) : k] + nonblank[k + 1 : k + 2]
            if any(n in accepted for n in neighbours):
                accepted.add(i)
                changed = True
