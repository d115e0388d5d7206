"""Highlights, tags and notes: the annotation store.

Annotations live in one TinyDB file in the data home (``annotations.json``)
behind :class:`~reader.core.storage.JournalStorage`, which makes every save
atomic, durable and safe against a second process. The store keeps its own
indexes (by id and by article) over the storage's in-memory tables and journals
each change as the few documents it touches, so a save costs the same at 100
annotations as at 100,000.

Each annotation is a TinyDB document in the ``annotations`` table, keyed by a
number derived from its id (TinyDB keys must be integers), so two processes
adding annotations at once never pick the same key. The ``meta`` table holds
``{"schema": N}``; older files are migrated on open.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from reader.core.annotation import COLORS, Annotation, check_document, from_doc, new_id, now, text_order
from reader.core.fileio import aside_name
from reader.core.records import salvage_objects
from reader.core.sanitize import visible_line
from reader.core.storage import Doc, JournalStorage, Op, StoreError, Tables

__all__ = [
    "COLORS",
    "SCHEMA",
    "Annotation",
    "AnnotationNotFound",
    "AnnotationStore",
    "StoreError",
    "migrate",
    "new_id",
    "now",
]

SCHEMA = 2
TABLE = "annotations"
META = "meta"
META_KEY = "1"


class AnnotationNotFound(StoreError):
    """No annotation has the id asked for."""


# -- schema migrations -------------------------------------------------------------


def _v1_to_v2(tables: Tables) -> None:
    """Version 2 records whether an annotation could not be placed in its article's text."""
    for doc in tables.get(TABLE, {}).values():
        doc.setdefault("orphan", False)


MIGRATIONS: dict[int, Callable[[Tables], None]] = {1: _v1_to_v2}  # from version N to N + 1


def schema_of(tables: Tables) -> int:
    meta = tables.get(META, {}).get(META_KEY)
    if meta and isinstance(meta.get("schema"), int):
        return int(meta["schema"])
    return 1 if tables.get(TABLE) else SCHEMA  # files from before the meta table are version 1


def migrate(tables: Tables) -> bool:
    """Bring ``tables`` to the current schema in place; False when it was already current."""
    version = schema_of(tables)
    if version >= SCHEMA:
        return False
    while version < SCHEMA:
        MIGRATIONS[version](tables)
        version += 1
    tables.setdefault(META, {})[META_KEY] = {"schema": SCHEMA}
    return True


def salvage(text: str) -> Tables:
    """The annotations still readable from a damaged notes file (as version 1: the migration adds
    whatever a newer version needs); each is checked when it is indexed."""
    docs = [d for d in salvage_objects(text, key="quote") if isinstance(d.get("id"), str) and d["id"]]
    return {TABLE: {doc_key(d["id"]): d for d in docs}} if docs else {}


def doc_key(ann_id: str) -> str:
    """The TinyDB document key for an annotation id: a 48-bit number from its hash, the same in every
    process (so concurrent adds never collide) and small enough for any JSON reader."""
    return str(int.from_bytes(hashlib.blake2b(ann_id.encode("utf-8"), digest_size=6).digest(), "big"))


# -- the store ---------------------------------------------------------------------


class AnnotationStore:
    """All annotations, in memory and on disk. Thread-safe; safe alongside other processes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._ids: dict[str, str] = {}  # document key -> annotation id
        self._keys: dict[str, str] = {}  # annotation id -> document key
        self._by_article: dict[str, set[str]] = {}
        self._article_of: dict[str, str] = {}  # annotation id -> article id
        self.read_only: str | None = None  # why saves are refused (a newer schema), if they are
        self._damaged: dict[str, tuple[Doc, str]] = {}  # document key -> (document, why it was refused)
        self._notices: list[str] = []
        self._told: set[str] = set()
        self._storage = JournalStorage(self.path, salvage=salvage)
        self._lock: threading.RLock = self._storage._mutex
        with self._storage.locked(write=False) as tables:
            self._storage.listener = self._changed
            if schema_of(tables) > SCHEMA:
                self.read_only = "Notes were saved by a newer version of reader; they are shown but not saved"
            elif migrate(tables):
                try:
                    self._storage.replace_all(tables)
                except StoreError as exc:  # e.g. a read-only folder: use the migrated data in memory
                    self._storage.last_error = str(exc)
            self._rebuild()
        if not self.read_only and not self._storage.read_only_folder:
            self._repair()

    def _repair(self) -> None:
        """Set aside what cannot be read (damaged journal lines, invalid documents) so that it
        neither hides nor breaks anything, keeping every byte of it in a file beside the store."""
        try:
            with self._storage.locked():  # a write lock sets damaged journal lines aside
                if self._damaged:
                    self._set_aside_documents()
        except StoreError as exc:
            self._notices.append(f"Damaged notes could not be set aside: {exc}")

    def _set_aside_documents(self) -> None:
        aside = aside_name(self.path, "rejected")
        lines = []
        for key, (doc, why) in self._damaged.items():
            try:
                lines.append(json.dumps({"key": key, "why": why, "document": doc}, ensure_ascii=False))
            except (TypeError, ValueError, RecursionError):
                lines.append(json.dumps({"key": key, "why": why, "document": repr(doc)[:100_000]}))
        try:
            aside.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"Could not save notes: {exc.strerror or exc}") from None
        keys = list(self._damaged)
        first = next(iter(self._damaged.values()))[1]
        self._storage.transact([(TABLE, key, None) for key in keys])
        self._damaged.clear()
        self._notices.append(
            f"{len(keys)} damaged note(s) could not be read ({visible_line(first)}); "
            f"they were set aside in {visible_line(str(aside))} and the rest loaded"
        )

    @classmethod
    def open(cls, path: str | Path) -> AnnotationStore:
        return cls(path)

    def close(self) -> None:
        self._storage.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take_notices(self) -> list[str]:
        """What the user should be told about the notes (damage found and repaired, a read-only folder),
        each message once: a second call returns only what happened since."""
        notices = self._storage.notices + self._notices
        self._storage.notices = []
        self._notices = []
        if self._damaged:
            notices.append(
                f"{len(self._damaged)} damaged note(s) could not be read and are not shown "
                f"({visible_line(next(iter(self._damaged.values()))[1])})"
            )
        why = self.cannot_save
        if why and why not in self._told:
            self._told.add(why)
            notices.append(why)
        return notices

    @property
    def cannot_save(self) -> str | None:
        """Why changes will not be saved (a newer schema, a read-only folder), or None."""
        if self.read_only:
            return self.read_only
        if self._storage.read_only_folder:
            return (
                f"The notes folder {visible_line(str(self.path.parent))} is read-only: notes are shown, "
                "but changes cannot be saved"
            )
        return None

    @property
    def recovered_from(self) -> Path | None:
        """Where an unreadable notes file was moved (the store started without it), if one was."""
        return self._storage.recovered_from

    @property
    def storage(self) -> JournalStorage:
        return self._storage

    @property
    def pending(self) -> int:
        """Changes kept in memory because a save failed; :meth:`flush` retries them."""
        return self._storage.pending

    def flush(self) -> None:
        self._check_writable()
        self._storage.flush()

    # -- indexes -----------------------------------------------------------------

    @property
    def _docs(self) -> dict[str, Doc]:
        return self._storage.tables.get(TABLE, {})

    def _rebuild(self) -> None:
        self._ids.clear()
        self._keys.clear()
        self._by_article.clear()
        self._article_of.clear()
        self._damaged.clear()
        tables = self._storage.tables
        if schema_of(tables) < SCHEMA:
            migrate(tables)  # another process wrote an old file; read it as the current schema
        for key, doc in tables.get(TABLE, {}).items():
            self._index(key, doc)

    def _index(self, key: str, doc: Doc, *, checked: bool = False) -> None:
        """Index a document; one read from a file is checked first, and set aside if it is not valid."""
        if not checked:
            why = check_document(doc)
            if why is not None:
                self._damaged[key] = (doc, why)
                return
        self._damaged.pop(key, None)
        ann_id = doc["id"]
        old = self._keys.get(ann_id)
        if old is not None and old != key:
            return  # the same id twice: the first key wins
        self._ids[key] = ann_id
        self._keys[ann_id] = key
        article = doc["article"]
        self._article_of[ann_id] = article
        self._by_article.setdefault(article, set()).add(ann_id)

    def _unindex(self, key: str) -> None:
        ann_id = self._ids.pop(key, None)
        if ann_id is None:
            return
        self._keys.pop(ann_id, None)
        article = self._article_of.pop(ann_id, None)
        if article is not None:
            self._by_article.get(article, set()).discard(ann_id)

    def _changed(self, ops: list[Op] | None) -> None:
        """Another process changed the file: bring the indexes up to date."""
        if ops is None:
            self._rebuild()
            return
        for table, key, _doc in ops:
            if table != TABLE:
                continue
            self._unindex(key)
            self._damaged.pop(key, None)
            doc = self._docs.get(key)
            if doc is not None:
                self._index(key, doc)

    def _free_key(self, ann_id: str) -> str:
        key = doc_key(ann_id)
        while key in self._ids and self._ids[key] != ann_id:
            key = str(int(key) + 1)  # a hash collision: the next free number
        return key

    # -- changes -------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(self.read_only)

    def _put(self, ann: Annotation) -> Annotation:
        """Save ``ann`` (inside the storage lock); memory keeps it even if the disk refuses it."""
        self._check_writable()
        key = self._keys.get(ann.id) or self._free_key(ann.id)
        doc = ann.to_dict()
        ops: list[Op] = [(TABLE, key, doc)]
        if META_KEY not in self._storage.tables.get(META, {}):
            ops.insert(0, (META, META_KEY, {"schema": SCHEMA}))
        self._unindex(key)
        self._index(key, doc, checked=True)
        self._storage.transact(ops)
        return from_doc(doc)

    def add(self, ann: Annotation) -> Annotation:
        with self._storage.locked():
            if ann.id in self._keys:
                raise StoreError(f"An annotation with id {ann.id} already exists")
            return self._put(ann)

    def update(self, ann_id: str, **changes: Any) -> Annotation:
        """Change some fields (not the id or creation time); the updated time is set to now."""
        unknown = set(changes) - {f.name for f in fields(Annotation)}
        if unknown:
            raise TypeError(f"unknown annotation fields: {', '.join(sorted(unknown))}")
        changes.pop("id", None)
        changes.pop("created", None)
        with self._storage.locked():
            doc = self._doc(ann_id)
            ann = Annotation.from_dict({**doc, **changes, "updated": now()})
            return self._put(ann)

    def delete(self, ann_id: str) -> Annotation:
        """Remove an annotation; returns it, so that :meth:`restore` can undo this."""
        with self._storage.locked():
            self._check_writable()
            doc = self._doc(ann_id)
            key = self._keys[ann_id]
            self._unindex(key)
            self._storage.transact([(TABLE, key, None)])
            return from_doc(doc)

    def restore(self, ann: Annotation) -> None:
        """Put back a deleted annotation as it was (same id and times); replaces one with the same id."""
        with self._storage.locked():
            self._put(ann)

    def import_all(self, anns: Iterable[Annotation]) -> tuple[int, int, int]:
        """Add or update every annotation in one transaction (all saved, or none); an annotation changed
        here more recently than the imported copy is kept. Returns (added, updated, kept)."""
        added = updated = kept = 0
        with self._storage.locked():
            self._check_writable()
            ops: list[Op] = []
            docs: list[tuple[str, Doc]] = []
            for given in {a.id: a for a in anns}.values():  # an id twice in one file: the last copy
                ann, key = given, self._keys.get(given.id)
                if key is not None:
                    old = self._docs[key]
                    if str(old.get("updated", "")) > ann.updated:
                        kept += 1
                        continue
                    ann = replace(ann, created=old.get("created") or ann.created, tags=list(ann.tags))
                    updated += 1
                else:
                    key = self._free_key(ann.id)
                    added += 1
                docs.append((key, ann.to_dict()))
                ops.append((TABLE, key, docs[-1][1]))
            if not ops:
                return added, updated, kept
            if META_KEY not in self._storage.tables.get(META, {}):
                ops.insert(0, (META, META_KEY, {"schema": SCHEMA}))
            for key, doc in docs:
                self._unindex(key)
                self._index(key, doc, checked=True)
            self._storage.transact(ops)
        return added, updated, kept

    def save_places(self, placed: Iterable[Annotation]) -> int:
        """Save where annotations were found in their article's current text (start, end, orphan flag),
        without touching their updated time: placing is not editing. An annotation edited or deleted
        since it was read keeps what the edit saved. How many were written."""
        with self._storage.locked():
            ops: list[Op] = []
            for ann in placed:
                key = self._keys.get(ann.id)
                doc = self._docs.get(key) if key is not None else None
                if key is None or doc is None or doc.get("updated") != ann.updated:
                    continue
                if (doc.get("start"), doc.get("end"), doc.get("orphan")) != (ann.start, ann.end, ann.orphan):
                    ops.append(
                        (TABLE, key, {**doc, "start": ann.start, "end": ann.end, "orphan": ann.orphan})
                    )
            if ops and not self.read_only:
                self._storage.transact(ops)
            return len(ops) if not self.read_only else 0

    def reload(self) -> None:
        """Pick up what other processes saved since we last looked."""
        with self._storage.locked(write=False):
            pass

    # -- queries ---------------------------------------------------------------------

    def _doc(self, ann_id: str) -> Doc:
        key = self._keys.get(ann_id)
        doc = self._docs.get(key) if key is not None else None
        if doc is None:
            raise AnnotationNotFound(f"No annotation with id {ann_id!r}")
        return doc

    def get(self, ann_id: str) -> Annotation | None:
        with self._lock:
            key = self._keys.get(ann_id)
            doc = self._docs.get(key) if key is not None else None
            return from_doc(doc) if doc is not None else None

    def for_article(self, article_id: str) -> list[Annotation]:
        """The article's annotations in text order."""
        with self._lock:
            docs = self._docs
            anns = [from_doc(docs[self._keys[i]]) for i in self._by_article.get(article_id, ())]
        return sorted(anns, key=text_order)

    def all(self) -> list[Annotation]:
        with self._lock:
            anns = [from_doc(doc) for key, doc in self._docs.items() if key in self._ids]
        return sorted(anns, key=lambda a: (a.article, *text_order(a)))

    def search(
        self,
        *,
        article: str | None = None,
        tag: str | None = None,
        color: int | None = None,
        text: str | None = None,
    ) -> list[Annotation]:
        """Annotations matching every criterion given; ``text`` is looked for (ignoring case) in the
        quote, the note and the tags."""
        needle = text.casefold() if text else None
        tag = tag.lstrip("#") if tag else tag
        with self._lock:
            docs = self._docs
            if article is not None:
                candidates = [docs[self._keys[i]] for i in self._by_article.get(article, ())]
            else:
                candidates = [doc for key, doc in docs.items() if key in self._ids]
            out = []
            for doc in candidates:
                if tag is not None and tag not in doc.get("tags", ()):
                    continue
                if color is not None and doc.get("color") != color:
                    continue
                if needle is not None:
                    hay = "\n".join([doc.get("quote", ""), doc.get("note", ""), *doc.get("tags", ())])
                    if needle not in hay.casefold():
                        continue
                out.append(from_doc(doc))
        return sorted(out, key=lambda a: (a.article, *text_order(a)))

    def tags(self) -> list[str]:
        """Every tag in use, sorted, for completion."""
        with self._lock:
            found = {t for key, doc in self._docs.items() if key in self._ids for t in doc.get("tags", ())}
        return sorted(found)

    def counts_by_article(self) -> dict[str, int]:
        with self._lock:
            return {article: len(ids) for article, ids in self._by_article.items() if ids}

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)
