"""The annotations filter: words in either script, #tags, c:colours, is:orphan; tag splitting."""

from __future__ import annotations

import pytest

from reader.core.annotations_query import Query, matches, parse_query, search_key, split_tags, text_matches


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", Query()),
        ("自由", Query(words=("自由",))),
        ("#Politics c:2", Query(tags=frozenset({"politics"}), colors=frozenset({2}))),
        ("c:1,4 is:orphan", Query(colors=frozenset({1, 4}), orphans=True)),
        ("c:9 # x:y", Query(words=("c:9", "#", "x:y"))),
        ("頭髮  #a #b", Query(words=("頭髮",), tags=frozenset({"a", "b"}))),
    ],
)
def test_parse_query(typed: str, expected: Query) -> None:
    assert parse_query(typed) == expected, f"parse_query({typed!r})"


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("自由的国家", "這是自由的國家。", True),  # Simplified query, Traditional quote
        ("頭髮", "她的头发很长", True),  # Traditional query, Simplified quote
        ("後來", "后来他走了", True),
        ("乾燥", "天气很干燥", True),  # one Simplified character, several Traditional ones
        ("Freedom", "the FREEDOM of", True),  # case does not matter
        ("自由", "独立", False),
    ],
)
def test_text_matches_in_either_script(word: str, text: str, found: bool) -> None:
    assert text_matches(word, search_key(text)) is found, f"{word!r} in {text!r}"


def test_a_word_does_not_match_across_two_texts() -> None:
    key = search_key("结尾是自", "由开始")
    assert not text_matches("自由", key), "a word matched across the quote and the note"
    assert text_matches("自由", search_key("结尾是自", "自由"))


def _passes(
    typed: str,
    *,
    text: str = "自由的國家",
    tags: tuple[str, ...] = ("politics",),
    color: int = 2,
    orphan: bool = False,
) -> bool:
    return matches(parse_query(typed), key=search_key(text), tags=tags, color=color, orphan=orphan)


@pytest.mark.parametrize(
    ("typed", "kwargs", "passes"),
    [
        ("", {}, True),
        ("国家", {}, True),
        ("国家 自由", {}, True),
        ("国家 独立", {}, False),  # every word must occur
        ("#POLITICS", {}, True),
        ("#politics #history", {}, False),  # every tag must be present
        ("#poli", {}, False),  # tags match whole
        ("c:2", {}, True),
        ("c:1,3", {}, False),
        ("c:1,2", {}, True),
        ("is:orphan", {}, False),
        ("is:orphan", {"orphan": True}, True),
        ("自由 #politics c:2", {}, True),
    ],
)
def test_matches(typed: str, kwargs: dict[str, object], passes: bool) -> None:
    assert _passes(typed, **kwargs) is passes, f"filter {typed!r} with {kwargs}"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("", []),
        ("a, b c", ["a", "b", "c"]),
        ("历史，政治、文学", ["历史", "政治", "文学"]),
        ("#a #b", ["a", "b"]),
        ("Word word WORD other", ["Word", "other"]),
        (" , ,", []),
    ],
)
def test_split_tags(typed: str, tags: list[str]) -> None:
    assert split_tags(typed) == tags, f"split_tags({typed!r})"
