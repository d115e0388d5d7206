"""Damaged files are never silent: what is readable loads, what is not is set aside with a notice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import Library
from reader.core.paths import Locations
from reader.core.store import Annotation, AnnotationStore

GOOD = {
    "id": "good",
    "article": "a1",
    "quote": "香港",
    "prefix": "",
    "suffix": "",
    "start": 0,
    "end": 2,
    "color": 1,
    "tags": ["t"],
    "note": "n",
    "created": "2026-01-01T00:00:00.000Z",
    "updated": "2026-01-01T00:00:00.000Z",
    "orphan": False,
}

WRONG_FIELDS = [
    ("start", "abc"),
    ("tags", 5),
    ("note", {}),
    ("quote", 5),
    ("color", 9),
    ("tags", None),
    ("id", 5),
    ("start", -1),
    ("end", 1e300),
    ("tags", [1]),
    ("orphan", "yes"),
    ("article", None),
    ("id", ""),
    ("start", 10**30),
]


def write_store(path: Path, docs: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = {str(i + 1): d for i, d in enumerate(docs)}
    path.write_text(json.dumps({"annotations": table, "meta": {"1": {"schema": 2}}}), encoding="utf-8")


@pytest.mark.parametrize(("field", "value"), WRONG_FIELDS, ids=[f"{f}={v!r}"[:30] for f, v in WRONG_FIELDS])
def test_a_document_of_the_wrong_shape_is_set_aside_and_the_rest_loads(
    tmp_path: Path, field: str, value: object
) -> None:
    db = tmp_path / "annotations.json"
    write_store(db, [GOOD, {**GOOD, "id": "bad", field: value}])
    store = AnnotationStore.open(db)
    assert [a.id for a in store.all()] == ["good"]
    assert store.search(text="香港") and store.tags() == ["t"] and store.for_article("a1")
    notices = store.take_notices()
    assert len(notices) == 1 and "set aside" in notices[0] and "rest loaded" in notices[0]
    [aside] = tmp_path.glob("annotations.json.rejected-*")
    kept = json.loads(aside.read_text(encoding="utf-8"))
    assert kept["document"][field] == value or field == "end", "every byte of the bad record is kept"
    store.close()
    again = AnnotationStore.open(db)
    assert [a.id for a in again.all()] == ["good"] and again.take_notices() == []


def test_a_store_nested_200000_deep_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    db.write_text('{"annotations": ' + "[" * 200_000 + "]" * 200_000 + "}")
    store = AnnotationStore.open(db)
    assert len(store) == 0 and store.recovered_from is not None
    assert any("damaged" in n for n in store.take_notices())


def test_a_truncated_store_keeps_every_complete_note(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    store = AnnotationStore.open(db)
    ids = [store.add(Annotation.new(article="a1", quote=f"第{i}句", note="筆記")).id for i in range(5)]
    store.storage.compact()
    store.close()
    data = db.read_bytes()
    db.write_bytes(data[: data.rindex(b'"id"') - 3])  # cut inside the last note
    store = AnnotationStore.open(db)
    assert {a.id for a in store.all()} >= set(ids[:-1]) and store.recovered_from is not None
    [notice] = store.take_notices()
    assert "could still be read" in notice
    store.close()
    assert {a.id for a in AnnotationStore.open(db).all()} >= set(ids[:-1]), "the salvage was saved"


def test_a_corrupt_line_in_the_middle_of_the_journal_hides_nothing(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    store = AnnotationStore.open(db)
    first = store.add(Annotation.new(article="a1", quote="一"))
    store.close()
    journal = db.with_name("annotations.json.journal")
    later = Annotation.new(article="a1", quote="二")
    line = json.dumps({"ops": [["annotations", "99", later.to_dict()]]}).encode() + b"\n"
    with open(journal, "ab") as fh:
        fh.write(b'{"ops": [["annotations", "5", {"id": \n' + line)
    store = AnnotationStore.open(db)
    assert {a.id for a in store.all()} == {first.id, later.id}, "the line after the damage is applied"
    notices = store.take_notices()
    assert any("kept aside" in n for n in notices), notices
    [aside] = tmp_path.glob("annotations.json.journal.corrupt-*")
    assert aside.read_bytes() == b'{"ops": [["annotations", "5", {"id": \n'
    third = store.add(Annotation.new(article="a1", quote="三"))
    store.close()
    assert {a.id for a in AnnotationStore.open(db).all()} == {first.id, later.id, third.id}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_the_store_never_crashes_and_valid_notes_stay_valid(tmp_path_factory, data) -> None:
    folder = tmp_path_factory.mktemp("store")
    db = folder / "annotations.json"
    store = AnnotationStore.open(db)
    stamp = "2026-01-01T00:00:00.000Z"
    for i in range(4):  # fixed ids and times: the same bytes every run, as hypothesis needs
        store.add(
            Annotation.from_dict(
                {
                    "id": f"n{i}",
                    "article": "a1",
                    "quote": f"第{i}句",
                    "tags": ["x"],
                    "note": "筆記",
                    "created": stamp,
                }
            )
        )
    store.storage.compact()
    store.add(Annotation.from_dict({"id": "j", "article": "a2", "quote": "journal", "created": stamp}))
    store.close()
    target = db if data.draw(st.booleans()) else db.with_name("annotations.json.journal")
    raw = bytearray(target.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        at = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if kind == "flip" and raw:
            raw[at] = data.draw(st.integers(0, 255))
        elif kind == "cut":
            del raw[at : at + data.draw(st.integers(1, 40))]
        else:
            raw[at:at] = data.draw(
                st.sampled_from([b"[" * 5000, b'"start":"x",', b"\x00", b"\n", b'{"ops":5}\n'])
            )
    target.write_bytes(bytes(raw))
    store = AnnotationStore.open(db)
    for ann in store.all():  # whatever loaded is a real annotation
        assert isinstance(ann.quote, str) and isinstance(ann.tags, list) and 1 <= ann.color <= 5
        assert 0 <= ann.start <= ann.end
    store.search(text="句")
    store.take_notices()
    store.add(Annotation.new(article="a3", quote="after"))


# -- the library ---------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Locations:
    locations = Locations.resolve(tmp_path / "home")
    Library(locations).articles()  # seeded
    return locations


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 5),
        ("length", "abc"),
        ("tags", None),
        ("tags", 5),
        ("position", "x"),
        ("id", None),
        ("filename", []),
    ],
)
def test_a_library_entry_of_the_wrong_shape_is_set_aside(home: Locations, field: str, value: object) -> None:
    data = json.loads(home.library_file.read_text(encoding="utf-8"))
    count = len(data["articles"])
    data["articles"][0][field] = value
    home.library_file.write_text(json.dumps(data), encoding="utf-8")
    library = Library(home)
    assert len(library.articles()) == count, "the article itself is listed again from its copy"
    notices = library.take_notices()
    assert 1 <= len(notices) <= 2 and "could not be read" in notices[0], notices
    assert library.take_notices() == [], "said once"
    assert Library(home).take_notices() == [] and len(Library(home).articles()) == len(library.articles())


@pytest.mark.parametrize("damage", ["truncated", "garbage-middle", "deep", "not-json"])
def test_a_corrupt_library_file_keeps_what_it_can(home: Locations, damage: str) -> None:
    library = Library(home)
    first = library.articles()[0]
    library.update(first.id, title="我取的標題", tags=["研究"], position=5)
    raw = home.library_file.read_text(encoding="utf-8")
    broken = {
        "truncated": raw[: len(raw) * 2 // 3],
        "garbage-middle": raw[: len(raw) // 2] + "\x00{{{" + raw[len(raw) // 2 + 40 :],
        "deep": "[" * 200_000,
        "not-json": "not json",
    }[damage]
    home.library_file.write_text(broken, encoding="utf-8")
    fresh = Library(home)
    articles = {a.id: a for a in fresh.articles()}
    assert len(articles) == len(library.articles()), "every article is still listed"
    [notice] = fresh.take_notices()
    assert "damaged" in notice and "kept as" in notice
    if damage in ("truncated", "garbage-middle"):
        assert articles[first.id].title == "我取的標題" and articles[first.id].tags == ["研究"]
