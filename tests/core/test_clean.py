"""The cleaner: each repair on small inputs, and the document contract on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.clean import CLEANER_VERSION, clean
from reader.core.model import BLOCK_SEPARATOR, BlockKind, Document

SEEDS = sorted((Path(__file__).parent.parent.parent / "seeds").glob("*.txt"))


def seed(number: str) -> str:
    path = next(p for p in SEEDS if p.name.startswith(number))
    return path.read_text(encoding="utf-8")


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in doc.blocks]


def check_contract(doc: Document) -> None:
    """Blocks tile the text; every character not produced by a logged 1:1 repair maps home."""
    assert doc.text == BLOCK_SEPARATOR.join(b.text for b in doc.blocks)
    pos = 0
    for block in doc.blocks:
        assert block.start == pos and doc.text[block.start : block.end] == block.text
        assert "\n\n" not in block.text
        if block.kind not in (BlockKind.TABLE, BlockKind.VERSE):
            assert "\n" not in block.text
        pos = block.end + len(BLOCK_SEPARATOR)
    assert doc.offsets.src_len == len(doc.source) and doc.offsets.dst_len == len(doc.text)
    replaced = {(c.src_start, c.after) for c in doc.changes if len(c.before) == len(c.after) == 1}
    for s0, _s1, d0, d1, atomic in doc.offsets.segments:
        if atomic:
            continue
        for k in range(d1 - d0):
            src, dst = doc.source[s0 + k], doc.text[d0 + k]
            assert src == dst or (s0 + k, dst) in replaced, (s0 + k, src, dst)
    for change in doc.changes:
        assert doc.source[change.src_start : change.src_end] == change.before


def test_version_is_a_positive_int() -> None:
    assert isinstance(CLEANER_VERSION, int) and CLEANER_VERSION >= 1


# --- Fake-bold doubling -------------------------------------------------------


@pytest.mark.parametrize(
    ("doubled", "clean_text"),
    [
        (
            "粵粵港澳大灣區規劃出台在即港澳大灣區規劃出台在即，，習近平主席習近平主席",
            "粵港澳大灣區規劃出台在即，習近平主席",
        ),
        ("深圳市科創委一份關於份關於20182018年科技研發資金基礎研究年科技研發資金基礎研究", None),
        (
            "過過44,,000000萬元萬元（（人民幣人民幣，，下同下同））的資助的資助。。",
            "過4,000萬元（人民幣，下同）的資助。",
        ),
        ("習習近近平平主主席席今今天天到到訪訪香香港港。。", "習近平主席今天到訪香港。"),
        (
            "習近平主席習近平主席習近平主席今天到訪香港今天到訪香港今天到訪香港。。。",
            "習近平主席今天到訪香港。",
        ),
        ("目前在研項目目前在研項目400400多個多個。」。」", "目前在研項目400多個。」"),
        ("■■香港中文大學校友參觀眾創中心香港中文大學校友參觀眾創中心。。", "■香港中文大學校友參觀眾創中心。"),
    ],
    ids=[
        "glyph-then-chunk",
        "mixed-not-whole-line",
        "numbers",
        "glyph-by-glyph",
        "threefold",
        "quotes",
        "caption-mark",
    ],
)
def test_fake_bold_doubling_is_undone(doubled: str, clean_text: str | None) -> None:
    doc = clean(doubled)
    if clean_text is None:  # partly doubled: only a line that parses as doubled is touched
        assert doc.text == doubled
        return
    assert doc.text == clean_text
    assert any(c.kind == "dedupe" for c in doc.changes)
    check_contract(doc)


@pytest.mark.parametrize(
    "sentence",
    [
        "謝謝你們今天來看看我們，天天都要漸漸進步。",
        "這個問題我們要研究研究，大家高高興興地回家，一個個都笑了。",
        "謝謝",
        "看看",
        "研究研究",
        "高高興興",
    ],
)
def test_genuine_reduplication_stays(sentence: str) -> None:
    assert clean(sentence).text == sentence


def test_short_doubled_line_is_repaired_next_to_a_doubled_line() -> None:
    doc = clean(
        "據悉據悉，，城大早於城大早於20002000年入駐深圳高新區年入駐深圳高新區，，\n\n成立深成立深\n圳圳\n\n研究院研究院。。"
    )
    assert doc.text == "據悉，城大早於2000年入駐深圳高新區，成立深圳研究院。"


# --- Punctuation, radicals, spacing -------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "徐扬生以近40年人工智能研究经验为切入点,指出当前技术仍处于初级阶段。",
            "徐扬生以近40年人工智能研究经验为切入点，指出当前技术仍处于初级阶段。",
        ),
        ("人工智能是向后看的;而人类的智慧是向前看的!", "人工智能是向后看的；而人类的智慧是向前看的！"),
        ("人的价值究竟何在?", "人的价值究竟何在？"),
        ("徐扬生:AI时代来临", "徐扬生：AI时代来临"),
        ("香港中文大学(深圳)成立", "香港中文大学（深圳）成立"),
        ("教育的核心, 培养创造力。", "教育的核心，培养创造力。"),
        ("投资4,000万元，增长3.5倍，上午10:30开始。", "投资4,000万元，增长3.5倍，上午10:30开始。"),
        ("网址是https://example.com/a?b=1,2。", "网址是https://example.com/a?b=1,2。"),
        ("自然语言处理(NLP)的研究。", "自然语言处理(NLP)的研究。"),
    ],
    ids=[
        "comma",
        "semicolon-bang",
        "question",
        "colon",
        "parens",
        "comma-space",
        "numbers-stay",
        "url-stays",
        "latin-parens-stay",
    ],
)
def test_half_width_punctuation_inside_chinese(before: str, after: str) -> None:
    doc = clean(before)
    assert doc.text == after
    check_contract(doc)


def test_english_paragraph_punctuation_stays() -> None:
    text = 'He said, "AI large language models are merely tests of concepts; the possibilities are far beyond." Really? Yes!'
    assert clean(text).text == text


def test_half_width_punctuation_change_is_one_for_one_and_logged() -> None:
    doc = clean("为切入点,指出当前技术")
    (change,) = [c for c in doc.changes if c.kind == "punctuation"]
    assert (change.before, change.after) == (",", "，")
    assert not any(atomic for *_, atomic in doc.offsets.segments)


def test_kangxi_radicals_become_ideographs() -> None:
    # U+2F08 KANGXI RADICAL MAN, U+2F42 KANGXI RADICAL SCRIPT, U+2E9F CJK RADICAL MOTHER
    doc = clean("中国\u2f08民的\u2f42化，\u2e9f親很好。")
    assert doc.text == "中国人民的文化，母親很好。"
    assert {c.kind for c in doc.changes} == {"radical"}
    assert "，" in doc.text  # full-width punctuation is not folded to ASCII


def test_letter_spaced_heading_is_closed_up() -> None:
    doc = clean("習 主 席 金 句\n\n促進香港同內地加強科技合作。")
    assert kinds(doc)[0] == ("heading", "習主席金句")
    assert any(c.kind == "letterspacing" for c in doc.changes)


def test_spaces_between_chinese_in_a_paragraph_go_but_mixed_text_keeps_them() -> None:
    doc = clean("全球最大AI開源社區Hugging Face公布榜單，中國 佔據了 九席。")
    assert doc.text == "全球最大AI開源社區Hugging Face公布榜單，中國佔據了九席。"


def test_whitespace_trimmed_and_indentation_dropped() -> None:
    doc = clean("\u3000\u3000香港高校眾多。   \n\n\n\n\u3000\u3000基礎科研實力雄厚。")
    assert doc.text == "香港高校眾多。\n\n基礎科研實力雄厚。"
    assert sum(c.kind == "whitespace" for c in doc.changes) >= 3


# --- Seeds --------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_contract_and_idempotence(path: Path) -> None:
    doc = clean(path.read_text(encoding="utf-8"))
    check_contract(doc)
    again = clean(doc.text)
    assert again.text == doc.text
    assert [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]
