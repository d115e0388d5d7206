"""Cards for Anki: an ``.apkg`` package (genanki, MIT) or a text file with Anki's import headers.

One note per word entry. Its fields: the word in the script it was met in
and in the other script, pinyin with tone marks (optionally coloured by tone,
Pleco's colours), the CC-CEDICT gloss, the sentence it was met in with the
word in bold, the article's title and the HSK level; its tags are the status,
the level and the article's and word's tags. The note's id (guid) is derived
from the entry's key (Simplified word and reading), so exporting again updates
the notes already in Anki instead of adding copies; the note type and deck
ids are fixed numbers for the same reason.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.vocab.keys import simplified
from reader.core.vocab.levels import DEFAULT_STANDARD, hsk_level, level_label
from reader.core.vocab.record import WordRecord

__all__ = ["FIELDS", "Card", "guid", "make_cards", "select", "tsv_text", "write_apkg"]

FIELDS = ("Key", "Word", "Other", "Pinyin", "Meaning", "Sentence", "Article", "HSK")
MODEL_ID = 1_607_392_319  # fixed: a second export must reuse the note type, not add another
DECK_ID = 2_059_400_110
TONE_COLOURS = {1: "#e30000", 2: "#02b31c", 3: "#1510f0", 4: "#8900bf", 5: "#777777"}  # Pleco's
CSS = (
    ".card { font-family: sans-serif; font-size: 22px; text-align: center; }\n"
    ".word { font-size: 48px; }\n.other { color: #888; }\n"
    + "".join(f".tone{t} {{ color: {c}; }}\n" for t, c in TONE_COLOURS.items())
)
FRONT = '<div class="word">{{Word}}</div>'
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="other">{{Other}}</div><div>{{Pinyin}}</div>'
    '<div>{{Meaning}}</div><p>{{Sentence}}</p><div class="other">{{Article}} · HSK {{HSK}}</div>'
)


@dataclass(frozen=True)
class Card:
    """A note's fields (HTML) and tags."""

    key: str
    word: str
    other: str
    pinyin: str
    meaning: str
    sentence: str
    article: str
    hsk: str
    tags: tuple[str, ...] = field(default=())

    @property
    def fields(self) -> list[str]:
        return [
            self.key,
            self.word,
            self.other,
            self.pinyin,
            self.meaning,
            self.sentence,
            self.article,
            self.hsk,
        ]


def guid(key: str) -> str:
    """The note id of an entry: the same for the same key in every export."""
    import genanki

    return str(genanki.guid_for("reader-word", key))


def _tone(syllable: str) -> int:
    for ch in unicodedata.normalize("NFD", syllable):
        tone = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}.get(ch)
        if tone:
            return tone
    return 5


def coloured(pinyin: str) -> str:
    """Tone-marked syllables (space separated) as HTML spans with a class per tone."""
    return " ".join(f'<span class="tone{_tone(s)}">{html.escape(s)}</span>' for s in pinyin.split())


def bold(sentence: str, forms: Iterable[str]) -> str:
    """``sentence`` as HTML with each occurrence of the word (in any of ``forms``) in bold."""
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    if not forms:
        return html.escape(sentence)
    pattern = re.compile("|".join(map(re.escape, forms)))
    parts, pos = [], 0
    for m in pattern.finditer(sentence):
        parts += [html.escape(sentence[pos : m.start()]), f"<b>{html.escape(m.group())}</b>"]
        pos = m.end()
    return "".join(parts) + html.escape(sentence[pos:])


def _reading(record: WordRecord) -> str:
    """The pinyin the user saw, else the dictionary's (in the entry's reading if it has one)."""
    if record.shown:
        return record.shown
    from reader.core.dictionary import lookup
    from reader.core.vocab.keys import reading_key

    entries = [e for e in lookup(record.word) if record.word in (e.simplified, e.traditional)]
    if record.reading:
        entries = [e for e in entries if reading_key(e.pinyin_marks) == record.reading] or entries
    return entries[0].pinyin_marks if entries else ""


def make_card(
    record: WordRecord,
    *,
    titles: Mapping[str, str],
    article_tags: Mapping[str, list[str]],
    standard: str = DEFAULT_STANDARD,
    colour: bool = False,
) -> Card:
    from reader.core.convert import convert_text
    from reader.core.dictionary import gloss

    form = record.form or record.word
    other = simplified(form) if simplified(form) != form else convert_text(form, "s2t")
    pinyin = _reading(record)
    level = hsk_level(record.word, standard)
    tags = [
        record.status if not record.stage else f"learning{record.stage}",
        f"HSK{level_label(level)}" if level else "HSK-none",
        *article_tags.get(record.article, []),
        *record.tags,
    ]
    return Card(
        key=html.escape(f"{record.word} {record.reading}".strip()),
        word=html.escape(form),
        other=html.escape(other if other != form else ""),
        pinyin=coloured(pinyin) if colour else html.escape(pinyin),
        meaning=html.escape(gloss(form, pinyin or None, script="original") or ""),
        sentence=bold(record.sentence, {form, record.word, other}),
        article=html.escape(titles.get(record.article, "")),
        hsk=level_label(level) if level else "",
        tags=tuple(dict.fromkeys(t.replace(" ", "_") for t in tags if t)),
    )


def make_cards(records: Iterable[WordRecord], **options: object) -> list[Card]:
    """A card per entry (see :func:`make_card` for the options)."""
    return [make_card(r, **options) for r in records]  # type: ignore[arg-type]


def select(
    records: Iterable[WordRecord],
    *,
    statuses: Iterable[str] | None = None,
    article: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    article_tags: Mapping[str, list[str]] | None = None,
    words: set[str] | None = None,
) -> list[WordRecord]:
    """The entries to export: with one of ``statuses``, marked in ``article`` or (when given) one of
    ``words`` (the Simplified words of an article), tagged ``tag`` (the word or its article), changed on
    or after ``since`` (an ISO date or time)."""
    wanted = set(statuses) if statuses else None
    tags = article_tags or {}
    out = []
    for r in records:
        if wanted is not None and r.status not in wanted:
            continue
        if words is not None and r.word not in words and r.article != article:
            continue
        if words is None and article is not None and r.article != article:
            continue
        if tag is not None and tag not in r.tags and tag not in tags.get(r.article, []):
            continue
        if since is not None and (r.changed or r.added) < since:
            continue
        out.append(r)
    return out


def write_apkg(cards: Iterable[Card], path: Path, deck: str = "reader") -> int:
    """Write an Anki package of ``cards`` to ``path``; returns how many notes it holds."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        "reader word",
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Recognition", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        sort_field_index=1,
    )
    package_deck = genanki.Deck(DECK_ID, deck)
    count = 0
    for card in cards:
        package_deck.add_note(
            genanki.Note(
                model=model, fields=card.fields, tags=list(card.tags), guid=guid(html.unescape(card.key))
            )
        )
        count += 1
    import tempfile

    from reader.core.fileio import atomic_write_bytes

    with tempfile.TemporaryDirectory(prefix="reader-apkg-") as folder:  # genanki writes in place: not atomic
        built = Path(folder) / "cards.apkg"
        genanki.Package(package_deck).write_to_file(str(built))
        atomic_write_bytes(path, built.read_bytes())
    return count


def _cell(value: str) -> str:
    return value.replace("\t", " ").replace("\r", "").replace("\n", "<br>")


def tsv_text(cards: Iterable[Card]) -> str:
    """Anki's text import: UTF-8, tab separated, HTML fields, a guid column and a tags column."""
    columns = ["GUID", *FIELDS, "Tags"]
    lines = [
        "#separator:tab",
        "#html:true",
        "#notetype:reader word",
        "#columns:" + "\t".join(columns),
        "#guid column:1",
        f"#tags column:{len(columns)}",
    ]
    for card in cards:
        cells = [guid(html.unescape(card.key)), *card.fields, " ".join(card.tags)]
        lines.append("\t".join(_cell(c) for c in cells))
    return "\n".join(lines) + "\n"
