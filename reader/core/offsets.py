"""Offset maps between a text and a text derived from it.

Every position the reader keeps is an offset into the cleaned original text.
Each derived view (the source before cleaning, a script conversion) carries an
offset map so that a position or a range in one maps to the other.

A map is a sequence of segments that tile both texts in order. A *linear*
segment has the same length on both sides and maps character by character
(kept text, a punctuation mark made full-width, a one-to-one character
conversion). An *atomic* segment maps as a whole (a removed duplicate, a joined
line break, a phrase conversion that changes length): a position inside it maps
to its start when it starts a range and to its end when it ends one, so a
range always maps to a range that covers it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from operator import ne, sub
from typing import Protocol


class PositionMap(Protocol):
    """What every offset map offers; ``src`` is the original, ``dst`` the derived text."""

    @property
    def src_len(self) -> int: ...

    @property
    def dst_len(self) -> int: ...

    def to_src(self, pos: int, *, end: bool = False) -> int: ...

    def to_dst(self, pos: int, *, end: bool = False) -> int: ...

    def range_to_src(self, start: int, end: int) -> tuple[int, int]: ...

    def range_to_dst(self, start: int, end: int) -> tuple[int, int]: ...


class RangeMapping:
    """Ranges mapped through ``to_src``/``to_dst``: the start as a start, the end as an end."""

    __slots__ = ()

    def to_src(self, pos: int, *, end: bool = False) -> int:
        raise NotImplementedError

    def to_dst(self, pos: int, *, end: bool = False) -> int:
        raise NotImplementedError

    def range_to_src(self, start: int, end: int) -> tuple[int, int]:
        a = self.to_src(start)
        return (a, max(a, self.to_src(end, end=True))) if end > start else (a, a)

    def range_to_dst(self, start: int, end: int) -> tuple[int, int]:
        a = self.to_dst(start)
        return (a, max(a, self.to_dst(end, end=True))) if end > start else (a, a)


class OffsetMap(RangeMapping):
    """A tiling of two texts by linear and atomic segments (see the module docstring)."""

    __slots__ = ("_atomic", "_dst", "_src")

    def __init__(self, src: list[int], dst: list[int], atomic: list[bool]) -> None:
        if len(src) != len(dst) or len(atomic) != len(src) - 1 or not src:
            raise ValueError("offset map boundaries do not match")
        self._src = src
        self._dst = dst
        self._atomic = atomic

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([0, length], [0, length], [False])

    @classmethod
    def from_origins(cls, origins: Sequence[int], src_len: int) -> OffsetMap:
        """Build a map from the source index of every derived character.

        ``origins[i]`` is the index in the source of derived character ``i``;
        the indexes must not decrease. Consecutive indexes make linear
        segments; a gap is a deletion and a repeated index an insertion.
        """
        builder = OffsetMapBuilder()
        n = len(origins)
        if n == 0:
            builder.replace(src_len, 0)
            return builder.build() if src_len else cls.identity(0)
        # Where a run of consecutive origins breaks, found without a Python loop per character.
        breaks = list(compress(range(1, n), map(ne, map(sub, origins[1:], origins[:-1]), repeat(1))))
        pos = 0  # next unconsumed source index
        inserted = 0  # characters inserted since the last kept or deleted run
        for start, b in zip([0, *breaks], [*breaks, n]):
            a = start
            first = origins[a]
            if first < pos:  # repeated origins: inserted characters
                k = min(b - a, pos - first)
                inserted += k
                a += k
                if a == b:
                    continue
                first = origins[a]
            if inserted:
                builder.replace(0, inserted)
                inserted = 0
            if first > pos:
                builder.replace(first - pos, 0)
            builder.keep(b - a)
            pos = origins[b - 1] + 1
        if inserted:
            builder.replace(0, inserted)
        if pos < src_len:
            builder.replace(src_len - pos, 0)
        return builder.build()

    @property
    def src_len(self) -> int:
        return self._src[-1]

    @property
    def dst_len(self) -> int:
        return self._dst[-1]

    @property
    def segments(self) -> list[tuple[int, int, int, int, bool]]:
        """``(src_start, src_end, dst_start, dst_end, atomic)`` for every segment."""
        s, d = self._src, self._dst
        return [(s[i], s[i + 1], d[i], d[i + 1], self._atomic[i]) for i in range(len(self._atomic))]

    def to_src(self, pos: int, *, end: bool = False) -> int:
        return _map(self._dst, self._src, self._atomic, pos, end)

    def to_dst(self, pos: int, *, end: bool = False) -> int:
        return _map(self._src, self._dst, self._atomic, pos, end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self.segments == other.segments

    __hash__ = None  # type: ignore[assignment]  # equal by value over lists: never a set member or key

    def __repr__(self) -> str:
        return f"OffsetMap({self.segments!r})"


def _map(frm: list[int], to: list[int], atomic: list[bool], pos: int, end: bool) -> int:
    pos = min(max(pos, 0), frm[-1])
    # A start position belongs to the last segment that starts at or before it;
    # an end position to the first segment that ends at or after it.
    i = bisect_left(frm, pos) - 1 if end else bisect_right(frm, pos) - 1
    i = min(max(i, 0), len(atomic) - 1)
    if not atomic[i]:
        return to[i] + min(pos - frm[i], to[i + 1] - to[i])
    if pos == frm[i] and not end:
        return to[i]
    if pos == frm[i + 1] and end:
        return to[i + 1]
    return to[i + 1] if end else to[i]


class OffsetMapBuilder:
    """Builds an :class:`OffsetMap` left to right, merging adjacent linear runs."""

    def __init__(self) -> None:
        self._src = [0]
        self._dst = [0]
        self._atomic: list[bool] = []

    def keep(self, n: int) -> None:
        """``n`` characters map one to one (the same, or replaced one by one)."""
        if n <= 0:
            return
        if self._atomic and not self._atomic[-1]:
            self._src[-1] += n
            self._dst[-1] += n
        else:
            self._src.append(self._src[-1] + n)
            self._dst.append(self._dst[-1] + n)
            self._atomic.append(False)

    def replace(self, src_n: int, dst_n: int) -> None:
        """``src_n`` source characters became ``dst_n`` derived ones, as a whole."""
        if src_n == 0 and dst_n == 0:
            return
        self._src.append(self._src[-1] + src_n)
        self._dst.append(self._dst[-1] + dst_n)
        self._atomic.append(True)

    def build(self) -> OffsetMap:
        if not self._atomic:
            return OffsetMap.identity(0)
        return OffsetMap(list(self._src), list(self._dst), list(self._atomic))
