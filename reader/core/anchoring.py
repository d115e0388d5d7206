"""Placing annotations in an article's text, even after the text has changed.

An annotation remembers its passage the way the W3C Web Annotation model
describes: a quote selector (the exact words and up to 32 characters on either
side) and a position selector (offsets into the cleaned text). The position
alone breaks as soon as anything before it changes, so the quote is searched
for, allowing edits, and candidates are ranked the way the Hypothesis client
ranks them: mostly on how close the quote is, then on how close the text
before and after is, and a little on nearness to the old position.

Approximate search is Myers' bit-parallel edit-distance algorithm on Python
integers. It costs about a microsecond per character of text searched, far too
much to sweep a 1 MB article for every highlight, so it only runs where it can
matter: the whole text when that is short; otherwise a window around the old
position plus the regions that contain an exact piece of the quote (by the
pigeonhole principle, a passage with at most ``e`` edits contains at least one
of ``e + 1`` disjoint pieces of the quote unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from reader.core.annotation import Annotation, text_order

CONTEXT_CHARS = 32  # characters of prefix and suffix kept with a quote

QUOTE_WEIGHT = 50.0  # similarity of the matched text to the quote
PREFIX_WEIGHT = 20.0  # similarity of the text before the match to the prefix
SUFFIX_WEIGHT = 20.0  # similarity of the text after the match to the suffix
POSITION_WEIGHT = 2.0  # nearness to the old position: a tie-breaker
MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

MIN_SCORE = 0.5  # below this the passage is considered gone (the annotation becomes an orphan)
GOOD_ENOUGH = 0.9  # an exact quote scoring this well is not second-guessed by approximate search
MAX_ERRORS = 256  # as the Hypothesis client: never allow more edits than this

FULL_SCAN_CHARS = 50_000  # texts up to this size are searched whole
HINT_WINDOW = 1_500  # characters searched either side of the old position in longer texts
MAX_REGIONS = 32  # candidate regions (from exact pieces of the quote) searched in longer texts
MAX_PIECES = 24  # pieces of the quote looked up in longer texts
EXACT_RANKED = 24  # exact occurrences given a full score, after a quick ranking


@dataclass(frozen=True)
class Anchored:
    """Where an annotation sits in the current text; ``score`` in (0, 1], 1 for a perfect match."""

    start: int
    end: int
    score: float


# -- Myers' bit-parallel approximate search -----------------------------------


def _peq(pattern: str) -> dict[str, int]:
    """For each character, the bit mask of the positions where it occurs in ``pattern``."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


def _match_ends(
    text: str, pattern: str, max_errors: int, peq: dict[str, int] | None = None, *, anchored: bool = False
) -> list[tuple[int, int]]:
    """``(end, errors)`` for every end offset in ``text`` where ``pattern`` matches with at most
    ``max_errors`` edits. The match may start anywhere, or only at 0 when ``anchored``."""
    m = len(pattern)
    if m == 0:
        return []
    peq = peq if peq is not None else _peq(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out: list[tuple[int, int]] = []
    get = peq.get
    carry = 1 if anchored else 0  # the top row's horizontal delta: free starts or counted ones
    for j, ch in enumerate(text, 1):
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) | carry
        mh <<= 1
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        if score <= max_errors:
            out.append((j, score))
    return out


def edit_distance_within(text: str, pattern: str) -> int:
    """The fewest edits turning ``pattern`` into some substring of ``text``."""
    if not pattern:
        return 0
    if pattern in text:
        return 0
    ends = _match_ends(text, pattern, len(pattern))
    return min(e for _, e in ends) if ends else len(pattern)


def _similarity(text: str, pattern: str) -> float:
    """1.0 when ``pattern`` occurs in ``text``, falling towards 0 with every edit needed."""
    if not pattern:
        return 1.0
    if not text:
        return 0.0
    return 1.0 - edit_distance_within(text, pattern) / len(pattern)


def _starts(text: str, pattern: str, lo: int, end: int, errors: int) -> list[int]:
    """Where a match of ``pattern`` with ``errors`` edits ending at ``end`` may start, the length nearest
    the pattern's first: match the reversed pattern against the text read backwards from ``end``."""
    m = len(pattern)
    seg = text[lo:end][::-1]
    ends = [j for j, e in _match_ends(seg, pattern[::-1], errors, anchored=True) if e == errors]
    if not ends:
        return [max(lo, end - m)]
    return [end - j for j in sorted(ends, key=lambda j: abs(j - m))]


def _candidates(
    text: str, pattern: str, max_errors: int, regions: Iterable[tuple[int, int]] | None, *, ties: int = 1
) -> list[tuple[int, int, int]]:
    """``(start, end, errors)`` for each stretch of text where ``pattern`` matches with at most
    ``max_errors`` edits: the fewest-edit ends of the stretch and up to ``ties`` starts for each."""
    m = len(pattern)
    if m == 0:
        return []
    peq = _peq(pattern)
    found: list[tuple[int, int, int]] = []

    def settle(a: int, run: list[tuple[int, int]]) -> None:
        fewest = min(e for _, e in run)
        ends = [j + a for j, e in run if e == fewest][: max(1, ties)]
        for end in ends:
            lo = max(a, end - m - fewest)
            found.extend((s, end, fewest) for s in _starts(text, pattern, lo, end, fewest)[:ties])

    for a, b in regions if regions is not None else [(0, len(text))]:
        run: list[tuple[int, int]] = []
        last = -2
        for end, err in _match_ends(text[a:b], pattern, max_errors, peq):
            if end != last + 1 and run:
                settle(a, run)
                run = []
            run.append((end, err))
            last = end
        if run:
            settle(a, run)
    return found


def approximate_matches(
    text: str, pattern: str, max_errors: int, regions: Iterable[tuple[int, int]] | None = None
) -> list[tuple[int, int, int]]:
    """``(start, end, errors)`` of the best match in each stretch of text where ``pattern`` matches
    with at most ``max_errors`` edits, searching only ``regions`` (all of ``text`` if not given)."""
    return _candidates(text, pattern, max_errors, regions, ties=1)


# -- where to look ------------------------------------------------------------


def _merge(regions: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    clipped = sorted((max(0, a), min(size, b)) for a, b in regions if b > 0 and a < size)
    merged: list[tuple[int, int]] = []
    for a, b in clipped:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _piece_regions(text: str, quote: str, max_errors: int) -> list[tuple[int, int]]:
    """Regions of ``text`` holding an unchanged piece of ``quote``, those with the most pieces first.

    Splitting the quote into ``e + 1`` pieces finds every passage with at most ``e`` edits; ``e`` is a
    quarter of the quote (at most ``MAX_PIECES - 1``) so that pieces stay long enough to be rare.
    """
    m = len(quote)
    filter_errors = min(max_errors, max(1, m // 4), MAX_PIECES - 1)
    count = filter_errors + 1
    size = m // count
    if size < 2:
        return []
    diagonals: list[tuple[int, int]] = []  # (where the quote would start, which piece)
    for n in range(count):
        offset = n * size
        piece = quote[offset : offset + size] if n < count - 1 else quote[offset:]
        pos = text.find(piece)
        while pos != -1:
            diagonals.append((pos - offset, n))
            if len(diagonals) > 200_000:
                break
            pos = text.find(piece, pos + 1)
    if not diagonals:
        return []
    diagonals.sort()
    clusters: list[tuple[int, int, int]] = []  # (-pieces, lo, hi)
    lo = hi = diagonals[0][0]
    pieces = {diagonals[0][1]}
    for d, n in diagonals[1:]:
        if d - hi > 2 * max_errors + 1:
            clusters.append((-len(pieces), lo, hi))
            lo, pieces = d, set()
        hi = d
        pieces.add(n)
    clusters.append((-len(pieces), lo, hi))
    clusters.sort()
    return [(lo - max_errors - 1, hi + m + max_errors + 1) for _, lo, hi in clusters[:MAX_REGIONS]]


def _candidate_regions(text: str, quote: str, max_errors: int, hint: int | None) -> list[tuple[int, int]]:
    if len(text) <= FULL_SCAN_CHARS:
        return [(0, len(text))]
    m = len(quote)
    regions = _piece_regions(text, quote, max_errors)
    if hint is not None:
        regions.append((hint - HINT_WINDOW - m - max_errors, hint + HINT_WINDOW + m + max_errors))
    return _merge(regions, len(text))


# -- scoring ------------------------------------------------------------------


def _score(
    text: str, start: int, end: int, errors: int, m: int, prefix: str, suffix: str, hint: int | None
) -> float:
    quote_score = 1.0 - errors / m
    prefix_score = _similarity(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
    suffix_score = _similarity(text[end : end + len(suffix)], suffix) if suffix else 1.0
    position_score = 1.0
    if hint is not None and text:
        position_score = 1.0 - min(1.0, abs(start - hint) / len(text))
    raw = (
        QUOTE_WEIGHT * quote_score
        + PREFIX_WEIGHT * prefix_score
        + SUFFIX_WEIGHT * suffix_score
        + POSITION_WEIGHT * position_score
    )
    return raw / MAX_SCORE


def _context_agreement(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """Characters of context that agree right next to the passage: a cheap first ranking."""
    n = 0
    i, k = start - 1, len(prefix) - 1
    while k >= 0 and i >= 0 and text[i] == prefix[k]:
        n, i, k = n + 1, i - 1, k - 1
    i, k = end, 0
    while k < len(suffix) and i < len(text) and text[i] == suffix[k]:
        n, i, k = n + 1, i + 1, k + 1
    return n


def exact_occurrences(text: str, quote: str) -> list[int]:
    """Every offset where ``quote`` occurs in ``text`` (overlapping ones too), in order."""
    out: list[int] = []
    pos = text.find(quote)
    while pos != -1:
        out.append(pos)
        pos = text.find(quote, pos + 1)
    return out


def match_quote(
    text: str, quote: str, *, prefix: str = "", suffix: str = "", hint: int | None = None
) -> tuple[int, int, float] | None:
    """The best place for ``quote`` in ``text`` as ``(start, end, score)``, or ``None`` if nothing is close.

    Exact occurrences come first; when none of them has the expected context, an approximate search
    (up to half the quote's length in edits) may find a better place, e.g. where the passage was edited.
    """
    m = len(quote)
    if m == 0 or not text:
        return None
    best: tuple[float, int, int] | None = None
    starts = exact_occurrences(text, quote)
    if starts:
        if len(starts) > EXACT_RANKED:
            near = sorted(starts, key=lambda s: abs(s - hint))[:4] if hint is not None else []
            ranked = sorted(
                starts,
                key=lambda s: (-_context_agreement(text, s, s + m, prefix, suffix), abs(s - (hint or 0))),
            )[:EXACT_RANKED]
            starts = list(dict.fromkeys(ranked + near))
        for s in starts:
            score = _score(text, s, s + m, 0, m, prefix, suffix, hint)
            if best is None or score > best[0]:
                best = (score, s, s + m)
    if best is None or best[0] < GOOD_ENOUGH:
        max_errors = min(MAX_ERRORS, m // 2)
        if max_errors > 0:
            regions = _candidate_regions(text, quote, max_errors, hint)
            for s, e, errors in _candidates(text, quote, max_errors, regions, ties=4):
                if errors == 0:
                    continue  # already scored above
                score = _score(text, s, e, errors, m, prefix, suffix, hint)
                if best is None or score > best[0]:
                    best = (score, s, e)
    if best is None or best[0] < MIN_SCORE:
        return None
    return best[1], best[2], best[0]


# -- annotations --------------------------------------------------------------


def make_selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``(quote, prefix, suffix)`` for ``text[start:end]`` with up to 32 characters of context."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return text[start:end], text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def anchor(text: str, ann: Annotation) -> Anchored | None:
    """Where ``ann`` belongs in ``text`` now, or ``None`` when its passage is gone."""
    start, end = ann.start, ann.end
    if (
        0 <= start < end <= len(text)
        and text[start:end] == ann.quote
        and text[max(0, start - len(ann.prefix)) : start] == ann.prefix
        and text[end : end + len(ann.suffix)] == ann.suffix
    ):
        return Anchored(start, end, 1.0)  # nothing moved: the common case, in constant time
    found = match_quote(text, ann.quote, prefix=ann.prefix, suffix=ann.suffix, hint=start)
    return Anchored(*found) if found else None


def anchor_all(text: str, anns: Sequence[Annotation]) -> list[Annotation]:
    """Copies of ``anns`` placed in ``text`` (new ``start``/``end``), in text order; those that cannot be
    placed keep their old offsets, are flagged ``orphan`` and come last."""
    placed: list[Annotation] = []
    for ann in anns:
        where = anchor(text, ann)
        if where is None:
            placed.append(replace(ann, orphan=True, tags=list(ann.tags)))
        else:
            placed.append(replace(ann, start=where.start, end=where.end, orphan=False, tags=list(ann.tags)))
    return sorted(placed, key=text_order)
