"""Messages the app sends to its screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class Warmed(Message):
    """A slow part finished loading in the background: ``words``, ``pinyin`` or ``dictionary``."""

    part: str
