"""Character classes and the character-level repairs.

Radicals that stand for ideographs, half-width punctuation inside Chinese,
letter-spaced headings and stray spaces between Chinese characters.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TypeVar

from reader.core.cleaning.tracked import Log, Tracked

# Ideographs (BMP blocks, compatibility ideographs, the supplementary planes).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Full-width and CJK punctuation, including the curly quotes and ellipsis
# that Chinese text uses.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201d\u2026\u2014\u00b7"
CJK = HAN + CJK_PUNCT
RADICALS = "\u2e80-\u2eff\u2f00-\u2fdf"

HAN_RE = re.compile(f"[{HAN}]")
LATIN_RE = re.compile(r"[A-Za-z]")
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)

SENTENCE_END = "。！？!?…"
# Closing marks that may follow the end of a sentence.
CLOSERS = "」』”’）)】》〉]\"'*"
OPENERS = "「『“‘（(【《〈["
PAIRS = {"「": "」", "『": "』", "“": "”", "（": "）", "(": ")", "【": "】", "《": "》", "〈": "〉"}
MID_PUNCT = "，、：；,;:—"


# The measures of a line are asked for again and again as its neighbours are
# judged: they are kept for the lines of the text being cleaned, and
# forgotten when a cleaning ends (:func:`forget`).
_CACHED: list = []
F = TypeVar("F", bound=Callable[..., object])


def line_cached(func: F) -> F:
    """Keep ``func``'s answers for the lines of the text being cleaned."""
    cached = lru_cache(maxsize=1 << 14)(func)
    _CACHED.append(cached)
    return cached  # type: ignore[return-value]


def forget() -> None:
    """Drop the kept answers (so no line of a cleaned text stays in memory)."""
    for cached in _CACHED:
        cached.cache_clear()


_CHUNK = 1 << 15


def _count(char: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` match the one-character pattern ``char``.

    Counted a piece at a time, so that a line of millions of characters
    costs no list and no copy of its own size.
    """
    return sum(len(piece) - len(char.sub("", piece)) for piece in _pieces(text))


def _pieces(text: str) -> Iterator[str]:
    if len(text) <= _CHUNK:
        yield text
        return
    for k in range(0, len(text), _CHUNK):
        yield text[k : k + _CHUNK]


@line_cached
def width(text: str) -> int:
    """Display width: wide (CJK) characters count two."""
    return len(text) + _count(_WIDE, text)


@line_cached
def han_count(text: str) -> int:
    return _count(HAN_RE, text)


@line_cached
def is_latin_text(text: str) -> bool:
    """Mostly Latin letters (an English line), not Chinese with a few Latin words."""
    if not LATIN_RE.search(text):
        return False
    letters = _count(LATIN_RE, text)
    return letters >= 4 and han_count(text) * 3 < letters


@line_cached
def unbalanced(text: str) -> int:
    """Opening brackets/quotes left open (positive) or closings without opening (negative)."""
    depth = 0
    for o, c in PAIRS.items():
        if o in text or c in text:
            depth += text.count(o) - text.count(c)
    return depth


def ends_sentence(text: str, latin: bool = False) -> bool:
    stripped = text.rstrip(CLOSERS + " ")
    if not stripped:
        return bool(text)
    last = stripped[-1]
    if last in SENTENCE_END:
        return True
    return latin and last in ".:"


# --- Long texts a piece at a time ----------------------------------------------

PIECE = 1 << 14  # characters
_CUT_AFTER_SENTENCE = re.compile(f"[。！？](?=[{HAN}])")
_CUT_IN_HAN = re.compile(f"[{HAN}](?=[{HAN}])")


def in_pieces(t: Tracked, repair: Callable[[Tracked], Tracked]) -> Tracked:
    """``repair`` (a local repair) applied to a long text a piece at a time.

    A text of millions of characters on one line would otherwise make every
    repair copy it whole, with a list of its edits. The pieces are cut after
    the end of a sentence, or between two Chinese characters, where no
    repair looks across.
    """
    text = t.text
    if len(text) <= 2 * PIECE:
        return repair(t)
    bounds = [0]
    while len(text) - bounds[-1] > 2 * PIECE:
        at = bounds[-1] + PIECE
        m = _CUT_AFTER_SENTENCE.search(text, at, at + PIECE) or _CUT_IN_HAN.search(text, at, at + PIECE)
        bounds.append(m.end() if m else at + PIECE)
    bounds.append(len(text))
    return Tracked.concat([repair(t.slice(a, b)) for a, b in itertools.pairwise(bounds)])


# --- Kangxi radicals and the CJK radicals supplement --------------------------

_RADICAL_RE = re.compile(f"[{RADICALS}]")


def _radical(m: re.Match[str]) -> str:
    ch = m.group()
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def fix_radicals(t: Tracked, log: Log) -> Tracked:
    if not _RADICAL_RE.search(t.text):
        return t
    return t.sub(_RADICAL_RE, _radical, "radical", log)


# --- Half-width punctuation inside Chinese -----------------------------------

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# A mark after a Chinese character (spaces around it go too), or before one
# when it does not follow a digit (so 4,000 and 10:30 stay).
_STRICT = HAN + "\u3001-\u303f\uff01-\uff65"
_PUNCT_AFTER_HAN = re.compile(f"(?<=[{_STRICT}]) *([,;:?!]) *")
_PUNCT_BEFORE_HAN = re.compile(f"(?<![\\d{_STRICT}]) *([,;:?!]) *(?=[{HAN}])")
_PAREN = re.compile(f"\\(([^()\\n]*[{HAN}][^()\\n]*)\\)")


def _punct_edits(t: Tracked) -> list[tuple[int, int, str]]:
    text = t.text
    edits: dict[int, tuple[int, int, str]] = {}
    for pattern in (_PUNCT_AFTER_HAN, _PUNCT_BEFORE_HAN):
        for m in pattern.finditer(text):
            mark = m.group(1)
            if mark == ":" and text[m.end(1) : m.end(1) + 2] == "//":
                continue  # a URL scheme
            edits.setdefault(m.start(), (m.start(), m.end(), _FULL[mark]))
    return sorted(edits.values())


def fix_punctuation(t: Tracked, log: Log) -> Tracked:
    """Half-width , ; : ? ! and ( ) next to Chinese become full width."""
    if "(" in t.text:
        parens = [(m.start(), m.start() + 1, "（") for m in _PAREN.finditer(t.text)]
        parens += [(m.end() - 1, m.end(), "）") for m in _PAREN.finditer(t.text)]
        if parens:
            t = t.edit(sorted(parens), "punctuation", log)
    if not any(c in t.text for c in ",;:?!"):
        return t
    # Mark replacements are one for one; the spaces around them are deleted.
    return t.edit(_fine_edits(t.text, _punct_edits(t)), "punctuation", log)


def fix_all_punctuation(t: Tracked, log: Log) -> Tracked:
    """:func:`fix_punctuation` until nothing changes (a converted mark may make its neighbour convertible)."""
    for _ in range(4):
        before = t
        t = fix_punctuation(t, log)
        if t is before:
            break
    return t


def _fine_edits(text: str, edits: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str, str]]:
    for start, end, full in edits:
        seg = text[start:end]
        i = start + len(seg) - len(seg.lstrip(" "))
        if i > start:
            yield start, i, "", "whitespace"
        yield i, i + 1, full, "punctuation"
        if i + 1 < end:
            yield i + 1, end, "", "whitespace"


# --- Spaces --------------------------------------------------------------------

# Chinese characters (and their punctuation) each followed by one space:
# a letter-spaced heading, or a justified line stretched to its column.
_LETTERSPACED = re.compile(
    f"^(?=.*[{HAN}].*[{HAN}])(?:[{CJK}][ \u3000]){{2,}}[{CJK}]$|^(?:[A-Za-z] ){{3,}}[A-Za-z]$"
)
INNER_SPACE = _INNER_SPACE = re.compile(f"(?<=[{CJK}])[ \u3000]+(?=[{CJK}])")
_MULTI_SPACE = re.compile(r"(?<=\S)  +(?=\S)")


def close_letterspacing(t: Tracked, log: Log) -> Tracked:
    """``習 主 席 金 句`` becomes ``習主席金句``."""
    if not _LETTERSPACED.match(t.text):
        return t
    return t.sub(re.compile("[ \u3000]"), "", "letterspacing", log)


def is_letterspaced(text: str) -> bool:
    return bool(_LETTERSPACED.match(text))


_AROUND_FULL_PUNCT = re.compile("(?<=[，。、；：！？])[ \u3000]+|[ \u3000]+(?=[，。、；：！？])")


def remove_punct_spaces(t: Tracked, log: Log) -> Tracked:
    """Spaces next to full-width punctuation mean nothing."""
    if " " not in t.text and "\u3000" not in t.text:
        return t
    return t.sub(_AROUND_FULL_PUNCT, "", "whitespace", log)


def remove_inner_spaces(t: Tracked, log: Log, keep: int = -1) -> Tracked:
    """Spaces between two Chinese characters (PDF extraction gaps) go, but the one at ``keep``."""
    if " " not in t.text and "\u3000" not in t.text:
        return t
    edits = ((m.start(), m.end(), "") for m in _INNER_SPACE.finditer(t.text) if m.start() != keep)
    return t.edit(edits, "whitespace", log)


def collapse_spaces(t: Tracked, log: Log) -> Tracked:
    if "  " not in t.text:
        return t
    return t.sub(_MULTI_SPACE, " ", "whitespace", log)
