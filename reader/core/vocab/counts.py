"""An article's words, counted once per content: what every difficulty figure is computed from.

The input is any sequence of tokens with ``text``, ``reading``, ``start`` and
``end`` (:class:`WordToken`), so it can be fed from the prepared readings
whatever shape they take (:func:`reader.core.vocab.article.article_tokens` is
the one adapter). Only running words with a Chinese character count: punctuation,
spaces, numbers and Latin runs are not words a learner marks. Each distinct
word (Simplified form and reading key) keeps its count, its first position and
how it was written there, so a summary, a list of new words with their
sentences, and the library's columns all come from this without the text.

:class:`ArticleWords` is a msgspec struct: :func:`encode`/:func:`decode` store
it compactly (MessagePack) in the cache, keyed by the article's content.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import msgspec

from reader.core.fileio import atomic_write_bytes
from reader.core.han import has_han
from reader.core.vocab.keys import reading_key, simplify_all

__all__ = ["ArticleWords", "CountsCache", "Token", "WordToken", "count_words", "decode", "encode"]

VERSION = 1  # bump when what is counted changes


class WordToken(Protocol):
    """A word of an article: its text, its reading as shown (syllables, marks or numbers), and where."""

    @property
    def text(self) -> str: ...
    @property
    def reading(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class Token(msgspec.Struct, frozen=True):
    """A plain :class:`WordToken`."""

    text: str
    reading: str
    start: int
    end: int


class ArticleWords(msgspec.Struct, array_like=True):
    """The distinct words of an article, in order of first occurrence, and how often each runs."""

    words: list[str]  # Simplified
    readings: list[str]  # reading keys (marks, no spaces)
    counts: list[int]
    firsts: list[int]  # start of the first occurrence in the text
    forms: list[str]  # the word as written there (the article's script)
    shown: list[str]  # its reading as shown there
    total: int  # running words counted
    version: int = VERSION

    def __len__(self) -> int:
        return len(self.words)


def count_words(tokens: Iterable[WordToken]) -> ArticleWords:
    """Count the running Chinese words of ``tokens`` by Simplified form and reading."""
    han = [t for t in tokens if has_han(t.text)]
    simp = simplify_all(t.text for t in han)
    index: dict[tuple[str, str], int] = {}
    out = ArticleWords([], [], [], [], [], [], len(han))
    for token in han:
        key = (simp.get(token.text) or token.text, reading_key(token.reading))
        i = index.get(key)
        if i is None:
            index[key] = len(out.words)
            out.words.append(key[0])
            out.readings.append(key[1])
            out.counts.append(1)
            out.firsts.append(token.start)
            out.forms.append(token.text)
            out.shown.append(token.reading)
        else:
            out.counts[i] += 1
    return out


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(ArticleWords)


def encode(words: ArticleWords) -> bytes:
    return _encoder.encode(words)


def decode(data: bytes) -> ArticleWords | None:
    """Counts read back from the cache, or None if they are damaged or from another version."""
    try:
        words = _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    lists = (words.readings, words.counts, words.firsts, words.forms, words.shown)
    if words.version != VERSION or any(len(x) != len(words.words) for x in lists):
        return None
    return words


class CountsCache:
    """Counted articles on disk, one small file per content key (a damaged one is counted again)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.words"

    def get(self, key: str) -> ArticleWords | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        return decode(data)

    def put(self, key: str, words: ArticleWords) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self._path(key), encode(words))
        except OSError:
            pass  # a cache that cannot be written only costs time

    def words(self, key: str, tokens: Sequence[WordToken] | None = None) -> ArticleWords | None:
        """The cached counts for ``key``, else those of ``tokens`` (cached), else None."""
        found = self.get(key)
        if found is None and tokens is not None:
            found = count_words(tokens)
            self.put(key, found)
        return found
