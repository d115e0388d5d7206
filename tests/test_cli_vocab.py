"""`reader stats` and `reader vocab ...` over a real library and word store."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.convert import convert_text
from reader.core.prepare import prepare
from reader.core.vocab.article import article_tokens
from reader.core.vocab.counts import count_words
from reader.core.vocab.difficulty import summarize
from reader.core.vocab.record import Mark, Status
from reader.core.vocab.store import VocabStore


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def article_id(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "library", "--json")
    assert code == 0
    return next(a["id"] for a in json.loads(out) if a["source"].startswith("004_"))


def test_stats_json_and_marking_changes_it(capsys: pytest.CaptureFixture[str], article_id: str) -> None:
    code, out, err = run(capsys, "stats", article_id, "--json")
    assert code == 0, err
    before = json.loads(out)
    assert (
        before["known_share"] == 0
        and before["standard"] == "2025"
        and before["hsk_level"] in (*range(1, 8), None)
    )
    assert abs(sum(before["hsk_profile"].values()) - 1) < 0.01
    first = before["new_words"][0]
    assert first["frequency_rank"] is not None and first["word"] in first["sentence"]
    ranks = [w["frequency_rank"] for w in before["new_words"] if w["frequency_rank"]]
    assert ranks == sorted(ranks)
    code, out, err = run(capsys, "vocab", "mark", first["word"], "--status", "known")
    assert code == 0, err
    after = json.loads(run(capsys, "stats", article_id, "--json")[1])
    assert after["known_share"] == pytest.approx(first["count"] / after["running_words"], abs=1e-4)
    assert after["new_word_count"] == before["new_word_count"] - 1
    assert first["word"] not in [w["word"] for w in after["new_words"]]
    code, out, _ = run(capsys, "stats", article_id, "--hsk", "2021", "--limit", "3")
    assert code == 0 and "HSK 2021 lists" in out and "new words, most frequent first" in out


def test_mark_list_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "vocab", "mark", "電腦", "行:xing2", "--status", "learning2")[0] == 0
    code, out, _ = run(capsys, "vocab", "list", "--json")
    words = {(w["word"], w["reading"]): w for w in json.loads(out)["words"]}
    assert words[("电脑", "")]["stage"] == 2 and words[("行", "xíng")]["status"] == "learning"
    code, out, _ = run(capsys, "vocab", "list", "--status", "known")
    assert code == 0 and out == ""
    code, _, err = run(capsys, "vocab", "mark", "你", "--status", "famous")
    assert code == 1 and err.count("\n") == 1 and "unknown status" in err
    code, _, err = run(capsys, "vocab", "mark", "\x1b[2J", "--status", "known")
    assert code == 0 and "\x1b" not in err
    assert run(capsys, "vocab")[0] == 1


def test_export_apkg_and_tsv(capsys: pytest.CaptureFixture[str], tmp_path: Path, article_id: str) -> None:
    stats = json.loads(run(capsys, "stats", article_id, "--json")[1])
    word = stats["new_words"][0]["word"]
    assert run(capsys, "vocab", "mark", word, "电脑", "--status", "learning")[0] == 0
    code, _out, err = run(capsys, "vocab", "export", "-o", str(tmp_path / "w.apkg"))
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "w.apkg") as z:
        z.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = db.execute("select flds from notes").fetchall()
    assert len(notes) == 2
    code, _out, err = run(
        capsys, "vocab", "export", "--format", "tsv", "-o", str(tmp_path / "w.txt"), "--article", article_id
    )
    assert code == 0, err
    text = (tmp_path / "w.txt").read_text(encoding="utf-8")
    assert text.startswith("#separator:tab\n#html:true\n") and "#tags column:" in text
    assert len([line for line in text.splitlines() if not line.startswith("#")]) == 1
    assert "<b>" in text  # the sentence was found in its article
    code, _, err = run(capsys, "vocab", "export", "-o", str(tmp_path / "x.apkg"), "--status", "ignored")
    assert code == 1 and "no words to export" in err


def test_import_a_list_and_an_hsk_level(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    listing = tmp_path / "pleco.txt"
    listing.write_text(
        "// words\n电脑[電腦]\tdian4nao3\tcomputer\n学习\txue2xi2\tto study\n", encoding="utf-8"
    )
    assert run(capsys, "vocab", "mark", "学习", "--status", "learning")[0] == 0
    code, out, err = run(capsys, "vocab", "import", str(listing))
    assert code == 0, err
    assert "2 word(s) read; 1 marked known; 1 already had a status" in out
    code, out, err = run(capsys, "vocab", "import", "--hsk", "1")
    assert code == 0, err
    listed = json.loads(run(capsys, "vocab", "list", "--json", "--status", "known")[1])["words"]
    assert len(listed) >= 290  # the 300 words of HSK 1 (2025 syllabus)
    empty = tmp_path / "empty.txt"
    empty.write_text("abc\n")
    code, _, err = run(capsys, "vocab", "import", str(empty))
    assert code == 1 and "nothing was imported" in err


def test_corrections_and_standard(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "vocab", "words", "--join", "大灣區")[0] == 0
    assert run(capsys, "vocab", "words", "--split", "北京", "大学")[0] == 0
    _code, out, _ = run(capsys, "vocab", "words", "--json")
    assert json.loads(out) == [
        {
            "word": "北京大学",
            "kind": "split",
            "parts": ["北京", "大学"],
            "added": json.loads(out)[0]["added"],
        },
        {"word": "大湾区", "kind": "join", "parts": [], "added": json.loads(out)[1]["added"]},
    ]
    assert run(capsys, "vocab", "words", "--remove", "大湾区")[0] == 0
    assert run(capsys, "vocab", "words", "--remove", "大湾区")[0] == 1
    assert run(capsys, "vocab", "words", "--join", "大")[0] == 1
    assert run(capsys, "vocab", "standard")[1].strip() == "2025"
    assert run(capsys, "vocab", "standard", "3.0")[1].strip() == "2021"
    assert run(capsys, "vocab", "standard")[1].strip() == "2021"
    assert run(capsys, "vocab", "standard", "4.0")[0] == 1


def test_statuses_survive_a_script_switch_and_re_preparation(
    tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    text = seed_texts["004_37a7c766c31cb43c.txt"]
    traditional = count_words(article_tokens(prepare(text)))
    simplified = count_words(article_tokens(prepare(convert_text(text, "t2s"))))
    with VocabStore(tmp_path / "v.json") as store:
        store.mark_many(
            [Mark(w, r) for w, r in zip(traditional.forms[::3], traditional.shown[::3])], Status("known")
        )
        trad, simp = summarize(traditional, store.status_of), summarize(simplified, store.status_of)
        again = summarize(count_words(article_tokens(prepare(text))), store.status_of)
    assert trad == again and 0.2 < trad.known_share < 1
    assert abs(trad.known_share - simp.known_share) < 0.02  # the same words, whichever script is read
