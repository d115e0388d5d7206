"""Which sense of a word a reader needs: the one-line gloss under the cursor.

CC-CEDICT lists senses in no order of frequency (被 starts with "quilt", 若
with "to seem"), so the first sense is often wrong. Each sense is read for
what it describes (a verb, a preposition, a particle, a measure word...) and
what register it is marked with, and scored:

* the word's part of speech favours senses of the matching kind: a jieba
  tag (its ``posseg`` tag set) when the caller has one, otherwise the tag
  jieba's own dictionary gives the word (被 ``p``, 若 ``c``, 上 ``f``), read
  from the data file the jieba package ships, without importing jieba;
* senses marked literary, old, archaic, dialect, slang, vulgar or Taiwan-only
  fall behind plain ones, a character's "(bound form)" sense behind senses it
  has on its own, surnames and proper nouns behind common words (unless the
  tag says the word is a name);
* otherwise the dictionary's order stands.

A sense that points to another word ("variant of 從", "see 轉文") stands for
that word's senses, which are scored in its place (one level, no loops).
"""

from __future__ import annotations

import importlib.util
import re
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from reader.core.cedict_markup import Ref

__all__ = ["Candidate", "Kind", "best", "default_pos", "is_meta", "is_register_marked", "kinds", "warm_up"]


class Kind(Enum):
    """What a sense describes, read from its English."""

    VERB = "verb"
    PREP = "preposition"
    LOCATIVE = "place after a noun"
    CONJ = "conjunction"
    ADV = "adverb"
    PRON = "pronoun"
    FUNC = "grammatical function"
    CLASSIFIER = "measure word"
    NUM = "number"
    ABBR = "abbreviation"
    SURNAME = "surname"
    ADJ = "quality (an English adjective)"
    CONTENT = "thing or quality"


_REGISTER = frozenset(
    {
        "literary",
        "old",
        "archaic",
        "arch.",
        "dialect",
        "slang",
        "internet slang",
        "vulgar",
        "tw",
        "cantonese",
        "classical",
        "obsolete",
        "in former times",
        "taiwanese",
    }
)
_LABEL = re.compile(r"\(([^()]*)\)")
_LEADING = re.compile(r"^(?:\(([^()]*)\)\s*)+")
# Senses that say how the word is written or read, not what it means.
_META = re.compile(r"^(?:CL:|also pr\.|Taiwan pr\.|also written|used in |see also|pr\. |also called )")

_PREP = frozenset(
    [
        "at",
        "in",
        "on",
        "to",
        "from",
        "by",
        "with",
        "for",
        "towards",
        "toward",
        "concerning",
        "regarding",
        "about",
        "than",
        "like",
        "as",
        "via",
        "through",
        "according",
        "since",
        "until",
        "till",
        "after",
        "before",
        "during",
        "within",
        "among",
        "into",
        "onto",
        "upon",
        "under",
        "over",
        "above",
        "below",
        "behind",
        "inside",
        "outside",
        "between",
        "beside",
        "near",
        "per",
        "despite",
        "against",
        "up",
        "down",
    ]
)
# Prepositions of place: what a locative word (上, 中, 後) means after a noun.
_PLACE = frozenset(
    [
        "in",
        "on",
        "at",
        "within",
        "among",
        "inside",
        "outside",
        "above",
        "below",
        "under",
        "over",
        "behind",
        "after",
        "before",
    ]
)
_CONJ = frozenset(
    [
        "and",
        "or",
        "but",
        "if",
        "although",
        "though",
        "because",
        "so",
        "yet",
        "while",
        "whether",
        "unless",
        "therefore",
        "thus",
        "hence",
        "however",
        "moreover",
        "furthermore",
        "nevertheless",
        "nonetheless",
        "whereas",
        "otherwise",
        "then",
        "when",
    ]
)
_ADV = frozenset(
    [
        "also",
        "too",
        "still",
        "already",
        "only",
        "just",
        "even",
        "again",
        "very",
        "more",
        "most",
        "quite",
        "extremely",
        "never",
        "not",
        "no",
        "once",
        "ever",
        "all",
        "both",
        "entirely",
        "merely",
        "immediately",
        "soon",
        "perhaps",
        "maybe",
        "probably",
        "almost",
        "nearly",
        "really",
        "certainly",
        "together",
        "always",
        "often",
        "seldom",
        "rather",
        "fairly",
        "especially",
        "greatly",
        "further",
        "-est",
        "then",
    ]
)
_PRON = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "you",
        "i",
        "me",
        "him",
        "her",
        "us",
        "them",
        "his",
        "its",
        "their",
        "our",
        "my",
        "your",
        "this",
        "that",
        "these",
        "those",
        "each",
        "every",
        "which",
        "who",
        "whom",
        "what",
        "whose",
        "oneself",
        "self",
        "such",
        "some",
        "any",
        "itself",
        "themselves",
    ]
)
_MODAL = frozenset(["can", "may", "might", "must", "should", "will", "shall", "ought", "would", "could"])
_WORD_KINDS = ((_CONJ, Kind.CONJ), (_PREP, Kind.PREP), (_ADV, Kind.ADV), (_PRON, Kind.PRON))
# English adjective endings: a Chinese stative verb (相关 "related") is glossed by an adjective.
_ADJECTIVE = re.compile(r"(?:[^e]ed|al|ive|ous|(?<!m)ent|ant|ful|less|able|ible|ic|ary)$")
_NUM = re.compile(r"^(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|half)\b)")
_FUNC = re.compile(
    r"^(?:used (?:to|before|after|at|as|between|for|with|when)|indicat|(?:\w+ )?particle|(?:\w+ )?marker|"
    r"(?:noun |verb )?(?:suffix|prefix)|(?:directional |verb |resultative )?complement|grammatical)"
    r"|\bparticle\b|\bmarker\b"
)
_LABEL_KINDS = (
    (re.compile(r"^(?:adverb|adv\.)"), Kind.ADV),
    (re.compile(r"^conjunction"), Kind.CONJ),
    (re.compile(r"^preposition"), Kind.PREP),
    (re.compile(r"^(?:classifier|measure word)"), Kind.CLASSIFIER),
    (re.compile(r"^noun suffix"), Kind.LOCATIVE),
    (
        re.compile(
            r"^(?:used |indicat|(?:\w+ )?particle|(?:\w+ )?marker|(?:noun |verb )?(?:suffix|prefix)|"
            r"(?:directional |verb )?complement|completed action|modal|grammatical|sentence|"
            r"followed by|placed |before |after |between )"
        ),
        Kind.FUNC,
    ),
)


def _labels(sense: str) -> list[str]:
    return [label.strip().lower() for label in _LABEL.findall(sense)]


def is_register_marked(sense: str) -> bool:
    """Marked literary, old, archaic, dialect, slang, vulgar, Taiwan-only or the like."""
    return _marks(sense)[0]


def is_meta(sense: str) -> bool:
    """A sense about writing or reading the word (measure words, other readings), not a meaning."""
    if sense.startswith("(") and _LEADING.fullmatch(sense):  # "(Taiwan pr. [bi4] in some compounds...)"
        return _META.match(sense[1:]) is not None
    return _META.match(sense) is not None


def _first_word(text: str) -> str:
    return text.strip().split(" ")[0].lower().strip(".,!?\"'")


_PARENS = re.compile(r"\s*\([^()]*\)")


def _kinds_of_alternative(text: str) -> set[Kind]:
    """What one ``;``-separated alternative of a sense describes, from its first words."""
    low = text.strip().lower()
    if low.startswith("surname "):
        return {Kind.SURNAME}
    if low.startswith(("classifier", "measure word")):
        return {Kind.CLASSIFIER}
    if low.startswith(("abbr.", "abbreviation")):
        return {Kind.ABBR, Kind.CONTENT}  # most abbreviations stand for names and other nouns
    if low.startswith("to ("):
        return {Kind.PREP}
    if low.startswith("to "):
        # "to be (located) at": the copula with a place is how a preposition is glossed.
        plain = _PARENS.sub("", low).split()
        copula = plain[:2] == ["to", "be"] and plain[-1] in _PREP
        return {Kind.VERB, Kind.PREP} if copula else {Kind.VERB}
    if _FUNC.search(low):
        return {Kind.FUNC}
    if _NUM.match(low):
        return {Kind.NUM}
    words = _PARENS.sub("", low).split()
    first = _first_word(low)
    found = {kind for words, kind in _WORD_KINDS if first in words}
    if len(words) > 1:
        found.discard(Kind.PRON)  # "this locality" names a place, "this" alone is the pronoun
    elif _ADJECTIVE.search(first):
        found |= {Kind.ADJ, Kind.CONTENT}
    if first in _MODAL:
        found |= {Kind.VERB, Kind.ADV}  # will, can, should: verbs in English, adverbs in Chinese grammar
    if not found and first.endswith("ly") and len(first) > 4:
        found.add(Kind.ADV)
    if found & {Kind.PREP} and first in _PLACE:
        found.add(Kind.LOCATIVE)
    return found or {Kind.CONTENT}


@lru_cache(maxsize=65536)
def kinds(sense: str) -> frozenset[Kind]:
    """What ``sense`` describes: from its leading labels and from the first words of its alternatives."""
    out: set[Kind] = set()
    m = _LEADING.match(sense)
    rest = sense[m.end() :] if m else sense
    labels = _LABEL.findall(m.group(0)) if m else []
    for label in labels:
        low = label.strip().lower()
        if "abbr." in low:
            out.add(Kind.ABBR)
        out.update(kind for pattern, kind in _LABEL_KINDS if pattern.match(low))
    for alternative in rest.split(";"):
        if alternative.strip():
            out |= _kinds_of_alternative(alternative)
    if not rest.strip() and labels and not out:
        out = {Kind.FUNC}  # a sense that is only a description in parentheses
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sense that could be the gloss: where it comes from and how it was reached."""

    sense: str  # as in the file
    entry_rank: int  # the entry's place among the word's entries for the reading
    sense_rank: int  # the sense's place in its entry
    proper: bool  # from a proper-noun entry (capitalised reading)
    via: Ref | None = None  # the "see"/"variant of" sense this came through


# What each jieba tag favours (by the tag's first letter, or the whole tag).
_POS_FAVOURS: dict[str, dict[Kind, float]] = {
    "p": {Kind.PREP: 2.0, Kind.FUNC: 1.5, Kind.CONJ: 1.0},
    "c": {Kind.CONJ: 2.0, Kind.PREP: 1.0, Kind.ADV: 1.0, Kind.FUNC: 1.0},
    "d": {Kind.ADV: 2.0, Kind.FUNC: 1.0, Kind.CONJ: 1.0},
    "u": {Kind.FUNC: 2.0},
    "y": {Kind.FUNC: 2.0},
    "e": {Kind.FUNC: 1.0},
    "f": {Kind.LOCATIVE: 2.5, Kind.PREP: 2.0, Kind.FUNC: 1.5},
    "q": {Kind.CLASSIFIER: 2.0},
    "m": {Kind.NUM: 2.0, Kind.CLASSIFIER: 1.5},
    "r": {Kind.PRON: 2.0},
    "v": {Kind.VERB: 2.0, Kind.ADJ: 1.5},
    "vn": {Kind.VERB: 1.0, Kind.CONTENT: 1.0},
    "a": {Kind.ADJ: 2.0, Kind.CONTENT: 1.5},
    "ad": {Kind.ADV: 2.0, Kind.CONTENT: 1.0},
    "b": {Kind.ADJ: 2.0, Kind.CONTENT: 1.5},
    "z": {Kind.CONTENT: 1.5},
    "n": {Kind.CONTENT: 1.5},
    "s": {Kind.CONTENT: 1.5},
    "t": {Kind.CONTENT: 1.0, Kind.ADV: 1.0},
    "j": {Kind.ABBR: 2.0},
    "zg": {},  # jieba's tag for many lone characters: says nothing
    # Names: what counts is that they are names (see cost), not that they are nouns.
    "nr": {},
    "nrt": {},
    "nrfg": {},
    "ns": {},
    "nt": {},
}
_NAME_TAGS = ("nr", "ns", "nt", "nz", "j")


def _favours(pos: str | None) -> dict[Kind, float]:
    if not pos:
        return {}
    if pos in _POS_FAVOURS:
        return _POS_FAVOURS[pos]
    return _POS_FAVOURS.get(pos[0], {})


@lru_cache(maxsize=65536)
def _marks(sense: str) -> tuple[bool, bool, bool]:
    """Whether ``sense`` is register-marked, a "(bound form)", a "(variant of X)"."""
    labels = _labels(sense)
    return (
        any(label in _REGISTER for label in labels),
        "bound form" in labels,
        any("variant of" in label for label in labels),
    )


def cost(c: Candidate, pos: str | None, single: bool) -> float:
    """Lower is better: the dictionary's order, register, form, and fit with ``pos``."""
    register, bound, variant = _marks(c.sense)
    score = 0.5 * c.entry_rank + 0.25 * c.sense_rank + (0.5 if variant or c.via is not None else 0.0)
    if register:
        score += 2.5
    if single and bound:
        score += 1.5
    found = kinds(c.sense)
    name = bool(pos and pos.startswith(_NAME_TAGS))
    if Kind.SURNAME in found:
        score += -1.0 if pos == "nr" else 2.5
    if c.proper:
        score += -1.0 if name else 1.5
    favours = _favours(pos)
    score -= max((favours.get(kind, 0.0) for kind in found), default=0.0)
    return score


def best(candidates: list[Candidate], pos: str | None, single: bool) -> Candidate | None:
    """The candidate with the lowest :func:`cost`; the earliest one on a tie."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: cost(c, pos, single))


_dict_lock = threading.Lock()
_jieba_dict: tuple[bytes, array] | None = None


def _jieba_words() -> tuple[bytes, array]:
    """jieba's word list (``word frequency tag`` lines) sorted, and where each line starts.

    Read once from the data file the jieba package ships (5 MB, ~0.3 s to
    sort); sorted bytes and an array of offsets take 7 MB where a dict of
    350,000 words would take ten times that. Empty without jieba.
    """
    global _jieba_dict
    if _jieba_dict is None:
        with _dict_lock:
            if _jieba_dict is None:
                spec = importlib.util.find_spec("jieba")
                lines: list[bytes] = []
                if spec is not None and spec.origin:
                    try:
                        lines = (Path(spec.origin).parent / "dict.txt").read_bytes().split(b"\n")
                    except OSError:
                        lines = []
                lines = sorted(line.rstrip(b"\r") for line in lines if line.strip())
                starts = array("I", accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
                _jieba_dict = (b"\n".join(lines), starts)
    return _jieba_dict


def warm_up() -> None:
    """Read jieba's word list now (call from a worker thread)."""
    _jieba_words()


@lru_cache(maxsize=65536)
def default_pos(simplified: str) -> str | None:
    """The part of speech jieba's dictionary gives ``simplified`` (its most frequent use), if any."""
    blob, starts = _jieba_words()
    if not starts:
        return None
    key = simplified.encode() + b" "

    def line(i: int) -> bytes:
        end = blob.find(b"\n", starts[i])
        return blob[starts[i] : end if end >= 0 else len(blob)]

    i = bisect_left(range(len(starts)), key, key=line)
    if i == len(starts) or not line(i).startswith(key):
        return None
    fields = line(i).split()
    return fields[2].decode() if len(fields) >= 3 else None
