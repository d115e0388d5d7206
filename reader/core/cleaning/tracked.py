"""Strings that remember where each character came from.

A :class:`Tracked` string pairs ``text`` with ``origins``: the source offset
of every character. Edits either delete characters (their origins go away),
replace characters one for one (the origins stay: a linear segment in the
final map), or insert characters (they repeat the origin of their neighbour).
Every edit is logged as a :class:`~reader.core.model.Change` against the
source.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable

from reader.core.model import Change
from reader.core.offsets import OffsetMap, OffsetMapBuilder


class Log:
    """The change log of one cleaning run."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.changes: list[Change] = []

    def add(self, kind: str, src_start: int, src_end: int, after: str) -> None:
        before = self.source[src_start:src_end]
        if before != after:
            self.changes.append(Change(kind, src_start, src_end, before, after))


def offsets(values: Iterable[int] = ()) -> array:
    """A compact list of source offsets: eight bytes each, where a list of ints takes about forty."""
    return array("q", values)


class Tracked:
    """``text`` with the source offset of each of its characters (an :func:`offsets` array)."""

    __slots__ = ("text", "origins")

    def __init__(self, text: str, origins: array) -> None:
        self.text = text
        self.origins = origins

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Tracked:
        return cls(source[start:end], offsets(range(start, end)))

    def __len__(self) -> int:
        return len(self.text)

    @staticmethod
    def concat(pieces: list[Tracked]) -> Tracked:
        """The pieces end to end, copied once (repeated ``+`` would copy the growing text again and again)."""
        origins = offsets()
        for piece in pieces:
            origins.extend(piece.origins)
        return Tracked("".join(piece.text for piece in pieces), origins)

    def __add__(self, other: Tracked) -> Tracked:
        return Tracked(self.text + other.text, self.origins + other.origins)

    def slice(self, start: int, end: int | None = None) -> Tracked:
        return Tracked(self.text[start:end], self.origins[start:end])

    def src_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range covered by ``text[start:end]`` (empty ranges sit before ``start``)."""
        if start < end:
            return self.origins[start], self.origins[end - 1] + 1
        if start < len(self.origins):
            return self.origins[start], self.origins[start]
        if self.origins:
            return self.origins[-1] + 1, self.origins[-1] + 1
        return 0, 0

    def edit(self, edits: Iterable[tuple[int, int, str]], kind: str, log: Log | None) -> Tracked:
        """Apply non-overlapping ``(start, end, replacement)`` edits, sorted by ``start``.

        A replacement as long as what it replaces keeps the origins (one for
        one); a shorter one keeps the origins of its first characters; a
        longer one repeats the last origin (an insertion).
        """
        text, origins = self.text, self.origins
        out_text: list[str] = []
        out_orig = offsets()
        pos = 0
        for start, end, repl in edits:
            if start < pos:
                continue
            out_text.append(text[pos:start])
            out_orig.extend(origins[pos:start])
            old = origins[start:end]
            if len(repl) <= len(old):
                new = old[: len(repl)]
            else:
                anchor = old[-1] if old else (out_orig[-1] if out_orig else (origins[start] if start < len(origins) else 0))
                new = old + offsets([anchor] * (len(repl) - len(old)))
            out_text.append(repl)
            out_orig.extend(new)
            if log is not None:
                a, b = self.src_span(start, end)
                log.add(kind, a, b, repl)
            pos = end
        if pos == 0 and not out_text:
            return self
        out_text.append(text[pos:])
        out_orig.extend(origins[pos:])
        return Tracked("".join(out_text), out_orig)

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], kind: str, log: Log | None) -> Tracked:
        """Like ``pattern.sub`` on the text, with every replacement tracked and logged."""
        if isinstance(repl, str):
            edits = [(m.start(), m.end(), m.expand(repl)) for m in pattern.finditer(self.text)]
        else:
            edits = [(m.start(), m.end(), repl(m)) for m in pattern.finditer(self.text)]
        edits = [e for e in edits if self.text[e[0] : e[1]] != e[2]]
        return self.edit(edits, kind, log) if edits else self
