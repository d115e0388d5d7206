"""Word lists to start from: a plain list, a Pleco flashcard export, an Anki text export, an HSK level.

Every format is read the same way: the first field of each line is the word.
Lines that are headers (Anki's ``#separator:tab``, ``#columns:...``; Pleco's
``// category`` lines) or hold no Chinese character are skipped. A Pleco
headword written ``简体[繁體]`` is the Simplified form; HTML that Anki keeps in
fields (``<b>词</b>``, ``&nbsp;``) is removed. The separator is Anki's
``#separator:`` header when there is one, else a tab, else a comma for
``.csv`` files, else any run of spaces.
"""

from __future__ import annotations

import html
import re

from reader.core.han import has_han
from reader.core.sanitize import clean_line
from reader.core.vocab.levels import LEVELS, word_list

__all__ = ["hsk_words", "parse_word_list"]

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_TAGS = re.compile(r"<[^>]*>")
_PLECO = re.compile(r"^([^\[\]]+)\[([^\[\]]+)\]$")


def _separator(lines: list[str], csv: bool) -> str | None:
    for line in lines:
        if line.lower().startswith("#separator:"):
            name = line.split(":", 1)[1].strip().lower()
            return _SEPARATORS.get(name, name[:1] or None)
    if any("\t" in line for line in lines[:200]):
        return "\t"
    return "," if csv else None


def _word(field: str) -> str:
    text = clean_line(html.unescape(_TAGS.sub("", field))).strip().strip('"').strip()
    pleco = _PLECO.match(text)
    return pleco.group(1).strip() if pleco else text


def parse_word_list(text: str, *, csv: bool = False) -> list[str]:
    """The words of a list, each once, in the file's order (see the module's doc for the formats)."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    sep = _separator(lines, csv)
    words: dict[str, None] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        first = stripped.split(sep, 1)[0] if sep else stripped.split(None, 1)[0]
        word = _word(first)
        if word and has_han(word) and " " not in word:
            words[word] = None
    return list(words)


def hsk_words(level: int, standard: str) -> list[str]:
    """Every word of ``standard`` at ``level`` or below (7 includes the whole 7-9 band)."""
    if level not in LEVELS:
        raise ValueError(f"an HSK level is 1 to 7 (7 for the band 7-9), not {level}")
    return [w for w, lv in word_list(standard).items() if lv <= level]
