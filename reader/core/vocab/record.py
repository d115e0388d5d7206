"""A word's status and the shape of its stored document.

Statuses are Lute's: new (never marked: no document), learning in four stages,
known, and ignored (names, numbers, foreign words: left out of every count).
:func:`check_word` checks a document read back from a file, in C (msgspec),
before the store trusts it; :func:`check_correction` does the same for an
entry of the user's segmentation dictionary.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from reader.core.records import error_text, salvage_objects
from reader.core.storage import Tables

__all__ = [
    "IGNORED",
    "KNOWN",
    "LEARNING",
    "NEW",
    "STATUSES",
    "Correction",
    "Mark",
    "Status",
    "WordRecord",
    "check_correction",
    "check_word",
    "doc_id",
    "parse_status",
    "salvage",
]

SCHEMA = 1
WORDS, CORRECTIONS, META = "words", "corrections", "meta"  # the store's tables
META_KEY = "1"

NEW, LEARNING, KNOWN, IGNORED = "new", "learning", "known", "ignored"
STATUSES = (NEW, LEARNING, KNOWN, IGNORED)
STAGES = range(1, 5)


@dataclass(frozen=True, slots=True)
class Status:
    """A status; ``stage`` is 1 to 4 for a learning word (as Lute's statuses 1-4) and 0 otherwise."""

    name: str = NEW
    stage: int = 0

    def __post_init__(self) -> None:
        if self.name not in STATUSES:
            raise ValueError(f"unknown status {self.name!r}; choose one of: {', '.join(STATUSES)}")
        if (self.name == LEARNING) != (self.stage in STAGES):
            raise ValueError("a learning word has a stage of 1 to 4, and no other word has one")

    @property
    def label(self) -> str:
        """``learning 2``, ``known``: how the status is shown."""
        return f"{self.name} {self.stage}" if self.stage else self.name


def parse_status(text: str) -> Status:
    """``known``, ``learning`` (stage 1), ``learning3`` or ``3``, ``ignored``, ``new``."""
    value = text.strip().lower().replace(" ", "").replace("-", "")
    if value.isdigit() and int(value) in STAGES:
        return Status(LEARNING, int(value))
    if value.startswith(LEARNING):
        rest = value[len(LEARNING) :]
        if not rest:
            return Status(LEARNING, 1)
        if rest.isdigit() and int(rest) in STAGES:
            return Status(LEARNING, int(rest))
    elif value in (NEW, KNOWN, IGNORED):
        return Status(value)
    raise ValueError(
        f"unknown status {text!r}; choose one of: new, learning (or learning1 to learning4), known, ignored"
    )


Text = Annotated[str, msgspec.Meta(max_length=10_000)]


class WordRecord(msgspec.Struct, kw_only=True):
    """A stored word. ``word`` is the Simplified form; ``reading`` is set only for an entry that holds
    for one reading of a word read several ways. ``form`` and ``shown`` are the word and reading as
    the user saw them; ``article`` and ``sentence`` where (the sentence kept, so cards can be made
    after the article is gone). Times are ISO 8601 UTC (:mod:`reader.core.timestamps`); ``seen`` is
    when the word was last marked."""

    word: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    reading: Annotated[str, msgspec.Meta(max_length=200)] = ""
    status: Literal["new", "learning", "known", "ignored"]
    stage: Annotated[int, msgspec.Meta(ge=0, le=4)] = 0
    form: Annotated[str, msgspec.Meta(max_length=200)] = ""
    shown: Annotated[str, msgspec.Meta(max_length=400)] = ""
    article: Annotated[str, msgspec.Meta(max_length=200)] = ""
    sentence: Text = ""
    tags: list[Annotated[str, msgspec.Meta(max_length=200)]] = []
    added: str = ""
    changed: str = ""
    seen: str = ""

    @property
    def status_value(self) -> Status:
        return Status(self.status, self.stage)


class Correction(msgspec.Struct, kw_only=True):
    """A join (``parts`` empty: always keep ``word`` whole) or a split (``word`` cut into ``parts``)."""

    word: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
    parts: list[Annotated[str, msgspec.Meta(min_length=1, max_length=200)]] = []
    added: str = ""

    @property
    def kind(self) -> str:
        return "split" if self.parts else "join"


def _check(doc: object, model: type) -> str | None:
    try:
        rec: object = msgspec.convert(doc, model)
    except (msgspec.ValidationError, RecursionError) as exc:
        return error_text(exc)
    if isinstance(rec, WordRecord):
        try:
            _ = rec.status_value  # making the status checks it
        except ValueError as exc:
            return str(exc)
    elif isinstance(rec, Correction) and rec.parts and "".join(rec.parts) != rec.word:
        return f"the parts of {rec.word!r} do not spell it"
    return None


def check_word(doc: object) -> str | None:
    """Why a stored document cannot be a word, or None when it can."""
    return _check(doc, WordRecord)


def check_correction(doc: object) -> str | None:
    """Why a stored document cannot be a segmentation correction, or None when it can."""
    return _check(doc, Correction)


@dataclass(frozen=True, slots=True)
class Mark:
    """A word to mark, as the user met it: its form and reading as shown, and where."""

    word: str
    reading: str | None = None
    article: str = ""
    sentence: str = ""


def doc_id(kind: str, key: str) -> str:
    """A document key: a 48-bit number hashed from the entry's key, the same in every process."""
    digest = hashlib.blake2b(f"{kind}:{key}".encode("utf-8", "surrogatepass"), digest_size=6).digest()
    return str(int.from_bytes(digest, "big"))


def salvage(text: str) -> Tables:
    """The words and corrections still readable from a damaged file (each checked when indexed)."""
    words = [d for d in salvage_objects(text, key="status") if isinstance(d.get("word"), str)]
    fixes = [d for d in salvage_objects(text, key="parts") if isinstance(d.get("word"), str)]
    tables: Tables = {}
    if words:
        tables[WORDS] = {doc_id("w", f"{d['word']}|{d.get('reading', '')}"): d for d in words}
    if fixes:
        tables[CORRECTIONS] = {doc_id("c", d["word"]): d for d in fixes}
    return tables
