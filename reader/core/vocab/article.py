"""From a prepared article to the words the learner's figures count, and back to their sentences.

:func:`article_tokens` is the only place that knows the shape of the prepared
readings (word ends, and per word a tuple of tone-marked syllables): when that
shape changes, it is the one function to change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.sentences import sentence_around
from reader.core.vocab.counts import ArticleWords, CountsCache, Token, count_words

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.prepare import Prepared
    from reader.core.syllables import Readings

__all__ = ["article_tokens", "counts_key", "prepared_words", "readings_tokens", "sentence_at"]

SENTENCE_LIMIT = 300  # characters of a sentence kept for a card


def article_tokens(prepared: Prepared) -> list[Token]:
    """The words of a prepared article with their tone-marked readings (syllables joined by spaces)."""
    readings = prepared.readings
    if readings is None:
        raise ValueError("the article has not been segmented")
    return readings_tokens(prepared.text, readings)


def readings_tokens(text: str, readings: Readings) -> list[Token]:
    """The words of ``text`` cut and read by ``readings`` (its word ends, and a syllable per character)."""
    codes, marks = readings.codes, readings.marks
    tokens: list[Token] = []
    start = 0
    for end in readings.ends:
        syllables = " ".join(marks[c] for c in codes[start:end] if c)
        tokens.append(Token(text[start:end], syllables, start, end))
        start = end
    return tokens


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]`` (one line, at most 300 characters around the word)."""
    a, b = sentence_around(text, start, end)
    if b - a > SENTENCE_LIMIT:
        half = SENTENCE_LIMIT // 2
        a, b = max(a, start - half), min(b, end + half)
    return " ".join(text[a:b].split())


def counts_key(text: str, corrections: str = "") -> str:
    """The cache key of an article's counted words: its content, the preparing pipeline and the
    segmentation corrections in force (``VocabStore.corrections_digest()``)."""
    from reader.core.prepare import cache_key

    return f"{cache_key(text)}-{corrections or 'none'}"


def prepared_words(prepared: Prepared, cache_folder: Path | None, corrections: str = "") -> ArticleWords:
    """The counted words of a prepared article, through the cache in ``cache_folder`` (if any)."""
    if cache_folder is None:
        return count_words(article_tokens(prepared))
    cache = CountsCache(cache_folder)
    key = counts_key(prepared.document.source, corrections)
    words = cache.get(key)
    if words is None:
        words = count_words(article_tokens(prepared))
        cache.put(key, words)
    return words
