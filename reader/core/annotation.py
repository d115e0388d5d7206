"""An annotation (a highlight with its colour, tags and note) and the shape of its stored document.

:class:`Annotation` is what the core hands everyone; making one cleans every
string in it (:mod:`reader.core.sanitize`), so nothing unclean is stored from
new input. :func:`check_document` checks a document read back from a file,
in C (msgspec), before the store indexes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Annotated, Any

import msgspec

from reader.core.records import Offset, check
from reader.core.sanitize import clean_line, clean_multiline
from reader.core.tags import normal_tags
from reader.core.timestamps import now

__all__ = [
    "COLORS",
    "COLOR_NAMES",
    "Annotation",
    "StoredAnnotation",
    "check_document",
    "from_doc",
    "new_id",
    "now",
    "text_order",
]

COLORS = range(1, 6)  # a highlight's colour is one of these; the themes say how each looks
COLOR_NAMES = {1: "yellow", 2: "green", 3: "blue", 4: "pink", 5: "purple"}


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Annotation:
    """A highlight: where it is (quote and position selectors), its colour, tags and note."""

    id: str
    article: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    color: int = 1
    tags: list[str] = field(default_factory=list)
    note: str = ""
    created: str = ""
    updated: str = ""
    orphan: bool = False  # its passage could not be found in the article's current text

    def __post_init__(self) -> None:
        """Every annotation made in the core passes here: the one place its text is made safe."""
        if self.color not in COLORS:
            raise ValueError(f"colour must be 1 to 5, not {self.color!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad position {self.start}-{self.end}")
        self.id = clean_line(self.id)
        if not self.id:
            raise ValueError("an annotation needs an id")
        self.article = clean_line(self.article)
        self.quote = clean_multiline(self.quote)
        self.prefix = clean_multiline(self.prefix)
        self.suffix = clean_multiline(self.suffix)
        self.note = clean_multiline(self.note)
        self.tags = normal_tags(self.tags)

    @classmethod
    def new(
        cls,
        *,
        article: str,
        quote: str,
        prefix: str = "",
        suffix: str = "",
        start: int = 0,
        end: int | None = None,
        color: int = 1,
        tags: Iterable[str] | None = None,
        note: str = "",
    ) -> Annotation:
        """A new annotation with a fresh id, created and updated now."""
        stamp = now()
        return cls(
            id=new_id(),
            article=article,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=start + len(quote) if end is None else end,
            color=color,
            tags=list(tags or []),
            note=note,
            created=stamp,
            updated=stamp,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        """An annotation from stored or imported fields; unknown keys are ignored, missing ones defaulted.

        Raises :class:`~reader.core.records.RecordError` (one line) for a field of the wrong type.
        """
        values = {k: v for k, v in data.items() if k in _FIELDS}
        values.setdefault("id", new_id())
        values.setdefault("article", "")
        values.setdefault("quote", "")
        stamp = now()
        values["created"] = values.get("created") or stamp
        values["updated"] = values.get("updated") or values["created"]
        return check(values, cls)


_ORDER = tuple(f.name for f in fields(Annotation))  # the keys of every document the store writes
_FIELDS = frozenset(_ORDER)


class StoredAnnotation(msgspec.Struct):
    """The shape of a stored document, checked once when it is read from a file (in C: 0.7 µs each)."""

    id: Annotated[str, msgspec.Meta(min_length=1)]
    article: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    start: Offset = 0
    end: Offset = 0
    color: Annotated[int, msgspec.Meta(ge=1, le=5)] = 1
    tags: list[str] = []
    note: str = ""
    created: str = ""
    updated: str = ""
    orphan: bool = False


def check_document(doc: Any) -> str | None:
    """Why a stored document cannot be an annotation, or None when it can."""
    try:
        rec = msgspec.convert(doc, StoredAnnotation)
    except (msgspec.ValidationError, RecursionError) as exc:
        return str(exc).replace("\n", " ")[:200]
    if rec.start > rec.end:
        return f"start {rec.start} is after end {rec.end}"
    return None


def from_doc(doc: dict[str, Any]) -> Annotation:
    """An annotation from a stored document: the documents the store wrote are already valid, so
    skip validation (ten times faster, which matters for ``all()`` at 100,000 annotations)."""
    if tuple(doc) != _ORDER:
        return Annotation.from_dict(doc)
    ann = Annotation.__new__(Annotation)
    ann.__dict__.update(doc)
    ann.tags = list(ann.tags)
    return ann


def text_order(ann: Annotation) -> tuple[bool, int, int, str]:
    """The sort key of an article's annotations: by place in the text; orphans (whose offsets are only
    where the passage used to be) after the rest."""
    return (ann.orphan, ann.start, ann.end, ann.id)
