"""Small files of every kind the reader reads (a PDF, a saved page, a book), and bad ones, made on the spot.

The makers are the importer tests' own (typeset PDFs, the news page, the EPUB writer of the
benchmark); this module only writes them into a folder, for the tests of the command line and the
app that add them.
"""

from __future__ import annotations

import random
from pathlib import Path

from reader.bench.importers import make_epub
from tests.core.test_importers_pdf import SENTENCES, scanned, typeset
from tests.core.test_importers_web import PARAS, page

PDF_HEADING = "大标题"
PDF_FURNITURE = "环球时报"  # the running header of every typeset page
PAGE_TITLE = "大湾区科技合作迈上新台阶"
BOOK_TITLE = "三国演义"
CHAPTERS = [
    ("第一回 宴桃园豪杰三结义", ["天下大势，分久必合，合久必分。", "周末七国分争，并入于秦。"]),
    ("第二回 张翼德怒鞭督邮", ["及秦灭之后，楚、汉分争，又并入于汉。", "汉朝自高祖斩白蛇而起义。"]),
    ("第三回", ["议温明董卓叱丁原，馈金珠李肃说吕布。"]),
]


def pdf_paragraphs(seed: int = 1) -> list[str]:
    """Six paragraphs of three different sentences each (a sentence said twice running is a copy the
    cleaner removes)."""
    start = random.Random(seed).randrange(len(SENTENCES))
    return ["".join(SENTENCES[(start + k + j) % len(SENTENCES)] for j in range(3)) for k in range(6)]


def write_pdf(folder: Path, name: str = "paper.pdf", seed: int = 1) -> Path:
    """A two-column PDF with a fake-bold heading, a running header and page numbers."""
    path = folder / name
    path.write_bytes(typeset(pdf_paragraphs(seed), columns=2, heading=PDF_HEADING, copies=3))
    return path


def write_scanned_pdf(folder: Path, name: str = "scan.pdf") -> Path:
    """Two pages of pictures and no text: what a scanner makes."""
    path = folder / name
    path.write_bytes(scanned())
    return path


def write_page(folder: Path, name: str = "news.html", encoding: str = "gb18030") -> Path:
    """A saved news page in GBK that declares its encoding (navigation, byline, caption, footer)."""
    path = folder / name
    path.write_bytes(page("<meta charset='gbk'>").encode(encoding))
    return path


def write_book(folder: Path, name: str = "book.epub") -> Path:
    return make_epub(folder / name, BOOK_TITLE, CHAPTERS)


# Files of each kind that cannot be read, and the words of their one-line error.
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "damaged.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"garbage" * 10, "is a damaged PDF"),
    "empty.html": (
        b"<html><head><title>x</title></head><body><nav>a</nav></body></html>",
        "no article text was found",
    ),
    "damaged.epub": (b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/epub+zip" + b"\x00" * 40, "EPUB"),
    "letter.docx": (b"PK\x03\x04" + bytes(60), "is a ZIP archive but not an EPUB book"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n" + bytes(100), "looks like a PNG image"),
    "nothing.txt": (b"", "is empty"),
}

__all__ = [
    "BAD_FILES",
    "BOOK_TITLE",
    "CHAPTERS",
    "PAGE_TITLE",
    "PARAS",
    "PDF_FURNITURE",
    "PDF_HEADING",
    "pdf_paragraphs",
    "write_book",
    "write_page",
    "write_pdf",
    "write_scanned_pdf",
]
