"""A compact read-only map from strings to small integers, for word lists of hundreds of thousands.

A dict of CC-CEDICT's 190,000 headwords or jieba's 349,046 words takes 40 to
55 MB; the same map as two sorted arrays (each key's hash, its value) takes a
few. A key is found by its hash (this process's ``hash``, cut to
:data:`HASH_BITS`), so a word not in the map matches one only by chance (for
350,000 keys, about one word in 50 million); a caller that cannot afford
even that reads the value's source to confirm.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["HASH_BITS", "HashedTable", "key_hash"]

HASH_BITS = 44
_MASK = (1 << HASH_BITS) - 1


def key_hash(key: str) -> int:
    """The hash a :class:`HashedTable` keeps of ``key``."""
    return hash(key) & _MASK


class HashedTable:
    """Keys (by :func:`key_hash`) -> values (integers below ``2**value_bits``); a key may have several."""

    def __init__(self, pairs: Iterable[tuple[int, int]], value_bits: int) -> None:
        """From ``(key_hash(key), value)`` pairs; a key's values are kept in ascending order."""
        low = (1 << value_bits) - 1
        # Packed into one integer each and sorted once: no list of pairs is held beside it.
        packed = sorted((h << value_bits) | v for h, v in pairs)
        self._hashes = array("q", (p >> value_bits for p in packed))
        self._values = array("I", (p & low for p in packed))

    def values(self, key: str) -> array:
        """The values of ``key`` (of every key of its hash), in ascending order; empty if none."""
        h = key_hash(key)
        return self._values[bisect_left(self._hashes, h) : bisect_right(self._hashes, h)]

    def first(self, key: str) -> int | None:
        """The smallest value of ``key``, or None."""
        h = key_hash(key)
        i = bisect_left(self._hashes, h)
        return self._values[i] if i < len(self._hashes) and self._hashes[i] == h else None

    def all_values(self) -> array:
        """Every value, ordered by its key's hash."""
        return self._values
