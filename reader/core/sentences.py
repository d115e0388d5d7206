"""Where sentences start and end: one definition for moving by sentence,
selecting a sentence, and quoting the sentence around a highlight."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

ENDERS = "。！？!?；…"
CLOSERS = "」』）》〉”’\"')]"
# Enders with the closing quotes after them, an English full stop before a space, a line break.
SENTENCE_END = re.compile(f"[{re.escape(ENDERS)}]+[{re.escape(CLOSERS)}]*|\\.(?=\\s)|\\n")
_BLANK = " \n\t\u3000"
WINDOW = 4000  # characters searched on either side for the sentence around a passage


def sentence_starts(text: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets in ``text[lo:hi]`` where sentences start: ``lo``, and after each sentence end and its
    spaces."""
    hi = len(text) if hi is None else hi
    starts = [lo]
    for m in SENTENCE_END.finditer(text, lo, hi):
        pos = m.end()
        while pos < hi and text[pos] in _BLANK:
            pos += 1
        if pos < hi and pos != starts[-1]:
            starts.append(pos)
    return starts


def next_sentence(starts: Sequence[int], offset: int) -> int:
    """The start of the sentence after the one holding ``offset`` (the last one at the end)."""
    i = bisect_right(starts, offset)
    return starts[i] if i < len(starts) else starts[-1]


def prev_sentence(starts: Sequence[int], offset: int) -> int:
    """The start of this sentence, or of the one before when already at a start."""
    i = bisect_right(starts, offset) - 1
    if i > 0 and starts[i] == offset:
        i -= 1
    return starts[max(i, 0)]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) containing ``text[start:end]``, closing quotes included."""
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    starts = sentence_starts(text, lo, hi)
    a = starts[max(bisect_right(starts, start) - 1, 0)]
    i = bisect_right(starts, max(start, end - 1))
    b = starts[i] if i < len(starts) else hi
    while b > a and text[b - 1] in _BLANK:
        b -= 1
    return a, max(b, min(end, len(text)))
