"""`reader notes`, `reader export` and `reader import-notes` over a real library and store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def article_id(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "library", "--json")
    assert code == 0
    return next(a["id"] for a in json.loads(out) if a["source"].startswith("003_"))


def test_add_then_list_a_note(capsys: pytest.CaptureFixture[str], article_id: str) -> None:
    code, out, err = run(
        capsys,
        "notes",
        "add",
        article_id,
        "--quote",
        "杭州六小龍",
        "--tag",
        "創科",
        "--note",
        "line one\\nline two",
        "--color",
        "3",
    )
    assert code == 0, err
    ann_id = out.strip()
    code, out, _ = run(capsys, "notes", "list", "--json", "--tag", "創科")
    notes = json.loads(out)
    assert [n["id"] for n in notes] == [ann_id]
    assert notes[0]["quote"] == "杭州六小龍" and notes[0]["color"] == 3
    assert notes[0]["note"] == "line one\nline two"


def test_adding_by_the_article_file_name_works(capsys: pytest.CaptureFixture[str], article_id: str) -> None:
    code, _out, err = run(
        capsys, "notes", "add", "seeds/003_b3abffd81568aa81.txt", "--quote", "李家超", "--nth", "1"
    )
    assert code == 0, err


def test_a_quote_that_is_not_there_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], article_id: str
) -> None:
    code, out, err = run(capsys, "notes", "add", article_id, "--quote", "這句話根本不在文章裏面出現過的")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "is not in" in err


def test_export_markdown_and_json_round_trip(
    capsys: pytest.CaptureFixture[str], article_id: str, tmp_path: Path, reader_home: Path
) -> None:
    run(capsys, "notes", "add", article_id, "--quote", "杭州六小龍", "--tag", "創科", "--note", "# heading?")
    code, md, _ = run(capsys, "export", "--article", article_id)
    assert code == 0
    assert md.startswith("---\ntitle: ") and "> 杭州六小龍" in md and "#創科" in md and "> # heading?" in md
    out = tmp_path / "notes.json"
    assert run(capsys, "export", "--format", "json", "-o", str(out))[0] == 0
    before = json.loads(run(capsys, "notes", "list", "--json")[1])
    (reader_home / "annotations.json").unlink()
    for extra in reader_home.glob("annotations.json.*"):
        extra.unlink()
    code, msg, err = run(capsys, "import-notes", str(out))
    assert code == 0, err and "1 new" in msg
    after = json.loads(run(capsys, "notes", "list", "--json")[1])
    assert after == before, "export then import gives the same annotations"


def test_export_one_file_per_article_into_a_folder(
    capsys: pytest.CaptureFixture[str], article_id: str, tmp_path: Path
) -> None:
    run(capsys, "notes", "add", article_id, "--quote", "李家超", "--nth", "2")
    code, out, _ = run(capsys, "export", "-o", str(tmp_path))
    files = [Path(line) for line in out.splitlines()]
    assert code == 0 and len(files) == 1 and files[0].read_text(encoding="utf-8").count("^") == 1


def test_export_with_nothing_to_export_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "export", "--tag", "nothing-has-this")
    assert code == 1 and "no highlights" in err
