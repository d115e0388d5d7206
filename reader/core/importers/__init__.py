"""Read what people have: plain text, PDF, saved web pages (HTML, MHTML), EPUB books, folders of them.

One entry point, :func:`read_document`, chooses the importer by what the
file's bytes are (a PDF's ``%PDF``, an EPUB's zip with its ``mimetype``, an
HTML or MHTML page's opening), whatever its name says, and returns an
:class:`Imported`: the text for the cleaner, title, byline, date, kind and
one line on what was done; a book's chapters load lazily. Every failure is a
:class:`~reader.core.load.LoadError` with a one-line message.
:func:`walk` lists what in a folder can be read, and what was skipped and why.

Heavy libraries (PDFium, trafilatura) load on first use of their kind.
"""

from __future__ import annotations

from reader.core.importers.base import Imported, LoadError, Part
from reader.core.importers.dispatch import kind_of, read_bytes, read_document
from reader.core.importers.folder import Skipped, Walk, walk

__all__ = [
    "Imported",
    "LoadError",
    "Part",
    "Skipped",
    "Walk",
    "kind_of",
    "read_bytes",
    "read_document",
    "walk",
]
