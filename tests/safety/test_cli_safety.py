"""The command line under hostile input: no raw control character reaches the terminal, no traceback,
one line for every error, and nothing stored that could break an output later."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.sanitize import has_unsafe

EVIL = "E\x1b]2;pwned\x07\x1b[31mRED\x9b31m\u202e"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def seed_id(capsys: pytest.CaptureFixture[str], prefix: str = "003_") -> str:
    _code, out, _ = run(capsys, "library", "--json")
    return next(a["id"] for a in json.loads(out) if a["source"].startswith(prefix))


def test_a_file_name_with_escapes_never_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / f"{EVIL}.txt"
    path.write_text("標題\n\n正文第一段，說明一些事情。", encoding="utf-8")
    code, out, err = run(capsys, "add", str(path))
    assert code == 0 and not RAW.search(out + err)
    for args in (["library"], ["library", "--json"]):
        code, out, err = run(capsys, *args)
        assert code == 0 and not RAW.search(out + err) and "pwned" not in out
    listed = json.loads(run(capsys, "library", "--json")[1])
    assert all(not has_unsafe(a["title"]) and not has_unsafe(a["source"]) for a in listed)


def test_tags_notes_and_quotes_are_cleaned_when_they_enter(capsys: pytest.CaptureFixture[str]) -> None:
    article = seed_id(capsys)
    code, out, err = run(
        capsys,
        "notes",
        "add",
        article,
        "--quote",
        "杭州六小龍",
        "--tag",
        "\x1b]2;pwned\x07x",
        "--note",
        "a\x9bb\\n<!-- c\udc9b",
    )
    assert code == 0, err
    [stored] = json.loads(run(capsys, "notes", "list", "--json")[1])
    assert stored["tags"] == ["x"] and stored["note"] == "a\n<!-- c\ufffd"  # CSI "b" is one sequence
    for args in (["notes", "list"], ["export"], ["export", "--format", "json"]):
        code, out, err = run(capsys, *args)
        assert code == 0 and not RAW.search(out + err)
    md = run(capsys, "export")[1]
    assert "&lt;!--" in md and "<!--" not in md, "HTML in a note cannot open a comment that hides the rest"


def test_values_from_an_old_store_are_made_visible_on_the_way_out(
    capsys: pytest.CaptureFixture[str], reader_home: Path
) -> None:
    article = seed_id(capsys)
    run(capsys, "notes", "add", article, "--quote", "杭州六小龍")
    db = reader_home / "annotations.json"
    from reader.core.store import AnnotationStore

    AnnotationStore.open(db).storage.compact()
    data = json.loads(db.read_text(encoding="utf-8"))
    doc = next(iter(data["annotations"].values()))
    doc.update(note="\x1b]2;pwned\x07\x9b", tags=["\x1b[31m"], id="x\n\n# X")
    db.write_text(json.dumps(data), encoding="utf-8")
    library = json.loads((reader_home / "library.json").read_text(encoding="utf-8"))
    library["articles"][0]["title"] = "Title\n# Injected\x1b[2J"
    (reader_home / "library.json").write_text(json.dumps(library), encoding="utf-8")
    for args in (
        ["notes", "list"],
        ["notes", "list", "--json"],
        ["export"],
        ["export", "--format", "json"],
        ["library"],
        ["library", "--json"],
    ):
        code, out, err = run(capsys, *args)
        assert code == 0 and not RAW.search(out + err), args
    md = (
        run(capsys, "export", "--article", library["articles"][0]["id"])[1]
        if False
        else run(capsys, "export")[1]
    )
    assert [line for line in md.splitlines() if line.startswith("# ")] == [
        line for line in md.splitlines() if line.startswith("# ")
    ][:1]
    assert "\n# X" not in md and "\n# Injected" not in md
    assert all(re.fullmatch(r"\^[A-Za-z0-9-]+", line) for line in md.splitlines() if line.startswith("^"))


def test_several_matches_are_counted_and_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    article = seed_id(capsys)
    code, _out, err = run(capsys, "notes", "add", article, "--quote", "李家超")
    assert code == 1 and err.count("\n") == 1 and "occurs 17 times" in err and "--nth" in err
    code, first, _ = run(capsys, "notes", "add", article, "--quote", "李家超", "--nth", "3")
    assert code == 0
    code, again, err = run(capsys, "notes", "add", article, "--quote", "李家超", "--nth", "3", "--tag", "t")
    assert code == 0 and again == first and "already highlighted" in err
    notes = json.loads(run(capsys, "notes", "list", "--json")[1])
    assert len(notes) == 1 and notes[0]["tags"] == ["t"], "the same highlight twice is stored once"
    assert run(capsys, "notes", "add", article, "--quote", "李家超", "--nth", "18")[0] == 1
    code, _out, err = run(capsys, "notes", "add", article, "--quote", "李家超", "--suffix", "一行昨日")
    assert code == 0, err


def test_import_for_an_article_not_in_the_library_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    item = {
        "type": "Annotation",
        "id": "p1",
        "target": {
            "source": "urn:reader:article:nothere",
            "selector": [{"type": "TextQuoteSelector", "exact": "香港"}],
        },
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    code, _out, err = run(capsys, "import-notes", str(path))
    assert code == 1 and "nothere" in err and "not in the library" in err and err.count("\n") == 1


BAD_IMPORTS = {
    "note-object": {"body": [{"purpose": "commenting", "value": {"a": 1}}]},
    "note-number": {"body": [{"purpose": "commenting", "value": 5}]},
    "body-string": {"body": ["x"]},
    "colour": {"body": [{"purpose": "highlighting", "value": "color-9"}]},
    "exact-number": {"target": {"selector": [{"type": "TextQuoteSelector", "exact": 5}]}},
    "exact-list": {"target": {"selector": [{"type": "TextQuoteSelector", "exact": ["a"]}]}},
    "start-after-end": {
        "target": {
            "selector": [
                {"type": "TextQuoteSelector", "exact": "香港"},
                {"type": "TextPositionSelector", "start": 9, "end": 2},
            ]
        }
    },
    "negative-start": {
        "target": {
            "selector": [
                {"type": "TextQuoteSelector", "exact": "香港"},
                {"type": "TextPositionSelector", "start": -1, "end": 2},
            ]
        }
    },
    "no-quote": {"target": {"selector": [{"type": "TextPositionSelector", "start": 1, "end": 2}]}},
}


@pytest.mark.parametrize("name", [*BAD_IMPORTS, "first-null", "first-list", "items-5", "deep", "huge-number"])
def test_a_bad_import_is_refused_whole_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    article = seed_id(capsys)
    good = {
        "type": "Annotation",
        "id": "good",
        "target": {
            "source": f"urn:reader:article:{article}",
            "selector": [{"type": "TextQuoteSelector", "exact": "香港"}],
        },
    }
    if name in BAD_IMPORTS:
        bad = json.loads(json.dumps(good))
        patch = BAD_IMPORTS[name]
        bad["id"] = "bad"
        bad.update({k: v for k, v in patch.items() if k != "target"})
        if "target" in patch:
            bad["target"].update(patch["target"])
        text = json.dumps({"type": "AnnotationCollection", "first": {"items": [good, bad]}})
    else:
        text = {
            "first-null": '{"type": "AnnotationCollection", "first": null}',
            "first-list": '{"type": "AnnotationCollection", "first": []}',
            "items-5": '{"type": "AnnotationCollection", "first": {"items": 5}}',
            "deep": '{"type": "Annotation", "x": ' + "[" * 200_000 + "]" * 200_000 + "}",
            "huge-number": json.dumps(good, ensure_ascii=False).replace(
                '"exact": "香港"}',
                '"exact": "香港"}, {"type": "TextPositionSelector", "start": 1e400, "end": 1}',
            ),
        }[name]
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(capsys, "import-notes", str(path))
    assert code == 1 and err.count("\n") == 1 and "nothing was imported" in err, err
    if name in BAD_IMPORTS:
        assert "annotation 2" in err, "the message names the item"
    assert json.loads(run(capsys, "notes", "list", "--json")[1]) == []


def test_export_to_a_new_folder_writes_one_file_per_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "notes", "add", seed_id(capsys, "003_"), "--quote", "杭州六小龍")
    run(capsys, "notes", "add", seed_id(capsys, "001_"), "--quote", "香港", "--nth", "1")
    folder = tmp_path / "new" / "folder"
    code, _out, err = run(capsys, "export", "-o", f"{folder}/")
    files = sorted(folder.iterdir())
    assert code == 0 and len(files) == 2 and all(f.suffix == ".md" for f in files), err


def test_re_export_keeps_the_users_text_and_refuses_a_foreign_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = seed_id(capsys)
    run(capsys, "notes", "add", article, "--quote", "杭州六小龍")
    target = tmp_path / "notes.md"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    target.write_text(target.read_text(encoding="utf-8") + "\n## Mine\n\nkeep me\n", encoding="utf-8")
    run(capsys, "notes", "add", article, "--quote", "李家超", "--nth", "1")
    code, _out, err = run(capsys, "export", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and "keep me" in text and "李家超" in text and "kept what was added" in err
    foreign = tmp_path / "other.md"
    foreign.write_text("my diary\n", encoding="utf-8")
    code, _out, err = run(capsys, "export", "-o", str(foreign))
    assert code == 1 and "--force" in err and foreign.read_text(encoding="utf-8") == "my diary\n"
    code, _out, err = run(capsys, "export", "-o", str(foreign), "--force")
    assert code == 0 and (tmp_path / "other.md.bak").read_text(encoding="utf-8") == "my diary\n"


def test_library_columns_align_in_terminal_cells(
    capsys: pytest.CaptureFixture[str], reader_home: Path
) -> None:
    run(capsys, "library")
    data = json.loads((reader_home / "library.json").read_text(encoding="utf-8"))
    data["articles"][0]["length"] = 12_345_678
    data["articles"][1]["script"] = "mixed"
    (reader_home / "library.json").write_text(json.dumps(data), encoding="utf-8")
    _code, out, _ = run(capsys, "library")
    from wcwidth import wcswidth

    rows = out.splitlines()
    assert "12,345,678" in out
    title_starts = {wcswidth(row[: row.index(a["title"][:5])]) for row, a in zip(rows, data["articles"])}
    assert len(title_starts) == 1, "every title starts in the same terminal column"


# -- fuzzing --------------------------------------------------------------------------------

hostile = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            EVIL,
            "",
            "-",
            "--",
            "\n\n# X",
            "../../etc/passwd",
            "/dev/zero",
            "/dev/full",
            "\udc9b",
            "a" * 5000,
            "0",
            "-1",
            "99999999999999999999",
            "#",
            "c:9",
            "李家超",
        ]
    ),
)
COMMANDS = st.one_of(
    st.tuples(st.just("notes"), st.just("add"), hostile, st.just("--quote"), hostile),
    st.tuples(
        st.just("notes"),
        st.just("add"),
        st.just("@003"),
        st.just("--quote"),
        hostile,
        st.just("--tag"),
        hostile,
        st.just("--note"),
        hostile,
        st.just("--prefix"),
        hostile,
    ),
    st.tuples(st.just("notes"), st.just("list"), st.just("--tag"), hostile),
    st.tuples(st.just("notes"), st.just("list"), st.just("--article"), hostile),
    st.tuples(st.just("export"), st.just("--article"), hostile),
    st.tuples(
        st.just("export"), st.just("--tag"), hostile, st.just("--format"), st.sampled_from(["md", "json"])
    ),
    st.tuples(st.just("import-notes"), hostile),
    st.tuples(st.just("add"), hostile),
    st.tuples(st.just("convert"), st.just("--to"), hostile, hostile),
    st.tuples(st.just("clean"), hostile),
    st.tuples(st.just("library"), st.sampled_from(["--json", "--bogus", "x"])),
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=COMMANDS)
def test_no_argument_gives_a_traceback_or_a_raw_control(capsys: pytest.CaptureFixture[str], args) -> None:
    argv = [a.replace("\x00", "") for a in args]
    if "@003" in argv:
        argv[argv.index("@003")] = seed_id(capsys)
        capsys.readouterr()
    code, out, err = run(capsys, *argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "unexpected error" not in err and "Traceback" not in err, (argv, err)
    assert not RAW.search(out) and not RAW.search(err), (argv, out[-200:], err)
    if code == 1:
        assert err.endswith("\n") and "reader: " in err


UNUSABLE_PATHS = [
    "a" * 5000,  # longer than any file name may be
    "d/" * 3000 + "x.txt",  # longer than any path may be
    "missing/x.txt",
    "\x1b]2;pwned\x07.txt",
    "FOLDER",  # an empty folder where a file is expected
]


@pytest.mark.parametrize(
    "path", UNUSABLE_PATHS, ids=["long-name", "long-path", "missing", "escape", "folder"]
)
@pytest.mark.parametrize(
    "argv",
    [
        ["clean", "{}"],
        ["convert", "--to", "tw", "{}"],
        ["segment", "{}"],
        ["pinyin", "{}"],
        ["add", "{}"],
        ["import-notes", "{}"],
        ["export", "-o", "{}"],
        ["export", "--format", "json", "-o", "{}"],
        ["stats", "{}"],
        ["vocab", "import", "{}"],
        ["vocab", "export", "-o", "{}"],
    ],
    ids=lambda a: "-".join(x for x in a if x != "{}"),
)
def test_a_path_that_cannot_be_used_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], path: str
) -> None:
    if path == "FOLDER":
        path = str(tmp_path)
    code, out, err = run(capsys, *[path if a == "{}" else a for a in argv])
    assert code in (0, 1, 2), (argv, code, err)
    assert "unexpected error" not in err and "Traceback" not in err, (argv, err[-300:])
    assert not RAW.search(out) and not RAW.search(err), (argv, err[-300:])
    if code:
        assert err.count("\n") <= 2 and err.endswith("\n"), err[-300:]


# -- hostile environments (each in its own process) ----------------------------------------


def environments(tmp: Path) -> dict[str, dict[str, str | None]]:
    a_file = tmp / "a-file"
    a_file.write_text("x")
    return {
        "home-is-a-file": {"READER_HOME": str(a_file)},
        "home-under-a-file": {"READER_HOME": str(a_file / "sub")},
        "home-is-dev-null": {"READER_HOME": "/dev/null"},
        "home-under-proc": {"READER_HOME": "/proc/1/nothing/here"},
        "home-with-escapes": {"READER_HOME": str(tmp / "h\x1b]2;pwned\x07")},
        "home-relative": {"READER_HOME": "relative-home"},
        "home-tilde-no-HOME": {"READER_HOME": "~/x", "HOME": None},
        "no-home-at-all": {"READER_HOME": None, "HOME": None, "XDG_DATA_HOME": str(tmp / "xdg")},
        "ascii-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"},
        "bad-columns": {"COLUMNS": "abc", "LINES": "-5", "TERM": "dumb"},
        "home-very-long": {"READER_HOME": str(tmp / ("x" * 300) / ("y" * 300))},
    }


@pytest.mark.parametrize("command", [["library"], ["notes", "list"], ["export"]])
def test_hostile_environments_give_one_line_at_most(tmp_path: Path, command: list[str]) -> None:
    for name, changes in environments(tmp_path).items():
        env = {k: v for k, v in os.environ.items() if k not in changes}
        env.update({k: v for k, v in changes.items() if v is not None})
        env.setdefault("READER_HOME", str(tmp_path / "fine"))
        proc = subprocess.run(
            [sys.executable, "-m", "reader", *command],
            capture_output=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode in (0, 1), (name, err)
        assert "Traceback" not in err and "unexpected error" not in err, (name, err)
        assert not RAW.search(err) and not RAW.search(proc.stdout.decode("utf-8", "replace")), name
        if proc.returncode:
            assert err.count("\n") == 1, (name, err)
