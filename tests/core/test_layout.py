"""Interlinear layout: cell columns, widths, line-breaking rules, coverage of the text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.layout import CLOSING, OPENING, layout, layout_text, render_interlinear, text_width
from reader.core.pinyin import Annotated, Style

SAMPLE = (
    "特首考察杭州科創中心，將出席浙港合作首次會議。「十四五」成就與香港 DeepSeek AI\n\n東京（日本）很好！"
)


def _check(text, lines, width):
    # Every offset appears in exactly one line, in order.
    pos = 0
    for line in lines:
        assert line.start == pos
        for cell in line.cells:
            assert cell.start == pos and text[cell.start : cell.end] == cell.text
            pos = cell.end
        assert line.end == pos
        if line.width > width:
            # Only a single character wider than the whole line may overflow it.
            cells = [c for c in line.cells if c.width]
            assert len(cells) == 1 and len(cells[0].text) == 1, (width, line)
    assert pos == len(text)


def test_lines_cover_text_and_fit_width_with_and_without_pinyin():
    for style in (Style.MARKS, Style.NUMBERS, Style.ZHUYIN, None):
        for width in (8, 13, 20, 40, 80):
            lines = layout_text(SAMPLE, width, style=style)
            _check(SAMPLE, lines, width)
            assert all(line.width <= width for line in lines)


def test_pinyin_starts_at_the_column_of_its_word():
    lines = layout_text("東京很好", 80, style=Style.MARKS)
    cells = lines[0].cells
    assert [c.text for c in cells] == ["東京", "很", "好"]
    tokyo, hen, hao = cells
    assert tokyo.pinyin_text == "dōngjīng" and tokyo.col == tokyo.text_col == 0
    assert tokyo.width == 8  # the pinyin is wider than the four cells of 東京
    assert hen.col == 9  # a one-cell gap so the pinyin of adjacent words never touch
    assert hao.col == hen.col + max(text_width("很"), text_width("hěn")) + 1


def test_no_gap_between_han_words_without_pinyin():
    cells = layout_text("東京很好。", 80, style=None)[0].cells
    assert [(c.col, c.width) for c in cells] == [(0, 4), (4, 2), (6, 2), (8, 2)]


def test_rendered_rows_align_pinyin_over_text():
    out = render_interlinear(layout_text("東京很好", 80, style=Style.MARKS))
    top, bottom = out.split("\n")
    assert top == "dōngjīng hěn hǎo"
    assert bottom == "東京     很  好"


def test_newline_ends_a_line_and_blank_lines_are_kept():
    lines = layout_text("一\n\n二", 20, style=None)
    assert [("".join(c.text for c in ln.cells)) for ln in lines] == ["一\n", "\n", "二"]


def test_lines_never_start_with_closing_or_end_with_opening_punctuation():
    for style in (Style.MARKS, None):
        for width in range(12, 40):
            lines = layout_text(SAMPLE, width, style=style)
            for ln in lines:
                texts = [c.text for c in ln.cells if c.text not in ("\n",)]
                if not texts:
                    continue
                if ln is not lines[0]:
                    assert texts[0][0] not in CLOSING, (width, texts)
                assert texts[-1][-1] not in OPENING or ln is lines[-1], (width, texts)


def test_long_latin_word_is_broken_only_when_wider_than_the_line():
    text = "Supercalifragilistic 很好"
    lines = layout_text(text, 12, style=Style.MARKS)
    _check(text, lines, 12)
    assert lines[0].cells[0].text == "Supercalifra"
    lines = layout_text("ab Supercalifragilistic", 30, style=None)
    assert len(lines) == 1


_ALPHABET = [*list("中國的人們學習說話了東京，。、「」（）《》！…  \nabcXYZ12"), "DeepSeek", "乾隆", "後來"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join),
    st.integers(min_value=1, max_value=50),
    st.sampled_from([Style.MARKS, Style.ZHUYIN, None]),
)
def test_layout_properties(text, width, style):
    lines = layout_text(text, width, style=style)
    _check(text, lines, width)
    for ln in lines:
        last = -1
        for cell in ln.cells:
            assert cell.col >= last  # cells never overlap
            assert cell.text_col == cell.col
            if not cell.text.isspace():  # spaces at a break hang in what room is left
                assert cell.width >= max(text_width(cell.text), text_width(cell.pinyin_text))
            last = cell.col + cell.width
            if cell.pinyin_text:
                assert not [
                    o
                    for o in ln.cells
                    if o is not cell
                    and o.pinyin_text
                    and o.col < cell.col + cell.width + 1
                    and cell.col < o.col + o.width + 1
                ]


def test_columns_are_terminal_cells_for_wide_and_mixed_text():
    # 東京 and full-width letters/punctuation take two cells each; ASCII one.
    text = "東京ＡＢ，abc東京"
    cells = layout_text(text, 80, style=None)[0].cells
    assert (cells[0].text, cells[0].col, cells[0].width) == ("東京", 0, 4)
    assert cells[-1].text == "東京" and cells[-1].col == 4 + 4 + 2 + 3
    assert layout_text(text, 80, style=None)[0].width == 17
    # With pinyin the Latin run keeps its own width and gets no pinyin.
    for cell in layout_text(text, 80, style=Style.MARKS)[0].cells:
        if not any(cell.pinyin):
            assert cell.pinyin_text == ""


def test_zhuyin_syllables_are_spaced_and_columns_follow_them():
    cells = layout_text("東京", 80, style=Style.ZHUYIN)[0].cells
    assert cells[0].pinyin_text == "ㄉㄨㄥ ㄐㄧㄥ"
    assert cells[0].width == text_width("ㄉㄨㄥ ㄐㄧㄥ") == 13
    assert [col for col, _, _ in cells[0].syllables()] == [0, 7]


def test_syllable_columns_for_tone_colours():
    cell = layout_text("中國", 80, style=Style.MARKS)[0].cells[0]
    assert cell.syllables() == [(0, "zhōng", 1), (5, "guó", 2)]


def test_block_offsets_are_kept():
    # The UI lays out one block at a time with document offsets.
    tokens = [
        Annotated("東京", 100, 102, ("dōng", "jīng"), (1, 1)),
        Annotated("。", 102, 103, (None,), (None,)),
    ]
    lines = layout(tokens, 40, with_pinyin=True)
    assert (lines[0].start, lines[0].end) == (100, 103)


def test_laying_out_the_seeds_keeps_every_rule():
    from reader.core.paths import SEEDS_DIR
    from reader.core.pinyin import annotate

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
    tokens = annotate(text, Style.MARKS)
    lines = layout(tokens, 100, with_pinyin=True)
    _check(text, lines, 100)


def test_pinyin_of_a_word_that_starts_with_digits_or_letters_stands_over_its_characters():
    """10多年 and AI發展 can be one word each; the syllables must sit over 多年 / 發展, not over 10 / AI."""
    for word, reading in (("10多年", (None, None, "duō", "nián")), ("AI發展", (None, None, "fā", "zhǎn"))):
        tones = tuple(None if p is None else 1 for p in reading)
        tokens = [Annotated("因此", 0, 2, ("yīn", "cǐ"), (1, 3)), Annotated(word, 2, 6, reading, tones)]
        cells = [c for line in layout(tokens, 60, with_pinyin=True) for c in line.cells]
        han = next(c for c in cells if c.start <= 4 < c.end)  # the cell drawing the first Han character
        han_col = han.text_col + text_width(word[: 4 - 2][han.start - 2 :])
        assert han.syllables()[0][0] == han_col, (
            f"{word}: pinyin at {han.syllables()[0][0]}, text at {han_col}"
        )
        assert "".join(c.text for c in cells) == "因此" + word


def _lines_text(lines) -> list[str]:
    return ["".join(c.text for c in ln.cells) for ln in lines]


def test_a_number_stays_with_its_unit_or_measure_word():
    """Chinese typesetting never breaks 近3億元 as 近3 / 億元, nor 項目129項 as 項目129 / 項."""
    tokens = [
        Annotated(t, 0, 0, (None,) * len(t), (None,) * len(t)) for t in ("資助", "近", "3", "億元", "。")
    ]
    pos = 0
    placed = []
    for tok in tokens:
        placed.append(Annotated(tok.text, pos, pos + len(tok.text), tok.pinyin, tok.tones))
        pos += len(tok.text)
    lines = layout(placed, 7, with_pinyin=False)  # 資助近3 is 7 cells: 億元 goes to the next line
    assert _lines_text(lines) == ["資助近", "3億元。"]
    for width in (11, 12, 13, 14):
        text = "累計參與國家級項目129項，並有多"
        for line in _lines_text(layout_text(text, width, style=None))[:-1]:
            assert not line.endswith(("129", "9")), f"width {width}: {line!r} ends with the number"


def test_laid_out_seeds_never_part_a_number_from_its_unit():
    from reader.core.paths import SEEDS_DIR
    from reader.core.pinyin import annotate

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
    for style, width in ((None, 24), (None, 78), (Style.MARKS, 40)):
        tokens = annotate(text, style or Style.MARKS)
        lines = layout(tokens, width, with_pinyin=style is not None)
        broken = [
            (a.cells[-1].text, b.cells[0].text)
            for a, b in itertools.pairwise(lines)
            if a.cells
            and b.cells
            and a.cells[-1].text[-1:].isdigit()
            and "\u4e00" <= b.cells[0].text[:1] <= "\u9fff"
        ]
        assert not broken, f"{len(broken)} numbers parted from their units at width {width}: {broken[:5]}"


def test_joined_syllables_take_an_apostrophe_before_a_o_e():
    from reader.core.syllables import join

    assert join(["xī", "ān"]) == "xī'ān"
    assert join(["tiān", "ān", "mén"]) == "tiān'ānmén"
    assert join(["nǚ", "ér"]) == "nǚ'ér"
    assert join(["xi1", "an1"]) == "xi1an1", "a tone number already marks the boundary"
    assert join(["xī", "ān"], spaced=True) == "xī ān"
    assert join(["yī", "huì", "r"]) == "yīhuìr"


def test_each_syllable_is_drawn_where_the_pinyin_row_has_it_apostrophe_included():
    from reader.core.layout import layout
    from reader.core.pinyin import Annotated

    tok = Annotated("西安", 0, 2, ("xī", "ān"), (1, 1))
    cell = layout([tok], 40, with_pinyin=True)[0].cells[0]
    assert cell.pinyin_text == "xī'ān"
    assert [(col, s) for col, s, _ in cell.syllables()] == [(0, "xī"), (2, "'ān")]
