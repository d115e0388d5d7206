"""Readings: polyphones in context, dictionary forms, display options, overrides, the preparing process."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.core import polyphone
from reader.core.overrides import FILE_NAME, parse
from reader.core.pinyin import PinyinOptions, Style, annotate, word_pinyin
from reader.core.readings import read
from reader.core.segment import PIECE, pieces
from reader.core.syllables import join


def _word_readings(text: str, style: Style = Style.MARKS, **options: bool) -> dict[str, str]:
    return {
        t.text: "".join(p for p in t.pinyin if p) for t in annotate(text, style, PinyinOptions(**options))
    }


def test_context_decides_a_polyphone_no_word_decides():
    got = _word_readings("时间长了就好了。他长大了。这条河全长三百公里。你还钱了吗？他还在。")
    assert got["长大"] == "zhǎngdà" and got["全长"] == "quáncháng"
    words = annotate("他还没还钱。", Style.NUMBERS)
    assert [t.pinyin for t in words if t.text == "还"] == [("hai2",), ("huan2",)]


def test_two_dictionaries_that_agree_are_trusted_over_the_model():
    # The model alone reads 了 in 了解 as le (and is sure of it).
    got = _word_readings("我很了解他。这件事一目了然。会计去开会了。这是目的地。")
    assert got["了解"] == "liǎojiě" and got["一目了然"] == "yīmùliǎorán"
    assert got["会计"] == "kuàijì" and got["目的地"] == "mùdìdì"


def test_a_word_no_dictionary_has_is_read_as_its_known_pieces():
    got = _word_readings("银行行长来了。的确如此。")
    assert "hángzhǎng" in got["银行行长"] and got.get("的确如此", got.get("的确", "")).startswith("díquè")


def test_neutral_tones_and_erhua_as_the_dictionary_gives_them():
    assert word_pinyin("屁股") == ("pì", "gu")
    assert word_pinyin("一会儿", Style.NUMBERS) == ("yi1", "hui4", "r5")
    assert _word_readings("一会儿")["一会儿"] == "yīhuìr"
    assert _word_readings("一会儿", erhua=False)["一会儿"] == "yīhuìer"
    # A 儿 the segmenter leaves on its own after a word is erhua too; 儿子 and 女儿 are not.
    assert read("一下儿").numbers[read("一下儿").codes[2]] == "r5"
    assert word_pinyin("女儿", Style.NUMBERS)[1] == "er2" and word_pinyin("儿子", Style.NUMBERS)[0] == "er2"


def test_yi_and_bu_are_stored_as_in_the_dictionary_and_shown_with_sandhi_on_request():
    text = "一个一批一起不是不对第一十一一九八四年"
    stored = [t.pinyin for t in annotate(text, Style.NUMBERS)]
    flat = [p for word in stored for p in word]
    assert all(p == "yi1" for ch, p in zip(text, flat) if ch == "一")
    assert all(p == "bu4" for ch, p in zip(text, flat) if ch == "不")
    spoken = [p for t in annotate(text, Style.MARKS, PinyinOptions(sandhi=True)) for p in t.pinyin]
    by_char = list(zip(text, spoken))
    assert by_char[0] == ("一", "yí")  # 一个: before tone 4
    assert by_char[2] == ("一", "yì")  # 一批: before tone 1
    assert by_char[4] == ("一", "yì")  # 一起: before tone 3
    assert by_char[6] == ("不", "bú")  # 不是
    assert by_char[8] == ("不", "bú")  # 不对
    assert [p for ch, p in by_char[10:15]] == ["dì", "yī", "shí", "yī", "yī"]  # 第一, 十一, 一九八四


def test_sandhi_looks_past_the_end_of_a_word():
    spoken = [
        p
        for t in annotate("我不来，不要。看一看。一个一个", Style.MARKS, PinyinOptions(sandhi=True))
        for p in t.pinyin
    ]
    assert spoken[1] == "bù" and spoken[4] == "bú"
    assert spoken[8] == "yi"  # 看一看
    assert spoken[11] == spoken[13] == "yí"  # 一个一个


def test_zhuyin_writes_the_neutral_dot_before_the_syllable():
    assert word_pinyin("我们", Style.ZHUYIN) == ("ㄨㄛˇ", "˙ㄇㄣ")
    assert word_pinyin("一会儿", Style.ZHUYIN)[2] == "ㄦ"


def test_syllables_written_together_or_apart():
    assert join(["xiāng", "gǎng"]) == "xiānggǎng"
    assert join(["xiāng", "gǎng"], spaced=True) == "xiāng gǎng"
    assert join(["yī", "huì", "r"], spaced=True) == "yī huìr"
    assert join(["ㄒㄧㄤ", "ㄍㄤˇ"]) == "ㄒㄧㄤ ㄍㄤˇ"


def test_overrides_win_wherever_the_word_occurs_in_either_script():
    overrides = parse(f"# {FILE_NAME}\n银行 yin2 xing2\n長安 cháng'ān\nbad line\n行 x\n")
    assert overrides.words == {"银行": ("yin2", "xing2"), "长安": ("chang2", "an1")}
    assert len(overrides.problems) == 2 and "line 4" in overrides.problems[0]
    got = {t.text: t.pinyin for t in annotate("我在銀行工作，去长安。", Style.NUMBERS, overrides=overrides)}
    assert got["銀行"] == ("yin2", "xing2")
    assert [p for t in annotate("长安", Style.NUMBERS, overrides=overrides) for p in t.pinyin] == [
        "chang2",
        "an1",
    ]


def test_the_model_reads_every_position_it_is_asked_about_even_far_apart():
    sentence = "了" * 1000 + "长大"
    answers = polyphone.predict([(sentence, [0, 500, 999, 1000])])
    assert len(answers[0]) == 4 and all(label for label, _ in answers[0])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(["长大", "银行", "了解", "一会儿", "，", "。", "\n", "不是", "得", "AI", " "]),
        max_size=40,
    ).map("".join)
)
def test_reading_in_chunks_gives_what_reading_whole_gives(text):
    import reader.core.segment as seg

    whole = read(text)
    old = seg.PIECE
    seg.PIECE = 7
    try:
        by_piece = read(text)
        cuts = [b for _, b in pieces(text)]
    finally:
        seg.PIECE = old
    assume(all(b == len(text) or text[b - 1] in "\n。" for b in cuts))  # no sentence end: a hard cut
    assert [whole.numbers[c] for c in whole.codes] == [by_piece.numbers[c] for c in by_piece.codes]
    assert list(whole.ends) == list(by_piece.ends)
    assert len(whole.codes) == len(text) and (not text or whole.ends[-1] == len(text))


def test_pieces_cover_a_long_single_line():
    text = "我们是学生。" * (PIECE // 3)
    chunks = pieces(text)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(chunks))
    assert all(text[b - 1] == "。" for _, b in chunks)


def test_readings_agree_with_cc_cedict_on_its_multi_character_words():
    """On a sample of CC-CEDICT's words (the benchmark reports all of them: 97.2%)."""
    from reader.bench.polyphones import cedict_words

    words = cedict_words()
    sample = random.Random(20240501).sample(sorted(words), 5000)
    readings = read("\n".join(sample))
    agree, pos = 0, 0
    for word in sample:
        got = tuple(readings.numbers[c] for c in readings.codes[pos : pos + len(word)])
        agree += got in words[word]
        pos += len(word) + 1
    assert agree / len(sample) >= 0.96


def test_traditional_text_reads_as_its_simplified_form():
    assert word_pinyin("銀行") == word_pinyin("银行") == ("yín", "háng")
    trad = [t.pinyin for t in annotate("我們在銀行工作，頭髮很長。", Style.NUMBERS)]
    simp = [t.pinyin for t in annotate("我们在银行工作，头发很长。", Style.NUMBERS)]
    assert trad == simp


@pytest.mark.parametrize("style", list(Style))
def test_every_character_has_one_entry(style):
    text = "2025年，DeepSeek發布了V3模型。一會兒\n"
    for t in annotate(text, style):
        assert len(t.pinyin) == len(t.text) == len(t.tones)


def test_particles_are_read_by_their_neighbours():
    got = {
        (t.start, t.text): "".join(p for p in t.pinyin if p)
        for t in annotate("他跑得很快。你得去。他慢慢地走。这块地很大。我做不了。路很长。", Style.MARKS)
    }
    by_text = {}
    for (_, text), reading in sorted(got.items()):
        by_text.setdefault(text, []).append(reading)
    assert by_text["得"] == ["de", "děi"]
    assert by_text["地"] == ["de", "dì"]
    assert by_text["做不了"] == ["zuòbùliǎo"]
    assert any(r.endswith("cháng") for t, rs in by_text.items() if "长" in t for r in rs)


def test_folding_never_takes_a_characters_own_readings_away():
    # 閤 folds to 合 (hé); read as itself it is gé.
    assert [p for t in annotate("內閣和閤下", Style.NUMBERS) for p in t.pinyin][-2] == "ge2"


def test_a_particle_never_follows_a_word_across_a_sentence_end():
    """长大。得不是: 得 opens a sentence, so 长大 before the 。 cannot make it the complement de."""
    readings = read("长大长大。得不是")
    assert readings.numbers[readings.codes[5]] != "de5"


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("她下周把电脑▁还▁给公司。", "huan2"),
        ("你什么时候▁还▁他？", "huan2"),
        ("爸爸帮我▁还▁了房贷。", "huan2"),
        ("他▁还▁在睡觉。", "hai2"),
        ("他▁还▁了解这件事。", "hai2"),
        ("他▁还▁上了大学。", "hai2"),
        ("他已经把钱▁还▁上了。", "huan2"),
        ("我还▁得▁去一趟银行。", "dei3"),
        ("小王坐▁着▁看电视。", "zhe5"),
        ("他今天穿▁着▁一双新鞋。", "zhe5"),
        ("她的穿▁着▁很时髦。", "zhuo2"),
        ("这张桌子太▁重▁了。", "zhong4"),
        ("这门课有点▁难▁。", "nan2"),
        ("你看他写▁得▁对不对？", "de5"),
        ("她家门口▁种▁着两棵树。", "zhong4"),
        ("这三▁只▁小猫很可爱。", "zhi1"),
        ("这▁只▁是开始。", "zhi3"),
        ("明年再▁调▁高一点。", "tiao2"),
        ("孩子们都▁长▁高了。", "zhang3"),
        ("我们▁都▁喜欢吃饺子。", "dou1"),
        ("老李▁教▁我们游泳。", "jiao1"),
        ("屋里有几▁处▁漏水。", "chu4"),
        ("我们还▁差▁三个人。", "cha4"),
        ("他在车上睡了一▁觉▁。", "jiao4"),
        ("大家也▁为▁你高兴。", "wei4"),
        ("奶奶在厨房▁和▁面。", "huo2"),
    ],
)
def test_everyday_grammar_decides_verbs_adjectives_particles_and_measure_words(marked, expected):
    """Aspect 着, potential and modal 得, verbs before 了/着/得, adjectives after degree adverbs,
    measure words after numerals, 还 huán before what is returned, two words a dictionary word."""
    i = marked.index("\u2581")
    text = marked.replace("\u2581", "")
    readings = read(text)
    assert readings.numbers[readings.codes[i]] == expected


def test_everyday_tuning_set_stays_above_its_floor():
    from pathlib import Path

    from reader.bench.polyphones import _reader, load_tsv

    data, _ = load_tsv(Path(__file__).parents[1] / "data" / "polyphones" / "everyday_tuning.tsv")
    got = _reader(data)
    assert sum(g == label for g, (_, _, label) in zip(got, data)) / len(data) >= 0.92
