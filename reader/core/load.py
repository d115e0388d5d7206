"""Bytes to text: encoding detection, newline normalisation, and removal of
anything that could drive a terminal.

Articles come as UTF-8 (with or without a BOM), UTF-16 with a BOM, GB18030 or
Big5. Control characters and ANSI/OSC escape sequences are removed here, so
no later stage (and no screen) ever sees them. Form feeds are the one
exception: they mark PDF page breaks, which the cleaner uses and then removes.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reader.core.sanitize import strip_escapes, visible_line

MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20

# C0 except tab, newline and form feed; DEL; C1; bidi overrides (they reorder the screen).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document (extract its text first, e.g. with pdftotext)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .epub is a ZIP: export it as text first)"),
    (b"\x7fELF", "an executable program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3", "an SQLite database"),
    (b"{\\rtf", "an RTF document (save it as plain text first)"),
)


class LoadError(Exception):
    """A file that cannot be read as an article; the message is one line for the user."""


@dataclass(frozen=True)
class Loaded:
    text: str
    encoding: str
    removed: int  # control characters and escape sequences removed


def read_limited(source: BinaryIO, name: str, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of a stream, or :class:`LoadError` if there are more.

    The limit applies to what is read, never to a size the file claims: ``/dev/zero``, a pipe
    or a growing file report 0 bytes and never end.
    """
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = source.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise LoadError(f"{visible_line(name)}: too large (the limit is {limit // 2**20} MiB)")


def read_path(path: str | Path) -> bytes:
    """The bytes of a file (within :data:`MAX_BYTES`), with one-line errors for everything else."""
    path = Path(path)
    shown = visible_line(str(path))
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise LoadError(f"{shown}: is a folder, not a file")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise LoadError(f"{shown}: is not a file that can be read")
        with open(path, "rb") as fh:
            return read_limited(fh, str(path))
    except IsADirectoryError:
        raise LoadError(f"{shown}: is a folder, not a file") from None
    except FileNotFoundError:
        raise LoadError(f"{shown}: no such file") from None
    except PermissionError:
        raise LoadError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise LoadError(f"{shown}: cannot be read ({exc.strerror or exc})") from None


def load_path(path: str | Path) -> Loaded:
    return load_bytes(read_path(path), name=str(path))


def load_bytes(data: bytes, name: str = "<input>") -> Loaded:
    name = visible_line(name)
    if len(data) > MAX_BYTES:
        raise LoadError(
            f"{name}: too large ({len(data) / 1e6:.0f} MB; the limit is {MAX_BYTES // 2**20} MiB)"
        )
    text, encoding = decode(data, name)
    text, removed = sanitize(text)
    if not text.strip():
        raise LoadError(f"{name}: is empty" if not data.strip() else f"{name}: has no readable text")
    return Loaded(text, encoding, removed)


def sanitize(text: str) -> tuple[str, int]:
    """Normalise newlines and remove escape sequences and control characters."""
    text = _NEWLINES.sub("\n", text)
    before = len(text)
    text = strip_escapes(text)
    text = _CONTROLS.sub("", text)
    return text, before - len(text)


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode ``data``, or raise :class:`LoadError` saying what the bytes look like."""
    if not data:
        raise LoadError(f"{name}: is empty")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                raise LoadError(
                    f"{name}: starts with a {encoding} mark but is not valid {encoding}"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError(f"{name}: looks like {what}, not a text file")
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if _mostly_printable(text):
            return text, utf16
    sample = data[:65536]
    if sample.count(0) > max(2, len(sample) // 1000):  # a stray NUL or two is damage, many are binary
        raise LoadError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, name)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position for ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _mostly_printable(text: str) -> bool:
    sample = text[:2048]
    good = sum(1 for c in sample if c.isprintable() or c in "\n\t\r\x0c")
    return bool(sample) and good >= 0.95 * len(sample)


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs", "utf_8"]).best()
    if best is not None:
        encoding = best.encoding
        if encoding in ("big5", "big5hkscs"):
            encoding = "big5hkscs"  # the superset: Hong Kong characters decode too
        try:
            return data.decode(encoding), "big5" if encoding == "big5hkscs" else encoding
        except UnicodeDecodeError:
            pass
    for encoding in ("gb18030", "big5hkscs"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise LoadError(
        f"{name}: cannot be decoded as UTF-8, UTF-16, GB18030 or Big5 (it may be binary or another encoding)"
    )
