"""One normal form of a tag, wherever a tag comes from (typed, a command, a stored file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotation import Annotation
from reader.core.tags import TAG_SEPARATORS, normal_tag, normal_tags, split_tags, tag_key
from reader.core.vocab.record import Mark, Status
from reader.core.vocab.store import VocabStore


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("经济", "经济"),
        ("  #经济 ", "经济"),
        ("##a", "a"),
        ("#", ""),
        ("a\x1b[31mb", "ab"),
        ("two words", "two words"),
    ],
)
def test_a_tag_in_its_stored_form(raw: str, tag: str) -> None:
    assert normal_tag(raw) == tag


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("", []),
        ("a, b c", ["a", "b", "c"]),
        ("历史，政治、文学；哲学;x", ["历史", "政治", "文学", "哲学", "x"]),
        ("#a #b", ["a", "b"]),
        ("Word word WORD other", ["Word", "other"]),
        (" , ,", []),
    ],
)
def test_tags_typed_on_one_line(typed: str, tags: list[str]) -> None:
    assert split_tags(typed) == tags


@given(st.lists(st.text(max_size=8), max_size=6))
def test_the_normal_form_is_stable_and_each_tag_is_there_once(raw: list[str]) -> None:
    tags = normal_tags(raw)
    assert normal_tags(tags) == tags
    assert all(tags) and len({tag_key(t) for t in tags}) == len(tags)
    assert {tag_key(t) for t in tags} == {tag_key(t) for t in raw if normal_tag(t)}


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters=TAG_SEPARATORS + "#"), max_size=8), max_size=6
    )
)
def test_tags_written_out_and_typed_back_are_the_same(raw: list[str]) -> None:
    tags = [t for t in normal_tags(raw) if not any(ch.isspace() for ch in t)]
    assert split_tags(" ".join(f"#{t}" for t in tags)) == tags
    assert split_tags("，".join(tags)) == tags


def test_annotations_and_words_keep_tags_in_the_normal_form(tmp_path: Path) -> None:
    ann = Annotation.new(article="a", quote="中文", tags=["#经济", "Economy", "economy", " ", "政治"])
    assert ann.tags == ["经济", "Economy", "政治"]
    with VocabStore(tmp_path / "vocab.json") as store:
        store.mark_many([Mark("电脑")], Status("known"), tags=["#科技", "科技", "IT"])
        store.mark_many([Mark("电脑")], Status("known"), tags=["it", "新"])
        record = store.record("电脑")
        assert record is not None and record.tags == ["科技", "IT", "新"]
