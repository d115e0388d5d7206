"""The reading view: rows, columns and offsets; sentences (search is in test_search.py)."""

from __future__ import annotations

import pytest

from reader.core.layout import wrap_plain
from reader.core.model import Block, BlockKind, Document
from reader.core.offsets import OffsetMap
from reader.core.pinyin import Style
from reader.core.segment import rough_tokens
from reader.core.sentences import next_sentence, prev_sentence, sentence_starts
from reader.core.view import TextView


def document(*blocks: tuple[BlockKind, str]) -> Document:
    parts, out, pos = [], [], 0
    for kind, text in blocks:
        out.append(Block(kind, pos, pos + len(text), text, 1 if kind is BlockKind.HEADING else 0))
        parts.append(text)
        pos += len(text) + 2
    text = "\n\n".join(parts)
    return Document(text, text, parts[0], out, [], OffsetMap.identity(len(text)))


TRAD = document(
    (BlockKind.HEADING, "香港的發展"),
    (BlockKind.PARAGRAPH, "中國的經濟發展很快。香港也在發展！我們一起學習中文，了解這個世界。" * 3),
    (BlockKind.CAPTION, "圖：大公報記者攝"),
    (BlockKind.TABLE, "城市\t人口\n香港\t七百萬\n深圳\t一千七百萬"),
)


def test_rough_tokens_keep_latin_words_whole():
    text = "用DeepSeek的AI模型"
    ends = rough_tokens(text)
    words = [text[a:b] for a, b in zip([0, *ends], ends)]
    assert "DeepSeek" in words and "AI" in words and "用" in words


def test_sentences_start_after_full_stops_and_line_breaks():
    text = "第一句。第二句！「第三句？」第四句\n第五句"
    starts = sentence_starts(text)
    assert [text[s] for s in starts] == ["第", "第", "「", "第", "第"]
    assert next_sentence(starts, 0) == starts[1]
    assert prev_sentence(starts, starts[2] + 1) == starts[2]
    assert prev_sentence(starts, starts[2]) == starts[1]


@pytest.mark.parametrize("script", ["original", "simplified", "taiwan"])
@pytest.mark.parametrize("width", [12, 30, 80])
def test_every_word_maps_to_a_row_and_back(script, width):
    view = TextView(TRAD, None, script=script, source_script="traditional", width=width)
    offset = 0
    seen = 0
    while True:
        y, col = view.row_of(offset)
        assert view.row(y).kind == "text"
        assert view.offset_at(y, col) == view.word_at(offset)[0], (
            f"round trip at {offset} ({script}, {width})"
        )
        nxt = view.next_word(offset, 1)
        if nxt == offset:
            break
        offset, seen = nxt, seen + 1
    assert seen > 20


def test_line_moves_keep_the_goal_column():
    view = TextView(TRAD, None, script="original", source_script="traditional", width=20)
    start = view.next_word(view.next_word(TRAD.blocks[1].start, 1), 1)
    y0, col0 = view.row_of(start)
    down, goal = view.move_line(start, 1)
    y1, col1 = view.row_of(down)
    assert y1 == y0 + 1 and goal == col0 and abs(col1 - col0) <= 2
    back, _ = view.move_line(down, -1, goal)
    assert back == start


def test_pinyin_rows_sit_above_their_words():
    view = TextView(TRAD, None, script="original", source_script="traditional", width=30, pinyin=Style.MARKS)
    kinds = [view.row(y).kind for y in range(view.height)]
    assert kinds[:2] == ["pinyin", "text"]
    for y in range(view.height):
        row = view.row(y)
        if row.kind == "pinyin":
            assert row.line is view.row(y + 1).line
            for cell in row.line.cells:
                assert cell.col == cell.text_col


def test_a_script_switch_keeps_offsets():
    simp = TextView(TRAD, None, script="simplified", source_script="traditional", width=30)
    orig = TextView(TRAD, None, script="original", source_script="traditional", width=30)
    offset = TRAD.text.index("發展很快")
    assert simp.view_text[simp.to_view(offset) : simp.to_view(offset) + 2] == "发展"
    assert simp.word_at(offset) == orig.word_at(offset)
    y, col = simp.row_of(offset)
    assert simp.offset_at(y, col) == simp.word_at(offset)[0]


def test_tables_line_up_their_columns():
    view = TextView(TRAD, None, script="original", source_script="traditional", width=40)
    table = len(TRAD.blocks) - 1
    top = view.block_top(table)
    rows = [view.row(top + i) for i in range(3)]
    assert all(r.columns for r in rows)
    second = [
        min(c.text_col for c in r.line.cells if c.start >= TRAD.text.index("\t", r.line.start)) for r in rows
    ]
    assert len(set(second)) == 1, "the second column starts at the same column on every row"


def test_estimated_heights_become_exact_when_laid_out():
    long = document(*[(BlockKind.PARAGRAPH, "这是一个很长的段落。" * 30) for _ in range(200)])
    view = TextView(long, None, script="original", source_script="simplified", width=40)
    estimated = view.height
    view.ensure(0, len(long.blocks) - 1)
    assert abs(view.height - estimated) / view.height < 0.2, "estimates are close"
    assert view.height == sum(len(view._laid[i].lines) for i in range(200)) + 199


def test_wrap_plain_covers_the_text():
    text = "一二三四五六七八九十\n\nabc"
    lines = wrap_plain(text, 8)
    assert lines[0] == (0, 4) and "".join(text[a:b] for a, b in lines) == text
