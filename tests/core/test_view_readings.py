"""The pinyin shown is always that of the text displayed: every seed, every converted script."""

from __future__ import annotations

from functools import cache

import pytest

from reader.core.clean import clean
from reader.core.convert import SCRIPTS, detect_script, to_script
from reader.core.paths import SEEDS_DIR
from reader.core.pinyin import Style
from reader.core.readings import read
from reader.core.syllables import PinyinOptions, Readings
from reader.core.view import TextView

SEEDS = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
CONVERTED = [s for s in SCRIPTS if s != "original"]


@cache
def _seed(name: str) -> tuple:
    document = clean((SEEDS_DIR / name).read_text(encoding="utf-8"))
    return document, detect_script(document.text), read(document.text)


@cache
def _view_readings(text: str) -> Readings:
    return read(text)


def _shown(view: TextView) -> list[tuple[int, int, tuple]]:
    """Every displayed word as laid out: its view-text range and its pinyin."""
    return [(tok.start, tok.end, tok.pinyin) for block in view.blocks for tok in view._tokens(block)]


@pytest.mark.parametrize("script", CONVERTED)
@pytest.mark.parametrize("seed", SEEDS)
def test_each_displayed_word_has_the_pinyin_of_the_displayed_text(seed, script):
    document, source, readings = _seed(seed)
    view_text = to_script(document.text, script, source).text
    own = _view_readings(view_text)
    view = TextView(
        document,
        None,
        script=script,
        source_script=source,
        width=60,
        pinyin=Style.NUMBERS,
        readings=readings,
        view_readings=own,
    )
    for start, end, pinyin in _shown(view):
        assert pinyin == own.at(start, end, "numbers")[0], view_text[start:end]


@pytest.mark.parametrize("script", CONVERTED)
@pytest.mark.parametrize("seed", SEEDS)
def test_before_its_own_readings_a_converted_view_never_shows_another_words_reading(seed, script):
    document, source, readings = _seed(seed)
    view = TextView(
        document, None, script=script, source_script=source, width=60, pinyin=Style.NUMBERS, readings=readings
    )
    shown = 0
    for start, end, pinyin in _shown(view):
        a, b = view.to_text(start), view.to_text(end)
        if view.view_text[start:end] != document.text[a:b]:
            assert not any(pinyin), view.view_text[start:end]  # a changed word waits for its own readings
        else:
            assert pinyin == readings.at(a, b, "numbers")[0]
            shown += any(pinyin)
    assert view.same_text or shown or not readings.text


def _taiwan_view(text: str, with_own: bool = True) -> TextView:
    from reader.core.model import Block, BlockKind, Document
    from reader.core.offsets import OffsetMap

    document = Document(
        text, text, text, [Block(BlockKind.PARAGRAPH, 0, len(text), text)], [], OffsetMap.identity(len(text))
    )
    view_text = to_script(text, "taiwan", "simplified").text
    return TextView(
        document,
        None,
        script="taiwan",
        source_script="simplified",
        width=80,
        pinyin=Style.MARKS,
        readings=read(text),
        view_readings=read(view_text) if with_own else None,
    )


def test_a_word_changed_by_the_conversion_is_read_as_displayed():
    text = "人工智能学院的程序在网络上运行。"
    view = _taiwan_view(text)
    assert "人工智慧" in view.view_text and "程式" in view.view_text and "網路" in view.view_text
    shown = {view.view_text[a:b]: "".join(p for p in py if p) for a, b, py in _shown(view)}
    joined = " ".join(shown.values())
    assert "zhìhuì" in joined and "zhìnéng" not in joined
    at = view.view_text.index("程式")
    assert view.pinyin_of(view.to_text(at), view.to_text(at + 2), Style.MARKS) == "chéngshì"
    at = view.view_text.index("網路")
    assert view.pinyin_of(view.to_text(at), view.to_text(at + 2), Style.MARKS) == "wǎnglù"


def test_without_its_own_readings_a_changed_word_shows_no_pinyin():
    text = "人工智能学院成立。"
    view = _taiwan_view(text, with_own=False)
    at = view.view_text.index("人工智慧")
    assert view.pinyin_of(view.to_text(at), view.to_text(at + 4), Style.MARKS) == ""
    at = view.view_text.index("學院")
    assert (
        view.pinyin_of(view.to_text(at), view.to_text(at + 2), Style.MARKS) == ""
    )  # 学院 → 學院 changed too


def test_readings_of_another_text_are_never_used():
    text = "人工智能学院成立。"
    view = _taiwan_view(text, with_own=False)
    other = TextView(
        view.document,
        None,
        script="taiwan",
        source_script="simplified",
        width=80,
        pinyin=Style.MARKS,
        readings=read(text),
        view_readings=read("完全不同的文字内容。"),
    )
    assert other.view_readings is None and view.view_readings is None


def test_presentation_applies_to_the_view():
    text = "我们一起去，不是一会儿。"
    document = _taiwan_view(text).document
    view = TextView(
        document,
        None,
        script="original",
        source_script="simplified",
        width=80,
        pinyin=Style.MARKS,
        readings=read(text),
        presentation=PinyinOptions(spaced=True, sandhi=True, erhua=True),
    )
    at = text.index("不是")
    assert view.pinyin_of(at, at + 2, Style.MARKS) == "bú shì"
    at = text.index("一会儿")
    assert view.pinyin_of(at, at + 3, Style.MARKS) == "yí huìr"
