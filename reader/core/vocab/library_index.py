"""The library's difficulty columns: every article's figures, from start-up to the last status change.

Three files in the cache folder keep start-up fast at 10,000 articles:

* ``words/<key>.words``: an article's counted words, by content and corrections
  (:class:`~reader.core.vocab.counts.CountsCache`, shared with ``reader stats``);
* ``article-words.json``: which key holds each article's words, so no article is
  read or hashed to find them;
* ``article-difficulty.msgpack``: every article's counters as they were last
  computed, shown at once while the full index (which takes seconds at 10,000
  articles) is built in the background.

Once built, the :class:`~reader.core.vocab.difficulty.DifficultyIndex` follows
every status change by touching only the articles that hold the word.
"""

from __future__ import annotations

import json
import threading
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from reader.core.fileio import atomic_write_bytes, atomic_write_text
from reader.core.vocab.article import counts_key, prepared_words
from reader.core.vocab.counts import CountsCache
from reader.core.vocab.difficulty import ROW_WIDTH, Difficulty, DifficultyIndex, StatusOf

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.library import Library
    from reader.core.prepare import Prepared

__all__ = ["LibraryDifficulty", "prepare_article"]

KEYS_FILE = "article-words.json"
ROWS_FILE = "article-difficulty.msgpack"


class LibraryDifficulty:
    """The figures of every article in a library, kept with their counted words in ``folder``."""

    def __init__(self, folder: Path, status_of: StatusOf, standard: str) -> None:
        self.folder = folder
        self.cache = CountsCache(folder / "words")
        self.index = DifficultyIndex(status_of, standard)
        self.built = False  # every article with counted words is in the index
        self._keys: dict[str, str] = {}
        self._lock = threading.Lock()

    # -- what the last session computed -----------------------------------------------

    def saved(self) -> dict[str, Difficulty]:
        """The figures saved by the last session (statuses changed since are not in them)."""
        try:
            data = msgspec.msgpack.decode((self.folder / ROWS_FILE).read_bytes())
        except (OSError, msgspec.DecodeError):
            return {}
        if not isinstance(data, dict) or data.get("standard") != self.index.standard:
            return {}
        rows = data.get("rows")
        if not isinstance(rows, dict):
            return {}
        out = {}
        for article_id, row in rows.items():
            if isinstance(row, list) and len(row) == ROW_WIDTH and all(isinstance(n, int) for n in row):
                out[str(article_id)] = Difficulty.from_row(array("q", row), self.index.standard)
        return out

    def _read_keys(self) -> dict[str, str]:
        try:
            data = json.loads((self.folder / KEYS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str)}

    # -- building ---------------------------------------------------------------------

    def build(self, article_ids: Iterable[str], corrections: str, stop: Callable[[], bool]) -> list[str]:
        """Index every article whose counted words are cached for the corrections in force; the ids of
        those that must be counted (prepared) first, in the order given."""
        keys = self._read_keys()
        missing = []
        for article_id in article_ids:
            if stop():
                break
            key = keys.get(article_id)
            words = self.cache.get(key) if key and key.endswith(f"-{corrections or 'none'}") else None
            if words is None:
                missing.append(article_id)
                continue
            self.index.add(article_id, words)
            with self._lock:
                self._keys[article_id] = key  # type: ignore[assignment]
        self.built = True
        return missing

    def add_prepared(self, article_id: str, prepared: Prepared, corrections: str) -> Difficulty | None:
        """Count a prepared article (through the cache) and index it; its figures."""
        words = prepared_words(prepared, self.cache.folder, corrections)
        self.index.add(article_id, words)
        with self._lock:
            self._keys[article_id] = counts_key(prepared.document.source, corrections)
        return self.index.summary(article_id)

    def articles(self) -> set[str]:
        """The articles indexed."""
        with self._lock:
            return set(self._keys)

    def met_in(self, word: str, limit: int) -> list[tuple[str, int, int]]:
        """``(article, start, end)`` of the first place ``word`` (Simplified) runs in each article holding
        it, as the segmenter cut it (never a part of a longer word)."""
        out = []
        for article_id in self.index.articles_with(word):
            with self._lock:
                key = self._keys.get(article_id)
            words = self.cache.get(key) if key else None
            if words is None:
                continue
            for i, w in enumerate(words.words):
                if w == word:
                    out.append((article_id, words.firsts[i], words.firsts[i] + len(words.forms[i])))
                    break
            if len(out) >= limit:
                break
        return out

    def remove(self, article_id: str) -> None:
        self.index.remove(article_id)
        with self._lock:
            self._keys.pop(article_id, None)

    # -- keeping it ------------------------------------------------------------------------

    def save(self) -> None:
        """Write which key holds each article's words and every article's counters (atomic; a cache that
        cannot be written only costs time at the next start)."""
        with self._lock:
            keys = dict(self._keys)
        rows = self.index.rows()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.folder / KEYS_FILE, json.dumps(keys))
            data = {"standard": self.index.standard, "rows": rows}
            atomic_write_bytes(self.folder / ROWS_FILE, msgspec.msgpack.encode(data))
        except OSError:
            pass

    def summaries(self) -> dict[str, Difficulty]:
        return self.index.summaries()

    def changed(self, words: Iterable[str] | None) -> int:
        """Statuses of ``words`` changed: the articles holding them get new figures."""
        return self.index.changed(words)


def prepare_article(library: Library, article_id: str) -> Prepared:
    """An article segmented by the preparing process (through the disk cache), not kept in the library's
    memory: counting a whole library must not hold every article at once."""
    from reader.core.library import LibraryError
    from reader.core.load import LoadError, load_path
    from reader.core.prepare import prepare_isolated

    try:
        text = load_path(library.article_path(library.get(article_id))).text
    except LoadError as exc:
        raise LibraryError(str(exc)) from None
    return prepare_isolated(text, library.locations, background=True)
