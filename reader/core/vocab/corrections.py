"""The user's own segmentation dictionary, applied to a Python jieba tokenizer.

jieba sometimes cuts a word a learner reads as one (``大湾|区``,
``计量经济学|家``) or keeps whole what a learner reads as two. The user's joins
and splits live in the word store (:meth:`VocabStore.corrections`), in
Simplified script, the script the segmenter works in
(:func:`reader.core.segment.segment` cuts Traditional text through its
Simplified form).

The reader's own segmenter (rjieba, in the preparing process) gets them from
the file the store keeps beside itself (:data:`reader.core.segment.CORRECTIONS_FILE`):
:func:`reader.core.segment.cut` joins and splits its words with them, and their
digest is part of the key of every prepared article, so a new correction
prepares articles again. :func:`apply_corrections` teaches the same
corrections to a Python ``jieba.Tokenizer``, for tools that cut with jieba.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.core.vocab.record import Correction

__all__ = ["apply_corrections"]


def apply_corrections(tokenizer: Any, corrections: Iterable[Correction]) -> int:
    """Teach ``tokenizer`` (a ``jieba.Tokenizer``) every join and split; returns how many were applied.

    A join adds the word and raises its frequency until jieba keeps it whole
    (``suggest_freq(word, tune=True)``). A split removes the whole word from
    the dictionary (``del_word``), adds any part jieba does not know, and
    tunes the parts' frequencies so that jieba prefers them
    (``suggest_freq(parts, tune=True)``). Splits are applied after joins, so a
    word both joined inside a longer one and split wins as split.
    """
    fixes = sorted(corrections, key=lambda c: bool(c.parts))
    for fix in fixes:
        if not fix.parts:
            tokenizer.add_word(fix.word)
            tokenizer.suggest_freq(fix.word, tune=True)
            continue
        for part in fix.parts:
            if not tokenizer.FREQ.get(part):
                tokenizer.add_word(part)
        tokenizer.del_word(fix.word)
        tokenizer.suggest_freq(tuple(fix.parts), tune=True)
    return len(fixes)
