"""A rewrite that no save waits for (a compaction, a schema migration) never fails in silence."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

from reader.core import storage
from reader.core.store import Annotation, AnnotationStore
from reader.core.vocab.record import Status
from reader.core.vocab.store import VocabStore


def _full_disk(*_: Any, **__: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _note(quote: str) -> Annotation:
    return Annotation.new(article="a1", quote=quote, start=0)


def test_a_failed_compaction_is_told_once_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "annotations.json"
    store = AnnotationStore.open(path)
    store.add(_note("第一"))  # the first save writes the main file
    store.take_notices()
    store.storage.compact_bytes = 1  # every later save compacts
    with monkeypatch.context() as patch:
        patch.setattr(storage, "atomic_write_bytes", _full_disk)
        store.add(_note("第二"))
        store.add(_note("第三"))
        notices = store.take_notices()
    assert len(notices) == 1, notices
    assert "saved" in notices[0] and "disk is full" in notices[0] and str(path) in notices[0]
    assert store.storage.last_error is not None and store.pending == 0
    store.close()
    assert sorted(a.quote for a in AnnotationStore.open(path).all()) == ["第一", "第三", "第二"]


def test_a_compaction_that_works_again_clears_the_error_and_a_new_failure_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(tmp_path / "annotations.json")
    store.add(_note("第一"))
    store.storage.compact_bytes = 1
    with monkeypatch.context() as patch:
        patch.setattr(storage, "atomic_write_bytes", _full_disk)
        store.add(_note("第二"))
    assert len(store.take_notices()) == 1
    store.add(_note("第三"))
    assert store.storage.last_error is None and store.take_notices() == []
    with monkeypatch.context() as patch:
        patch.setattr(storage, "atomic_write_bytes", _full_disk)
        store.add(_note("第四"))
    assert len(store.take_notices()) == 1


def test_the_word_store_tells_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with VocabStore(tmp_path / "vocab.json") as store:
        store.mark("电脑", Status("known"))
        store.storage.compact_bytes = 1
        with monkeypatch.context() as patch:
            patch.setattr(storage, "atomic_write_bytes", _full_disk)
            store.mark("手机", Status("known"))
        [notice] = store.take_notices()
        assert "words" in notice and "disk is full" in notice
    with VocabStore(tmp_path / "vocab.json") as again:
        assert again.status("手机") == Status("known")


def test_a_migration_that_cannot_be_written_is_told_and_the_notes_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "annotations.json"
    doc = {"id": "x", "article": "a", "quote": "讀書", "start": 0, "end": 2}
    path.write_text(json.dumps({"meta": {"1": {"schema": 1}}, "annotations": {"7": doc}}), encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(storage, "atomic_write_bytes", _full_disk)
        store = AnnotationStore.open(path)
        notices = store.take_notices()
    assert any("disk is full" in n for n in notices), notices
    assert store.get("x") is not None and store.get("x").orphan is False  # type: ignore[union-attr]
    store.close()
    assert (
        json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["schema"] == 1
    )  # untouched, migrated next time
