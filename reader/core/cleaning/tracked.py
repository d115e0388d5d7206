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

from reader.core.cleaning.runs import Runs
from reader.core.model import Change


class Log:
    """The change log of one cleaning run (``keep=False``: a run whose changes are not wanted).

    Entries are kept in compact arrays while cleaning goes on (a tenth of
    the memory of :class:`Change` objects) and made into changes at the end.
    """

    __slots__ = ("_afters", "_ends", "_kinds", "_names", "_starts", "keep", "source")

    def __init__(self, source: str, keep: bool = True) -> None:
        self.source = source
        self.keep = keep
        self._kinds = array("B")
        self._names: dict[str, int] = {}
        self._starts = array("i")
        self._ends = array("i")
        self._afters: list[str] = []

    def add(self, kind: str, src_start: int, src_end: int, after: str) -> None:
        if not self.keep or self.source[src_start:src_end] == after:
            return
        self._kinds.append(self._names.setdefault(kind, len(self._names)))
        self._starts.append(src_start)
        self._ends.append(src_end)
        self._afters.append(after)

    def __len__(self) -> int:
        return len(self._kinds)

    def changes(self) -> list[Change]:
        """The changes, in the order of the source ranges they cover."""
        src, names = self.source, list(self._names)
        kinds, starts, ends, afters = self._kinds, self._starts, self._ends, self._afters
        keys = array("q", (a << 32 | b for a, b in zip(starts, ends)))  # one number a key, not a tuple
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return [
            Change(names[kinds[i]], starts[i], ends[i], src[starts[i] : ends[i]], afters[i]) for i in order
        ]


class Tracked:
    """``text`` with the source offset of each of its characters.

    Most lines come from the source unedited, their characters from one run
    of the source: such a string keeps only where the run starts (``base``).
    An edit that breaks the run (a deletion inside, an insertion) gives it
    :class:`~reader.core.cleaning.runs.Runs`.
    """

    __slots__ = ("_base", "_runs", "text")

    def __init__(self, text: str, runs: Runs | None = None, base: int = 0) -> None:
        self.text = text
        self._runs = runs
        self._base = base

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Tracked:
        return cls(source[start:end], None, start)

    @classmethod
    def at(cls, text: str, origin: int) -> Tracked:
        """``text`` inserted, every character standing for the source offset ``origin``."""
        runs = Runs()
        for _ in text:
            runs.append(origin, 1)
        return cls._from(text, runs)

    @classmethod
    def _from(cls, text: str, runs: Runs) -> Tracked:
        """``text`` with ``runs``, kept as a base offset where they are one run."""
        if len(runs.lens) == 1:
            return cls(text, None, runs.starts[0])
        return cls(text, runs)

    def runs(self) -> Runs:
        """The origins as runs (made for a string that is one run)."""
        if self._runs is not None:
            return self._runs
        runs = Runs()
        runs.append(self._base, len(self.text))
        return runs

    @property
    def origins(self) -> array:
        """The source offset of every character, one by one."""
        return self.runs().expand()

    def first_origin(self) -> int:
        return self._base if self._runs is None else self._runs.first()

    def last_origin(self) -> int:
        return self._base + len(self.text) - 1 if self._runs is None else self._runs.last()

    def copy_origins(self, out: Runs, a: int = 0, b: int | None = None) -> None:
        """Append to ``out`` the origins of characters ``a`` to ``b``."""
        b = len(self.text) if b is None else b
        if self._runs is None:
            out.append(self._base + a, b - a)
        else:
            self._runs.copy_range(out, a, b)

    def __len__(self) -> int:
        return len(self.text)

    @staticmethod
    def concat(pieces: list[Tracked]) -> Tracked:
        """The pieces end to end, copied once (repeated ``+`` would copy the growing text again and again)."""
        if len(pieces) == 1:
            return pieces[0]
        runs = Runs()
        for piece in pieces:
            piece.copy_origins(runs)
        return Tracked._from("".join(piece.text for piece in pieces), runs)

    def __add__(self, other: Tracked) -> Tracked:
        return Tracked.concat([self, other])

    def slice(self, start: int, end: int | None = None) -> Tracked:
        start, end, _ = slice(start, end).indices(len(self.text))
        end = max(start, end)
        if self._runs is None:
            return Tracked(self.text[start:end], None, self._base + start)
        runs = Runs()
        self._runs.copy_range(runs, start, end)
        return Tracked._from(self.text[start:end], runs)

    def _origin(self, i: int) -> int:
        return self._base + i if self._runs is None else self._runs.at(i)

    def src_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range covered by ``text[start:end]`` (empty ranges sit before ``start``)."""
        n = len(self.text)
        if start < end:
            return self._origin(start), self._origin(end - 1) + 1
        if start < n:
            return self._origin(start), self._origin(start)
        if n:
            return self.last_origin() + 1, self.last_origin() + 1
        return 0, 0

    def edit(
        self, edits: Iterable[tuple[int, int, str] | tuple[int, int, str, str]], kind: str, log: Log | None
    ) -> Tracked:
        """Apply non-overlapping ``(start, end, replacement[, kind])`` edits, sorted by ``start``.

        A replacement as long as what it replaces keeps the origins (one for
        one); a shorter one keeps the origins of its first characters; a
        longer one repeats the last origin (an insertion).
        """
        text = self.text
        n = len(text)
        out_text: list[str] = []
        runs = Runs()
        pos = 0
        for start, end, repl, *own in edits:
            if start < pos:
                continue
            out_text.append(text[pos:start])
            self.copy_origins(runs, pos, start)
            kept = min(len(repl), end - start)
            self.copy_origins(runs, start, start + kept)
            if len(repl) > end - start:
                if end > start:
                    anchor = self._origin(end - 1)
                elif runs.lens:
                    anchor = runs.last()
                else:
                    anchor = self._origin(start) if start < n else 0
                for _ in range(len(repl) - (end - start)):
                    runs.append(anchor, 1)
            out_text.append(repl)
            if log is not None and log.keep:
                a, b = self.src_span(start, end)
                log.add(own[0] if own else kind, a, b, repl)
            pos = end
        if pos == 0 and not out_text:
            return self
        out_text.append(text[pos:])
        self.copy_origins(runs, pos, n)
        return Tracked._from("".join(out_text), runs)

    def sub(
        self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], kind: str, log: Log | None
    ) -> Tracked:
        """Like ``pattern.sub`` on the text, with every replacement tracked and logged.

        The edits are made as they are found, never listed whole (a text may
        be one line of millions of characters).
        """
        text = self.text
        expand = (lambda m: m.expand(repl)) if isinstance(repl, str) else repl
        edits = ((m.start(), m.end(), r) for m in pattern.finditer(text) if (r := expand(m)) != m.group())
        return self.edit(edits, kind, log)
