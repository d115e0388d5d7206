"""Readings of a text, one syllable per character, and how they are shown.

A :class:`Readings` holds, for every character of one text, the index of its
syllable in a small table (tone numbers, tone marks and zhuyin of each
syllable the text uses), and the text's word ends. It is built in the
preparing process (:mod:`reader.core.readings`, which needs jieba, pypinyin and
the polyphone model) and only read here, so the process that draws the
screen never loads those libraries.

What is stored is the reading a dictionary gives: 一 is always yī and 不 bù,
a neutral tone is tone 5, and an erhua 儿 (一会儿) is the syllable ``r5`` on
the 儿, so every character keeps exactly one syllable and the layout stays
aligned. How it is *shown* is a display choice (:class:`PinyinOptions`), never
stored: tone sandhi of 一 and 不 as spoken, erhua written ``r`` or ``er``,
syllables of a word written together or apart.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["EXTRA_SYLLABLES", "STYLES", "PinyinOptions", "Readings", "join", "present"]

STYLES = ("marks", "numbers", "zhuyin")
# Syllables a display option can turn a stored one into: every table has them.
EXTRA_SYLLABLES = ("yi1", "yi2", "yi4", "yi5", "bu2", "bu4", "er5", "r5")
_NUMERALS = frozenset("〇零一二三四五六七八九十两")
_BIG_NUMBERS = frozenset("百千万亿萬億")  # 一百 yìbǎi, 一万 yíwàn: sandhi applies before these


@dataclass(frozen=True, slots=True)
class PinyinOptions:
    """How readings are shown (a display choice; what is stored never changes).

    ``spaced``: ``xiāng gǎng`` rather than ``xiānggǎng``. ``sandhi``: 一 and
    不 as spoken (``yígè``, ``búshì``) rather than as in the dictionary
    (``yīgè``, ``bùshì``). ``erhua``: an erhua 儿 written ``r`` (``yīhuìr``)
    rather than ``er``. Zhuyin always writes the neutral-tone dot before the
    syllable (``˙ㄉㄜ``).
    """

    spaced: bool = False
    sandhi: bool = False
    erhua: bool = True


@dataclass
class Readings:
    """The syllable of every character of one text, and its word ends.

    ``text`` is the text read (sandhi looks at its characters: 第一, 十一);
    ``codes[i]`` indexes ``numbers``/``marks``/``zhuyin`` (0: no reading, for a
    character that is not Han). ``complete`` is False for readings of a part of
    the text only (the first screen while the rest is read).
    """

    text: str
    ends: array  # "I": word ends, ascending, the last is the text's length
    codes: array  # "H": one per character
    numbers: tuple[str, ...]
    marks: tuple[str, ...]
    zhuyin: tuple[str, ...]
    complete: bool = True
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.codes)

    def code(self, syllable: str) -> int:
        """The code of a numbers-style syllable in this table (0 if absent)."""
        index = self._index
        if not index:
            index.update((s, i) for i, s in enumerate(self.numbers) if i)
        return index.get(syllable, 0)

    def table(self, style: str) -> tuple[str, ...]:
        return {"marks": self.marks, "numbers": self.numbers, "zhuyin": self.zhuyin}[str(style)]

    def at(
        self, start: int, end: int, style: str, options: PinyinOptions | None = None
    ) -> tuple[tuple[str | None, ...], tuple[int | None, ...]]:
        """Pinyin (in ``style``) and tones of the characters ``[start, end)``, as ``options`` show them."""
        codes = present(self, start, end, options or PinyinOptions())
        table = self.table(style)
        return (
            tuple(table[c] or None for c in codes),
            tuple(_tone(self.numbers[c]) if c else None for c in codes),
        )

    def word_at(self, offset: int) -> tuple[int, int]:
        ends = self.ends
        i = bisect_right(ends, offset)
        if i >= len(ends):
            return len(self.codes), len(self.codes)
        return (ends[i - 1] if i else 0), ends[i]

    @classmethod
    def spliced(cls, text: str, start: int, part: Readings, rough_ends: Iterable[int]) -> Readings:
        """Readings of all of ``text`` that only know ``part``, the readings of ``text[start:...]``.

        Outside the part there is no reading, and the words are ``rough_ends``.
        """
        rough = list(rough_ends)
        codes = array("H", bytes(2 * len(text)))
        codes[start : start + len(part)] = part.codes
        stop = start + len(part)
        ends = array("I", (e for e in rough if e <= start))
        ends.extend(start + e for e in part.ends if 0 < start + e <= stop)
        ends.extend(e for e in rough if e > stop)
        return cls(text, ends, codes, part.numbers, part.marks, part.zhuyin, complete=False)


def _tone(syllable: str) -> int:
    last = syllable[-1:]
    return int(last) if last in ("1", "2", "3", "4") else 5


def present(readings: Readings, start: int, end: int, options: PinyinOptions) -> list[int]:
    """The codes shown for ``[start, end)``: the stored ones with sandhi and erhua applied as asked.

    Sandhi looks one character past ``end`` (不 before 是 in the next word is
    still bú) and one before ``start`` (第一 stays yī).
    """
    codes = readings.codes
    out = list(codes[start:end])
    if options.sandhi:
        _sandhi(readings, start, out)
    if not options.erhua:
        r, er = readings.code("r5"), readings.code("er5")
        out = [er if c == r else c for c in out]
    return out


def _sandhi(readings: Readings, start: int, out: list[int]) -> None:
    numbers, codes, code = readings.numbers, readings.codes, readings.code
    yi1, bu4 = code("yi1"), code("bu4")
    n = len(codes)
    for k, c in enumerate(out):
        if c != yi1 and c != bu4:
            continue
        i = start + k
        nxt = codes[i + 1] if i + 1 < n else 0
        if not nxt:
            continue  # the end of a phrase: citation tone
        tone = _tone(numbers[nxt])
        if c == bu4:
            if tone == 4:
                out[k] = code("bu2")
            continue
        text = readings.text
        before = text[i - 1] if i > 0 else None
        after = text[i + 1] if i + 1 < n else None
        if before in _NUMERALS or before == "第" or (after in _NUMERALS and after not in _BIG_NUMBERS):
            continue  # 第一, 十一, 一九八四: a number, read yī
        if before is not None and before == after and codes[i - 1] == nxt and text[i - 2 : i - 1] != "一":
            out[k] = code("yi5")  # 看一看 (but 一个一个)
        else:
            out[k] = code("yi2") if tone in (4, 5) else code("yi4")


def join(syllables: Sequence[str | None], *, spaced: bool = False) -> str:
    """Syllables of a word as one string: ``zhōngguó``, or ``zhōng guó`` when ``spaced``.

    Joined syllables follow pinyin orthography: an apostrophe goes before a
    syllable that starts with a, o or e (``xī'ān``, ``Tiān'ānmén``); with tone
    numbers the digit already shows the boundary (``xi1an1``).

    Zhuyin syllables are always spaced (they have no letters that show where
    one ends). An erhua ``r`` (or ``ㄦ``) joins the syllable before it.
    """
    parts = [p for p in syllables if p]
    if not parts:
        return ""
    sep = " " if spaced or parts[0][0] >= "\u3100" else ""
    out = parts[0]
    for p in parts[1:]:
        if p in ("r", "ㄦ"):
            out += p
        elif not sep and _opens_with_vowel(p) and not out[-1].isdigit():
            out += "'" + p  # xī'ān, not xīān: where a syllable starts with a, o or e
        else:
            out += sep + p
    return out


_VOWEL_STARTS = frozenset("aoeāáǎàōóǒòēéěè")


def _opens_with_vowel(syllable: str) -> bool:
    """Whether pinyin orthography puts an apostrophe before ``syllable`` inside a word (a, o, e)."""
    return syllable[0] in _VOWEL_STARTS
