"""CC-CEDICT lookups: both scripts, several entries, tone marks, fallback, rendering, glosses."""

from __future__ import annotations

import pytest

from reader.core.cedict_markup import render, target
from reader.core.dictionary import describe, gloss, is_exact, lookup, numbers_to_marks, pinyin_word, script_of


def test_lookup_by_simplified_and_traditional():
    for word in ("中国", "中國"):
        entries = lookup(word)
        assert entries and entries[0].traditional == "中國" and entries[0].simplified == "中国"
        assert entries[0].pinyin == "Zhong1 guo2"
        assert entries[0].pinyin_marks == "Zhōng guó"
        assert "China" in entries[0].senses


def test_a_headword_with_several_readings_keeps_all_entries():
    readings = {e.pinyin for e in lookup("行")}
    assert {"hang2", "xing2"} <= readings


def test_senses_are_split_on_slashes_only():
    # "to finish; to achieve"-style senses stay whole; no empty senses.
    for e in lookup("了"):
        assert all(s.strip() for s in e.senses)


@pytest.mark.parametrize(
    "numbers,marks",
    [
        ("zhong1 guo2", "zhōng guó"),
        ("nu:3 er2", "nǚ ér"),
        ("lu:4", "lǜ"),
        ("hao3", "hǎo"),
        ("gou3", "gǒu"),
        ("gui4", "guì"),
        ("liu2", "liú"),
        ("men5", "men"),
        ("Xi1 an1", "Xī ān"),
        ("r5", "r"),
        ("xue2 sheng5", "xué sheng"),
    ],
)
def test_numbers_to_marks(numbers, marks):
    assert numbers_to_marks(numbers) == marks


@pytest.mark.parametrize(
    "numbers,word",
    [
        ("zhuai3 wen2", "zhuǎiwén"),
        ("Xi1 an1", "Xī'ān"),
        ("nu:3 er2", "nǚ'ér"),
        ("yi1 hui4 r5", "yīhuìr"),
        ("Zhu1 ge3 Liang4", "Zhūgě Liàng"),
        ("Xiang1 gang3 Zhong1 wen2 Da4 xue2", "Xiānggǎng Zhōngwén Dàxué"),
        ("A A zhi4", "AA zhì"),
        ("ka3 la1 O K", "kǎlā OK"),
        ("Shi3 di4 fu1 · Qiao2 bu4 si1", "Shǐdìfū·Qiáobùsī"),
        # A proverb: the file does not say where its words end, so its syllables stay apart.
        ("zhang4 er4 he2 shang5 , mo1 bu5 zhao2 tou2 nao3", "zhàng èr hé shang, mō bu zháo tóu nǎo"),
    ],
)
def test_pinyin_of_a_word_is_written_as_one_word(numbers, word):
    assert pinyin_word(numbers) == word


def test_unknown_compound_falls_back_to_longest_prefix_pieces():
    entries = lookup("人工智能学院")
    assert not is_exact("人工智能学院", entries)
    assert [e.simplified for e in entries][:1] == ["人工智能"]
    assert any(e.simplified == "学院" for e in entries)


@pytest.mark.parametrize("word", ["DeepSeek", "AI", "The", "B", "brown", "2024", "GPT-4", "ＡＩ", "x"])
def test_no_entry_for_latin_or_digits(word):
    """Single letters and Latin words match CC-CEDICT headwords (A, B, The...) that are not Chinese."""
    assert lookup(word) == []
    assert gloss(word) is None


def test_words_that_really_mix_chinese_and_latin_are_found():
    assert gloss("T恤") == "T-shirt"
    assert gloss("Ｔ恤") == "T-shirt"  # full-width letters are looked up as ASCII
    assert "Dutch" in (gloss("AA制") or "")
    assert "karaoke" in (gloss("卡拉OK") or "")
    assert gloss("AI芯片") == gloss("芯片")  # the Latin run of a mixed word is skipped


def test_a_mixed_headword_never_matches_part_of_a_longer_latin_run():
    """The T of XYZT恤 belongs to XYZT: T恤 is not in that word."""
    assert all(e.simplified != "T恤" for e in lookup("XYZT恤"))
    assert any(e.simplified == "T恤" for e in lookup("白T恤"))


@pytest.mark.parametrize(
    "sense,traditional,simplified",
    [
        ("see 轉文|转文[zhuai3 wen2]", "see 轉文 zhuǎiwén", "see 转文 zhuǎiwén"),
        ("CL:個|个[ge4],隻|只[zhi1]", "measure word: 個 gè, 隻 zhī", "measure word: 个 gè, 只 zhī"),
        ("world (CL:個|个[ge4])", "world (measure word: 個 gè)", "world (measure word: 个 gè)"),
        ("variant of 歟|欤[yu2]", "variant of 歟 yú", "variant of 欤 yú"),
        ("old variant of 於|于[yu2]", "old variant of 於 yú", "old variant of 于 yú"),
        (
            "erhua variant of 一會|一会[yi1 hui4]",
            "erhua variant of 一會 yīhuì",
            "erhua variant of 一会 yīhuì",
        ),
        ("surname Wu", "surname Wu", "surname Wu"),
        ("Taiwan pr. [yi4]", "Taiwan pr. yì", "Taiwan pr. yì"),
        (
            "abbr. for 上海交通大學|上海交通大学 Shanghai Jiao Tong University",
            "abbr. for 上海交通大學 Shanghai Jiao Tong University",
            "abbr. for 上海交通大学 Shanghai Jiao Tong University",
        ),
        ("variant of 卡拉OK[ka3 la1 O K]", "variant of 卡拉OK kǎlā OK", "variant of 卡拉OK kǎlā OK"),
        (
            "erhua variant of 胡同|胡同|[hu2 tong4]",
            "erhua variant of 胡同 hútòng",
            "erhua variant of 胡同 hútòng",
        ),
        # Brackets that are not tone-numbered pinyin stay as they are.
        (
            "(from Taiwanese, Tai-lo pr. [ku-moo])",
            "(from Taiwanese, Tai-lo pr. [ku-moo])",
            "(from Taiwanese, Tai-lo pr. [ku-moo])",
        ),
    ],
)
def test_markup_is_rendered_for_people_in_the_script_shown(sense, traditional, simplified):
    assert render(sense, traditional=True) == traditional
    assert render(sense, traditional=False) == simplified


def test_pointers_are_recognised_but_not_other_mentions():
    assert target("see 轉文|转文[zhuai3 wen2]").traditional == "轉文"
    assert target("(Tw) see 轉文|转文[zhuai3 wen2]").simplified == "转文"
    assert target("Japanese variant of 團|团[tuan2]").pinyin == "tuan2"
    assert target("same as 曬|晒[shai4]") is not None
    assert target("see also 四諦|四谛[si4 di4]") is None  # a related word, not the same one
    assert target("used in 自個兒|自个儿[zi4 ge3 r5]") is None
    assert target("to see") is None


def test_entry_view_follows_a_variant_one_level():
    [entry] = [e for e in lookup("胡同兒") if e.pinyin == "hu2 tong4 r5"]
    view = describe(entry, "traditional")
    assert view.headword == "胡同兒" and view.other_form == "胡同儿" and view.pinyin == "hútòngr"
    [sense] = view.senses
    assert sense.text == "erhua variant of 胡同 hútòng"
    assert [f.headword for f in sense.followed] == ["胡同"] and "alley" in sense.followed[0].senses


def test_entry_view_is_written_in_the_script_shown():
    """轉 read zhuǎi is "see 轉文|转文[zhuai3 wen2]": shown in the reader's script, and followed."""
    [entry] = [e for e in lookup("轉") if e.pinyin == "zhuai3"]
    for script, form in (
        ("taiwan", "轉文"),
        ("hongkong", "轉文"),
        ("traditional", "轉文"),
        ("simplified", "转文"),
    ):
        view = describe(entry, script)
        assert view.senses[0].text == f"see {form} zhuǎiwén"
        assert [f.headword for f in view.senses[0].followed] == [form]
    # Without a script, the word's own decides.
    assert describe(entry, None, "轉").senses[0].text == "see 轉文 zhuǎiwén"
    assert describe(entry, "original", "转").senses[0].text == "see 转文 zhuǎiwén"
    assert gloss("轉", "zhuai3", script="traditional").startswith("(= 轉文) ")


def test_script_of_a_word():
    assert script_of("學院") == "traditional"
    assert script_of("学院") == "simplified"
    assert script_of("的") is None


def test_gloss_is_short_and_prefers_common_sense():
    assert gloss("中国") == "China"
    assert gloss("李", pos="") == "plum"  # without a tag, the common word before the surname
    assert gloss("李") == "surname Li"  # jieba's dictionary: 李 standing alone is a name (nr)
    for word in ("的", "行", "人工智能学院", "打"):
        g = gloss(word)
        assert g and len(g) <= 60


def test_reading_picks_the_entry_of_the_reading_shown():
    assert lookup("行", "xíng")[0].pinyin == "xing2"
    assert lookup("行", "hang2")[0].pinyin == "hang2"
    assert gloss("行", "xing2") == "to walk"
    assert gloss("了", "liǎo") == "to finish"
    assert gloss("與", "yǔ") == "and"
    # A reading with no entry leaves the order alone.
    assert lookup("行", "zzz1") == lookup("行")


def test_pieces_of_a_word_without_an_entry_follow_their_own_reading():
    assert [e.pinyin for e in lookup("很行", "hen3 hang2")][:2] == ["hen3", "hang2"]
    assert [e.pinyin for e in lookup("很行", "hen3 xing2")][:2] == ["hen3", "xing2"]
    assert (gloss("很行", "hen3 hang2") or "").endswith(" + row")


def test_reading_that_differs_only_in_a_neutral_tone_still_picks_its_entry():
    assert lookup("知识", "zhi1 shi2")[0].pinyin == "zhi1 shi5"  # the file writes zhī shi
    assert gloss("知识", "zhi1 shi2", pos="n") == "knowledge"


def test_a_pointer_is_glossed_by_what_it_points_to():
    assert gloss("从") == "from"  # 从 is also an entry of its own: "variant of 從"
    assert gloss("與", "yu2", script="traditional").startswith("(= 歟) ")
    assert gloss("与", "yu2", script="simplified").startswith("(= 欤) ")


def test_the_sense_of_a_function_word_is_its_function():
    """CC-CEDICT lists 被 "quilt" and 若 "to seem" first; in running text they are the passive and "if"."""
    assert "passive" in (gloss("被") or "")
    assert "passive" in (gloss("被", "bei4", pos="p") or "")
    assert gloss("被", pos="n") == "quilt"
    assert gloss("若") == "if"  # jieba's dictionary tags 若 as a conjunction
    assert gloss("若", pos="c") == "if"
    assert gloss("的") == "of; ~'s (possessive particle)"
    assert gloss("對", pos="p") == "towards; at; for"
    assert gloss("于", pos="p") == "(of time or place) in; at; on"


def test_register_marked_senses_give_way_to_plain_ones():
    assert gloss("中", "zhong1") == "within; among; in"  # not "(dialect) OK"
    assert not (gloss("也") or "").startswith("(literary)")


def test_gloss_keeps_its_old_signature():
    assert gloss("中國", None) == "China"
    assert gloss("中國", "zhong1 guo2") == "China"
