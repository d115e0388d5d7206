"""Strings from outside, made safe: once where they enter, again where they leave.

Anything a user or a file controls (file names, command-line arguments,
imported JSON, typed text, article text) may hold control characters, ANSI/OSC
escape sequences or bidirectional overrides. Such a string must never drive
the terminal nor change the structure of an output.

Two layers, both defined here and nowhere else:

* **Inbound** (:func:`clean_line`, :func:`clean_multiline`): where a string
  enters the core it loses escape sequences and control characters, so what is
  stored is already clean.
* **Outbound** (:func:`visible`, :func:`json_safe`): every output is safe even
  if an unclean value slipped through (an old store, a bug): text shows a
  visible stand-in for each control character, JSON escapes C0, DEL and C1 as
  ``\\uXXXX``.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "ESCAPES",
    "clean_line",
    "clean_multiline",
    "dumps",
    "has_unsafe",
    "json_safe",
    "strip_escapes",
    "visible",
    "visible_line",
]

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC strings, and two-character escapes; then 8-bit C1 CSI/OSC/DCS strings.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
# Bidirectional embeddings, overrides and isolates: they reorder what the terminal shows.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Lone surrogates: undecodable bytes of a file name or an argument (Python's surrogateescape). They
# cannot be written as UTF-8, so they are never stored or printed: each becomes U+FFFD.
_SURROGATES = "\ud800-\udfff"
# Every C0 control, DEL, every C1 control, and the bidi controls.
_ALL_CONTROLS = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}{_SURROGATES}]")
# The same, but newline and tab survive (notes and article text keep their lines).
_CONTROLS_BUT_LINES = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}{_SURROGATES}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\n\u2028\u2029\x85]")
_SPACES = re.compile(r"[ \t]+")


_ESCAPE_START = re.compile("[\x1b\x80-\x9f]")


def strip_escapes(text: str) -> str:
    """``text`` without ANSI/OSC escape sequences (their visible parameters go too)."""
    return ESCAPES.sub("", text) if _ESCAPE_START.search(text) else text


def clean_line(text: str) -> str:
    """One line for a title, a tag, an id, a name: no escapes, no controls, line breaks as spaces."""
    text = _LINE_BREAKS.sub(" ", strip_escapes(text))
    text = _ALL_CONTROLS.sub(_drop, text)
    return _SPACES.sub(" ", text).strip()


def clean_multiline(text: str) -> str:
    """Free text such as a note: no escapes, no controls; newlines (normalised) and tabs stay."""
    text = _LINE_BREAKS.sub("\n", strip_escapes(text))
    return _CONTROLS_BUT_LINES.sub(_drop, text)


def _drop(match: re.Match[str]) -> str:
    """What an unsafe character becomes inbound: a tab a space, an undecodable byte U+FFFD, others nothing."""
    ch = match.group()
    return " " if ch == "\t" else "\ufffd" if "\ud800" <= ch <= "\udfff" else ""


def _stand_in(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 and bidi controls have no picture of their own


def visible(text: str, *, keep_lines: bool = True) -> str:
    """``text`` for a terminal: every control character shown as a harmless picture of itself.

    Newlines and tabs stay unless ``keep_lines`` is false (table cells, one-line
    messages), where they too become pictures.
    """
    pattern = _CONTROLS_BUT_LINES if keep_lines else _ALL_CONTROLS
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: _stand_in(m.group()), text)


def visible_line(text: str) -> str:
    """:func:`visible` for a one-line context: a line break cannot split a row or a message."""
    return visible(text, keep_lines=False)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds anything :func:`visible` would replace (newline and tab allowed)."""
    return _CONTROLS_BUT_LINES.search(text) is not None


_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{_BIDI}{_SURROGATES}]")


def json_safe(encoded: str) -> str:
    """JSON text with DEL, C1, bidi controls and lone surrogates written as ``\\uXXXX`` (json escapes C0
    itself), so that it can always be written as UTF-8 and never drives a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` keeping CJK readable (``ensure_ascii=False``) yet never emitting a raw control."""
    kwargs.setdefault("ensure_ascii", False)
    return json_safe(json.dumps(value, **kwargs))
