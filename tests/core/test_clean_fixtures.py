"""The cleaner on small PDF-extraction-style inputs (pdftotext, pdfminer.six, PyMuPDF, Markdown).

Each ``tests/data/clean/NAME.txt`` comes with ``NAME.expected``: the blocks
(kind and text) a reader should get.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.clean import clean
from reader.core.model import BlockKind

from .test_clean import check_contract

DATA = Path(__file__).parent.parent / "data" / "clean"
CASES = sorted(DATA.glob("*.txt"))
SEEDS = sorted((Path(__file__).parent.parent.parent / "seeds").glob("*.txt"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extraction_style_inputs_give_the_expected_blocks(path: Path) -> None:
    expected = [tuple(pair) for pair in json.loads(read(path.with_suffix(".expected")))]
    doc = clean(read(path))
    assert [(b.kind.value, b.text) for b in doc.blocks] == expected
    check_contract(doc)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extraction_style_inputs_clean_idempotently(path: Path) -> None:
    doc = clean(read(path))
    again = clean(doc.text)
    assert again.text == doc.text
    assert [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]


def test_page_furniture_removal_is_logged() -> None:
    doc = clean(read(DATA / "pdftotext_pages.txt"))
    logged = {(c.kind, c.before) for c in doc.changes}
    assert ("page_number", "- 1 -") in logged
    assert ("furniture", "\f") in logged
    assert ("furniture", "香港文匯報 2024年4月22日 星期一 A13") in logged
    assert "文匯報 2024" not in doc.text and "- 2 -" not in doc.text


def test_paragraph_broken_at_a_page_break_joins_without_a_space() -> None:
    doc = clean(read(DATA / "pdftotext_pages.txt"))
    assert "希望為國家發展" in doc.text
    (join,) = [c for c in doc.changes if c.kind == "join" and "\f" in c.before]
    assert join.after == ""


def test_english_hard_wrap_joins_with_a_space_and_hyphenation_is_undone() -> None:
    doc = clean(read(DATA / "pymupdf_mixed.txt"))
    assert "24 pioneering in AI" in doc.text
    assert "world's first vertical" in doc.text


def test_markdown_emphasis_becomes_ranges() -> None:
    doc = clean(read(DATA / "markdown_lists_tables.txt"))
    para = next(b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH)
    ((start, end),) = para.emphasis
    assert doc.text[start:end] == "人类教育的核心使命必须转向机器无法复制的领域"
    assert "**" not in doc.text
    assert any(c.kind == "markdown" and c.before == "**" for c in doc.changes)


def test_table_rows_and_cells() -> None:
    doc = clean(read(DATA / "markdown_lists_tables.txt"))
    table = next(b for b in doc.blocks if b.kind is BlockKind.TABLE)
    assert table.rows[1] == ["Huatuo-GPT", "22.5", "25.5"]


def test_title_is_the_first_heading_at_level_one() -> None:
    doc = clean(read(DATA / "pdftotext_pages.txt"))
    assert doc.title == "浙港將簽署多份合作協議"
    levels = [b.level for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert levels == [1, 2]


def test_title_without_heading_is_the_first_sentence() -> None:
    doc = clean(
        "香港特區行政長官李家超一行昨日下午率團抵達浙江杭州市，展開為期4天的浙江訪問行程。他說了很多話，大家都很高興地聽着。"
    )
    assert doc.title == "香港特區行政長官李家超一行昨日下午率團抵達浙江杭州市，展開為期4天的浙江訪問行程。"


def test_seed_002_first_column_and_doubled_box() -> None:
    doc = clean(read(next(p for p in SEEDS if p.name.startswith("002"))))
    first = doc.blocks[0]
    assert first.kind is BlockKind.PARAGRAPH
    assert first.text.startswith("香港高校眾多，基礎科研實力雄厚，但以往與內地合作卻受到資金")
    assert first.text.endswith("深港科研合作發展將進入快車道。")
    assert (
        "粵港澳大灣區規劃出台在即，習近平主席對在港兩院院士來信作出重要指示並強調促進兩地加強科技合作"
        in doc.text
    )
    assert "超過4,000萬元（人民幣，下同）的資助" in doc.text
    assert "成立深圳研究院" in doc.text
    assert ("heading", "習主席金句") in [(b.kind.value, b.text) for b in doc.blocks]
    assert ("byline", "■香港文匯報記者 李望賢、黃仰鵬 深圳報道") in [
        (b.kind.value, b.text) for b in doc.blocks
    ]


def test_seed_003_paragraph_cut_at_a_column_break() -> None:
    doc = clean(read(next(p for p in SEEDS if p.name.startswith("003"))))
    assert "為國家發展取得更大突破" in doc.text
    assert ("heading", "浙港將簽署多份合作協議") in [(b.kind.value, b.text) for b in doc.blocks]


def test_seed_004_captions_bylines_credits_prompts() -> None:
    doc = clean(read(next(p for p in SEEDS if p.name.startswith("004"))))
    got = [(b.kind.value, b.text) for b in doc.blocks]
    assert ("caption", "▲郭毅可。") in got
    assert ("other", "掃一掃有片睇") in got
    assert ("byline", "大公報記者 蘆靜怡、帥誠北京報道") in got
    assert ("credit", "責任編輯：林子奇 美術編輯：馮自培") in got
    assert ("caption", "►廣汽集團的第三代具身智能人形機器人。新華社") in got
