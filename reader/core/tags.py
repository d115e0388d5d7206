"""What a tag is: the one normal form every tag is stored in, and how tags compare.

A tag is one line of text without surrounding spaces; a leading ``#`` is how
people write a tag, not part of it (``#经济`` and ``经济`` are one tag). Two
tags that differ only in case are the same tag: a list keeps the first
spelling it was given. Tags typed on one line are separated by spaces,
commas (either width), ideographic commas or semicolons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.sanitize import clean_line

__all__ = ["TAG_SEPARATORS", "normal_tag", "normal_tags", "split_tags", "tag_key"]

TAG_SEPARATORS = " ,，、;；"
_SEPARATED = re.compile(f"[\\s{TAG_SEPARATORS}]+")


def normal_tag(tag: str) -> str:
    """``tag`` in its stored form ("" when nothing of it is left)."""
    return clean_line(str(tag)).strip().lstrip("#").strip()


def tag_key(tag: str) -> str:
    """What two tags are compared by: the same key, the same tag."""
    return normal_tag(tag).casefold()


def normal_tags(tags: Iterable[str]) -> list[str]:
    """Each tag in its stored form, empty ones dropped, each once (ignoring case), in the order given."""
    out: dict[str, str] = {}
    for raw in tags:
        tag = normal_tag(raw)
        if tag:
            out.setdefault(tag.casefold(), tag)
    return list(out.values())


def split_tags(line: str) -> list[str]:
    """The tags typed on one line."""
    return normal_tags(_SEPARATED.split(line))
