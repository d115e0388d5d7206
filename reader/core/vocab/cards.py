"""From the word store and the library to Anki cards in a file: what ``reader vocab export`` and the
app's export dialog both do.

The words chosen (:func:`~reader.core.vocab.anki.select`) get the sentence they
were met in (their own, else the first in their article), the title and tags of
that article, and are written as an ``.apkg`` package or Anki's text import.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from reader.core.vocab import anki
from reader.core.vocab.record import WordRecord

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.library import Article, Library
    from reader.core.vocab.store import VocabStore

__all__ = ["FORMATS", "cards_of", "choose_cards", "with_sentence", "write_cards"]

FORMATS = ("apkg", "tsv")


def with_sentence(
    record: WordRecord, library: Library, articles: dict[str, Article], chosen: str | None
) -> WordRecord:
    """``record`` with the sentence it was met in: its own, else the first in the article chosen or
    the article it was marked in (and that article, for the card's title)."""
    source = record.article if record.article in articles else chosen
    if record.sentence or source is None:
        return record
    from reader.core.convert import convert_text
    from reader.core.vocab.article import sentence_at

    text = library.document(source).text
    for form in (record.form, record.word, convert_text(record.word, "s2t")):
        at = text.find(form) if form else -1
        if at >= 0:
            sentence = sentence_at(text, at, at + len(form))
            return msgspec.structs.replace(record, sentence=sentence, article=source)
    return record


def choose_cards(
    library: Library,
    store: VocabStore,
    *,
    statuses: Iterable[str] = ("learning",),
    article_id: str | None = None,
    article_words: set[str] | None = None,
    tag: str | None = None,
    since: str | None = None,
    colour: bool = False,
) -> list[anki.Card]:
    """The cards of the words chosen (``article_words``: the Simplified words of ``article_id``)."""
    tags = {a.id: a.tags for a in library.articles()}
    records = anki.select(
        store.entries(),
        statuses=list(statuses),
        article=article_id,
        words=article_words,
        tag=tag,
        since=since,
        article_tags=tags,
    )
    return cards_of(records, library, store, chosen=article_id, colour=colour)


def cards_of(
    records: Iterable[WordRecord],
    library: Library,
    store: VocabStore,
    *,
    chosen: str | None = None,
    colour: bool = False,
) -> list[anki.Card]:
    """A card for each of ``records``, with its sentence (from ``chosen`` if it has none of its own)."""
    articles = {a.id: a for a in library.articles()}
    return anki.make_cards(
        [with_sentence(r, library, articles, chosen) for r in records],
        titles={a.id: a.title for a in articles.values()},
        article_tags={a.id: a.tags for a in articles.values()},
        standard=store.hsk_standard,
        colour=colour,
    )


def write_cards(cards: list[anki.Card], path: Path, fmt: str = "apkg", deck: str = "reader") -> None:
    """Write ``cards`` to ``path`` (atomic); ``OSError`` (or ``NotAFile``) when it cannot be written."""
    from reader.core.fileio import atomic_write_text, write_target

    target = write_target(path)
    if fmt == "tsv":
        atomic_write_text(target, anki.tsv_text(cards))
    else:
        anki.write_apkg(cards, target, deck=deck)
