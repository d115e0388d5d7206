"""The statuses of an open article's words, as the reader paints and marks them.

An article's Chinese words are looked up once when its readings arrive
(Simplified form and reading key, one OpenCC call for the article); after
that, a status change touches only the occurrences of the words it names, so
marking a word and repainting the screen costs a dictionary lookup per
occurrence of that word. Positions are offsets into the cleaned text, the
same in every script: a word marked while reading Traditional is the same
entry in Simplified.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.han import has_han
from reader.core.vocab.article import readings_tokens, sentence_at
from reader.core.vocab.keys import reading_key, simplify_all
from reader.core.vocab.levels import frequency_rank, hsk_level
from reader.core.vocab.record import IGNORED, KNOWN, LEARNING, NEW, Mark, Status

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.syllables import Readings

__all__ = ["ArticleStatuses", "WordInfo", "paint_name"]

StatusOf = Callable[[str, str], Status]  # (Simplified word, reading key) -> status


@dataclass(frozen=True)
class WordInfo:
    """What the status line says of a word beside its gloss."""

    status: Status
    hsk: int | None
    rank: int | None


def paint_name(status: Status) -> str | None:
    """The style a word with ``status`` is painted in: ``new``, ``learning-1``..``learning-4``, or None
    (known and ignored words look like any text)."""
    if status.name == NEW:
        return "new"
    if status.name == LEARNING:
        return f"learning-{status.stage}"
    return None


class ArticleStatuses:
    """Every Chinese word of one article, where it runs, and its status now."""

    def __init__(self, text: str, readings: Readings, status_of: StatusOf, standard: str = "") -> None:
        self.text = text
        tokens = [t for t in readings_tokens(text, readings) if has_han(t.text)]
        simp = simplify_all(t.text for t in tokens)
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]
        self.forms = [t.text for t in tokens]
        self.shown = [t.reading for t in tokens]
        self.keys = [(simp.get(t.text) or t.text, reading_key(t.reading)) for t in tokens]
        self._where: dict[str, list[int]] = {}
        for i, (word, _reading) in enumerate(self.keys):
            self._where.setdefault(word, []).append(i)
        self._status_of = status_of
        self.statuses = [status_of(*key) for key in self.keys]
        # HSK levels, for pinyin over unknown words above a level (0: a word beyond the lists)
        levels = {w: hsk_level(w, standard) or 0 for w in self._where} if standard else {}
        self.levels = [levels.get(w, 0) for w, _r in self.keys]

    def __len__(self) -> int:
        return len(self.starts)

    def refresh(self, words: Iterable[str] | None = None) -> None:
        """Look the statuses of ``words`` (Simplified; None: every word) up again after a change."""
        if words is None:
            self.statuses = [self._status_of(*key) for key in self.keys]
            return
        for word in words:
            for i in self._where.get(word, ()):
                self.statuses[i] = self._status_of(*self.keys[i])

    def show(self, word: str, status: Status) -> None:
        """Show ``word`` (Simplified, every reading) with ``status`` before the store has confirmed it."""
        for i in self._where.get(word, ()):
            self.statuses[i] = status

    # -- questions by position ------------------------------------------------------

    def index_at(self, offset: int) -> int | None:
        """The word running over ``offset``, if it is a Chinese word."""
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.ends[i] else None

    def within(self, start: int, end: int) -> range:
        """The words that overlap ``[start, end)``."""
        return range(max(0, bisect_right(self.ends, start)), bisect_left(self.starts, end))

    def status_at(self, offset: int) -> Status | None:
        i = self.index_at(offset)
        return self.statuses[i] if i is not None else None

    def info_at(self, offset: int, standard: str) -> WordInfo | None:
        """Status, HSK level and frequency rank of the word at ``offset``."""
        i = self.index_at(offset)
        if i is None:
            return None
        word = self.keys[i][0]
        return WordInfo(self.statuses[i], hsk_level(word, standard), frequency_rank(word))

    def known_at(self, offset: int, up_to_level: int = 0) -> bool:
        """Whether the word at ``offset`` needs no reading shown: known, ignored, not a Chinese word, or
        (with ``up_to_level``) in the HSK lists up to that level."""
        i = self.index_at(offset)
        if i is None or self.statuses[i].name in (KNOWN, IGNORED):
            return True
        level = self.levels[i] if self.levels else 0
        return bool(up_to_level and level and level <= up_to_level)

    def painted(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """``(start, end, style)`` of the new and learning words overlapping ``[start, end)``."""
        out = []
        for i in self.within(start, end):
            name = paint_name(self.statuses[i])
            if name is not None:
                out.append((self.starts[i], self.ends[i], name))
        return out

    # -- what a key marks -------------------------------------------------------------

    def mark(self, i: int, article: str) -> Mark:
        """The store's :class:`Mark` for word ``i``: its form, its reading and its sentence."""
        return Mark(
            self.forms[i],
            self.shown[i] or None,
            article,
            sentence_at(self.text, self.starts[i], self.ends[i]),
        )

    def marks(self, start: int, end: int, article: str, *, only_new: bool = False) -> list[Mark]:
        """One mark per distinct word in ``[start, end)`` (only the new ones with ``only_new``)."""
        seen: set[tuple[str, str]] = set()
        out = []
        for i in self.within(start, end):
            if self.keys[i] in seen or (only_new and self.statuses[i].name != NEW):
                continue
            seen.add(self.keys[i])
            out.append(self.mark(i, article))
        return out
