"""The learner's words: statuses, and the segmentation corrections, in one durable store.

The store is a TinyDB file (``vocab.json`` in the data home) behind the same
:class:`~reader.core.storage.JournalStorage` as the notes: every change is one
fsynced journal line (it survives ``kill -9``), every read-modify-write holds
the file lock and first catches up with other processes (two copies of the app
lose nothing), and a damaged file or line is kept aside with a notice.

Tables: ``words`` (one document per entry, see :class:`~.record.WordRecord`),
``corrections`` (the user's joins and splits) and ``meta`` (schema version and
the HSK standard in use). Documents are keyed by a number hashed from the
entry's key, as the notes are, so two processes adding the same word write the
same document.

An entry holds for a word in every reading (``reading == ""``) or, for a word
read several ways, for one reading: the status of 行 read xíng is the entry
``行 xíng`` if there is one, else the entry ``行``. Every change is undoable
(:meth:`VocabStore.undo`), a page of words is marked in one transaction, and
listeners hear which words changed (here or in another process) so that
figures computed from statuses are updated, not recomputed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.core.fileio import aside_name
from reader.core.sanitize import clean_line, clean_multiline, visible_line
from reader.core.storage import Doc, JournalStorage, Op, StoreError
from reader.core.tags import normal_tags
from reader.core.timestamps import now
from reader.core.vocab import keys
from reader.core.vocab.record import (
    CORRECTIONS,
    META,
    META_KEY,
    NEW,
    SCHEMA,
    WORDS,
    Correction,
    Mark,
    Status,
    WordRecord,
    check_correction,
    check_word,
    doc_id,
    salvage,
)

__all__ = ["SCHEMA", "Mark", "StoreError", "VocabStore"]

UNDO_DEPTH = 100
Listener = Callable[[set[str] | None], object]  # what a listener returns is not used


class VocabStore:
    """Every word with a status, and the segmentation corrections.

    Thread-safe, and safe beside other processes.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._entries: dict[str, dict[str, str]] = {}  # simplified word -> {reading: doc id}
        self._where: dict[str, tuple[str, str]] = {}  # doc id -> (word, reading)
        self._damaged: dict[tuple[str, str], tuple[Doc, str]] = {}  # (table, doc id) -> (document, why)
        self._undo: list[list[tuple[str, Doc | None, Doc | None]]] = []
        self._listeners: list[Listener] = []
        self._notices: list[str] = []
        self._told: set[str] = set()
        self.read_only: str | None = None
        self._storage = JournalStorage(self.path, salvage=salvage, what="words", item="word")
        self._lock = self._storage._mutex  # reads hold the storage's own thread lock
        with self._storage.locked(write=False) as tables:
            self._storage.listener = self._changed
            version = tables.get(META, {}).get(META_KEY, {}).get("schema", SCHEMA)
            if not isinstance(version, int) or version > SCHEMA:
                self.read_only = "Words were saved by a newer version of reader; they are shown but not saved"
            self._rebuild()
        if not self.read_only and not self._storage.read_only_folder and self._damaged:
            self._set_aside()
        self._write_corrections_file()

    # -- opening, notices, closing -------------------------------------------------

    def close(self) -> None:
        self._storage.close()

    def __enter__(self) -> VocabStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def storage(self) -> JournalStorage:
        return self._storage

    @property
    def cannot_save(self) -> str | None:
        """Why changes will not be saved (a newer schema, a read-only folder), or None."""
        if self.read_only:
            return self.read_only
        if self._storage.read_only_folder:
            return (
                f"The words folder {visible_line(str(self.path.parent))} is read-only: statuses are shown, "
                "but changes cannot be saved"
            )
        return None

    def take_notices(self) -> list[str]:
        """What the user should be told (damage found and repaired, a read-only folder), each once."""
        notices = self._storage.notices + self._notices
        self._storage.notices, self._notices = [], []
        if self._damaged:
            notices.append(
                f"{len(self._damaged)} damaged word(s) could not be read and are not shown "
                f"({visible_line(next(iter(self._damaged.values()))[1])})"
            )
        why = self.cannot_save
        if why and why not in self._told:
            self._told.add(why)
            notices.append(why)
        return notices

    def _set_aside(self) -> None:
        """Move documents that are not valid into a file beside the store, every byte kept."""
        aside = aside_name(self.path, "rejected")
        lines = [
            json.dumps({"table": t, "key": k, "why": why, "document": doc}, ensure_ascii=False, default=repr)
            for (t, k), (doc, why) in self._damaged.items()
        ]
        try:
            with self._storage.locked():
                aside.write_text("\n".join(lines) + "\n", encoding="utf-8")
                self._storage.transact([(t, k, None) for t, k in self._damaged])
        except (OSError, StoreError) as exc:
            self._notices.append(f"Damaged words could not be set aside: {exc}")
            return
        self._notices.append(
            f"{len(lines)} damaged word(s) could not be read; they were set aside in "
            f"{visible_line(str(aside))} and the rest loaded"
        )
        self._damaged.clear()

    # -- indexes -------------------------------------------------------------------

    def _rebuild(self) -> None:
        self._entries.clear()
        self._where.clear()
        self._damaged.clear()
        for key, doc in list(self._storage.tables.get(WORDS, {}).items()):
            self._index(key, doc)
        for key, doc in list(self._storage.tables.get(CORRECTIONS, {}).items()):
            why = check_correction(doc)
            if why is not None:
                self._damaged[(CORRECTIONS, key)] = (doc, why)

    def _index(self, key: str, doc: Doc) -> str | None:
        why = check_word(doc)
        if why is not None:
            self._damaged[(WORDS, key)] = (doc, why)
            return None
        word, reading = doc["word"], doc.get("reading", "")
        self._entries.setdefault(word, {})[reading] = key
        self._where[key] = (word, reading)
        return word

    def _unindex(self, key: str) -> str | None:
        self._damaged.pop((WORDS, key), None)
        place = self._where.pop(key, None)
        if place is None:
            return None
        readings = self._entries.get(place[0], {})
        if readings.get(place[1]) == key:
            del readings[place[1]]
            if not readings:
                del self._entries[place[0]]
        return place[0]

    def _changed(self, ops: list[Op] | None) -> None:
        """Another process changed the file: update the indexes and tell the listeners which words."""
        if ops is None:
            self._rebuild()
            self._tell(None)
            return
        words: set[str] = set()
        for table, key, _doc in ops:
            if table == WORDS:
                words.update(w for w in (self._unindex(key), self._reindex(key)) if w)
            elif table == CORRECTIONS:
                self._damaged.pop((CORRECTIONS, key), None)
        if words:
            self._tell(words)

    def _reindex(self, key: str) -> str | None:
        doc = self._storage.tables.get(WORDS, {}).get(key)
        return self._index(key, doc) if doc is not None else None

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(words)`` with the Simplified words whose status may have changed (``None``:
        any word may have), after every change made here or picked up from another process."""
        self._listeners.append(listener)

    def _tell(self, words: set[str] | None) -> None:
        for listener in list(self._listeners):
            listener(words)

    def reload(self) -> None:
        """Pick up what other processes saved since we last looked."""
        with self._storage.locked(write=False):
            pass

    # -- statuses ------------------------------------------------------------------

    def _entry_key(self, word: str, reading: str) -> str | None:
        """The document that gives ``word`` read ``reading`` (a reading key) its status: the entry for that
        reading, else the entry for every reading. A reading shown otherwise than the dictionary writes
        it (a neutral tone) is taken as the dictionary's, which is what :meth:`mark_many` stores."""
        readings = self._entries.get(word)
        if not readings:
            return None
        if reading and (len(readings) > 1 or "" not in readings):
            found = readings.get(reading)
            if found is None:
                found = readings.get(keys.entry_reading(word, reading) or "\0")
            if found is not None:
                return found
        return readings.get("")

    def record(self, word: str, reading: str | None = None) -> WordRecord | None:
        """The stored entry that gives ``word`` (any script) shown as ``reading`` its status, if any."""
        return self.record_of(keys.simplified(clean_line(word)), keys.reading_key(reading or ""))

    def record_of(self, simp: str, reading: str = "") -> WordRecord | None:
        """:meth:`record` for a word already Simplified and a reading already a :func:`~.keys.reading_key`."""
        with self._lock:
            key = self._entry_key(simp, reading)
            doc = self._storage.tables.get(WORDS, {}).get(key) if key else None
        return WordRecord(**doc) if doc is not None else None

    def status(self, word: str, reading: str | None = None) -> Status:
        """The status of ``word`` (any script) shown as ``reading``: new if it has none."""
        return self.status_of(keys.simplified(clean_line(word)), keys.reading_key(reading or ""))

    def status_of(self, simp: str, reading: str = "") -> Status:
        """:meth:`status` without conversions: the fast path for counting a library."""
        key = self._entry_key(simp, reading)
        doc = self._storage.tables.get(WORDS, {}).get(key) if key else None
        return Status(doc["status"], doc.get("stage", 0)) if doc is not None else Status()

    def entries(self, status: str | None = None) -> list[WordRecord]:
        """Every stored entry (or those with ``status``), sorted by word then reading."""
        with self._lock:
            docs = self._storage.tables.get(WORDS, {})
            out = [WordRecord(**docs[k]) for k in self._where if k in docs]
        if status is not None:
            out = [r for r in out if r.status == status]
        return sorted(out, key=lambda r: (r.word, r.reading))

    def words(self) -> set[str]:
        """The Simplified words that have an entry."""
        return set(self._entries)

    def __len__(self) -> int:
        return len(self._where)

    # -- changes -------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(self.read_only)

    def _free_id(self, kind: str, key: str, table: str, same: Callable[[Doc], bool]) -> str:
        doc_key = doc_id(kind, key)
        docs = self._storage.tables.get(table, {})
        while doc_key in docs and not same(docs[doc_key]):
            doc_key = str(int(doc_key) + 1)  # a hash collision: the next free number
        return doc_key

    def _word_id(self, word: str, reading: str) -> str:
        existing = self._entries.get(word, {}).get(reading)
        if existing is not None:
            return existing
        return self._free_id(
            "w",
            f"{word}|{reading}",
            WORDS,
            lambda d: d.get("word") == word and d.get("reading", "") == reading,
        )

    def mark(
        self, word: str, status: Status, *, reading: str | None = None, article: str = "", sentence: str = ""
    ) -> int:
        """Give ``word`` (any script, shown as ``reading``) ``status``; see :meth:`mark_many`."""
        return self.mark_many([Mark(word, reading, article, sentence)], status)

    def mark_many(
        self, marks: Iterable[Mark], status: Status, *, only_new: bool = False, tags: Iterable[str] = ()
    ) -> int:
        """Give every word in ``marks`` ``status`` in one transaction (all saved, or none); returns how
        many entries changed. ``only_new`` leaves words that already have a status as they are (marking a
        page known, importing a list). A word marked without a reading is marked in every reading, its
        per-reading entries removed; ``new`` removes the entry (dates and all), and undo brings it back.
        """
        stamp = now()
        with self._storage.locked():
            self._check_writable()
            changes: dict[str, tuple[Doc | None, Doc | None]] = {}
            for mark in marks:
                self._plan(mark, status, stamp, only_new, list(tags), changes)
            return self._apply(changes)

    def _plan(
        self,
        mark: Mark,
        status: Status,
        stamp: str,
        only_new: bool,
        tags: list[str],
        changes: dict[str, tuple[Doc | None, Doc | None]],
    ) -> None:
        form = clean_line(mark.word)
        if not form:
            return
        word = keys.simplified(form)
        reading = keys.entry_reading(word, mark.reading)
        if only_new and self.status_of(word, keys.reading_key(mark.reading or "")).name != NEW:
            return
        docs = self._storage.tables.get(WORDS, {})
        current = dict(self._entries.get(word, {}).items())
        for doc_key, (_before, after) in changes.items():  # earlier marks of this transaction
            if after is not None and after["word"] == word:
                current[after.get("reading", "")] = doc_key
        if not reading:
            for r, k in current.items():
                if r:
                    changes[k] = (changes.get(k, (docs.get(k), None))[0], None)
        key = current.get(reading) or self._word_id(word, reading)
        before = changes[key][0] if key in changes else docs.get(key)
        old = changes[key][1] if key in changes else before
        if status.name == NEW and not (reading and "" in current):
            changes[key] = (before, None)
            return
        changes[key] = (before, self._document(word, reading, status, stamp, old, form, mark, tags))

    @staticmethod
    def _document(
        word: str,
        reading: str,
        status: Status,
        stamp: str,
        old: Doc | None,
        form: str,
        mark: Mark,
        tags: list[str],
    ) -> Doc:
        old = old or {}
        shown = clean_line(mark.reading or "") or old.get("shown", "")
        sentence = clean_multiline(mark.sentence).strip()[:2000] or old.get("sentence", "")
        article = clean_line(mark.article) if mark.sentence or mark.article else old.get("article", "")
        merged = normal_tags([*old.get("tags", []), *tags])
        return {
            "word": word,
            "reading": reading,
            "status": status.name,
            "stage": status.stage,
            "form": form,
            "shown": shown,
            "article": article,
            "sentence": sentence,
            "tags": merged,
            "added": old.get("added") or stamp,
            "changed": stamp
            if old.get("status") != status.name or old.get("stage") != status.stage
            else old.get("changed", stamp),
            "seen": stamp,
        }

    def _apply(self, changes: dict[str, tuple[Doc | None, Doc | None]], *, undoable: bool = True) -> int:
        """Write planned changes as one transaction, index them, remember them for undo, tell listeners."""
        real = {k: (b, a) for k, (b, a) in changes.items() if b != a}
        if not real:
            return 0
        ops: list[Op] = [(WORDS, k, a) for k, (_b, a) in real.items()]
        if META_KEY not in self._storage.tables.get(META, {}):
            ops.insert(0, (META, META_KEY, {"schema": SCHEMA}))
        words: set[str] = set()
        for key, (_before, after) in real.items():
            words.update(w for w in (self._unindex(key), after and self._index(key, after)) if w)
        self._storage.transact(ops)  # memory keeps the change even if the disk refuses it (it says why)
        if undoable:
            self._undo.append([(k, b, a) for k, (b, a) in real.items()])
            del self._undo[:-UNDO_DEPTH]
        self._tell(words)
        return len(real)

    def undo(self) -> int:
        """Take back the last change made through this store (any number of times); an entry changed since
        (by another process) is left as it is. Returns how many entries were restored (0: nothing to undo)."""
        with self._storage.locked():
            self._check_writable()
            if not self._undo:
                return 0
            docs = self._storage.tables.get(WORDS, {})
            last = self._undo.pop()
            changes = {k: (after, before) for k, before, after in last if docs.get(k) == after}
            return self._apply(changes, undoable=False)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- the user's segmentation dictionary -------------------------------------------

    def corrections(self) -> list[Correction]:
        """Every join and split, sorted by word."""
        with self._lock:
            docs = self._storage.tables.get(CORRECTIONS, {})
            out = [Correction(**d) for k, d in docs.items() if (CORRECTIONS, k) not in self._damaged]
        return sorted(out, key=lambda c: c.word)

    def corrections_digest(self) -> str:
        """A short digest of the joins and splits: part of the key of anything segmented with them."""
        text = "\n".join(f"{c.word}\t{' '.join(c.parts)}" for c in self.corrections())
        return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

    def add_correction(self, word: str, parts: Iterable[str] = ()) -> Correction:
        """Keep ``word`` whole (a join) or, with ``parts`` that spell it, cut it so (a split). The word is
        kept in Simplified script, the script the segmenter works in; one entry per word, the last wins."""
        word = keys.simplified(clean_line(word).replace(" ", ""))
        pieces = [keys.simplified(p) for p in (clean_line(p).replace(" ", "") for p in parts) if p]
        if len(word) < 2:
            raise StoreError("a word to join or split has at least two characters")
        if pieces and ("".join(pieces) != word or len(pieces) < 2):
            raise StoreError(f"the parts {visible_line(' '.join(pieces))} do not split {visible_line(word)}")
        fix = Correction(word=word, parts=pieces, added=now())
        with self._storage.locked():
            self._check_writable()
            key = self._free_id("c", word, CORRECTIONS, lambda d: d.get("word") == word)
            self._storage.transact([(CORRECTIONS, key, {"word": word, "parts": pieces, "added": fix.added})])
        self._write_corrections_file()
        return fix

    def remove_correction(self, word: str) -> bool:
        """Forget the join or split of ``word``; False if there was none."""
        word = keys.simplified(clean_line(word).replace(" ", ""))
        with self._storage.locked():
            self._check_writable()
            docs = self._storage.tables.get(CORRECTIONS, {})
            found = [k for k, d in docs.items() if d.get("word") == word]
            if found:
                self._storage.transact([(CORRECTIONS, k, None) for k in found])
        self._write_corrections_file()
        return bool(found)

    def _write_corrections_file(self) -> None:
        """Keep the segmenter's copy of the corrections (:data:`~reader.core.segment.CORRECTIONS_FILE`
        beside the store) equal to the store's: the preparing process reads that file, and its digest is
        part of the key of every prepared article, so a change prepares articles again."""
        from reader.core.fileio import atomic_write_text
        from reader.core.segment import CORRECTIONS_FILE, corrections_text

        if self.read_only or self._storage.read_only_folder:
            return
        path = self.path.parent / CORRECTIONS_FILE
        text = corrections_text([(c.word, list(c.parts)) for c in self.corrections()])
        try:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                if text:
                    atomic_write_text(path, text)
                else:
                    path.unlink(missing_ok=True)
        except (OSError, UnicodeDecodeError):
            self._notices.append(
                f"The segmentation corrections could not be written to {visible_line(str(path))}"
            )

    # -- settings -----------------------------------------------------------------

    @property
    def hsk_standard(self) -> str:
        """The HSK word lists levels are taken from: ``2025`` (the exam syllabus), ``2021`` (the grading
        standard GF0025-2021, also called HSK 3.0) or ``2.0``; kept with the words it grades them."""
        from reader.core.vocab.levels import DEFAULT_STANDARD, normal_standard

        value = self._storage.tables.get(META, {}).get(META_KEY, {}).get("hsk_standard")
        try:
            return normal_standard(value) if isinstance(value, str) else DEFAULT_STANDARD
        except ValueError:
            return DEFAULT_STANDARD

    def set_hsk_standard(self, standard: str) -> str:
        from reader.core.vocab.levels import normal_standard

        value = normal_standard(standard)
        with self._storage.locked():
            self._check_writable()
            meta = self._storage.tables.get(META, {}).get(META_KEY, {"schema": SCHEMA})
            self._storage.transact([(META, META_KEY, {**meta, "hsk_standard": value})])
        return value
