"""Exports: Markdown and Web Annotation JSON are output contracts, checked against golden files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.export import ExportedArticle, from_web_annotations, to_json, to_markdown
from reader.core.sentences import sentence_around
from reader.core.store import Annotation

GOLDEN = Path(__file__).parent.parent / "data" / "export"
TEXT = (
    "「十四五」成就與香港\n\n"
    "開源讓AI有了無限的可能，而在中國，這些可能正從設想逐步落地。「十四五」期間，中國AI發展之迅猛，舉世矚目。\n\n"
    "近日，全球最大AI開源社區公布榜單，排名前十的開源大模型中，中國佔據了九席。"
)
STAMP = "2026-01-02T03:04:05+00:00"


def ann(ann_id: str, quote: str, **kw: object) -> Annotation:
    start = TEXT.index(quote)
    fields = {
        "id": ann_id,
        "article": "a1",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "prefix": TEXT[max(0, start - 32) : start],
        "suffix": TEXT[start + len(quote) : start + len(quote) + 32],
        "created": STAMP,
        "updated": STAMP,
    } | kw
    return Annotation(**fields)  # type: ignore[arg-type]


def article(*anns: Annotation) -> ExportedArticle:
    return ExportedArticle(
        "a1", "「十四五」成就與香港", "001.txt", "traditional", ["AI", "香港"], TEXT, list(anns)
    )


ANNOTATIONS = [
    ann("h2", "中國佔據了九席", color=2, tags=["排名", "AI 模型"], note="九席 of ten.\nSecond line."),
    ann("h1", "無限的可能", tags=["開源"], note="# Not a heading\n---\n```\nunclosed fence\n> nested\n^fake"),
    ann("h3", "舉世矚目。", color=3),
]


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, (
        f"{name} changed; UPDATE_GOLDEN=1 rewrites it after review"
    )


def test_markdown_export_matches_golden_file() -> None:
    _check_golden("article.md", to_markdown([article(*ANNOTATIONS)], exported_at=STAMP))


def test_markdown_export_with_pinyin_matches_golden_file() -> None:
    def pinyin_line(text: str) -> str:
        from reader.core.pinyin import Style, annotate

        return " ".join(
            "".join(p for p in t.pinyin if p) for t in annotate(text, Style.MARKS) if any(t.pinyin)
        )

    _check_golden(
        "article-pinyin.md",
        to_markdown([article(ANNOTATIONS[0])], exported_at=STAMP, pinyin_line=pinyin_line),
    )


def test_json_export_matches_golden_file() -> None:
    _check_golden("article.json", to_json(ANNOTATIONS))


def test_same_input_gives_the_same_bytes() -> None:
    a = to_markdown([article(*ANNOTATIONS)], exported_at=STAMP)
    b = to_markdown([article(*reversed(ANNOTATIONS))], exported_at=STAMP)
    assert a == b, "highlights are exported in text order, whatever order they come in"


def test_highlights_come_in_text_order_with_block_ids() -> None:
    md = to_markdown([article(*ANNOTATIONS)], exported_at=STAMP)
    assert md.index("^h1") < md.index("^h3") < md.index("^h2")
    for ann_id in ("h1", "h2", "h3"):
        assert f"\n^{ann_id}\n" in md, "each highlight ends with its block reference on a line of its own"


def test_markdown_in_a_note_stays_inside_the_note() -> None:
    md = to_markdown([article(*ANNOTATIONS)], exported_at=STAMP)
    note_start = md.index("> [!note]", md.index("無限的可能"))
    note_end = md.index("\n\n", note_start)
    for line in md[note_start:note_end].split("\n"):
        assert line.startswith(">"), f"a note line escaped its block quote: {line!r}"
    assert md.count("\n---\n") == 1, "only the front matter closes with ---"
    assert "\n^fake" not in md


def test_short_highlight_gets_its_sentence_with_the_highlight_marked() -> None:
    md = to_markdown([article(ANNOTATIONS[1])], exported_at=STAMP)
    assert "開源讓AI有了**無限的可能**，而在中國，這些可能正從設想逐步落地。" in md


def test_front_matter_is_valid_yaml_like_json_strings() -> None:
    md = to_markdown([article(*ANNOTATIONS)], exported_at=STAMP)
    head = md.split("---\n")[1]
    fields = dict(line.split(": ", 1) for line in head.strip().split("\n"))
    assert json.loads(fields["title"]) == "「十四五」成就與香港"
    assert json.loads(fields["tags"]) == ["AI", "香港"]
    assert json.loads(fields["exported"]) == STAMP


def test_json_round_trip_gives_the_same_annotations() -> None:
    back = [Annotation.from_dict(f) for f in from_web_annotations(to_json(ANNOTATIONS))]
    assert sorted(back, key=lambda a: a.id) == sorted(ANNOTATIONS, key=lambda a: a.id)


def test_json_is_a_web_annotation_collection() -> None:
    data = json.loads(to_json(ANNOTATIONS))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    item = data["first"]["items"][0]
    kinds = {s["type"] for s in item["target"]["selector"]}
    assert kinds == {"TextQuoteSelector", "TextPositionSelector"}


@pytest.mark.parametrize(
    ("quote", "sentence"),
    [
        ("有引號", "「第二句，有引號。」"),
        ("第一", "第一句話。"),
        ("第三句", "第三句沒有結尾"),
        ("第二句，有引號。」", "「第二句，有引號。」"),
    ],
)
def test_sentence_around(quote: str, sentence: str) -> None:
    text = "第一句話。「第二句，有引號。」第三句沒有結尾"
    start = text.index(quote)
    a, b = sentence_around(text, start, start + len(quote))
    assert text[a:b] == sentence


def test_a_selected_sentence_is_the_one_sentence_moves_step_over() -> None:
    """`S` (sentence_around) and `(`/`)` (sentence_starts) agree on where sentences are, ； included."""
    from reader.core.sentences import sentence_starts

    text = "第一句；第二句。「第三句！」 Fourth one. 第五句"
    starts = sentence_starts(text)
    for a, b in zip(starts, [*starts[1:], len(text)]):
        for pos in range(a, b):
            if not text[pos].isspace():
                lo, hi = sentence_around(text, pos, pos + 1)
                assert lo == a and text[lo:hi] == text[a:b].rstrip(), (pos, text[lo:hi])
