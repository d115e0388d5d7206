"""Reading W3C Web Annotation JSON (our exports, and other tools' within reason), checked whole.

The shapes below are what an import accepts: an ``AnnotationCollection`` whose
``first`` page holds ``items``, a single ``Annotation``, or a list of them.
Each annotation needs a target with one ``TextQuoteSelector`` (the passage);
a ``TextPositionSelector`` is optional, other selectors are ignored. Bodies
are ``TextualBody`` values: a ``commenting`` note, ``tagging`` tags and a
``highlighting`` colour ``color-1`` to ``color-5``.

Nothing is returned unless every item passes: a file that would import half
of itself is refused with one line naming the item and the reason. Every
string is cleaned on the way in (:mod:`reader.core.sanitize`), and an id that
is not a plain token (another tool's URL, or anything that could break a line
of Markdown) is replaced by a stable one derived from it, so importing the same
file twice updates rather than duplicates.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any

import msgspec

from reader.core.records import Offset, RecordError, decode_json, error_text
from reader.core.sanitize import clean_line, visible_line

# The ids of articles and highlights in an export, and what an import takes off them.
ARTICLE_URN = "urn:reader:article:"
ANNOTATION_URN = "urn:reader:annotation:"

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_COLOR = re.compile(r"color-([1-5])")
_ITEM_PATH = re.compile(r"^(?:\$\.first\.items|\$)\[(\d+)\]")

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]


class Selector(msgspec.Struct):
    """Any selector; the two the reader uses are checked further in :func:`_fields`."""

    type: str
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    start: Offset | None = None
    end: Offset | None = None


class Target(msgspec.Struct):
    source: NonEmpty
    selector: list[Selector] | Selector


class Body(msgspec.Struct):
    value: str
    type: str = "TextualBody"
    purpose: str | None = None
    format: str | None = None


class WebAnnotation(msgspec.Struct, tag="Annotation", tag_field="type"):
    target: Target
    id: str | None = None
    body: list[Body] | Body = []
    created: str = ""
    modified: str = ""


class Page(msgspec.Struct):
    items: list[WebAnnotation]


class Collection(msgspec.Struct, tag="AnnotationCollection", tag_field="type"):
    first: Page


Document = Collection | WebAnnotation | list[WebAnnotation]


def read(data: str | bytes) -> list[dict[str, Any]]:
    """Every annotation's fields, or :class:`RecordError` for the first item that is wrong."""
    try:
        doc = decode_json(data, Document)
    except RecordError as exc:
        raise RecordError(_located(str(exc))) from None
    items = (
        doc.first.items if isinstance(doc, Collection) else [doc] if isinstance(doc, WebAnnotation) else doc
    )
    out = []
    for n, item in enumerate(items, 1):
        try:
            out.append(_fields(item))
        except (RecordError, ValueError) as exc:
            raise RecordError(f"annotation {n}: {error_text(exc)}") from None
    return out


def _located(message: str) -> str:
    """msgspec's ``- at `$.first.items[2].body`` made readable: ``annotation 3 (body): ...``."""
    match = re.search(r" - at `([^`]*)`", message)
    if not match:
        return message if message.startswith("not valid JSON") else f"not a Web Annotation file: {message}"
    path, reason = match.group(1), message[: match.start()]
    item = _ITEM_PATH.match(path)
    if item is None:
        return f"{path.removeprefix('$').lstrip('.') or 'the file'}: {reason}"
    rest = path[item.end() :].lstrip(".")
    return f"annotation {int(item.group(1)) + 1}" + (f", {rest}" if rest else "") + f": {reason}"


def _fields(item: WebAnnotation) -> dict[str, Any]:
    from reader.core.annotation import Annotation

    selectors = item.target.selector if isinstance(item.target.selector, list) else [item.target.selector]
    quotes = [s for s in selectors if s.type == "TextQuoteSelector"]
    positions = [s for s in selectors if s.type == "TextPositionSelector"]
    if len(quotes) != 1 or not quotes[0].exact:
        raise RecordError("needs exactly one TextQuoteSelector with a non-empty exact passage")
    start = positions[0].start if positions and positions[0].start is not None else 0
    end = positions[0].end if positions and positions[0].end is not None else start
    if start > end:
        raise RecordError(f"TextPositionSelector start {start} is after end {end}")
    bodies = item.body if isinstance(item.body, list) else [item.body]
    notes = [b.value for b in bodies if b.purpose == "commenting"]
    colours = [b.value for b in bodies if b.purpose == "highlighting"]
    colour = _COLOR.fullmatch(colours[0]) if colours else None
    if colours and colour is None:
        raise RecordError(
            f"unknown highlight colour {visible_line(repr(colours[0][:40]))} (color-1 to color-5)"
        )
    source = item.target.source
    article = clean_line(source.removeprefix(ARTICLE_URN))
    if not article:
        raise RecordError("the target's source names no article")
    quote = quotes[0]
    ann = Annotation.from_dict(
        {
            "id": safe_id(item.id, source, quote.exact or "", start),
            "article": article,
            "quote": quote.exact,
            "prefix": quote.prefix or "",
            "suffix": quote.suffix or "",
            "start": start,
            "end": end,
            "color": int(colour.group(1)) if colour else 1,
            "tags": [b.value for b in bodies if b.purpose == "tagging"],
            "note": "\n\n".join(notes),
            "created": item.created,
            "updated": item.modified or item.created,
        }
    )
    if not ann.quote:
        raise RecordError("the passage is empty once control characters are removed")
    return ann.to_dict()


def safe_id(raw: str | None, source: str, exact: str, start: int) -> str:
    """Our id for an imported annotation: its own when it is a plain token, else a stable digest."""
    ann_id = (raw or "").removeprefix(ANNOTATION_URN)
    if _SAFE_ID.fullmatch(ann_id):
        return ann_id
    seed = raw if raw else f"{source}\n{exact}\n{start}"
    return "i" + hashlib.blake2b(seed.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
