"""Where each character of a cleaned string came from, kept as runs.

Cleaning keeps most characters in the order of the source, dropping a few
and now and then inserting one: the source offsets of a string's
characters (its *origins*) are runs of consecutive offsets. A run is
``(start, length)``: ``length`` characters whose origins are ``start``,
``start + 1``, … An inserted character repeats an origin and is a run of its
own. A text of millions of characters that was edited in thousands of
places keeps thousands of runs, not an offset a character.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable

from reader.core.offsets import OffsetMap, OffsetMapBuilder


def offsets(values: Iterable[int] = ()) -> array[int]:
    """A compact list of source offsets: four bytes each (texts are read up to 64 MiB, far below 2**31)."""
    return array("i", values)


class Runs:
    """The origins of a string, run by run; built by :meth:`append`, then read."""

    __slots__ = ("_ends", "lens", "starts")

    def __init__(self) -> None:
        self.starts = offsets()
        self.lens = offsets()
        self._ends: array[int] | None = None  # character index where each run ends, made when first needed

    def __len__(self) -> int:
        ends = self._index()
        return ends[-1] if ends else 0

    def append(self, start: int, length: int) -> None:
        """Add ``length`` characters whose origins run from ``start``."""
        if length <= 0:
            return
        self._ends = None
        starts, lens = self.starts, self.lens
        if lens and starts[-1] + lens[-1] == start:
            lens[-1] += length
        else:
            starts.append(start)
            lens.append(length)

    def copy_range(self, out: Runs, a: int, b: int) -> None:
        """Append to ``out`` the origins of characters ``a`` to ``b``."""
        if a >= b:
            return
        ends = self._index()
        k = bisect_right(ends, a)
        while a < b:
            run_start = ends[k] - self.lens[k]
            take = min(b, ends[k]) - a
            out.append(self.starts[k] + a - run_start, take)
            a += take
            k += 1

    def at(self, i: int) -> int:
        """The origin of character ``i``."""
        ends = self._index()
        k = bisect_right(ends, i)
        return self.starts[k] + i - (ends[k] - self.lens[k])

    def first(self) -> int:
        return self.starts[0]

    def last(self) -> int:
        return self.starts[-1] + self.lens[-1] - 1

    def expand(self) -> array[int]:
        """The origin of every character, one by one."""
        out = offsets()
        for start, length in zip(self.starts, self.lens):
            out.extend(range(start, start + length))
        return out

    def _index(self) -> array[int]:
        if self._ends is None:
            ends = offsets()
            total = 0
            for length in self.lens:
                total += length
                ends.append(total)
            self._ends = ends
        return self._ends

    def offset_map(self, src_len: int) -> OffsetMap:
        """The offset map from a text with these origins to its source (as ``OffsetMap.from_origins``)."""
        builder = OffsetMapBuilder()
        if not self.lens:
            builder.replace(src_len, 0)
            return builder.build() if src_len else OffsetMap.identity(0)
        pos = inserted = 0  # next unconsumed source index; characters inserted since the last kept run
        for run_first, run_length in zip(self.starts, self.lens):
            first, length = run_first, run_length
            if first < pos:  # repeated origins: inserted characters
                k = min(length, pos - first)
                inserted += k
                first, length = first + k, length - k
                if not length:
                    continue
            if inserted:
                builder.replace(0, inserted)
                inserted = 0
            if first > pos:
                builder.replace(first - pos, 0)
            builder.keep(length)
            pos = first + length
        if inserted:
            builder.replace(0, inserted)
        if pos < src_len:
            builder.replace(src_len - pos, 0)
        return builder.build()
