"""The annotation store: its API, the file it writes, schema migration, damaged files and failing disks."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest
from tinydb import TinyDB

from reader.core import storage as storage_mod
from reader.core.paths import Locations
from reader.core.storage import JournalStorage
from reader.core.store import SCHEMA, Annotation, AnnotationNotFound, AnnotationStore, StoreError

TEXT = "香港背靠祖國，與內地互聯互通融合發展。老師說：「讀書要慢，慢慢讀才能讀懂。」學生們點點頭。"


@pytest.fixture
def db_path(reader_home: Path) -> Path:
    return Locations.resolve(reader_home).database


def note(article: str = "a1", quote: str = "讀書要慢", **kw: object) -> Annotation:
    start = TEXT.find(quote)
    return Annotation.new(article=article, quote=quote, start=max(start, 0), **kw)  # type: ignore[arg-type]


def journal(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


# -- the API ------------------------------------------------------------------------


def test_add_get_update_delete_restore(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    ann = store.add(note(tags=["生詞", "#語法", "生詞"], note="第一行\n第二行", color=3))
    assert ann.tags == ["生詞", "語法"]
    assert store.get(ann.id) == ann
    assert ann.created == ann.updated and ann.created.endswith("Z")
    changed = store.update(ann.id, color=5, note="改過了")
    assert (changed.color, changed.note, changed.created) == (5, "改過了", ann.created)
    assert changed.updated >= ann.updated
    with pytest.raises(ValueError):
        store.update(ann.id, color=9)
    with pytest.raises(TypeError):
        store.update(ann.id, colour=2)
    deleted = store.delete(ann.id)
    assert deleted == changed and store.get(ann.id) is None
    with pytest.raises(AnnotationNotFound):
        store.delete(ann.id)
    store.restore(deleted)
    assert store.get(ann.id) == changed
    with pytest.raises(StoreError):
        store.add(deleted)
    store.close()
    assert AnnotationStore.open(db_path).get(ann.id) == changed


def test_queries(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    late = store.add(note(quote="學生們點點頭", tags=["人物"], color=2))
    early = store.add(note(quote="香港背靠祖國", tags=["地名"], note="Hong Kong"))
    other = store.add(note(article="a2", quote="讀書要慢", tags=["地名", "讀書"], color=2))
    assert [a.id for a in store.for_article("a1")] == [early.id, late.id]
    assert store.for_article("nothing") == []
    assert len(store.all()) == 3 and len(store) == 3
    assert {a.id for a in store.search(tag="地名")} == {early.id, other.id}
    assert [a.id for a in store.search(article="a1", tag="地名")] == [early.id]
    assert {a.id for a in store.search(color=2)} == {late.id, other.id}
    assert [a.id for a in store.search(text="hong")] == [early.id]
    assert [a.id for a in store.search(text="讀書")] == [other.id]
    assert store.tags() == sorted(["人物", "地名", "讀書"])
    assert store.counts_by_article() == {"a1": 2, "a2": 1}
    store.update(other.id, article="a1")
    assert store.counts_by_article() == {"a1": 3}


def test_file_is_a_readable_tinydb_document(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    ann = store.add(note(note="慢慢讀"))
    tricky = store.add(note(quote="學生們點點頭", note='他說："},"還有\\'))
    store.storage.compact()
    raw = db_path.read_text(encoding="utf-8")
    assert "慢慢讀" in raw  # ensure_ascii=False
    assert sum(ann.id in line or tricky.id in line for line in raw.splitlines()) == 2  # one per line
    assert AnnotationStore.open(db_path).get(tricky.id) == tricky
    store.delete(tricky.id)
    data = json.loads(raw)
    assert data["meta"] == {"1": {"schema": SCHEMA}}
    assert {d["id"] for d in data["annotations"].values()} == {ann.id, tricky.id}
    db = TinyDB(db_path, storage=JournalStorage)
    table = db.table("annotations")
    assert [d["quote"] for d in table.all()] == ["讀書要慢"]
    table.update({"note": "從 TinyDB 改"}, doc_ids=[table.all()[0].doc_id])
    store.reload()
    assert store.get(ann.id).note == "從 TinyDB 改"  # type: ignore[union-attr]


def test_two_stores_see_each_others_changes(db_path: Path) -> None:
    one, two = AnnotationStore.open(db_path), AnnotationStore.open(db_path)
    a = one.add(note(quote="香港背靠祖國"))
    b = two.add(note(quote="學生們點點頭"))  # catches up before writing
    assert two.get(a.id) is not None
    one.reload()
    assert {x.id for x in one.all()} == {a.id, b.id}
    two.storage.compact()  # another process rewrote the main file
    one.delete(b.id)
    two.reload()
    assert two.get(b.id) is None and two.get(a.id) is not None


def test_threads_lose_nothing(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.storage.compact_bytes = 4000  # compact now and then, meanwhile
    ids: list[str] = []

    def work() -> None:
        ids.extend(store.add(note()).id for _ in range(25))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store) == 100
    assert {a.id for a in AnnotationStore.open(db_path).all()} == set(ids)


# -- schema -----------------------------------------------------------------------------


def test_version_1_file_migrates(db_path: Path) -> None:
    v1_doc = {
        "id": "abc123",
        "article": "a1",
        "quote": "讀書要慢",
        "prefix": "老師說：「",
        "suffix": "，慢慢讀",
        "start": 24,
        "end": 28,
        "color": 2,
        "tags": ["名言"],
        "note": "",
        "created": "2024-01-01T00:00:00Z",
        "updated": "2024-01-01T00:00:00Z",
    }
    db_path.write_text(
        json.dumps({"meta": {"1": {"schema": 1}}, "annotations": {"7": v1_doc}}, ensure_ascii=False),
        encoding="utf-8",
    )
    store = AnnotationStore.open(db_path)
    ann = store.get("abc123")
    assert ann is not None and ann.orphan is False and ann.tags == ["名言"]
    data = json.loads(db_path.read_text(encoding="utf-8"))
    assert data["meta"]["1"]["schema"] == SCHEMA == 2
    assert data["annotations"]["7"]["orphan"] is False


def test_file_without_meta_is_version_1(db_path: Path) -> None:
    db_path.write_text(json.dumps({"annotations": {"1": {"id": "x", "article": "a", "quote": "q"}}}))
    store = AnnotationStore.open(db_path)
    assert store.get("x").orphan is False  # type: ignore[union-attr]
    assert json.loads(db_path.read_text())["meta"]["1"]["schema"] == SCHEMA


def test_newer_schema_is_shown_but_not_overwritten(db_path: Path) -> None:
    db_path.write_text(
        json.dumps(
            {
                "meta": {"1": {"schema": SCHEMA + 1}},
                "annotations": {"1": {"id": "x", "article": "a", "quote": "q"}},
            }
        )
    )
    before = db_path.read_bytes()
    store = AnnotationStore.open(db_path)
    assert store.get("x") is not None and store.read_only
    with pytest.raises(StoreError, match="newer version"):
        store.add(note())
    assert db_path.read_bytes() == before


# -- damaged files ---------------------------------------------------------------------------


def test_corrupt_file_is_moved_aside_unchanged(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b'{"annotations": {"1": {"id": "x", "quote": "\xe8\xae\x80\xe6\x9b'  # cut off mid-character
    db_path.write_bytes(garbage)
    store = AnnotationStore.open(db_path)
    moved = store.recovered_from
    assert moved is not None and moved.name.startswith("annotations.json.corrupt-")
    assert moved.read_bytes() == garbage
    assert len(store) == 0
    ann = store.add(note())
    assert AnnotationStore.open(db_path).get(ann.id) is not None
    assert AnnotationStore.open(db_path).recovered_from is None
    assert moved.read_bytes() == garbage


def test_wrong_shape_is_corrupt_too(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_text("[1, 2, 3]")
    store = AnnotationStore.open(db_path)
    assert store.recovered_from is not None and store.recovered_from.read_text() == "[1, 2, 3]"


def test_torn_journal_line_is_ignored_then_cut_off(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    first = store.add(note())
    second = store.add(note(quote="學生們點點頭"))
    with open(journal(db_path), "ab") as fh:
        fh.write(b'{"ops":[["annotations","99",{"id":"torn"')  # a crash mid-append
    reopened = AnnotationStore.open(db_path)
    assert {a.id for a in reopened.all()} == {first.id, second.id}
    third = reopened.add(note(quote="香港背靠祖國"))
    assert b"torn" not in journal(db_path).read_bytes()
    assert {a.id for a in AnnotationStore.open(db_path).all()} == {first.id, second.id, third.id}


def test_damaged_journal_lines_are_kept_aside(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    first = store.add(note())
    with open(journal(db_path), "ab") as fh:
        fh.write(b"\x00\x00garbage\n" + b'{"ops":[]}\n')
    reopened = AnnotationStore.open(db_path)
    reopened.add(note(quote="香港背靠祖國"))
    aside = list(db_path.parent.glob("annotations.json.journal.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00\x00garbage\n")
    assert len(AnnotationStore.open(db_path)) == 2 and first.id in {a.id for a in reopened.all()}


# -- failing disks ---------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "write", "half-write"])
def test_full_disk_raises_store_error_and_keeps_memory(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    store = AnnotationStore.open(db_path)
    kept = store.add(note())
    size = journal(db_path).stat().st_size if journal(db_path).exists() else 0
    real_write = os.write

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def half(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(storage_mod.os, "fsync", full)
    else:
        monkeypatch.setattr(storage_mod.os, "write", half if failing == "half-write" else full)
    with pytest.raises(StoreError, match=r"^Could not save notes: disk is full"):
        store.add(note(quote="學生們點點頭", note="寫了很久的筆記"))
    monkeypatch.undo()
    assert [a.note for a in store.for_article("a1")] == ["", "寫了很久的筆記"]  # still in memory
    assert store.pending == 1
    on_disk = journal(db_path).stat().st_size if journal(db_path).exists() else 0
    assert on_disk == size  # no torn line left behind
    later = store.add(note(quote="香港背靠祖國"))  # the next save writes the kept change too
    assert store.pending == 0
    again = AnnotationStore.open(db_path)
    assert (
        {a.note for a in again.all()} == {"", "寫了很久的筆記"} and again.get(later.id) and again.get(kept.id)
    )


def test_read_only_folder(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = AnnotationStore.open(db_path)
    store.add(note())
    store.close()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(storage_mod.os, "open", read_only)
    monkeypatch.setattr(
        "reader.core.fileio.open",
        lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only file system")),
        raising=False,
    )
    store = AnnotationStore.open(db_path)  # opens, read-only
    assert len(store) == 1
    with pytest.raises(StoreError, match="read-only"):
        store.add(note(quote="學生們點點頭"))
    assert len(store) == 2 and store.pending == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_read_only_folder_for_real(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.add(note())
    store.close()
    folder = db_path.parent
    folder.chmod(0o555)
    try:
        store = AnnotationStore.open(db_path)
        assert len(store) == 1
        with pytest.raises(StoreError, match=r"^Could not save notes"):
            store.add(note(quote="學生們點點頭"))
        assert len(store) == 2
    finally:
        folder.chmod(0o755)
