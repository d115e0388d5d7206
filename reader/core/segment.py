"""Word segmentation with rjieba (jieba-rs: jieba's algorithm and dictionary, in Rust).

Pinyin is read per word and the layout keeps words together, so the reader
needs word boundaries for every text it shows. rjieba loads its dictionary in
~0.1 s and cuts 1 MB in ~0.06 s, against ~0.7 s and ~1 s for Python jieba,
with 98.8% of the same spans on the seeds (``python -m reader.bench.core``
prints both). This module wraps it so that:

* it loads once, lazily and under a lock, off the UI thread;
* Traditional text is segmented through its Simplified form, because the
  dictionary is Simplified: the boundaries found on the Simplified text are
  mapped back through the conversion's offset map (``python -m
  reader.bench.core`` reports what that gains: ``segment_traditional``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.offsets import PositionMap

__all__ = [
    "CORRECTIONS_FILE",
    "PIECE",
    "Token",
    "corrections_text",
    "cut",
    "is_word",
    "iter_segment",
    "pieces",
    "rough_tokens",
    "segment",
    "segment_direct",
    "to_simplified",
    "use_corrections",
    "warm_up",
]

PIECE = 100_000  # characters segmented (and read) at a time: memory follows the piece, not the text


@dataclass(frozen=True, slots=True)
class Token:
    """One word (or one punctuation / whitespace character) of a text.

    ``start``/``end`` are offsets into the segmented text, so ``text ==
    segmented[start:end]``.
    """

    text: str
    start: int
    end: int


_lock = threading.Lock()
_tokenizer: Any = None


_LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.\-][A-Za-z0-9\u00c0-\u024f]+)*")
_WORDISH = re.compile(r"\w", re.U)


def rough_tokens(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Word ends for text not segmented yet: Latin words whole, everything else by character.

    Built from the Latin runs alone (every other position is an end), so a
    1 MB article costs a few milliseconds, not a regex match per character.
    """
    end = len(text) if end is None else end
    ends: list[int] = []
    pos = start
    for m in _LATIN_RUN.finditer(text, start, end):
        ends.extend(range(pos + 1, m.start() + 1))
        ends.append(m.end())
        pos = m.end()
    ends.extend(range(pos + 1, end + 1))
    return ends


def is_word(text: str) -> bool:
    """Whether a token is something to put the cursor on (not a space or punctuation)."""
    return _WORDISH.search(text) is not None


def _load() -> Any:
    global _tokenizer
    tokenizer = _tokenizer
    if tokenizer is not None:
        return tokenizer
    with _lock:
        if _tokenizer is None:
            import rjieba

            _tokenizer = rjieba
        return _tokenizer


def warm_up() -> None:
    """Load the word dictionary now (from a worker or the preparing process)."""
    _load().cut("中国")


def cut(text: str) -> list[str]:
    """The words of ``text`` in order, covering it (jieba's cut with its HMM for unknown words, then the
    user's own joins and splits)."""
    if not text:
        return []
    words = _load().cut(text, True)
    fixes = _fixes
    return fixes.apply(words) if fixes is not None else words


# -- the user's segmentation corrections ---------------------------------------------------------

CORRECTIONS_FILE = "segmentation.txt"  # in the data home, written by the word store


@dataclass(frozen=True)
class _Fixes:
    """Joins (words kept whole) and splits (a word cut into parts), in Simplified script."""

    joins: frozenset[str]
    splits: dict[str, tuple[str, ...]]
    longest: int

    def apply(self, words: list[str]) -> list[str]:
        """``words`` with every run of words that spells a join made one, and every split word cut."""
        out: list[str] = []
        i, n = 0, len(words)
        while i < n:
            joined, j, acc = None, i + 1, words[i]
            while self.joins and j < n and len(acc) < self.longest:
                acc += words[j]
                j += 1
                if acc in self.joins:
                    joined = (acc, j)
            if joined is not None:
                out.append(joined[0])
                i = joined[1]
                continue
            out.extend(self.splits.get(words[i], (words[i],)))
            i += 1
        return out


_fixes: _Fixes | None = None
_fixes_source: tuple[float, int] | None = None


def corrections_text(fixes: list[tuple[str, list[str]]]) -> str:
    """The corrections file: a line per word, ``word`` (a join) or ``word<TAB>part part…`` (a split)."""
    return "".join(f"{w}\t{' '.join(parts)}\n" if parts else f"{w}\n" for w, parts in fixes)


def use_corrections(path: Path) -> None:
    """Apply the corrections in ``path`` to every later cut (read again only when the file changed)."""
    global _fixes, _fixes_source
    try:
        stat = path.stat()
        source: tuple[float, int] | None = (stat.st_mtime, stat.st_size)
    except OSError:
        source = None
    if source == _fixes_source:
        return
    joins: set[str] = set()
    splits: dict[str, tuple[str, ...]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if source is not None else []
    except (OSError, UnicodeDecodeError):
        lines = []
    for line in lines:
        word, _, parts = line.strip().partition("\t")
        pieces = tuple(parts.split())
        if len(word) < 2:
            continue
        if not pieces:
            joins.add(word)
        elif "".join(pieces) == word:
            splits[word] = pieces
    _fixes = _Fixes(frozenset(joins), splits, max(map(len, joins), default=0)) if joins or splits else None
    _fixes_source = source


def segment_direct(text: str) -> list[Token]:
    """Segment ``text`` as it is, without the Simplified detour (for measuring)."""
    words = cut(text)
    ends = list(accumulate(map(len, words)))
    return list(map(Token, words, [0, *ends[:-1]], ends))


def _boundaries(text: str) -> list[int]:
    """Word boundaries of ``text`` as jieba cuts it: 0, every word end."""
    return [0, *accumulate(map(len, cut(text)))]


def to_simplified(text: str) -> tuple[str, PositionMap | None]:
    """``text`` in Simplified script and the map between them (``None`` if unchanged).

    Always converting is cheaper than deciding: OpenCC's t2s on 1 MB of
    Simplified text takes a few milliseconds and changes nothing, and the map
    is only built for text that changed length.
    """
    from reader.core.convert import convert

    conversion = convert(text, "t2s")
    if conversion.text == text:
        return text, None
    return conversion.text, conversion.map


def pieces(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """Ranges of ``text`` of about ``size`` characters, each cut just after a newline or a sentence's end.

    Words, sentences and script conversions never cross those, so working on
    the pieces one by one gives what working on the whole would; a text with
    no such place for ``size`` characters is cut there anyway.
    """
    size = size or PIECE
    out, start, n = [], 0, len(text)
    while start < n:
        stop = min(start + size, n)
        if stop < n:
            cut_at = max(text.rfind("\n", start, stop), *(text.rfind(p, start, stop) for p in "。！？"))
            stop = cut_at + 1 if cut_at > start else stop
        out.append((start, stop))
        start = stop
    return out


def iter_segment(text: str) -> Iterator[Token]:
    """:func:`segment`, a piece of the text at a time (for texts of any size)."""
    for a, b in pieces(text):
        for tok in segment(text[a:b]):
            yield Token(tok.text, tok.start + a, tok.end + a)


def segment(text: str) -> list[Token]:
    """Split ``text`` into words, covering it completely and in order.

    Whitespace and punctuation come out as jieba returns them (one token a
    character; a newline is its own token). Text that OpenCC changes when
    converting to Simplified is segmented in Simplified and the boundaries are
    mapped back, so Traditional text gets the same words its Simplified form
    would.
    """
    if not text:
        return []
    simplified, mapping = to_simplified(text)
    if mapping is None:
        return segment_direct(text)
    bounds = _boundaries(simplified)
    if len(simplified) != len(text):
        to_src = mapping.to_src
        mapped = [to_src(b) for b in bounds]
        mapped[-1] = len(text)
    else:
        mapped = bounds  # same length: the conversion is one to one
    tokens: list[Token] = []
    append = tokens.append
    prev = 0
    for b in mapped[1:]:
        if b > prev:
            append(Token(text[prev:b], prev, b))
            prev = b
    return tokens
