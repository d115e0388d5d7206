"""Fake-bold doubling from PDFs.

Some PDFs draw bold text twice (or three times) with a small offset, and text
extraction then writes every run of glyphs twice: ``習近平主席習近平主席``, or
glyph by glyph: ``習習近近平平``. A line is repaired only when nearly all of it
parses as a sequence of chunks each written two or three times (found by a
dynamic programme), so genuine reduplication in ordinary text (謝謝, 研究研究,
高高興興) is left alone. Short lines (``圳圳``) are repaired only next to a
line that is clearly doubled.

Extractors that lay text out by position (pdfminer.six, PyMuPDF) write the
copies of a fake-bold line as lines of their own: the same line, or the same
run of lines, two or three times in a row. The copies go when the repeated
run holds enough text to rule out chance (:func:`repeated_lines`).
"""

from __future__ import annotations

import re

from reader.core.cleaning.chars import HAN

MAX_CHUNK = 60
_INF = 1 << 30
_UNCOVERED = 1000  # cost of a character that is not part of a repeated chunk
_STARTS_REPEATED = re.compile(r"[ \u3000]*(.{1,%d}?)\1" % MAX_CHUNK, re.S)
_HAN = re.compile(f"[{HAN}]")
_SPACES = " \u3000\t"

STRONG_LENGTH = 12  # characters a line needs to be repaired on its own evidence
MAX_RUN = 12  # lines in a run written again as a whole
MIN_RUN_HAN = 4  # Chinese characters a repeated run needs (or MIN_RUN_CHARS characters)
MIN_RUN_CHARS = 12


def parse(line: str) -> tuple[list[tuple[int, int, int]], int] | None:
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
    back: list[tuple[int, int, int] | None] = [None] * (n + 1)
    cost[0] = 0
    # Abandon parses with more than 10% uncovered; a chunk costs its copies,
    # so doubling is preferred to tripling where both fit.
    limit = _UNCOVERED * (n // 10 + 1) + 3 * n
    for i in range(n):
        if cost[i] <= limit:
            _relax(line, i, cost, back)
    if cost[n] >= _INF:
        return None
    chunks: list[tuple[int, int, int]] = []
    pos = n
    while pos > 0:
        step = back[pos]
        assert step is not None
        chunks.append(step)
        pos = step[0]
    chunks.reverse()
    uncovered = sum(1 for start, k, copies in chunks if copies == 1 and line[start] not in _SPACES)
    return chunks, uncovered


def _relax(line: str, i: int, cost: list[int], back: list[tuple[int, int, int] | None]) -> None:
    """Extend the parse ending at ``i`` by one character or one repeated chunk."""
    n, c, ch = len(line), cost[i], line[i]
    single = c + (0 if ch in _SPACES else _UNCOVERED)
    if single < cost[i + 1]:
        cost[i + 1] = single
        back[i + 1] = (i, 1, 1)
    stop = min(n, i + MAX_CHUNK + 1)
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


def doubled_line(line: str) -> list[tuple[int, int]] | None:
    """The ``(start, end)`` ranges to delete if ``line`` is a doubled line."""
    if not _STARTS_REPEATED.match(line):
        return None
    parsed = parse(line)
    if parsed is None:
        return None
    chunks, uncovered = parsed
    content = len(line) - sum(line.count(s) for s in _SPACES)
    if content == 0 or uncovered > content // 10:
        return None
    deletions = [(start + k, start + k * copies) for start, k, copies in chunks if copies > 1]
    return deletions or None


def is_strong(line: str, deletions: list[tuple[int, int]]) -> bool:
    """Doubled beyond doubt: long, with Chinese in it, nearly all repeated.

    A shorter line is doubled beyond doubt when a piece of three or more
    different characters is written again (``基本案情基本案情``,
    ``敬姜敬姜論勞逸論勞逸``): genuine reduplication repeats one or two
    characters (看看, 高高興興, 研究研究).
    """
    if len(_HAN.findall(line)) < 4:
        return False
    if len(line) >= STRONG_LENGTH and (len(deletions) >= 2 or len(line) >= 2 * STRONG_LENGTH):
        return True
    return any(len(set(line[a:b])) >= 3 for a, b in deletions)


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


def _apply(text: str, deletions: list[tuple[int, int]]) -> str:
    out: list[str] = []
    pos = 0
    for a, b in deletions:
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def find_doubled(lines: list[str]) -> dict[int, list[tuple[int, int]]]:
    """Which of ``lines`` to repair, and how: index to deletions.

    A line counts on its own evidence when it is long; a short one only when
    the nearest non-blank line before or after it is repaired too.
    """
    found: dict[int, list[tuple[int, int]]] = {}
    strong: set[int] = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        deletions = doubled_line(line)
        if deletions is None:
            continue
        found[i] = deletions
        if is_strong(line, deletions):
            strong.add(i)
    if not found:
        return {}
    nonblank = [i for i, line in enumerate(lines) if line]
    where = {i: k for k, i in enumerate(nonblank)}
    accepted = set(strong)
    changed = True
    while changed:
        changed = False
        for i in found:
            if i in accepted:
                continue
            k = where[i]
            neighbours = nonblank[max(0, k - 1) : k] + nonblank[k + 1 : k + 2]
            if any(n in accepted for n in neighbours):
                accepted.add(i)
                changed = True
    return {i: found[i] for i in sorted(accepted)}


def repeated_lines(lines: list[str]) -> set[int]:
    """Indices of lines that repeat the run of lines just before them (fake-bold copies).

    ``lines`` are the non-blank lines in order. A run of one to ``MAX_RUN``
    lines followed at once by an identical run (or two) is written once; the
    run must hold at least ``MIN_RUN_HAN`` Chinese characters or
    ``MIN_RUN_CHARS`` characters, so a repeated short label stays.
    """
    drop: set[int] = set()
    n = len(lines)
    i = 0
    while i < n:
        copies = k = 0
        for k in range(1, min(MAX_RUN, (n - i) // 2) + 1):
            if lines[i] != lines[i + k] or lines[i : i + k] != lines[i + k : i + 2 * k]:
                continue
            run = "".join(lines[i : i + k])
            if len(_HAN.findall(run)) < MIN_RUN_HAN and len(run) < MIN_RUN_CHARS:
                continue
            copies = 3 if lines[i + 2 * k : i + 3 * k] == lines[i : i + k] else 2
            break
        if copies:
            drop.update(range(i + k, i + copies * k))
            i += copies * k
        else:
            i += 1
    return drop


MAX_OVERLAP = 8  # characters a fake-bold segment's copy carries over to the next line
MIN_CHAIN_HAN = 3


def _overlaps(prev: str, line: str) -> bool:
    """``line`` starts with the end of ``prev`` (the second copy of the segment ``prev`` ended with)."""
    if line == prev:  # a line written again whole: see repeated_lines
        return False
    return any(line.startswith(prev[-m:]) for m in range(1, min(MAX_OVERLAP, len(prev)) + 1))


def doubled_chains(lines: list[str], breaks: list[bool]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Runs of lines that are one fake-bold line written in segments: ``(first, end, deletions)``.

    Some PDFs draw fake bold a few characters at a time, each piece twice,
    and extractors then cut the stream into lines wherever a copy starts to
    the left of the one before: ``成年`` / ``成年人国家监`` / ``人国家监护的``
    / ``护的法律适用``. Each line starts with the end of the one before, and
    the lines run together parse as doubled. The deletions are offsets into
    the lines joined without separators; ``breaks[i]`` is true where line
    ``i`` cannot continue the one before (a new page).
    """
    found: list[tuple[int, int, list[tuple[int, int]]]] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and not breaks[j] and _overlaps(lines[j - 1], lines[j]):
            j += 1
        if j - i >= 2:
            joined = "".join(lines[i:j])
            deletions = doubled_line(joined)
            if deletions and len(_HAN.findall(joined)) >= 2 * MIN_CHAIN_HAN and (j - i >= 3 or is_strong(joined, deletions)):
                found.append((i, j, deletions))
        i = j
    return found
