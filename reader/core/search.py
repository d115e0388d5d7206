"""Finding a query in an article, and a title in the library.

An article search looks for the query three ways; every match is a range of the
cleaned original text, whatever was matched:

* in the original text, folded to Simplified lower case (a Traditional query
  finds Simplified text and the other way round);
* in the text as displayed in another script, folded the same way: a phrase
  conversion may show other words than the original has (软件 shown as 軟體);
* as pinyin, when the query is written in Latin letters, with tone marks
  (``xué yuàn``), tone numbers (``xue2yuan4``) or no tones (``xueyuan``). The
  query is not split into syllables first (``xian`` may be 先 or 西安): each
  character's reading in turn must spell the next letters, and a tone or a
  space given in the query must fall where that character's syllable does.

In the first two, whitespace in the text may come between any two characters of
the query, so a phrase broken over two lines of the source still matches.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from reader.core.convert import Conversion, convert, convert_text
from reader.core.syllables import Readings

__all__ = ["PinyinQuery", "Searcher", "fuzzy_score", "parse_pinyin", "syllables_of"]

LIMIT = 10_000  # matches: more helps nobody, and would take long to paint

# Combining tone marks after NFD decomposition: ā á ǎ à.
_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_DIAERESIS = "\u0308"  # ü = u + U+0308
_BOUNDARIES = " '’-·"
# Characters whose tone changes with the next syllable (一 yī/yí/yì, 不 bù/bú): a query may give either.
_SANDHI = {"一": {1, 2, 4}, "不": {2, 4}}
_GAP = "|"  # a character with no reading (punctuation, Latin): no syllable runs across it


def syllables_of(readings: Readings, length: int) -> list[str | None]:
    """Each character's reading in tone numbers (``xue2``), None where it has none.

    The one place that knows how :class:`~reader.core.syllables.Readings` are
    stored: a code per character into the syllable tables (0: no reading).
    ``length`` is the text's length; a shorter list is padded.
    """
    numbers = readings.numbers
    out: list[str | None] = [numbers[c] if c else None for c in readings.codes]
    return (out + [None] * (length - len(out)))[:length]


@dataclass(frozen=True)
class PinyinQuery:
    """A pinyin query: its letters (ü as v) and the constraints its tones and spaces put on syllables."""

    letters: str
    ends: frozenset[int] = frozenset()  # a syllable must end at these letter positions (space, number)
    end_tones: dict[int, int] = field(default_factory=dict)  # tone of the syllable ending here (xue2)
    mark_tones: dict[int, int] = field(
        default_factory=dict
    )  # the tone of the syllable with this letter (xué)


def parse_pinyin(query: str) -> PinyinQuery | None:
    """The pinyin a query spells, or None if it is not pinyin (Han characters, other symbols)."""
    letters: list[str] = []
    ends: set[int] = set()
    end_tones: dict[int, int] = {}
    mark_tones: dict[int, int] = {}
    text = unicodedata.normalize("NFD", query.strip().lower()).replace("u:", "v")
    for ch in text:
        if "a" <= ch <= "z":
            letters.append(ch)
        elif ch in _MARKS and letters:
            mark_tones[len(letters) - 1] = _MARKS[ch]
        elif ch == _DIAERESIS and letters and letters[-1] == "u":
            letters[-1] = "v"
        elif ch in "012345" and letters:
            end_tones[len(letters)] = int(ch) or 5
            ends.add(len(letters))
        elif ch in _BOUNDARIES:
            ends.add(len(letters))
        else:
            return None
    if not letters:
        return None
    return PinyinQuery("".join(letters), frozenset(ends), end_tones, mark_tones)


class _PinyinIndex:
    """The text's readings as one string of toneless syllables, for finding a query's letters fast."""

    def __init__(self, syllables: Sequence[str | None], text: str) -> None:
        parts: list[str] = []
        owner = array("I")  # letter position -> the character whose syllable it is in
        self.tones: dict[int, int] = {}
        for i, syllable in enumerate(syllables):
            if syllable is None:
                if not text[i].isspace():  # a line break inside a word does not stop it
                    parts.append(_GAP)
                    owner.append(i)
                continue
            letters = syllable.rstrip("012345").lower().replace("ü", "v")
            tone = syllable[len(letters) :]
            self.tones[i] = int(tone) if tone and tone != "0" else 5
            parts.append(letters)
            owner.extend([i] * len(letters))
        self.letters = "".join(parts)
        self.owner = owner
        self.text = text

    def _starts_syllable(self, pos: int) -> bool:
        return pos == 0 or self.owner[pos - 1] != self.owner[pos] or self.letters[pos - 1] == _GAP

    def _tone_ok(self, char: int, wanted: int) -> bool:
        return wanted == self.tones[char] or wanted in _SANDHI.get(self.text[char], ())

    def _fits(self, query: PinyinQuery, start: int) -> int | None:
        """The end (a text offset) of the match of ``query`` at letter ``start``, or None."""
        n = len(query.letters)
        end = start + n
        if not self._starts_syllable(start) or (end < len(self.letters) and not self._starts_syllable(end)):
            return None
        pos = start
        while pos < end:
            char = self.owner[pos]
            stop = pos
            while stop < len(self.owner) and self.owner[stop] == char:
                stop += 1
            lo, hi = pos - start, stop - start  # this syllable's letters, in query positions
            if any(lo < e < hi for e in query.ends):
                return None
            tone = query.end_tones.get(hi)
            if tone is not None and not self._tone_ok(char, tone):
                return None
            if any(not self._tone_ok(char, t) for k, t in query.mark_tones.items() if lo <= k < hi):
                return None
            pos = stop
        return self.owner[end - 1] + 1

    def find(self, query: PinyinQuery, limit: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for m in re.finditer(f"(?={re.escape(query.letters)})", self.letters):
            found = self._fits(query, m.start())
            if found is not None:
                out.append((self.owner[m.start()], found))
                if len(out) >= limit:
                    break
        return out


class Searcher:
    """Finds a query in one article's cleaned text, as displayed in any script, and by pinyin.

    ``syllables`` are the text's readings (see :func:`syllables_of`); without
    them (the words are not ready yet) pinyin is not searched.
    """

    def __init__(self, text: str, syllables: Sequence[str | None] | None = None) -> None:
        self.text = text
        self.syllables = syllables
        self._folded: Conversion | None = None
        self._shown: tuple[str, Conversion] | None = None  # the displayed text and its folded form
        self._pinyin: _PinyinIndex | None = None

    def _fold(self) -> Conversion:
        if self._folded is None:
            self._folded = convert(self.text, "t2s")
        return self._folded

    def _fold_shown(self, shown: Conversion) -> Conversion:
        if self._shown is None or self._shown[0] != shown.text:
            self._shown = (shown.text, convert(shown.text, "t2s"))
        return self._shown[1]

    def find_all(
        self, query: str, *, shown: Conversion | None = None, limit: int = LIMIT
    ) -> list[tuple[int, int]]:
        """Ranges of the cleaned text that match ``query``, in order.

        ``shown`` is the conversion the text is displayed in, when it is not the original.
        """
        found: set[tuple[int, int]] = set()
        letters = "".join(query.split())
        if letters:
            q = convert_text(letters, "t2s").lower()
            pattern = re.compile(r"\s*".join(re.escape(ch) for ch in q), re.I)
            folded = self._fold()
            found.update(
                folded.map.range_to_src(m.start(), m.end())
                for m in islice(pattern.finditer(folded.text), limit)
            )
            if shown is not None and shown.text != self.text:
                view = self._fold_shown(shown)
                for m in islice(pattern.finditer(view.text), limit):
                    a, b = view.map.range_to_src(m.start(), m.end())
                    found.add(shown.map.range_to_src(a, b))
        spelled = parse_pinyin(query)
        if spelled is not None and self.syllables is not None:
            if self._pinyin is None:
                self._pinyin = _PinyinIndex(self.syllables, self.text)
            found.update(self._pinyin.find(spelled, limit))
        return sorted(r for r in found if r[1] > r[0])[:limit]


def fuzzy_score(query: str, candidate: str) -> float | None:
    """A score for ``query`` as a subsequence of ``candidate`` (higher is better), None if absent.

    Both are folded to Simplified lower case, so a Traditional title matches a
    Simplified query and the other way round. Consecutive and early matches score more.
    """
    q = convert_text("".join(query.split()), "t2s").lower()
    if not q:
        return 0.0
    c = convert_text(candidate, "t2s").lower()
    if q in c:
        return 100.0 + len(q) - c.index(q) / (len(c) + 1)
    score, pos, last = 0.0, 0, -2
    for ch in q:
        i = c.find(ch, pos)
        if i < 0:
            return None
        score += 2.0 if i == last + 1 else 1.0
        last, pos = i, i + 1
    return score - last / (len(c) + 1)
