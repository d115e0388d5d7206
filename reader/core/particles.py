"""Readings of one-character words from their neighbours: the grammar the model misses.

The context model learned its readings from encyclopedia sentences, where 地
is nearly always dì and 得 dé; in the everyday sentences of news and
magazines the same characters are mostly particles (慢慢地 de, 跑得很快 de,
你得去 děi), and verbs and adjectives are used as such (还钱 huán, 太重
zhòng, 穿着 chuānzhe). Where a one-character word is decided by its
neighbours, that decides. Each rule is a pattern of grammar, not a list of
sentences:

* 得 after a word and before a degree adverb (较 too), a negation, a
  question of degree (开得怎么样), a comparison or a
  complement of result or direction is the complement particle de (跑得很快,
  说得不对, 写得清楚, 说得对, 看得见, 做得出来, 跑得比我快); after a subject
  (and its adverb: 你也得去, 我还得走) and before a verb it is the modal děi
  (你得去);
* 地 after an adverb-like word (a reduplication 慢慢, or a word ending in 然,
  地, 心, 力, 性 …) and before a verb is the adverbial particle de
  (预见性地警告);
* 了 after a verb and 不 (受不了, 做不了) is the potential complement liǎo;
* 着 right after a one-character verb and before its object is the aspect
  particle zhe (穿着一件衣服, 拿着书), not the zhuó of the noun 穿着;
* a polyphone after a degree adverb (很, 太, 真, 有点, 这么 …; not 好 before
  干, 好干 is easy to do) or before a degree (一点, 一些, 多了, 得多) is an
  adjective and takes its adjective reading (太重 zhòng, 很长 cháng, 太难
  nán, 太差 chà, 真累 lèi, 太干 gān, 长一点 cháng, 差多了 chà);
* a polyphone followed by an aspect particle (了, 着, 过), the complement
  particle 得, a negative potential (少不了, 数不清) or the complement of
  place 在, and not after a numeral or
  demonstrative (这种 is a measure word), is a verb and takes its verb
  reading (种了 zhòng, 数着 shǔ, 中了 zhòng, 还了 huán, 教过 jiāo, 少了 shǎo,
  处得来 chǔ, 藏在 cáng); but 还得 is hái děi, 还在 hái zài;
* 还 is the verb huán (return) before a personal pronoun, a complement of
  direction or result (还给, 还回来, 还清), the end of a clause or 的, after
  把 in its clause (把钱还上), and before money, a loan or a debt as its
  object; 教 before a personal pronoun
  is the verb jiāo (教我们);
* a polyphone after a numeral or a demonstrative is a measure word and takes
  its measure reading (两只猫 zhī, 这只狗 zhī, 一处 chù, 三种 zhǒng, 一扇门
  shàn), unless an adverb's verb follows 只 (这只是, 这只会);
* 调 before a complement of degree (调小, 调高) is tiáo, to adjust;
* 数 before what is counted or how (数一数, 数到十, 数钱) is shǔ, to count;
* 长 before its result (长高, 长胖, 长出) or a degree (长这么高) is zhǎng, to
  grow;
* 相 taken by 照 (照张相) is xiàng, a photograph;
* 行 after a numeral other than 一 (两行, 几行) is the measure word háng;
* 差 before a number (差两个人) is chà, short of;
* 觉 after 一, 个, 好 or 午 is jiào, a sleep (睡一觉, 好觉);
* 都 on its own before a word is the adverb dōu (the capital dū is bound
  in words: 首都, 都市);
* 为 between an adverb or subject and a personal pronoun or a demonstrative
  is the preposition wèi, for (都为他高兴, 他为这件事忙).
"""

from __future__ import annotations

__all__ = ["CHARACTERS", "reading"]

_DEGREE = frozenset("很太更最挺真好多非特十极越")
_AFTER_DE = frozenset("很太更最挺真好多非特十极越不没这那么清快慢比较怎如")
# Complements of result or direction a 得 between a verb and them makes potential (看得见, 说得对).
_COMPLEMENTS = frozenset("见懂对错完动出起清住着有")
_SUBJECTS = frozenset("你我他她它们咱谁")
_PRONOUNS = ("你", "我", "他", "她", "它", "您", "咱", "大家", "别人", "人家")
_ADVERBIAL_ENDS = frozenset("然地心力意真快慢静断渐默悄轻深狠性")
_NUMERALS = frozenset("一二两三四五六七八九十百千几每这那哪某0123456789")
# The measure-word reading of a polyphone (what a numeral or demonstrative before it selects).
_MEASURE = {"只": "zhi1", "处": "chu4", "种": "zhong3", "扇": "shan4"}
# Degree adverbs that make the next word an adjective; 多 and 十 are left out (多重 chóng, 十重).
_DEGREE_WORDS = frozenset(("有点", "有些", "这么", "那么", "多么", "比较", "非常", "特别", "十分", "相当"))
_DEGREE_CHARS = frozenset("很太更最挺真好极")  # not 越: 越长越高 is zhǎng
# The adjective reading of a polyphone (what a degree adverb before it selects).
_ADJECTIVE = {
    "重": "zhong4",
    "长": "chang2",
    "难": "nan2",
    "差": "cha4",
    "累": "lei4",
    "薄": "bao2",
    "干": "gan1",
}
# Degree adverbs that also take a verb: 好干 is easy to do (gàn).
_NOT_ADJECTIVE_AFTER = {"干": "好"}
# The verb reading of a polyphone whose verb has one reading (what an aspect particle after it selects).
_VERB = {
    "种": "zhong4",
    "数": "shu3",
    "中": "zhong4",
    "还": "huan2",
    "教": "jiao1",
    "盛": "cheng2",
    "少": "shao3",
    "处": "chu3",
    "藏": "cang2",
}
_ASPECT = frozenset("了着过")
_AFTER_ZHI = frozenset("是有能要会好需得不够剩在为怕顾管")
# What follows the 着 of 着急, 着凉, 睡着了 (zháo) and of 着陆, 着想, 着手, 着重, 着装 (zhuó).
_ZHAO_ZHUO = frozenset("了急凉火迷陆想手重装")
# What a returned thing is: 还 before it is the verb (还钱, 还贷款, 还书).
_RETURNED = frozenset("钱债款贷账书")

CHARACTERS = frozenset("得地了长着调为行都差觉相").union(_ADJECTIVE, _VERB, _MEASURE)


def reading(text: str, start: int, end: int, prev_word: str, next_word: str) -> str | None:
    """The reading of the one-character word ``text[start:end]`` its neighbours decide, or None."""
    ch = text[start]
    # A particle follows a word of its own clause: punctuation before it is no word to follow.
    if not any(c.isalnum() for c in prev_word):
        prev_word = ""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    degree = prev_word and (prev_word in _DEGREE_WORDS or prev_word[-1] in _DEGREE_CHARS)
    if ch in _ADJECTIVE and degree and before not in _NOT_ADJECTIVE_AFTER.get(ch, ""):
        return _ADJECTIVE[ch]
    # A comparison's degree after it (差多了, 重得多) makes it an adjective too.
    if ch in _ADJECTIVE and text[end : end + 2] in ("多了", "得多"):
        return _ADJECTIVE[ch]
    # A measure word (这种, 三种) is no verb, whatever follows it.
    verb = prev_word and before not in _NUMERALS
    # The particle is a word of its own (还了, not 还了解); 在 opens a place (藏在家里).
    # V不C, the negative potential (少不了, 数不清, 处不来), is a verb too; 还不 is hái bù.
    potential = after == "不" and text[end + 1 : end + 2] in tuple("了得完动清出起来") and ch != "还"
    particle = next_word in _ASPECT or next_word == "得" or (after == "在" and ch not in "还中") or potential
    if ch in _VERB and verb and particle and not (ch == "还" and next_word == "得"):
        return _VERB[ch]
    if ch in _ADJECTIVE and next_word in ("一点", "一些", "一点儿"):
        return _ADJECTIVE[ch]
    # 这只是, 这只会: the adverb 只 and its verb, not a measure word.
    if ch in _MEASURE and before in _NUMERALS and (ch != "只" or next_word[:1] not in _AFTER_ZHI):
        return _MEASURE[ch]
    if ch == "得":
        if after in _AFTER_DE and prev_word and prev_word[-1] not in _SUBJECTS:
            return "de5"
        if after in _COMPLEMENTS and prev_word and prev_word[-1] not in _SUBJECTS:
            return "de5"
        subject = before in _SUBJECTS or (before in "还也就又总" and text[start - 2 : start - 1] in _SUBJECTS)
        if subject and after and after not in "了到出以知" and next_word[:1] not in _AFTER_DE:
            return "dei3"
    elif ch == "地":
        if (
            len(prev_word) >= 2
            and (prev_word[-1] == prev_word[-2] or prev_word[-1] in _ADVERBIAL_ENDS)
            and after
            and after not in "区方点上下里面图理球位"
        ):
            return "de5"
    elif ch == "了":
        if before == "不" and len(prev_word) == 2:
            return "liao3"
    elif ch == "长":
        if before in _DEGREE:
            return "chang2"
        # To grow, with its result: 长高, 长胖, 长出, 长满.
        if after and after in "高胖出满" and prev_word:
            return "zhang3"
        # Grown to a degree (长这么高, 长那么大): the adjective comes after the degree.
        if next_word in ("这么", "那么") and prev_word:
            return "zhang3"
    elif ch == "相":
        # What 照 takes (照张相, 照个相) is a photograph, xiàng.
        if before == "照" or (before in "个张了" and text[start - 2 : start - 1] == "照"):
            return "xiang4"
    elif ch == "着":
        # The object of 穿着 starts with a numeral, a demonstrative or a Han word.
        # The noun 穿着 follows 的 and is followed by its predicate (的穿着很朴素) or 打扮.
        noun = text[start - 2 : start - 1] == "的" or after in _DEGREE_CHARS or next_word == "打扮"
        if len(prev_word) == 1 and _is_han(after) and after not in _ZHAO_ZHUO and not noun:
            return "zhe5"
    elif ch == "还":
        if next_word.startswith(_PRONOUNS) or next_word in ("给", "回", "回来", "回去", "清", "完"):
            return "huan2"
        # The verb of a 把 clause (把钱还上): the adverb 还 comes before 把 (他还把书带走了).
        if "把" in _clause_before(text, start):
            return "huan2"
        if prev_word and (not after or after in "的。，！？；,.!?;"):
            return "huan2"
        if after in _RETURNED or next_word in ("贷款", "房贷", "欠款"):
            return "huan2"
    elif ch == "教":
        if next_word.startswith(_PRONOUNS):
            return "jiao1"
    elif ch == "数":
        # To count: counted one by one (数一数, 数一遍), up to (数到十), or money counted (数钱).
        if after and after in "一到钱" and prev_word:
            return "shu3"
    elif ch == "行":
        # A measure word of lines after a numeral (两行, 几行); 一行 is also a party travelling together.
        if before and before in "二两三四五六七八九十几" and after not in "人":
            return "hang2"
    elif ch == "调":
        if after and after in "大小高低亮暗快慢":
            return "tiao2"
    elif ch == "都":
        # On its own, before what it sums up, 都 is the adverb dōu; the capital dū is bound (首都, 都市).
        if prev_word and _is_han(after) and len(next_word) < 4:
            return "dou1"
    elif ch == "差":
        # Short of a number (差两个人, 差五分钟) is chà.
        if after and after in "一二两三四五六七八九十几":
            return "cha4"
    elif ch == "觉":
        # Sleep, counted or qualified (睡一觉, 一个好觉, 午觉), is jiào.
        if before and before in "一个好午":
            return "jiao4"
    elif ch == "为" and next_word.startswith((*_PRONOUNS, "这", "那")) and _adverb_or_subject(prev_word):
        return "wei4"
    return None


def _clause_before(text: str, start: int) -> str:
    """The text of the clause before ``start``."""
    begin = max((text.rfind(p, 0, start) for p in "，。！？；,.!?;\n"), default=-1)
    return text[begin + 1 : start]


def _adverb_or_subject(word: str) -> bool:
    return bool(word) and (word[-1] in "都也还又就正只再已" or word in _PRONOUNS)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
