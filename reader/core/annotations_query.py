"""The filter language of the annotations list, and tag parsing for the tag dialog.

A filter is one line typed by the user::

    自由 #politics c:2 is:orphan

Plain words must all occur in the quote, the note or the article title, in
either script: a query typed in Simplified finds a Traditional quote and the
other way round. ``#tag`` keeps annotations carrying that tag (every ``#``
given must be present), ``c:2`` or ``c:2,4`` keeps those colours, and
``is:orphan`` keeps only annotations that could not be re-anchored.

Converting every annotation at every keystroke would be wasted work, so a
caller builds a :func:`search_key` once per annotation and tests the parsed
query against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.convert import convert_text

_TAG_SEPARATORS = re.compile(r"[\s,，、;；]+")
_COLOR_TOKEN = re.compile(r"^c:([1-5](?:,[1-5])*)$", re.IGNORECASE)
_ORPHAN_TOKENS = {"is:orphan", "is:orphans"}
# Separates the variants inside a key, so a word never matches across two of them.
_JOIN = "\x00"


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    colors: frozenset[int] = frozenset()
    orphans: bool = False


def split_tags(value: str) -> list[str]:
    """Tags typed in one line: separated by commas (either width) or spaces, ``#`` optional, no repeats."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in _TAG_SEPARATORS.split(value):
        tag = part.strip().lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def parse_query(value: str) -> Query:
    """The filter typed in the annotations screen; unknown ``x:`` tokens are plain words."""
    words: list[str] = []
    tags: set[str] = set()
    colors: set[int] = set()
    orphans = False
    for token in value.split():
        color = _COLOR_TOKEN.match(token)
        if token.casefold() in _ORPHAN_TOKENS:
            orphans = True
        elif color:
            colors.update(int(c) for c in color.group(1).split(","))
        elif token.startswith("#") and len(token) > 1:
            tags.add(token[1:].casefold())
        else:
            words.append(token)
    return Query(tuple(words), frozenset(tags), frozenset(colors), orphans)


def _variants(text: str) -> list[str]:
    """The text as written, in Simplified and in Traditional, case-folded."""
    folded = text.casefold()
    out = [folded]
    for config in ("t2s", "s2t"):
        converted = convert_text(folded, config)
        if converted not in out:
            out.append(converted)
    return out


def search_key(*texts: str) -> str:
    """What a query's words are looked up in: each text in both scripts."""
    return _JOIN.join(v for text in texts if text for v in _variants(text))


def text_matches(word: str, key: str) -> bool:
    """Whether ``word`` (in either script) occurs in a :func:`search_key`."""
    word = word.replace(_JOIN, "")
    return any(v in key for v in _variants(word))


def matches(query: Query, *, key: str, tags: Iterable[str], color: int, orphan: bool) -> bool:
    """Whether one annotation passes every part of the filter."""
    if query.orphans and not orphan:
        return False
    if query.colors and color not in query.colors:
        return False
    if query.tags and not query.tags <= {t.casefold() for t in tags}:
        return False
    return all(text_matches(w, key) for w in query.words)
