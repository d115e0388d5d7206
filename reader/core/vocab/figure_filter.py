"""Filtering a library by its difficulty figures: ``known>80``, ``new<50``, ``hsk<=4`` in the filter box.

The conditions are taken out of what was typed; the rest filters titles and
tags as before. ``known`` is the known share in percent, ``new`` the distinct
new words, ``hsk`` the article's HSK level (an article beyond the 7-9 band
counts as 10). An article without figures yet matches no condition.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.vocab.difficulty import Difficulty

__all__ = ["Condition", "split_query"]

_CONDITION = re.compile(r"(?<!\w)(known|new|hsk)\s*(<=|>=|<|>|=)\s*(\d+)%?(?!\w)", re.IGNORECASE)
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
}
BEYOND = 10  # the level of an article beyond the 7-9 band


@dataclass(frozen=True)
class Condition:
    """One condition on an article's figures."""

    figure: str  # known | new | hsk
    op: str
    value: int

    def holds(self, figures: Difficulty | None) -> bool:
        if figures is None or not figures.running:
            return False
        if self.figure == "known":
            value: float = round(figures.known_share * 100)
        elif self.figure == "new":
            value = figures.distinct_new
        else:
            value = figures.hsk_level or BEYOND
        return _OPS[self.op](value, self.value)


def split_query(query: str) -> tuple[str, list[Condition]]:
    """The conditions typed in ``query`` and the text left for the title filter."""
    conditions = [Condition(m[1].lower(), m[2], int(m[3])) for m in _CONDITION.finditer(query)]
    return " ".join(_CONDITION.sub(" ", query).split()), conditions
