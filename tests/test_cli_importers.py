"""Every command that takes a PATH reads every kind of file: text, PDF, saved web page, EPUB book.

Bad files of each kind are one line on standard error and exit status 1, and the library they were
to be added to is exactly as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.clean import clean
from reader.core.importers import read_document
from reader.core.library import Library
from reader.core.paths import Locations
from tests.samples import (
    BAD_FILES,
    BOOK_TITLE,
    CHAPTERS,
    PAGE_TITLE,
    PARAS,
    PDF_FURNITURE,
    PDF_HEADING,
    pdf_paragraphs,
    write_book,
    write_page,
    write_pdf,
    write_scanned_pdf,
)

MAKERS = {"pdf": write_pdf, "html": write_page, "epub": write_book}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def blocks(text: str) -> list[str]:
    return [b.strip("\n") for b in text.split("\n\n") if b.strip()]


def test_clean_prints_the_repaired_text_of_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["clean", str(write_pdf(tmp_path))], capsys)
    assert code == 0 and err == ""
    assert blocks(out) == [PDF_HEADING, *pdf_paragraphs()], "in order, fake bold once, no page furniture"
    assert PDF_FURNITURE not in out


def test_clean_of_a_page_is_its_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["clean", str(write_page(tmp_path))], capsys)
    assert code == 0
    for para in PARAS:
        assert para in out
    assert "版权所有" not in out and "首页" not in out


def test_clean_of_a_book_has_every_chapter_as_a_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["clean", "--json", str(write_book(tmp_path))], capsys)
    assert code == 0
    headings = [b["text"] for b in json.loads(out)["blocks"] if b["kind"] == "heading"]
    assert headings == [title for title, _ in CHAPTERS]


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize(
    "command",
    [["clean"], ["convert", "--to", "s2t"], ["segment", "--json"], ["pinyin", "--json"]],
    ids=["clean", "convert", "segment", "pinyin"],
)
def test_every_path_command_reads_every_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: list[str]
) -> None:
    path = MAKERS[kind](tmp_path)
    code, out, err = run([*command, str(path)], capsys)
    assert code == 0 and err == ""
    expected = clean(read_document(path).reading_text).text
    if command[0] == "convert":
        from reader.core.convert import convert_text

        assert out == convert_text(expected, "s2t") + "\n"
    elif command[0] in ("segment", "pinyin"):
        assert "".join(t["text"] for t in json.loads(out)) == expected
    else:
        assert out == expected + "\n"


def test_a_pdf_on_standard_input(tmp_path: Path) -> None:
    data = write_pdf(tmp_path).read_bytes()
    proc = subprocess.run([sys.executable, "-m", "reader", "clean", "-"], input=data, capture_output=True)
    assert proc.returncode == 0 and blocks(proc.stdout.decode())[0] == PDF_HEADING


def test_add_dash_adds_standard_input_as_an_article_of_any_kind(tmp_path: Path) -> None:
    env = dict(os.environ, READER_HOME=str(tmp_path / "home"))

    def add(data: bytes, *more: str) -> subprocess.CompletedProcess[bytes]:
        cmd = [sys.executable, "-m", "reader", "add", "-", *more]
        return subprocess.run(cmd, input=data, capture_output=True, env=env)

    proc = add("\x1b]2;pwned\x07今日標題\n\n從標準輸入來的文章。\n".encode())
    assert proc.returncode == 0 and proc.stdout.decode().endswith("今日標題\n"), proc.stderr
    again = add("\x1b]2;pwned\x07今日標題\n\n從標準輸入來的文章。\n".encode())
    assert again.stdout.decode().startswith("updated"), "the same text is the same article"
    pdf = add(write_pdf(tmp_path).read_bytes(), str(write_page(tmp_path)))
    assert pdf.returncode == 0 and pdf.stdout.decode().count("added") == 2
    assert PDF_HEADING in pdf.stdout.decode()
    empty = add(b"")
    assert empty.returncode == 1 and empty.stderr.decode().count("\n") == 1
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "library"], capture_output=True, env=env, check=True
    ).stdout.decode()
    assert "今日標題" in listed and "\x1b" not in listed and "\x07" not in listed


def _bad_files(folder: Path) -> list[tuple[Path, str]]:
    files = [(write_scanned_pdf(folder), "is a scanned PDF")]
    for name, (data, words) in BAD_FILES.items():
        (folder / name).write_bytes(data)
        files.append((folder / name, words))
    return files


@pytest.mark.parametrize("command", ["clean", "segment", "pinyin", "convert"])
def test_bad_files_of_each_kind_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    extra = ["--to", "s2t"] if command == "convert" else []
    for path, words in _bad_files(tmp_path):
        code, out, err = run([command, *extra, str(path)], capsys)
        assert code == 1 and out == "", path.name
        assert err.count("\n") == 1 and words in err and path.name in err, err


def _snapshot(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def test_adding_bad_files_loses_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    assert run(["--home", str(home), "add", str(write_pdf(tmp_path))], capsys)[0] == 0
    data = Locations.resolve(str(home)).data_root
    before = _snapshot(data)
    (tmp_path / "bad").mkdir()
    for path, words in _bad_files(tmp_path / "bad"):
        code, out, err = run(["--home", str(home), "add", str(path)], capsys)
        assert code == 1 and out == "" and err.count("\n") == 1 and words in err
    assert _snapshot(data) == before


def test_bad_files_among_good_ones_do_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    good = [write_pdf(tmp_path), write_page(tmp_path), write_book(tmp_path)]
    bad = write_scanned_pdf(tmp_path)
    code, out, err = run(["--home", str(home), "add", str(good[0]), str(bad), *map(str, good[1:])], capsys)
    assert code == 1 and len(out.splitlines()) == 3
    scanned = f"reader: {bad}: is a scanned PDF (its pages are images without text); run OCR on it first"
    assert err.splitlines() == [
        f"{scanned}, e.g. ocrmypdf -l chi_sim",
        "reader: added 3 articles; 1 could not be read",
    ]
    titles = {a.source_name: a.title for a in Library(Locations.resolve(str(home))).articles()}
    assert titles["paper.pdf"] == PDF_HEADING
    assert titles["news.html"] == PAGE_TITLE
    assert titles["book.epub"] == BOOK_TITLE


def test_a_book_is_one_entry_whose_contents_are_its_chapters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    code, _, _ = run(["--home", str(home), "add", str(write_book(tmp_path))], capsys)
    assert code == 0
    library = Library(Locations.resolve(str(home)))
    (book,) = [a for a in library.articles() if a.source_name == "book.epub"]
    doc = library.document(book.id)
    assert [e.title for e in doc.toc()] == [title for title, _ in CHAPTERS]
    for _, paras in CHAPTERS:
        for para in paras:
            assert para in doc.text


def test_adding_a_pdf_again_updates_its_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    path = write_pdf(tmp_path)
    first = run(["--home", str(home), "add", str(path)], capsys)[1].split()[1]
    write_pdf(tmp_path, seed=2)
    code, out, _ = run(["--home", str(home), "add", str(path)], capsys)
    assert code == 0 and out.split()[:2] == ["updated", first]
    (article,) = [a for a in Library(Locations.resolve(str(home))).articles() if a.id == first]
    assert Library(Locations.resolve(str(home))).document(article.id).text.split("\n\n")[1:] == (
        pdf_paragraphs(2)
    )


# -- folders -----------------------------------------------------------------------------


def _folder(root: Path) -> Path:
    """A folder of articles of every kind, in subfolders, with things that are not articles."""
    folder = root / "articles"
    (folder / "news" / "a").mkdir(parents=True)
    (folder / "news" / "b").mkdir(parents=True)
    (folder / ".git").mkdir()
    write_pdf(folder)
    write_book(folder)
    write_page(folder / "news" / "a", "index.html")
    (folder / "news" / "b" / "index.html").write_bytes(
        (folder / "news" / "a" / "index.html").read_bytes().replace("深圳".encode("gb18030"), b"HK")
    )
    (folder / "news" / "note.txt").write_text("天下大势，分久必合，合久必分。\n", encoding="utf-8")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    return folder


def test_add_a_folder_adds_every_readable_file_and_says_what_was_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home, folder = tmp_path / "home", _folder(tmp_path)
    write_scanned_pdf(folder / "news")
    for k in range(5):
        (folder / "news" / f"brief-{k}.txt").write_text(
            f"第{k}条简讯：天下大势，分久必合。\n", encoding="utf-8"
        )
    code, out, err = run(["--home", str(home), "add", str(folder)], capsys)
    assert code == 1, "a file that could not be read is a failure"
    assert len(out.splitlines()) == 10 and all(line.startswith("added ") for line in out.splitlines())
    lines = err.splitlines()
    assert lines[-1] == (
        "reader: added 10 articles; skipped 2 (1 hidden, 1 not articles (images, media, archives, "
        "documents of other kinds)); 1 could not be read"
    )
    assert any("scan.pdf: is a scanned PDF" in line for line in lines)
    counts = [line for line in lines if line.startswith("reader: read ")]
    assert len(counts) == 10 and counts[-1] == "reader: read 11 of 11 files", "plain counts, not a bar"
    names = sorted(a.source_name for a in Library(Locations.resolve(str(home))).articles())
    assert "articles/news/a/index.html" in names and "articles/news/b/index.html" in names
    assert {"paper.pdf", "book.epub", "note.txt"} <= set(names)


def test_adding_a_folder_again_updates_its_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home, folder = tmp_path / "home", _folder(tmp_path)
    assert run(["--home", str(home), "add", str(folder)], capsys)[0] == 0
    count = len(Library(Locations.resolve(str(home))).articles())
    code, out, err = run(["--home", str(home), "add", str(folder)], capsys)
    assert code == 0 and all(line.startswith("updated ") for line in out.splitlines())
    assert err.splitlines()[-1].startswith("reader: added 0 articles, updated 5; skipped 2")
    assert len(Library(Locations.resolve(str(home))).articles()) == count


def test_progress_is_a_bar_in_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    code = main(["--home", str(tmp_path / "home"), "add", str(_folder(tmp_path))])
    assert code == 0
    shown = screen.getvalue()
    assert "reading" in shown and "5/5" in shown and "read 5 of 5" not in shown
    assert shown.splitlines()[-1].endswith(
        "reader: added 5 articles; skipped 2 (1 hidden, 1 not articles "
        "(images, media, archives, documents of other kinds))"
    ), "the bar is gone before the summary"
