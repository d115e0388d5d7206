"""Fake-bold copies that extraction wrote as lines of their own.

Extractors that lay text out by position (pdfminer.six, PyMuPDF) write the
copies of a fake-bold line as lines of their own: the same line, or the same
run of lines, two or three times in a row (:func:`repeated_lines`). Where
the copies were drawn a few characters at a time, the extractor cuts the
stream into lines wherever a copy starts to the left of the one before, and
each line starts with the end of the one before (:func:`doubled_chains`).

Evidence is weighed as in :mod:`.dedupe`: what cannot be chance is repaired
on its own; what could be (a short line written twice, two lines of which
the second starts with the first) only next to a certain repair, or where
the document shows fake bold elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.cleaning import chars
from reader.core.cleaning.dedupe import deletions_of, doubled_chunks, is_strong
from reader.core.cleaning.patterns import CAPTION_MARKS

_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")

MAX_RUN = 12  # lines in a run written again as a whole
MIN_RUN_HAN = 4  # Chinese characters a repeated run needs on its own (or MIN_RUN_CHARS characters)
MIN_RUN_CHARS = 12
MAX_OVERLAP = 8  # characters a fake-bold segment's copy carries over to the next line
MIN_CHAIN_HAN = 3
_DOUBLED_NARROW = re.compile(r"([“”‘’「」『』（）《》。，、；：？！])(?=\1)")


@dataclass
class _Found:
    start: int
    end: int
    strong: bool
    deletions: list[tuple[int, int]]
    plain: bool = False  # short and without sentence punctuation: may go on the document's evidence
    period: int = 0  # lines in a run written again whole
    tripled: bool = False  # a piece taken to be written three times


def _accept(found: list[_Found], evidence: bool, bold: list[bool] | None = None) -> list[_Found]:
    """The strong finds, and weak ones next to an accepted one or a ``bold`` line (any, if ``evidence``)."""
    bold = bold or []
    n = len(bold)
    accepted = [
        f.strong
        or (evidence and f.plain)
        or (0 < f.start <= n and bold[f.start - 1])
        or (f.end < n and bold[f.end])
        for f in found
    ]
    changed = True
    while changed:
        changed = False
        for k, f in enumerate(found):
            if accepted[k]:
                continue
            before = k > 0 and accepted[k - 1] and found[k - 1].end == f.start
            after = k + 1 < len(found) and accepted[k + 1] and found[k + 1].start == f.end
            if before or after:
                accepted[k] = changed = True
    return [f for f, ok in zip(found, accepted) if ok]


def _headline_like(text: str) -> bool:
    return chars.han_count(text) >= 2 and not _SENTENCE_PUNCT.search(text)


def repeated_lines(lines: list[str], bold: list[bool] | None = None) -> dict[int, int]:
    """Lines that repeat the run of lines just before them (fake-bold copies): index to the original's index.

    ``lines`` are the non-blank lines in order. A run of one to ``MAX_RUN``
    lines followed at once by an identical run (or two) is written once when
    it holds at least ``MIN_RUN_HAN`` Chinese characters or
    ``MIN_RUN_CHARS`` characters. A shorter run is written once when it reads
    as a heading (two Chinese characters or more, no sentence punctuation:
    ``關雎`` / ``關雎``), or when it comes right before or after such a copy
    (the last, short line of a fake-bold paragraph) or a line known to be in
    fake bold (``bold``: a fake-bold line written in segments, rejoined).
    """
    found: list[_Found] = []
    n = len(lines)
    i = 0
    while i < n:
        hit = None
        for k in range(1, min(MAX_RUN, (n - i) // 2) + 1):
            if lines[i] != lines[i + k] or lines[i : i + k] != lines[i + k : i + 2 * k]:
                continue
            run = "".join(lines[i : i + k])
            strong = chars.han_count(run) >= MIN_RUN_HAN or len(run) >= MIN_RUN_CHARS or _headline_like(run)
            if not strong and not chars.HAN_RE.search(run):
                continue
            copies = 3 if lines[i + 2 * k : i + 3 * k] == lines[i : i + k] else 2
            hit = _Found(i, i + copies * k, strong, [(i + k, i + copies * k)], period=k)
            break
        if hit:
            found.append(hit)
            i = hit.end
        else:
            i += 1
    accepted = _accept(found, False, bold)
    return {
        j: f.start + (j - f.start) % f.period for f in accepted for a, b in f.deletions for j in range(a, b)
    }


def lone_marks(lines: list[str]) -> dict[int, int]:
    """A caption's mark alone on its line before the caption that starts with it (``▲`` / ``▲深圳…``)."""
    return {
        i: i + 1
        for i in range(len(lines) - 1)
        if len(lines[i]) <= 3
        and lines[i][0] in CAPTION_MARKS
        and lines[i].strip(lines[i][0]) == ""
        and lines[i + 1].startswith(lines[i][0])
    }


def _rest(prev: str, overlap: int) -> str:
    """What line ``prev`` adds after the copy it starts with: the piece the next line repeats.

    A narrow mark whose copy stayed on the line (``之‘‘軌``) is not repeated.
    """
    rest = prev[overlap:].lstrip(" \u3000")
    doubled = None
    for doubled in _DOUBLED_NARROW.finditer(rest):  # noqa: B007 - the last match is wanted
        pass
    return rest[doubled.end() + 1 :] if doubled else rest


def _strict_chain(lines: list[str], breaks: list[bool], i: int) -> tuple[int, list[int]]:
    """Lines from ``i`` that each start with the new part of the one before: ``(end, overlaps)``.

    Segments s1, s2, … each drawn twice come out as the lines ``s1``,
    ``s1 s2``, ``s2 s3``, …, ``sn``: line k+1 starts with what line k added.
    """
    overlaps = [0]
    j = i + 1
    while j < len(lines) and not breaks[j]:
        piece = _rest(lines[j - 1], overlaps[-1])
        if not piece or len(piece) > MAX_OVERLAP or not lines[j].startswith(piece):
            break
        overlaps.append(len(piece))
        j += 1
    return j, overlaps


def _strict_found(lines: list[str], breaks: list[bool], i: int, starts: list[int]) -> _Found | None:
    j, overlaps = _strict_chain(lines, breaks, i)
    if not ((j - i >= 2 and len(lines[i + 1]) > len(lines[i])) or j - i >= 3):
        return None
    joined = "".join(lines[i:j])
    han = chars.han_count(joined)
    deletions: list[tuple[int, int]] = []
    for k, ov in zip(range(i, j), overlaps):
        at = starts[k] - starts[i]
        if ov:
            deletions.append((at, at + ov))
        # A narrow mark's copy stays on its line: 监护义务”” is 监护义务”.
        deletions += [(at + m.start(), at + m.start() + 1) for m in _DOUBLED_NARROW.finditer(lines[k], ov)]
    plain = _headline_like(joined) and max(len(line) for line in lines[i:j]) <= 2 * MAX_OVERLAP
    return _Found(i, j, j - i >= 3 and han >= 2 * MIN_CHAIN_HAN, deletions, plain)


def _overlaps(prev: str, line: str) -> bool:
    """``line`` starts with the end of ``prev`` (the second copy of the segment ``prev`` ended with)."""
    if line == prev:  # a line written again whole: see repeated_lines
        return False
    return any(line.startswith(prev[-m:]) for m in range(1, min(MAX_OVERLAP, len(prev)) + 1))


def _loose_chain(lines: list[str], breaks: list[bool], i: int) -> _Found | None:
    """Lines that each start with some end of the one before, and run together parse as doubled."""
    j = i + 1
    while j < len(lines) and not breaks[j] and _overlaps(lines[j - 1], lines[j]):
        if j + 1 < len(lines) and lines[j + 1] == lines[j]:
            break  # a line written again whole (see repeated_lines) is no piece of the chain
        j += 1
    if j - i < 2:
        return None
    joined = "".join(lines[i:j])
    chunks = doubled_chunks(joined)
    if not chunks:
        return None
    deletions = deletions_of(chunks)
    if chars.han_count(joined) >= 2 * MIN_CHAIN_HAN and (j - i >= 3 or is_strong(joined, deletions)):
        return _Found(i, j, True, deletions, tripled=any(copies == 3 for _, _, copies in chunks))
    return None


def doubled_chains(
    lines: list[str], breaks: list[bool], evidence: bool = False
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Runs of lines that are one fake-bold line written in segments: ``(first, end, deletions)``.

    Some PDFs draw fake bold a few characters at a time, each piece twice,
    and extractors then cut the stream into lines wherever a copy starts to
    the left of the one before: ``成年`` / ``成年人国家监`` / ``人国家监护的``
    / ``护的法律适用``. Each line starts with what the one before added, so
    the copies are known exactly. Three lines or more with six Chinese
    characters are certain; two lines (``梅花`` / ``梅花落``) count next to a
    certain chain, where there are several, or where the document shows fake
    bold otherwise (``evidence``). The deletions are offsets into
    the lines joined without separators; ``breaks[i]`` is true where line
    ``i`` cannot continue the one before (a new page).
    """
    found: list[_Found] = []
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    i = 0
    while i < len(lines):
        strict = _strict_found(lines, breaks, i, starts)
        loose = _loose_chain(lines, breaks, i)
        if loose and (
            strict is None
            or (loose.end > strict.end and not loose.tripled)
            or (loose.end >= strict.end and not strict.strong)
        ):
            strict = loose  # copies left on a line (之‘‘軌, 会主会主) end the exact chain early
        if strict:
            found.append(strict)
            i = strict.end
        else:
            i += 1
    evidence = evidence or sum(1 for f in found if f.plain) >= 2 or any(f.strong for f in found)
    return [(f.start, f.end, f.deletions) for f in _accept(found, evidence)]
