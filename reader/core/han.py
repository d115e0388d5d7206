"""What a Chinese (Han) character is: the one definition the whole reader uses.

Pinyin, segmentation, script detection, the dictionary's headwords, word
levels and the cleaner all ask the same question, so they share this answer.

Han characters are the CJK unified ideographs (the main block and extension
A), the compatibility ideographs, 〇 (the ideographic zero, read líng), and
everything in the Supplementary and Tertiary Ideographic Planes
(U+20000-U+3FFFD). Unicode keeps those two planes for ideographs, so the
extensions it adds there are Han without a change here.

Not Han: the radicals (⺀-⿕, which the cleaner maps to the ideographs they
stand for), kana, punctuation, and the marks written among ideographs that
are not read on their own (:data:`IDEOGRAPHIC_MARKS`).
"""

from __future__ import annotations

import re

__all__ = ["HAN", "HAN_CLASS", "HAN_RANGES", "IDEOGRAPHIC_MARKS", "has_han", "is_han"]

HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # the unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3FFFD),  # the Supplementary and Tertiary Ideographic Planes
)


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# The body of a regular-expression class (``f"[{HAN_CLASS}]"``), for patterns that combine it.
HAN_CLASS = _class(HAN_RANGES)
HAN = re.compile(f"[{HAN_CLASS}]")

# Written among ideographs but not read on their own: 々 repeats the character before it, 〆,
# and the Hangzhou numerals 〡-〩. OpenCC converts them and CC-CEDICT headwords hold them.
IDEOGRAPHIC_MARKS = "\u3005\u3006\u3021-\u3029"


def is_han(ch: str) -> bool:
    """Whether ``ch`` (one character) is a Chinese character."""
    return HAN.match(ch) is not None


def has_han(text: str) -> bool:
    """Whether ``text`` holds at least one Chinese character."""
    return HAN.search(text) is not None
