"""CC-CEDICT's sense markup, rendered for people.

CC-CEDICT writes a cross-reference as ``轉文|转文[zhuai3 wen2]`` (Traditional,
Simplified, tone-numbered pinyin; either part after the first may be
missing), measure words as ``CL:個|个[ge4],隻|只[zhi1]``, and readings in
brackets anywhere (``Taiwan pr. [yi4]``). A reader shows one script and tone
marks, so ``see 轉文|转文[zhuai3 wen2]`` becomes ``see 轉文 zhuǎiwén`` in a
Traditional view and ``see 转文 zhuǎiwén`` in a Simplified one.

Pinyin written for a word follows the usual orthography: the syllables of a
word are joined (``zhuǎiwén``), a capitalised syllable starts a new word
(``Zhūgě Liàng``), and an apostrophe separates a syllable that starts with
a, o or e (``Xī'ān``). A phrase (a proverb with a comma, or a run of more
than four syllables, whose word boundaries the file does not give) keeps its
syllables apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reader.core.han import HAN_CLASS, IDEOGRAPHIC_MARKS

__all__ = [
    "EntryView",
    "Followed",
    "Ref",
    "SenseView",
    "has_raw_markup",
    "numbers_to_marks",
    "pinyin_word",
    "render",
    "target",
]

# Ideographs as CC-CEDICT headwords use them, with the marks written among them.
_HAN = HAN_CLASS + IDEOGRAPHIC_MARKS
# What else a headword may hold: Latin and Greek letters, digits, the name
# dot, the full-width comma of proverbs, and the marks that stand for a slot
# in a pattern (對…, ∼的大門).
_OTHER = "0-9A-Za-z\u0370-\u03ff·，、…∼~"
_WORD = f"(?:[{_OTHER}]*[{_HAN}][{_OTHER}{_HAN}]*)"
_REF = re.compile(
    f"(?<![{_OTHER}])(?P<a>{_WORD})(?:\\|(?P<b>{_WORD}))?(?:\\|(?=\\[))?(?:\\[(?P<py>[^\\[\\]]*)\\])?"
    "|\\[(?P<bare>[^\\[\\]]*)\\]"
)
_CL = re.compile(r"\bCL:")
_SYLLABLE_TOKEN = re.compile(r"[A-Za-zü:]+[1-5]")
_PINYIN_TOKEN = re.compile(r"[A-Za-zü:]+[1-5]|[^\W\d_]+|[,·]")
_SLOT = "xx5"  # the reading CC-CEDICT gives a slot in a pattern (對…[dui4 xx5])
# What must never reach the screen: a Traditional|Simplified pair, a
# tone-numbered reading in brackets, a raw measure-word label.
_RAW = re.compile(f"[{_HAN}]\\|[{_OTHER}{_HAN}]|\\[(?:[A-Za-zü: ,·]*[a-zü:]+[1-5])|\\bCL:")

_TONE_MARKS = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}
_SYLLABLE = re.compile(r"([A-Za-züÜ:]+)([1-5])")


def _mark_syllable(m: re.Match[str]) -> str:
    return _marked(m.group(1), int(m.group(2)))


@lru_cache(maxsize=4096)
def _marked(syllable: str, tone: int) -> str:
    body = syllable.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if tone == 5 or not body:
        return body
    low = body.lower()
    # Standard rule: a or e takes the mark; in "ou" the o; otherwise the last vowel.
    if "a" in low:
        i = low.index("a")
    elif "e" in low:
        i = low.index("e")
    elif "ou" in low:
        i = low.index("o")
    else:
        i = max((k for k, ch in enumerate(low) if ch in "aeiouü"), default=-1)
        if i < 0:  # m2, n4, ng2: the mark goes on the first letter
            i = 0
    marked = body[: i + 1] + _TONE_MARKS[tone]
    return unicodedata.normalize("NFC", marked) + body[i + 1 :]


def numbers_to_marks(pinyin: str) -> str:
    """``zhong1 guo2`` → ``zhōng guó``; ``lu:4`` → ``lǜ``; neutral ``5`` drops the digit."""
    return _SYLLABLE.sub(_mark_syllable, pinyin).replace("u:", "ü")


def _is_pinyin(text: str) -> bool:
    """Tone-numbered pinyin as CC-CEDICT writes it (``ka3 la1 O K``), with at least one tone."""
    tokens = text.split()
    return (
        bool(tokens)
        and all(_PINYIN_TOKEN.fullmatch(t) for t in tokens)
        and any(_SYLLABLE_TOKEN.fullmatch(t) for t in tokens)
    )


def _starts_with_vowel(syllable: str) -> bool:
    return unicodedata.normalize("NFD", syllable)[:1].lower() in ("a", "e", "o")


def _join(word: list[str], apart: bool) -> str:
    """Syllables of one word: joined, with apostrophes (or apart, for a phrase)."""
    if apart:
        return " ".join(word)
    out = word[0]
    for syllable in word[1:]:
        out += ("'" if _starts_with_vowel(syllable) else "") + syllable
    return out


def pinyin_word(numbered: str) -> str:
    """``zhuai3 wen2`` → ``zhuǎiwén``; ``Zhu1 ge3 Liang4`` → ``Zhūgě Liàng``; ``A A zhi4`` → ``AA zhì``."""
    words: list[tuple[str, list[str]]] = []  # (kind, parts): kind "py", "abc" or a separator
    for token in numbered.split():
        if token in (",", "·"):
            words.append((token, []))
            continue
        letters = _SYLLABLE_TOKEN.fullmatch(token) is None or token == _SLOT
        kind = "abc" if letters else "py"
        text = "…" if token == _SLOT else token if letters else numbers_to_marks(token)
        last = words[-1] if words else None
        capital = not letters and token[:1].isupper()
        if last is not None and last[0] == kind and not capital:
            last[1].append(text)
        else:
            words.append((kind, [text]))
    # A phrase (a comma, or a run too long to be one word) keeps its syllables apart.
    apart = any(kind == "," or (kind == "py" and len(parts) > 4) for kind, parts in words)
    out = ""
    for kind, parts in words:
        if kind in (",", "·"):
            out += kind
        else:
            text = "".join(parts) if kind == "abc" else _join(parts, apart)
            out += (" " if out and not out.endswith("·") else "") + text
    return out


@dataclass(frozen=True, slots=True)
class Ref:
    """A cross-reference: both written forms (equal when the file gives one) and its reading."""

    traditional: str
    simplified: str
    pinyin: str  # tone-numbered as in the file; "" when the reference gives none

    def form(self, traditional: bool) -> str:
        return self.traditional if traditional else self.simplified


def _ref(m: re.Match[str]) -> Ref:
    a, b, py = m.group("a"), m.group("b"), m.group("py")
    return Ref(a, b or a, py if py and _is_pinyin(py) else "")


def _render_match(m: re.Match[str], traditional: bool) -> str:
    bare = m.group("bare")
    if bare is not None:
        return pinyin_word(bare) if _is_pinyin(bare) else m.group(0)
    ref = _ref(m)
    text = ref.form(traditional)
    py = m.group("py")
    if ref.pinyin:
        return f"{text} {pinyin_word(ref.pinyin)}"
    return text if py is None else f"{text} [{py}]"


def _measure_words(text: str, traditional: bool) -> str:
    """``CL:個|个[ge4],隻|只[zhi1]`` → ``measure word: 個 gè, 隻 zhī``."""
    head, _, tail = text.partition("CL:")
    refs = []
    pos = 0
    while (m := _REF.match(tail, pos)) is not None and m.group("a"):
        refs.append(_render_match(m, traditional))
        pos = m.end()
        if tail[pos : pos + 1] != ",":
            break
        pos += 1
    if not refs:
        return head + "measure word: " + render(tail, traditional)
    return head + "measure word: " + ", ".join(refs) + render(tail[pos:], traditional)


def render(sense: str, traditional: bool = False) -> str:
    """One CC-CEDICT sense as a reader shows it: one script, tone marks, no markup."""
    if _CL.search(sense):
        return _measure_words(sense, traditional)
    return _REF.sub(lambda m: _render_match(m, traditional), sense)


# A sense that stands for another word's senses: "see X", "same as X" and
# every kind of "variant of X" ("old variant of X", "erhua variant of X"...),
# after any labels in parentheses.
_POINTER = re.compile(
    r"^(?:\([^()]*\)\s*)*(?:see|same as|(?:[A-Za-z]+ ){0,3}variant of)\s+"
    f"(?=[{_OTHER}]*[{_HAN}])"
)


def target(sense: str) -> Ref | None:
    """The word a "see X" / "variant of X" / "same as X" sense points to, if it is one."""
    m = _POINTER.match(sense)
    if m is None:
        return None
    ref = _REF.match(sense, m.end())
    return _ref(ref) if ref is not None and ref.group("a") else None


@dataclass(frozen=True, slots=True)
class Followed:
    """A word a sense points to, with its senses rendered (not followed further)."""

    headword: str
    pinyin: str
    senses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SenseView:
    """A sense as shown, and the entries it was followed to ("see X", "variant of X")."""

    text: str
    followed: tuple[Followed, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryView:
    """An entry as shown: headword in the reader's script first, joined pinyin, rendered senses."""

    headword: str
    other_form: str  # the headword in the other script, "" when it is written the same
    pinyin: str
    senses: tuple[SenseView, ...]


def has_raw_markup(text: str) -> bool:
    """Whether ``text`` still holds markup meant for the file, not for people."""
    return _RAW.search(text) is not None
