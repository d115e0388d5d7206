"""Opening an article off the UI thread: its cleaned text, then its first screen's readings, then all.

The reader screen shows the text as soon as it is cleaned (from the disk
cache, usually); readings come from the preparing process
(:mod:`reader.core.prepare`), first for the lines around the reading position,
then for the whole article; a converted view's own readings when it needs
them. Each step arrives as a message to the screen, which may have gone back
meanwhile (a message to a closed screen is dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.screen import Screen

from reader.core.library import Article, LibraryError
from reader.core.prepare import Prepared, read_around, read_isolated
from reader.core.syllables import Readings
from reader.ui.context import Context


@dataclass
class Opened(Message, bubble=False):
    """The article's cleaned text (with its readings, when the cache had them)."""

    prepared: Prepared


@dataclass
class ReadingsArrived(Message, bubble=False):
    """Readings of the article: of its first screen (``prepared.readings.complete`` is False), or all."""

    prepared: Prepared


@dataclass
class ViewReadings(Message, bubble=False):
    """The readings of a converted view's own text (人工智慧 read zhìhuì)."""

    script: str
    readings: Readings


@dataclass
class OpenFailed(Message, bubble=False):
    """The article could not be opened: a one-line reason."""

    reason: str


class ArticleLoader:
    """Prepares one article for a screen, in the screen's workers."""

    def __init__(self, screen: Screen[Any], context: Context, article: Article) -> None:
        self.screen = screen
        self.context = context
        self.article = article

    def start(self) -> None:
        self.screen.run_worker(self._load, thread=True, exclusive=True, group="open", name="open article")

    def _load(self) -> None:
        library, post = self.context.library, self.screen.post_message
        try:
            prepared = library.prepared(self.article.id, segment=False)
        except LibraryError as exc:
            post(OpenFailed(str(exc)))
            return
        except Exception as exc:  # a bug in the pipeline: say so, keep the app, log the traceback
            self.screen.log.error(exc)
            post(OpenFailed(f"could not open the article: {type(exc).__name__}: {exc}"))
            return
        post(Opened(prepared))
        if prepared.readings is None:
            try:
                readings = read_around(prepared.text, self.article.position, self.context.locations)
            except Exception as exc:
                self._cannot_segment(exc)
                return
            post(ReadingsArrived(Prepared(prepared.document, prepared.script, readings)))
        self._segment()

    def _segment(self) -> None:
        """The whole article's words and readings (from the preparing process), as a message."""
        try:
            segmented = self.context.library.prepared(self.article.id, segment=True, isolate=True)
        except Exception as exc:
            self._cannot_segment(exc)
            return
        if segmented.readings is not None:
            self.screen.post_message(ReadingsArrived(segmented))

    def _cannot_segment(self, exc: Exception) -> None:
        self.screen.log.error(exc)
        self.screen.app.call_from_thread(
            self.screen.notify, f"could not split the text into words: {exc}", severity="error"
        )

    def reread(self) -> None:
        """Segment and read the article again (the user's segmentation corrections changed)."""

        def read() -> None:
            self.context.library.forget_prepared()
            self._segment()

        self.screen.run_worker(read, thread=True, exclusive=True, group="open", name="read again")

    def read_view(self, script: str, text: str) -> None:
        """Read a converted view's own text (the original's readings apply where it is unchanged)."""

        def read() -> None:
            try:
                readings = read_isolated(text, self.context.locations)
            except Exception as exc:
                self.screen.log.error(exc)
                return
            self.screen.post_message(ViewReadings(script, readings))

        self.screen.run_worker(read, thread=True, group="view-readings", name="read view")
