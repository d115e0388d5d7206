"""The entry point: the importer chosen by the bytes, plain text through the loader, folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.bench.importers import make_epub
from reader.core.importers import Imported, LoadError, kind_of, read_bytes, read_document, walk
from reader.core.load import load_path
from reader.core.sanitize import has_unsafe

PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF_HEAD, "a.bin", "pdf"),
        (b"\r\n" * 100 + PDF_HEAD, "junk-before.pdf", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "noext", "html"),
        (b"\xef\xbb\xbf  <html lang=zh><head>", "a.txt", "html"),
        ("<!doctype html><p>天</p>".encode("utf-16"), "u16", "html"),
        (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "a.xhtml", "html"),
        (b"<div>html fragment</div>", "saved.htm", "text"),
        (b"<p>x</p><body>", "page.html", "html"),
        (
            (
                b'From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="'
                b'text/html"\r\n'
            ),
            "a.mht",
            "mhtml",
        ),
        (b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/epub+zip", "book", "epub"),
        (b"PK\x03\x04" + b"\x00" * 60, "a.docx", "zip"),
        ("天下大势，分久必合。<html>".encode(), "a.txt", "text"),
        ("天下大势，分久必合。".encode("gb18030"), "a.pdf", "text"),
    ],
)
def test_kind_is_decided_by_the_bytes(data: bytes, name: str, kind: str) -> None:
    assert kind_of(data, name) == kind


def test_plain_text_is_the_loader_s(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        path = tmp_path / name
        path.write_bytes(text.encode("gb18030"))
        doc = read_document(path)
        assert isinstance(doc, Imported) and doc.kind == "text" and not doc.is_book
        assert doc.text == load_path(path).text and doc.encoding == "gb18030"


def test_text_with_escapes_says_what_was_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("天下\x1b[31m大势\x07。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "天下大势。\n" and "control characters removed" in doc.done


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "looks like a PNG image"),
        (b"PK\x03\x04" + bytes(60), "is a ZIP archive but not an EPUB book"),
        (PDF_HEAD + b"garbage" * 10, "is a damaged PDF"),
    ],
)
def test_bad_files_are_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad\x1b[2Jname.pdf"
    path.write_bytes(data)
    with pytest.raises(LoadError) as err:
        read_document(path)
    assert message in str(err.value) and "\n" not in str(err.value) and "\x1b" not in str(err.value)


def test_missing_file_and_folder_are_the_loader_s_messages(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        read_document(tmp_path / "nope.pdf")
    with pytest.raises(LoadError, match="is a folder"):
        read_document(tmp_path)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.pdf", "a.html", "a.epub", "a.txt", "a.mhtml", "x"]))
def test_any_bytes_are_read_or_refused_in_one_line(data: bytes, name: str) -> None:
    for prefix in (
        b"",
        PDF_HEAD,
        b"<html>",
        b"PK\x03\x04",
        b"MIME-Version: 1.0\nContent-Type: multipart/related\n\n",
    ):
        try:
            doc = read_bytes(prefix + data, name)
            texts = [part.text() for part in doc.parts]
        except LoadError as exc:
            assert "\n" not in str(exc)
        else:
            # Form feeds stay for the cleaner (page breaks), as the loader keeps them.
            assert all(not has_unsafe(t.replace("\n", "").replace("\f", "")) for t in texts)
            assert not has_unsafe(doc.title)


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, reader.core.importers\n"
        "print(','.join(m for m in ('pypdfium2', 'trafilatura', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_folder_walk_offers_what_can_be_read_and_says_what_was_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("天下大势。", encoding="utf-8")
    (tmp_path / "b.PDF").write_bytes(PDF_HEAD)
    (tmp_path / "page.htm").write_text("<html></html>", encoding="utf-8")
    make_epub(tmp_path / "book.epub", "书", [("一", ["天"])])
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(10))
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "notes").write_text("没有后缀的文本", encoding="utf-8")
    (tmp_path / "saved-page").write_bytes(b"<!DOCTYPE html><html>")
    (tmp_path / "data.csv").write_text("a,b", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("合久必分。", encoding="utf-8")
    os.symlink(tmp_path, sub / "loop")
    os.symlink(tmp_path / "gone", tmp_path / "broken.txt")
    found = walk(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "a.txt",
        "b.PDF",
        "book.epub",
        "notes",
        "page.htm",
        "saved-page",
        "sub/c.txt",
    ]
    reasons = {s.path.name: s.why for s in found.skipped}
    assert reasons["photo.jpg"].startswith("not articles") and reasons[".hidden.txt"] == "hidden"
    assert reasons["empty"] == "empty" and reasons["data.csv"] == "of unknown kind"
    assert reasons["loop"].startswith("folders seen before") and reasons["broken.txt"].startswith(
        "broken links"
    )
    summary = found.summary()
    assert summary.startswith("7 files to read; skipped ") and "\n" not in summary


def test_folder_walk_not_recursive_and_unreadable(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x", encoding="utf-8")
    assert walk(tmp_path, recursive=False).skipped[0].why == "folders (not recursive)"
    assert walk(tmp_path / "missing").summary() == "0 files to read; skipped 1 folders that cannot be opened"
