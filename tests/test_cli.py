"""The command line: output contracts, exit statuses and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_TRAD = ROOT / "seeds" / "001_ba47d1d0d989f03a.txt"
SEED_DOUBLED = ROOT / "seeds" / "002_a3c1b76c20e60326.txt"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def write(tmp_path: Path, text: str, name: str = "a.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_convert_raw_uses_opencc_phrases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["convert", "--to", "s2twp", "--raw", str(write(tmp_path, "鼠标和软件"))], capsys)
    assert code == 0 and out == "滑鼠和軟體\n"


def test_convert_reads_gb18030(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "香港特区行政长官李家超一行昨日下午率团抵达杭州。", encoding="gb18030")
    code, out, _ = run(["convert", "--to", "s2t", "--raw", str(path)], capsys)
    assert code == 0 and out.startswith("香港特區行政長官")


def test_pinyin_json_gives_one_reading_per_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["pinyin", "--raw", "--json", str(write(tmp_path, "銀行行長說AI"))], capsys)
    tokens = json.loads(out)
    assert code == 0
    assert "".join(t["text"] for t in tokens) == "銀行行長說AI"
    for t in tokens:
        assert len(t["pinyin"]) == t["end"] - t["start"] == len(t["text"])
    by_text = {t["text"]: t["pinyin"] for t in tokens}
    assert by_text["銀行行長"] == ["yín", "háng", "háng", "zhǎng"], "行 read by its word: yínháng hángzhǎng"
    assert by_text["AI"] == [None, None]


def test_pinyin_interlinear_puts_pinyin_above_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["pinyin", "--raw", "--width", "40", str(write(tmp_path, "中国人民"))], capsys)
    pinyin_row, text_row = out.splitlines()[:2]
    assert code == 0
    assert text_row.startswith("中国") and pinyin_row.startswith("zhōngguó")


def test_unknown_config_is_exit_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["convert", "--to", "s2x", str(write(tmp_path, "字"))], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "unknown conversion 's2x'" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"%PDF-1.4\n\x00\x01", "PDF"), (b"\x00\x01\x02\x03" * 100, "binary")],
    ids=["empty", "pdf", "binary"],
)
def test_bad_files_exit_1_without_traceback(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "clean", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_usage_error_is_exit_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "reader", "convert"], capture_output=True, text=True)
    assert proc.returncode == 2


def test_stdin_is_read_with_a_dash(capsys: pytest.CaptureFixture[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "convert", "--to", "t2s", "--raw", "-"],
        input="發展".encode(),
        capture_output=True,
    )
    assert proc.returncode == 0 and proc.stdout.decode() == "发展\n"


def test_a_ui_that_fails_to_import_is_an_error_not_the_library(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "reader.ui.app", None)  # importing it now raises ImportError
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, out, err = run([], capsys)
    assert code == 1 and out == "", "nothing else is printed in the app's place"
    assert "Error" in err and "reader.ui.app" in err, err


def test_every_group_of_commands_is_offered(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    for name in (
        "clean",
        "convert",
        "segment",
        "pinyin",
        "library",
        "add",
        "notes",
        "export",
        "import-notes",
        "stats",
        "vocab",
        "serve",
    ):
        assert name in help_text, f"`reader {name}` is missing"


def test_serve_is_a_command(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "reader", "serve", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "--host" in proc.stdout and "--port" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "serve", "--port", "99999"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "port" in proc.stderr


def test_serve_without_its_extra_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    code, out, err = run(["--home", str(tmp_path / "home"), "serve"], capsys)
    assert code == 1 and out == ""
    assert err == "reader: serving in a browser needs the serve extra: pip install 'reader[serve]'\n"


def test_python_dash_m_reader_runs_the_command_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(tmp_path / "home"), "library", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 5
