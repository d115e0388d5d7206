"""Pull quotes: a sentence of the article set again apart, in large type.

Magazines and newspapers repeat a sentence of an article in large type
inside its columns; extraction writes it as lines of their own, between
paragraphs. Lines are marked (``Line.removed``) as furniture, so the
caller logs each removal with its source range.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reader.core.cleaning import chars
from reader.core.cleaning.lines import Line

_STOPS = re.compile(r"[。！？!?]+")
_ONE_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]+")
_FULL_STOP = re.compile(r"[。！？!?]")
PULLQUOTE_MIN, PULLQUOTE_MAX = 8, 80  # characters
PULLQUOTE_LINES = 5  # a pull quote set large in a narrow column takes a few lines


def mark(lines: list[Line]) -> None:
    """Set ``removed`` on pull quotes: a sentence of the article set again apart, in lines of its own.

    Such a sentence stands apart (after the end of a sentence or a blank
    line), fills its lines exactly, and is found again inside the text,
    ending a sentence there but starting or ending mid-line; or met twice in
    whole lines, one copy set larger than the other. A sentence that recurs
    set alike (a refrain of verse) stays.
    """
    texts = [line.text for line in lines]
    candidates = _standalone_sentences(lines, texts)
    if not candidates:
        return
    starts, ends = set(), set()
    pos = 0
    for text in texts:
        starts.add(pos)
        pos += len(text)
        ends.add(pos)
    by_tail: dict[str, list[str]] = defaultdict(list)
    for sentence in candidates:
        by_tail[sentence[-PULLQUOTE_MIN:]].append(sentence)
    joined = "".join(texts)
    embedded: set[str] = set()
    for m in _STOPS.finditer(joined):
        end = m.end()
        for sentence in by_tail.get(joined[end - PULLQUOTE_MIN : end], ()):
            start = end - len(sentence)
            if joined.startswith(sentence, start) and not (start in starts and end in ends):
                embedded.add(sentence)
    for sentence, found in candidates.items():
        runs = found if sentence in embedded else _set_larger(lines, found)
        for i, j in runs:
            for k in range(i, j):
                lines[k].removed = "furniture"


def _set_larger(lines: list[Line], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of a sentence met twice in whole lines, the copy set in larger type: in more lines, or narrower ones.

    (A paragraph of one sentence and its pull quote; a refrain set alike twice stays.)
    """
    if len(runs) != 2:
        return []
    (a, b), (c, d) = runs
    first = (b - a, -max(line.width for line in lines[a:b]))
    second = (d - c, -max(line.width for line in lines[c:d]))
    return [runs[0]] if first > second else [runs[1]] if second > first else []


def _standalone_sentences(lines: list[Line], texts: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Sentences that fill a run of whole lines, standing apart: sentence to ``(first, end)`` line ranges."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, line in enumerate(lines):
        if i and not line.blank_before and not chars.ends_sentence(texts[i - 1]):
            continue
        acc = ""
        for j in range(i, min(i + PULLQUOTE_LINES, len(lines))):
            if j > i and lines[j].blank_before:
                break
            acc += texts[j]
            if len(acc) > PULLQUOTE_MAX or _FULL_STOP.search(texts[j][:-1]):
                break
            if _ONE_SENTENCE.fullmatch(acc):
                if len(acc) >= PULLQUOTE_MIN:
                    out[acc].append((i, j + 1))
                break
    return out
