"""Messages between the app and its screens: the screens ask, the app decides what opens.

No screen imports the app; a screen that wants an article opened posts
:class:`OpenArticle`, which bubbles up to the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.core.library import Article


@dataclass
class Warmed(Message):
    """A slow part finished loading in the background: ``dictionary``."""

    part: str


@dataclass
class OpenArticle(Message):
    """Open ``article`` in the reader; with ``passage``, that range selected (the reader it replaces, if
    one is open, goes)."""

    article: Article
    passage: tuple[int, int] | None = None


@dataclass
class LibraryListed(Message):
    """The library screen shows the articles for the first time: slower work may start now."""
