"""The word store: keys across scripts and readings, undo, bulk marking, durability and damage."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.vocab.record import Mark, Status, parse_status
from reader.core.vocab.store import StoreError, VocabStore

KNOWN, IGNORED = Status("known"), Status("ignored")


@pytest.fixture
def store(tmp_path: Path) -> VocabStore:
    with VocabStore(tmp_path / "vocab.json") as s:
        yield s


def test_a_word_is_the_same_word_in_either_script(store: VocabStore) -> None:
    store.mark("電腦", KNOWN, reading="diàn nǎo", article="a1", sentence="我的電腦壞了。")
    assert store.status("电脑") == KNOWN and store.status("電腦", "dian4 nao3") == KNOWN
    record = store.record("电脑")
    assert (record.word, record.form, record.shown, record.sentence) == (
        "电脑",
        "電腦",
        "diàn nǎo",
        "我的電腦壞了。",
    )
    assert record.added and record.changed and record.seen


def test_a_polyphonic_word_is_told_apart_by_its_reading(store: VocabStore) -> None:
    store.mark("行", Status("learning", 2), reading="xíng")
    assert store.status("行", "xing2") == Status("learning", 2)
    assert store.status("行", "háng").name == "new"
    store.mark("东西", KNOWN, reading="dōng xi")  # "thing", not "east and west" (dōngxī)
    assert store.status("東西", "dong1 xi5") == KNOWN and store.status("东西", "dōng xī").name == "new"


def test_a_word_without_several_readings_ignores_the_reading_shown(store: VocabStore) -> None:
    store.mark("不", KNOWN, reading="bú")  # tone sandhi as shown must not split the word
    assert store.status("不", "bù") == KNOWN and store.status("不") == KNOWN
    assert store.record("不").reading == ""


def test_marking_without_a_reading_covers_every_reading(store: VocabStore) -> None:
    store.mark("行", Status("learning", 1), reading="xíng")
    store.mark("行", KNOWN)
    assert store.status("行", "xíng") == KNOWN and store.status("行", "háng") == KNOWN
    assert len(store) == 1
    store.mark("行", Status("new"), reading="háng")  # back to new for one reading only
    assert store.status("行", "háng").name == "new" and store.status("行", "xíng") == KNOWN


def test_undo_takes_back_changes_one_at_a_time(store: VocabStore) -> None:
    store.mark("电脑", Status("learning", 1))
    store.mark("电脑", KNOWN)
    store.mark_many([Mark("你"), Mark("好")], KNOWN)
    assert store.undo() == 2 and store.status("你").name == "new"
    assert store.undo() == 1 and store.status("电脑") == Status("learning", 1)
    assert store.undo() == 1 and store.status("电脑").name == "new"
    assert store.undo() == 0 and not store.can_undo


def test_undo_leaves_what_another_process_changed_since(tmp_path: Path) -> None:
    with VocabStore(tmp_path / "v.json") as a, VocabStore(tmp_path / "v.json") as b:
        a.mark("电脑", KNOWN)
        b.reload()
        b.mark("电脑", IGNORED)
        a.reload()
        assert a.undo() == 0 and a.status("电脑") == IGNORED


def test_marking_a_page_is_one_transaction_that_keeps_statuses(store: VocabStore) -> None:
    store.mark("学习", Status("learning", 3))
    before = store.storage.journal_path.stat().st_size if store.storage.journal_path.exists() else 0
    changed = store.mark_many([Mark(w) for w in ("我", "学习", "中文", "我")], KNOWN, only_new=True)
    assert changed == 2 and store.status("学习") == Status("learning", 3)
    journal = store.storage.journal_path.read_bytes()[before:]
    assert journal.count(b"\n") == 1  # one journal line: all saved or none


def test_listeners_hear_which_words_changed_here_and_elsewhere(tmp_path: Path) -> None:
    heard: list[set[str] | None] = []
    with VocabStore(tmp_path / "v.json") as a, VocabStore(tmp_path / "v.json") as b:
        a.add_listener(heard.append)
        a.mark("電腦", KNOWN)
        b.mark("中文", KNOWN)
        a.reload()
    assert heard == [{"电脑"}, {"中文"}]


def test_statuses_survive_reopening(tmp_path: Path) -> None:
    with VocabStore(tmp_path / "v.json") as s:
        s.mark("电脑", KNOWN)
        s.set_hsk_standard("3.0")
        s.add_correction("大湾區")
    with VocabStore(tmp_path / "v.json") as s:
        assert s.status("電腦") == KNOWN and s.hsk_standard == "2021"
        assert [c.word for c in s.corrections()] == ["大湾区"]
    with open(tmp_path / "v.json") as fh:
        json.load(fh)  # an ordinary TinyDB document people and TinyDB can read


def test_strings_from_outside_are_cleaned(store: VocabStore) -> None:
    store.mark("\x1b[31m电脑\x07", KNOWN, reading="diàn\x1b]0;x\x07 nǎo", sentence="我的\x1b[2J电脑")
    record = store.record("电脑")
    assert record.form == "电脑" and "\x1b" not in record.shown and record.sentence == "我的电脑"


def test_a_damaged_document_is_set_aside_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    with VocabStore(path) as s:
        s.mark("电脑", KNOWN)
    tables = json.loads(path.read_text())
    tables["words"]["1"] = {"word": "坏", "status": "famous"}
    path.write_text(json.dumps(tables, ensure_ascii=False))
    with VocabStore(path) as s:
        notices = s.take_notices()
        assert s.status("电脑") == KNOWN and s.status("坏").name == "new"
        assert any("set aside" in n for n in notices)
    assert list(tmp_path.glob("v.json.rejected*"))


def test_an_unreadable_file_is_moved_aside_with_what_can_be_read(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    with VocabStore(path) as s:
        s.mark("电脑", KNOWN)
        s.mark("中文", KNOWN)
        s.storage.compact()
    path.write_bytes(path.read_bytes()[:-5])  # torn inside the last word
    with VocabStore(path) as s:
        assert s.status("电脑") == KNOWN and s.status("中文").name == "new"
        notices = s.take_notices()
        assert any("words file was damaged" in n and "1 word(s) could still be read" in n for n in notices)


def test_a_newer_schema_is_shown_but_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(json.dumps({"meta": {"1": {"schema": 99}}, "words": {}}))
    with VocabStore(path) as s, pytest.raises(StoreError):
        s.mark("电脑", KNOWN)


def test_parse_status() -> None:
    assert parse_status("learning") == Status("learning", 1)
    assert parse_status("Learning 3") == parse_status("3") == Status("learning", 3)
    with pytest.raises(ValueError):
        parse_status("learning5")


CHILD = """
import sys
from reader.core.vocab.store import VocabStore
from reader.core.vocab.record import Mark, Status
store = VocabStore(sys.argv[1])
label = sys.argv[2]
for i in range(int(sys.argv[3])):
    store.mark_many([Mark(f"{label}{i}字")], Status("known"))
    print(i, flush=True)
"""


def _spawn(path: Path, label: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), label, str(count)], stdout=subprocess.PIPE, text=True
    )


def test_kill_9_loses_no_acknowledged_mark(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    proc = _spawn(path, "甲", 10_000)
    acknowledged = -1
    deadline = time.monotonic() + 30
    while acknowledged < 30 and time.monotonic() < deadline:
        acknowledged = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with VocabStore(path) as s:
        assert all(s.status(f"甲{i}字") == KNOWN for i in range(acknowledged + 1))


def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    procs = [_spawn(path, label, 60) for label in ("甲", "乙")]
    for proc in procs:
        proc.communicate()
    with VocabStore(path) as s:
        assert len(s) == 120
