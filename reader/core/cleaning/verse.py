"""Verse: lines that keep their breaks.

A poem set one line of verse to a line looks, to the paragraph rules, like
prose hard-wrapped short. Its lines give it away: they are short, well inside
the column, mostly of the same length (five or seven characters, four in the
Book of Songs, or a repeating pattern), and they end on verse punctuation or
on nothing. Such runs are marked so that each line stays a line.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.core.cleaning import chars, patterns
from reader.core.cleaning.lines import Line

MAX_HAN = 16  # Han characters in one line of verse
MIN_RUN = 4  # lines in a run (two couplets)
SHARE_SAME = 0.75  # of the lines in a run that have the commonest length (or the pattern's)
_VERSE_END = "，。！？；、：」』”"
_INNER = re.compile(r"[，、；：！？。]")
_HAN = re.compile(f"[{chars.HAN}]")
_COUPLET = re.compile(f"^([{chars.HAN}]{{4,7}})[，；]([{chars.HAN}]{{4,7}})[。！？]$")


def _candidate(line: Line, columns: frozenset[int]) -> int:
    """The line's count of Han characters if it can be a line of verse, else 0."""
    text = line.text
    if len(text) > MAX_HAN + 4 or chars.is_latin_text(text) or patterns.starter(text) is not None:
        return 0
    han = chars.han_count(text)
    if not 3 <= han <= MAX_HAN or han < 0.7 * len(text.rstrip(_VERSE_END)):
        return 0
    if text[-1] not in _VERSE_END and not _HAN.match(text[-1]):
        return 0
    if len(_INNER.findall(text[:-1])) > 1:
        return 0
    # A line that fills its column is prose cut by the column, whatever its length.
    if any(c - 3 <= line.width <= c + 4 for c in columns):
        return 0
    return han


def _regular(lengths: list[int]) -> bool:
    """Mostly one length, or one pattern of lengths repeated (长短句 aside, a poem has a metre)."""
    _common, n = Counter(lengths).most_common(1)[0]
    if n >= SHARE_SAME * len(lengths):
        return True
    for period in (2, 3, 4):
        pattern = lengths[:period]
        hits = sum(1 for k, n in enumerate(lengths) if n == pattern[k % period])
        if len(lengths) >= 2 * period and hits >= SHARE_SAME * len(lengths):
            return True
    return False


def mark(lines: list[Line], columns: frozenset[int]) -> None:
    """Set ``verse`` on the lines of runs that read as verse."""
    counts = [_candidate(line, columns) for line in lines]
    i = 0
    while i < len(lines):
        if not counts[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and counts[j]:
            j += 1
        # A title or a poet's name over the poem is no line of it.
        while (
            j - i > MIN_RUN
            and not _INNER.search(lines[i].text)
            and any(_INNER.search(lines[k].text) for k in range(i + 1, j))
        ):
            i += 1
        run = list(range(i, j))
        # Prose ends its lines mid-sentence on a comma far less evenly;
        # verse has at least one line that does not end a sentence.
        ends = [lines[k].text[-1] for k in run]
        if (
            len(run) >= MIN_RUN
            and _regular([counts[k] for k in run])
            and any(e not in "。！？" for e in ends)
        ):
            for k in run:
                lines[k].verse = True
        i = j
    _mark_couplets(lines)


def _mark_couplets(lines: list[Line]) -> None:
    """Lines that are each a couplet of equal halves (``白玉誰家郎，回車渡天津。``), two or more in one metre.

    Prose cut by a column ends a line on a couplet's full stop, with halves
    of one length, twice running, almost never; such lines are verse even
    where they fill a narrow column.
    """
    metre = [_couplet(line.text) for line in lines]
    i = 0
    while i < len(lines):
        j = i + 1
        while metre[i] and j < len(lines) and metre[j] == metre[i] and not lines[j].blank_before:
            j += 1
        if j - i >= 2:
            for line in lines[i:j]:
                line.verse = True
        i = j


def _couplet(text: str) -> int:
    m = _COUPLET.match(text)
    return len(m.group(1)) if m and len(m.group(1)) == len(m.group(2)) else 0
