"""Readings of one-character function words from their neighbours: the grammar the model misses.

The context model learned its readings from encyclopedia sentences, where 地
is nearly always dì and 得 dé; in the everyday sentences of news and
magazines the same characters are mostly particles (慢慢地 de, 跑得很快 de,
你得去 děi). Where a one-character word is a particle by its neighbours,
that decides. Each rule is a pattern of grammar, not a list of sentences:

* 得 after a word and before a degree adverb, a negation or a complement is
  the complement particle de (跑得很快, 说得不对, 写得清楚); after a subject
  and before a verb it is the modal děi (你得去);
* 地 after an adverb-like word (a reduplication 慢慢, or a word ending in 然,
  地, 心, 力 …) and before a verb is the adverbial particle de;
* 了 after a verb and 不 (受不了, 做不了) is the potential complement liǎo;
* 长 after a degree adverb (很长, 太长, 多长, 最长) is the adjective cháng.
"""

from __future__ import annotations

__all__ = ["reading"]

_DEGREE = frozenset("很太更最挺真好多非特十极越")
_AFTER_DE = frozenset("很太更最挺真好多非特十极越不没这那么清快慢")
_SUBJECTS = frozenset("你我他她它们咱谁")
_ADVERBIAL_ENDS = frozenset("然地心力意真快慢静断渐默悄轻深狠")


def reading(text: str, start: int, end: int, prev_word: str, next_word: str) -> str | None:
    """The reading of the one-character word ``text[start:end]`` its neighbours decide, or None."""
    ch = text[start]
    # A particle follows a word of its own clause: punctuation before it is no word to follow.
    if not any(c.isalnum() for c in prev_word):
        prev_word = ""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if ch == "得":
        if after in _AFTER_DE and prev_word and prev_word[-1] not in _SUBJECTS:
            return "de5"
        if before in _SUBJECTS and after and after not in "了到出以知" and next_word[:1] not in _AFTER_DE:
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
    elif ch == "长" and before in _DEGREE:
        return "chang2"
    return None
