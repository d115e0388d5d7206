"""Cards for Anki, word lists to import, and the user's segmentation corrections on jieba."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import jieba
import pytest

from reader.core.vocab import anki
from reader.core.vocab.corrections import apply_corrections
from reader.core.vocab.record import Correction, WordRecord
from reader.core.vocab.wordlists import hsk_words, parse_word_list

RECORDS = [
    WordRecord(
        word="电脑",
        status="learning",
        stage=2,
        form="電腦",
        shown="diàn nǎo",
        article="a",
        sentence="我的電腦壞了。",
        tags=["tech"],
    ),
    WordRecord(word="行", reading="xíng", status="learning", stage=1, form="行"),
]


def _notes(apkg: Path, tmp: Path) -> list[tuple[str, list[str], str]]:
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp)
    with sqlite3.connect(tmp / "collection.anki2") as db:
        rows = db.execute("select guid, flds, tags from notes order by sfld").fetchall()
    return [(g, f.split("\x1f"), t.strip()) for g, f, t in rows]


def test_the_apkg_is_an_anki_collection_whose_ids_stay(tmp_path: Path) -> None:
    cards = anki.make_cards(RECORDS, titles={"a": "新聞"}, article_tags={"a": ["news"]}, colour=True)
    anki.write_apkg(cards, tmp_path / "one.apkg")
    notes = _notes(tmp_path / "one.apkg", tmp_path / "x1")
    assert len(notes) == 2
    guid, fields, tags = next(n for n in notes if n[1][0] == "电脑")
    assert dict(zip(anki.FIELDS, fields)) == {
        "Key": "电脑",
        "Word": "電腦",
        "Other": "电脑",
        "Pinyin": '<span class="tone4">diàn</span> <span class="tone3">nǎo</span>',
        "Meaning": "computer",
        "Sentence": "我的<b>電腦</b>壞了。",
        "Article": "新聞",
        "HSK": "1",
    }
    assert set(tags.split()) == {"learning2", "HSK1", "news", "tech"}
    xing = next(n for n in notes if n[1][0] == "行 xíng")
    assert xing[1][3] == '<span class="tone2">xíng</span>' and xing[1][4]  # dictionary reading and gloss
    # A second export (with a changed status and one more word) keeps the ids of the notes it had.
    more = [*RECORDS, WordRecord(word="中文", status="known")]
    anki.write_apkg(anki.make_cards(more, titles={}, article_tags={}), tmp_path / "two.apkg")
    again = {n[1][0]: n[0] for n in _notes(tmp_path / "two.apkg", tmp_path / "x2")}
    assert again["电脑"] == guid and again["行 xíng"] == xing[0] and len(set(again.values())) == 3


def test_the_tsv_has_anki_headers_and_one_clean_line_per_note() -> None:
    text = anki.tsv_text(anki.make_cards(RECORDS, titles={}, article_tags={}))
    lines = text.splitlines()
    assert lines[:2] == ["#separator:tab", "#html:true"]
    columns = next(line for line in lines if line.startswith("#columns:"))[len("#columns:") :].split("\t")
    tags_column = int(next(line for line in lines if line.startswith("#tags column:")).split(":")[1])
    assert columns[tags_column - 1] == "Tags"
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(rows) == 2 and all(len(r) == len(columns) for r in rows)
    assert rows[0][0] == anki.guid("电脑")


def test_selecting_words_by_status_article_tag_and_date() -> None:
    records = [
        WordRecord(word="一", status="known", article="a", changed="2025-01-01T00:00:00Z"),
        WordRecord(
            word="二", status="learning", stage=1, article="b", tags=["x"], changed="2025-03-01T00:00:00Z"
        ),
    ]
    words = lambda found: [r.word for r in found]  # noqa: E731
    assert words(anki.select(records, statuses=["learning"])) == ["二"]
    assert words(anki.select(records, article="a")) == ["一"]
    assert words(anki.select(records, tag="x")) == ["二"]
    assert words(anki.select(records, tag="news", article_tags={"a": ["news"]})) == ["一"]
    assert words(anki.select(records, since="2025-02-01")) == ["二"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电脑\n 行 \nabc\n\n電腦\n", ["电脑", "行", "電腦"]),
        ("// HSK 1\n电脑[電腦]\tdian4nao3\tcomputer\n好\thao3\tgood\n", ["电脑", "好"]),
        (
            "#separator:tab\n#html:true\n#columns:Word\tPinyin\n<b>电脑</b>\tdiàn\n&nbsp;行\tx\n",
            ["电脑", "行"],
        ),
        ("#separator:comma\n电脑,diàn nǎo\n", ["电脑"]),
        ("\ufeff我 wǒ I\n\x1b[31m你\n", ["我", "你"]),
    ],
)
def test_word_lists(text: str, expected: list[str]) -> None:
    assert parse_word_list(text) == expected


def test_hsk_words_up_to_a_level() -> None:
    one, two = hsk_words(1, "2021"), hsk_words(2, "2021")
    assert "电脑" in one and set(one) < set(two)
    with pytest.raises(ValueError):
        hsk_words(8, "2021")


def _cut(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    return list(tokenizer.cut(text, HMM=True))


def test_joins_and_splits_change_how_jieba_cuts() -> None:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    assert _cut(tokenizer, "粤港澳大湾区") != ["粤港澳", "大湾区"]
    assert "计量经济学家" not in _cut(tokenizer, "他是一位计量经济学家。")
    assert "北京大学" in _cut(tokenizer, "他在北京大学读书")
    fixes = [
        Correction(word="大湾区"),
        Correction(word="计量经济学家"),
        Correction(word="北京大学", parts=["北京", "大学"]),
        Correction(word="发展中国家", parts=["发展中", "国家"]),
    ]
    assert apply_corrections(tokenizer, fixes) == 4
    assert _cut(tokenizer, "粤港澳大湾区") == ["粤港澳", "大湾区"]
    assert "计量经济学家" in _cut(tokenizer, "他是一位计量经济学家。")
    assert _cut(tokenizer, "他在北京大学读书")[2:4] == ["北京", "大学"]
    assert _cut(tokenizer, "发展中国家") == ["发展中", "国家"]
