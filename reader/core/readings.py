"""Reading a text: the syllable of every character, decided by word, context and dictionary.

The text is read on its Simplified fold (the dictionaries are Simplified), so
a Traditional text and its Simplified form get the same readings. For each
word the segmenter finds:

1. a reading from the user's override file wins (:mod:`reader.core.overrides`);
2. a *word reading*: the readings CC-CEDICT gives the word (for the
   characters all its entries agree on), else pypinyin's phrase dictionary;
   where both dictionaries give the word and agree, that reading is settled;
3. any other polyphonic character (one the context model knows) is read by
   the model (:mod:`reader.core.polyphone`) from its sentence, unless the word
   has a reading and the model is less than ``MODEL_SURE`` sure: on the CPP
   dev split the word is right more often than a model that is merely 99% sure;
4. every other character takes the word reading, or pypinyin's;
5. two one-character words that together are a word both dictionaries give
   and agree on (还 + 钱, 和 + 面) read the first as in that word, whatever
   the model says (it is sure of 和 hé everywhere);
6. a character the grammar of its neighbours decides (a particle, a verb
   before an aspect particle, an adjective after a degree adverb: see
   :mod:`reader.core.particles`) takes that reading, unless an override or a
   settled word gives it.

Then the stored form is made the dictionary's: 一 yī and 不 bù (sandhi is a
display option), a word-final neutral 儿 is the erhua ``r5``.

Needs rjieba, pypinyin, numpy and CC-CEDICT: it runs in the preparing
process (or the command line), never where the screen is drawn.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

from reader.core import particles
from reader.core.han import HAN
from reader.core.overrides import Overrides
from reader.core.segment import pieces
from reader.core.syllables import EXTRA_SYLLABLES, Readings

__all__ = ["MODEL_SURE", "read", "read_words", "warm_up"]

PARTICLES = particles.CHARACTERS  # characters particles.reading knows
_WORDS_KEPT = 65_536  # distinct words whose readings stay memoised in a long-lived process
MODEL_SURE = 0.999  # tuned on CPP dev: below this a word's own reading beats the model
_SENTENCE_END = re.compile(r"[。！？!?；;…\n]+")
_CEDICT_SYLLABLE = re.compile(r"(?!xx)[a-z]+[1-5]")


def warm_up() -> None:
    """Load the segmenter, pypinyin, CC-CEDICT and the model (about a second, once per process)."""
    from reader.core import dictionary, polyphone, segment

    segment.warm_up()
    dictionary.warm_up()
    polyphone.model()
    read("我们了解中国的发展。\n")  # the first run of every step (numpy's too) is slower


@lru_cache(maxsize=_WORDS_KEPT)
def _default(word: str) -> tuple[str, ...]:
    """pypinyin's reading of ``word``: its phrase dictionary's, else each character's first ('' for none).

    Read from pypinyin's dictionaries directly: its ``lazy_pinyin`` does the
    same lookups through several layers and costs ten times as much.
    """
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    phrase = PHRASES_DICT.get(word) if len(word) > 1 else None
    if phrase is not None and len(phrase) == len(word):
        return tuple(_numbered(p[0]) for p in phrase)
    out = []
    for ch in word:
        found = PINYIN_DICT.get(ord(ch)) if HAN.match(ch) else None
        out.append(_numbered(found.split(",", 1)[0]) if found else "")
    return tuple(out)


@lru_cache(maxsize=8192)
def _numbered(marked: str) -> str:
    """``háng`` → ``hang2``; neutral ``men`` → ``men5``; ü as ``v``."""
    from pypinyin.contrib.tone_convert import to_tone3

    return to_tone3(marked, v_to_u=False, neutral_tone_with_five=True)


@lru_cache(maxsize=_WORDS_KEPT)
def _cedict(word: str) -> tuple[str, ...] | None:
    """The reading of each character that all of CC-CEDICT's entries for ``word`` agree on ('' where not)."""
    from reader.core.dictionary import lookup

    found: set[tuple[str, ...]] = set()
    for entry in lookup(word):
        if entry.simplified != word and entry.traditional != word:
            continue
        syllables = tuple(entry.pinyin.lower().replace("u:", "v").split())
        if len(syllables) == len(word) and all(_CEDICT_SYLLABLE.fullmatch(s) for s in syllables):
            found.add(syllables)
    if not found:
        return None
    return tuple(col[0] if len(set(col)) == 1 else "" for col in zip(*found))


@lru_cache(maxsize=_WORDS_KEPT)
def _word(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]:
    """``word``'s default reading, its word reading ('' where the word does not decide) and where
    that is settled.

    A reading is *settled* where CC-CEDICT and pypinyin's phrase dictionary
    both give the word and agree: two independent dictionaries are trusted
    over the model (which reads 了解 lejiě with 99.9999% confidence).
    """
    from pypinyin.constants import PHRASES_DICT

    default = _default(word)
    decided: tuple[str, ...] = ("",) * len(word)
    settled = (False,) * len(word)
    if len(word) < 2:
        return default, decided, settled
    cedict = _cedict(word)
    if word in PHRASES_DICT:
        settled = tuple(bool(c) and c == p for c, p in zip(cedict or decided, default))
        decided = tuple(c or p for c, p in zip(cedict or decided, default))
    elif cedict:
        decided = cedict
    else:
        return _pieces(word)
    return default, decided, settled


def _known(word: str) -> bool:
    from pypinyin.constants import PHRASES_DICT

    return word in PHRASES_DICT or _cedict(word) is not None


def _pieces(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]:
    """A word neither dictionary has (银行行长, 别着急) read as its longest known pieces, left to right."""
    default: list[str] = []
    decided: list[str] = []
    settled: list[bool] = []
    i = 0
    while i < len(word):
        j = next((j for j in range(len(word), i + 1, -1) if (j - i < len(word)) and _known(word[i:j])), i + 1)
        d, w, s = _word(word[i:j])
        default.extend(d)
        decided.extend(w)
        settled.extend(s)
        i = j
    return tuple(default), tuple(decided), tuple(settled)


def _joined(word: str, next_word: str) -> str:
    """The reading of the one-character ``word`` in the word it makes with the one-character
    ``next_word``, where both dictionaries give that word and agree (还 + 钱, 和 + 面), else ''."""
    if len(word) != 1 or len(next_word) != 1 or not HAN.match(next_word):
        return ""
    _, decided, settled = _word(word + next_word)
    return decided[0] if settled[0] else ""


def _sentences(text: str) -> list[int]:
    """Starts of the text's sentences (the model reads one sentence at a time)."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def read_words(
    text: str, words: Sequence[str], overrides: Overrides | None = None, original: str | None = None
) -> list[str]:
    """The syllable of every character of Simplified ``text`` cut into ``words`` ('' for none).

    ``original`` is the text ``text`` is the Simplified fold of (same length):
    where folding changed a character into one with other readings (閤 gé,
    folded to 合 hé), the model is asked about the original character.
    """
    from reader.core import polyphone

    fixed = overrides.find(text) if overrides else {}
    out = [""] * len(text)
    polyphones = polyphone.model().readings
    asked: list[tuple[int, str]] = []  # (position, the word's reading or '')
    erhua: list[tuple[int, str]] = []
    grammar: dict[int, str] = {}  # one-character words whose neighbours decide (see particles)
    pos = 0
    for n, word in enumerate(words):
        if HAN.search(word):
            default, decided, settled = _word(word)
            for k, ch in enumerate(word):
                i = pos + k
                if ch in PARTICLES and not settled[k] and i not in fixed:
                    found = particles.reading(
                        text,
                        i,
                        i + 1,
                        word[:k] or (words[n - 1] if n else ""),
                        word[k + 1 :] or (words[n + 1] if n + 1 < len(words) else ""),
                    )
                    if found:
                        grammar[i] = found
                if i in fixed:
                    out[i] = fixed[i]
                elif original is not None and _refolded(original[i], ch, polyphones):
                    asked.append((i, ""))
                elif (
                    ch in polyphones and not settled[k] and decided[k] != "r5"
                ):  # a dictionary's erhua is final
                    joined = "" if decided[k] else _joined(word, words[n + 1] if n + 1 < len(words) else "")
                    if joined:
                        grammar.setdefault(i, joined)
                    asked.append((i, decided[k]))
                else:
                    out[i] = decided[k] or default[k]
            if word[-1] in "儿兒":
                erhua.append((pos, word))
        pos += len(word)
    _ask_model(_unfolded(text, original, asked, polyphones), [a for a in asked if a[0] not in grammar], out)
    for i, syllable in grammar.items():
        out[i] = syllable
    for pos, word in erhua:
        _erhua(text, word, pos, out)
    return _dictionary_form(text, out)


def _refolded(original: str, folded: str, polyphones: dict[str, tuple[str, ...]]) -> bool:
    """Whether folding turned a polyphone into a character of other readings."""
    return original != folded and original in polyphones and polyphones[original] != polyphones.get(folded)


def _unfolded(
    text: str, original: str | None, asked: list[tuple[int, str]], polyphones: dict[str, tuple[str, ...]]
) -> str:
    """``text`` with the asked characters that folding changed the readings of put back."""
    if original is None:
        return text
    back = [i for i, _ in asked if _refolded(original[i], text[i], polyphones)]
    if not back:
        return text
    chars = list(text)
    for i in back:
        chars[i] = original[i]
    return "".join(chars)


def _erhua(text: str, word: str, pos: int, out: list[str]) -> None:
    """Erhua is ``r5`` on the 儿: a word-final neutral 儿 (一会儿, 这儿), or a 儿 the segmenter
    left on its own right after a Chinese character (一下 + 儿, 一口气 + 儿)."""
    end = pos + len(word) - 1
    if (len(word) > 1 and out[end] == "er5") or (len(word) == 1 and pos > 0 and HAN.match(text[pos - 1])):
        out[end] = "r5"


def _ask_model(text: str, asked: list[tuple[int, str]], out: list[str]) -> None:
    """Fill the asked positions: the model's reading, or the word's when the model is not sure."""
    if not asked:
        return
    from reader.core import polyphone

    starts = _sentences(text)
    groups: dict[int, list[int]] = {}
    for i, _ in asked:
        groups.setdefault(bisect_right(starts, i) - 1, []).append(i)
    keys = list(groups)
    queries = []
    for s in keys:
        a = starts[s]
        b = starts[s + 1] if s + 1 < len(starts) else len(text)
        queries.append((text[a:b], [i - a for i in groups[s]]))
    scores: dict[int, tuple[str, float]] = {}
    for s, result in zip(keys, polyphone.predict(queries)):
        scores.update(zip(groups[s], result))
    for i, word_reading in asked:
        best, sure = scores[i]
        out[i] = word_reading if word_reading and sure < MODEL_SURE else best


def _dictionary_form(text: str, out: list[str]) -> list[str]:
    """一 is stored yī and 不 bù: how they change before another syllable is shown, not stored."""
    for i, syllable in enumerate(out):
        if syllable in ("yi2", "yi4") and text[i] == "一":
            out[i] = "yi1"
        elif syllable == "bu2" and text[i] == "不":
            out[i] = "bu4"
    return out


def read(text: str, overrides: Overrides | None = None) -> Readings:
    """The readings and word ends of ``text`` (any script), read a piece at a time (see :func:`pieces`)."""
    table = _Table()
    ends, codes = array("I"), array("H")
    for a, b in pieces(text):
        syllables, bounds = _read_piece(text[a:b], overrides)
        codes.extend(map(table.code, syllables))
        ends.extend(a + e for e in bounds[1:])
    return table.readings(text, ends, codes)


def _read_piece(text: str, overrides: Overrides | None) -> tuple[list[str], list[int]]:
    from reader.core.segment import cut, to_simplified

    simplified, mapping = to_simplified(text)
    words = cut(simplified)
    syllables = read_words(simplified, words, overrides, text if len(simplified) == len(text) else None)
    bounds = [0, *accumulate(map(len, words))]
    if mapping is not None and len(simplified) != len(text):
        syllables, bounds = _map_back(text, mapping, syllables, bounds)
    return syllables, bounds


def _map_back(
    text: str, mapping: Any, syllables: list[str], bounds: list[int]
) -> tuple[list[str], list[int]]:
    """Syllables and word ends of ``text`` from those of its Simplified form of another length.

    A character that maps to exactly one character takes its syllable; the
    characters of a run that changed length are read on their own.
    """
    out = [""] * len(text)
    for i, ch in enumerate(text):
        a, b = mapping.range_to_dst(i, i + 1)
        if b - a == 1 and mapping.range_to_src(a, b) == (i, i + 1):
            out[i] = syllables[a]
        elif HAN.match(ch):
            out[i] = _default(ch)[0]
    mapped = sorted({mapping.to_src(b) for b in bounds[1:]} | {len(text)})
    return out, [0, *(b for b in mapped if b > 0)]


class _Table:
    """Codes for syllables as they are met; every table also has the syllables a display option uses."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {"": 0}
        for syllable in EXTRA_SYLLABLES:
            self.code(syllable)

    def code(self, syllable: str) -> int:
        found = self.index.get(syllable)
        if found is None:
            found = self.index[syllable] = len(self.index)
        return found

    def readings(self, text: str, ends: array, codes: array) -> Readings:
        used = list(self.index)[1:]
        return Readings(text, ends, codes, ("", *used), ("", *map(_marks, used)), ("", *map(_zhuyin, used)))


def build(text: str, ends: Sequence[int], syllables: Sequence[str]) -> Readings:
    """A :class:`Readings` from word ends and one numbers-style syllable per character."""
    table = _Table()
    return table.readings(text, array("I", ends), array("H", map(table.code, syllables)))


@lru_cache(maxsize=4096)
def _marks(syllable: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone

    return "r" if syllable == "r5" else to_tone(syllable)


@lru_cache(maxsize=4096)
def _zhuyin(syllable: str) -> str:
    """Zhuyin with the neutral-tone dot before the syllable (``˙ㄉㄜ``); erhua ``r`` is a bare ``ㄦ``."""
    if syllable == "r5":
        return "ㄦ"
    from pypinyin import Style
    from pypinyin.style import convert

    z = convert(_marks(syllable), Style.BOPOMOFO, strict=True)
    return "˙" + z.replace("˙", "") if "˙" in z else z
