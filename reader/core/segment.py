"""Word segmentation with jieba.

Pinyin is looked up per word and the layout keeps words together, so the
reader needs word boundaries for every text it shows. jieba does the work; this
module wraps it so that:

* jieba loads once, lazily and under a lock: the UI segments from a worker
  thread and must not pay the ~1 s dictionary build at import time;
* jieba never writes to the terminal: it logs to stderr by default, which
  corrupts a running TUI;
* its dictionary cache goes to a folder we choose (:func:`configure`), not
  wherever ``tempfile`` points;
* Traditional text is segmented through its Simplified form, because jieba's
  dictionary is Simplified: the boundaries found on the Simplified text are
  mapped back through the conversion's offset map (``python -m
  reader.core.segment --measure`` reports what that gains).
"""

from __future__ import annotations

import logging
import tempfile
import threading
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import jieba

    from reader.core.offsets import PositionMap

__all__ = ["Token", "configure", "warm_up", "segment", "segment_direct", "to_simplified"]


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
_tokenizer: jieba.Tokenizer | None = None
_cache_dir: Path | None = None


def configure(cache_dir: Path | None) -> None:
    """Put jieba's dictionary cache (``jieba.cache``, ~7 MB) in ``cache_dir``.

    ``None`` means a private folder under the system temp dir. Takes effect on
    the next load; a tokenizer already loaded keeps its dictionary (the cache
    only speeds up loading, it never changes results).
    """
    global _cache_dir
    with _lock:
        _cache_dir = Path(cache_dir) if cache_dir is not None else None


def _silence_jieba_logging() -> None:
    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    logger = logging.getLogger("jieba")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False


def _load() -> jieba.Tokenizer:
    global _tokenizer
    tokenizer = _tokenizer
    if tokenizer is not None:
        return tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            _silence_jieba_logging()
            folder = _cache_dir or Path(tempfile.gettempdir()) / "reader-jieba"
            folder.mkdir(parents=True, exist_ok=True)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = str(folder)
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def warm_up() -> None:
    """Load jieba's dictionary now (the UI calls this from a worker at start-up)."""
    _load()


def segment_direct(text: str) -> list[Token]:
    """Segment ``text`` as it is, without the Simplified detour (for measuring)."""
    words = list(_load().cut(text, HMM=True))
    ends = list(accumulate(map(len, words)))
    return list(map(Token, words, [0, *ends[:-1]], ends))


def _boundaries(text: str) -> list[int]:
    """Word boundaries of ``text`` as jieba cuts it: 0, every word end."""
    return [0, *accumulate(map(len, _load().cut(text, HMM=True)))]


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


def _agreement(reference: list[Token], other: list[Token]) -> float:
    """Fraction of the reference's words that ``other`` cuts at exactly the same span."""
    ref = {(t.start, t.end) for t in reference if not t.text.isspace()}
    got = {(t.start, t.end) for t in other if not t.text.isspace()}
    return len(ref & got) / len(ref) if ref else 1.0


def measure() -> list[tuple[str, float, float]]:
    """Agreement of direct and via-Simplified segmentation with a reference.

    For the Traditional seeds the reference is the segmentation of their
    OpenCC Simplified form (what the detour produces by construction, so the
    direct figure says how often segmenting directly differs). For the
    Simplified seed 000 converted to Traditional, the reference is the
    segmentation of the Simplified original: an independent check of both.
    """
    from reader.core.convert import convert_text
    from reader.core.paths import SEEDS_DIR

    rows: list[tuple[str, float, float]] = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        name = path.name[:3]
        text = path.read_text(encoding="utf-8")
        if name in ("001", "003", "004"):
            reference = segment_direct(convert_text(text, "t2s"))
            trad = text
        elif name == "000":
            trad = convert_text(text, "s2t")
            if len(trad) != len(text):
                continue  # spans would not be comparable
            reference = segment_direct(text)
            name = "000→trad"
        else:
            continue
        rows.append((name, _agreement(reference, segment_direct(trad)), _agreement(reference, segment(trad))))
    return rows


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time

    if "--measure" in sys.argv:
        warm_up()
        for name, direct, via in measure():
            print(f"{name:10} direct {direct:7.2%}   via Simplified {via:7.2%}")
        from reader.core.paths import SEEDS_DIR

        big = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
        big = (big * (1_000_000 // len(big.encode()) + 1))[:340_000]
        for fn in (segment_direct, segment):
            t0 = time.perf_counter()
            fn(big)
            print(f"{fn.__name__}: {len(big)} chars in {time.perf_counter() - t0:.2f} s")
