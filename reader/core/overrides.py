"""The user's own readings: a text file of ``word reading`` lines in the data folder.

::

    # pinyin-overrides.txt: one word a line, then its reading
    银行  yin2 hang2
    長安  cháng'ān
    一会儿 yi1 hui4 r5

The word may be in either script (it is matched on the Simplified fold, like
everything that is read); the reading is one syllable per character, in tone
numbers or tone marks, separated by spaces or apostrophes, or numbers run
together (``yin2hang2``); a neutral tone is ``5`` or no mark, erhua ``r5``.
Wherever the word occurs in a text its characters take these syllables, over
every other source. A line that cannot be read is reported and skipped.

Prepared readings are cached by content: the file's digest is part of the
cache key (:func:`digest`), so changing the file re-reads every article.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.han import HAN

__all__ = ["FILE_NAME", "Overrides", "digest", "load", "parse", "path_in"]

FILE_NAME = "pinyin-overrides.txt"
_NUMBERED = re.compile(r"[a-zü:v]+[1-5]")


def path_in(data_root: Path) -> Path:
    return Path(data_root) / FILE_NAME


def digest(path: Path | None) -> str:
    """A short digest of the file's bytes ('' when there is no file): part of every cache key."""
    if path is None:
        return ""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(data).hexdigest()[:12] if data.strip() else ""


@dataclass(frozen=True)
class Overrides:
    """Words (Simplified) and their syllables in tone numbers."""

    words: dict[str, tuple[str, ...]]
    problems: tuple[str, ...] = ()
    _pattern: list[re.Pattern[str]] = field(default_factory=list, repr=False, compare=False)

    def find(self, text: str) -> dict[int, str]:
        """The syllable of every character of Simplified ``text`` that an override covers."""
        if not self.words:
            return {}
        if not self._pattern:
            words = sorted(self.words, key=len, reverse=True)
            self._pattern.append(re.compile("|".join(map(re.escape, words))))
        out: dict[int, str] = {}
        for m in self._pattern[0].finditer(text):
            for k, syllable in enumerate(self.words[m.group()]):
                out[m.start() + k] = syllable
        return out


def _syllables(reading: str) -> list[str] | None:
    """``yin2 hang2``, ``yin2hang2``, ``yín háng`` or ``cháng'ān`` as tone-number syllables."""
    from pypinyin.contrib.tone_convert import to_tone3

    reading = reading.strip().lower().replace("u:", "v").replace("ü", "v")
    parts = [p for p in re.split(r"[\s'’]+", reading) if p]
    out: list[str] = []
    for part in parts:
        numbered = _NUMBERED.findall(part)
        if numbered and "".join(numbered) == part:
            out.extend(numbered)
        elif part.isalpha():
            out.append(to_tone3(part.replace("v", "ü"), neutral_tone_with_five=True).replace("ü", "v"))
        else:
            return None
    return out if all(_syllable_like(s) for s in out) else None


def _syllable_like(syllable: str) -> bool:
    """A tone-number syllable that has a vowel (or is one of the few that need none: m, n, ng, hm, hng, r)."""
    body = syllable[:-1]
    return bool(re.search("[aeiouv]", body)) or body in ("m", "n", "ng", "hm", "hng", "r")


def parse(lines: str) -> Overrides:
    """The overrides in a file's text; lines that cannot be read become problems, one line each."""
    from reader.core.convert import convert_text

    words: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for n, raw in enumerate(lines.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, reading = line.partition(" ")
        word, reading = word.strip(), reading.strip()
        if not reading and "\t" in word:
            word, _, reading = word.partition("\t")
        syllables = _syllables(reading) if reading else None
        if not syllables or not all(HAN.match(ch) for ch in word) or len(syllables) != len(word):
            problems.append(
                f"{FILE_NAME} line {n}: expected a word of Chinese characters and one "
                f"syllable for each (e.g. 银行 yin2 hang2)"
            )
            continue
        simplified = convert_text(word, "t2s")
        words[simplified if len(simplified) == len(word) else word] = tuple(syllables)
    return Overrides(words, tuple(problems))


def load(path: Path | None) -> Overrides | None:
    """The overrides in ``path`` (None when there is no file or it cannot be read)."""
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return parse(text)
