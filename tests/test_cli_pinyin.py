"""`reader pinyin` and `reader segment`: display options, the user's overrides, one call for many lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.overrides import FILE_NAME


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _pinyin_rows(out: str) -> list[str]:
    return out.splitlines()[0::2]


def test_options_change_how_readings_are_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("香港一会儿不是", encoding="utf-8")
    _, plain, _ = run(["pinyin", "--raw", "--width", "60", str(path)], capsys)
    _, spaced, _ = run(["pinyin", "--raw", "--width", "60", "--spaced", "--sandhi", str(path)], capsys)
    _, er, _ = run(["pinyin", "--raw", "--width", "60", "--no-erhua", str(path)], capsys)
    assert "xiānggǎng" in plain and "yīhuìr" in plain and "bùshì" in plain
    assert "xiāng gǎng" in spaced and "yí huìr" in spaced and "bú shì" in spaced
    assert "yīhuì'er" in er, "without erhua, 儿 is its own syllable (after an apostrophe)"


def test_json_keeps_one_entry_per_character_for_many_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["他长大了。", "银行行长来了。", "一会儿就好。", "AI發展很快"]
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run(["pinyin", "--json", "--raw", "--style", "numbers", str(path)], capsys)
    tokens = json.loads(out)
    assert code == 0 and "".join(t["text"] for t in tokens) == path.read_text(encoding="utf-8")
    for t in tokens:
        assert set(t) == {"text", "start", "end", "pinyin"} and len(t["pinyin"]) == t["end"] - t["start"]
    by_text = {t["text"]: t["pinyin"] for t in tokens}
    assert by_text["长大"] == ["zhang3", "da4"] and by_text["一会儿"] == ["yi1", "hui4", "r5"]


def test_the_override_file_in_the_data_home_is_honoured(
    tmp_path: Path, reader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reader_home.mkdir(parents=True, exist_ok=True)
    (reader_home / FILE_NAME).write_text("银行 yin2 xing2\n只 zzz\n", encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text("我在銀行工作", encoding="utf-8")
    code, out, err = run(["pinyin", "--json", "--raw", "--style", "numbers", str(path)], capsys)
    assert code == 0 and {"text": "銀行", "start": 2, "end": 4, "pinyin": ["yin2", "xing2"]} in json.loads(
        out
    )
    assert err.count("\n") == 1 and f"{FILE_NAME} line 2" in err


def test_segment_writes_words_apart_and_lines_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("我们在银行工作。\n一会儿", encoding="utf-8")
    code, out, _ = run(["segment", "--raw", str(path)], capsys)
    assert code == 0 and out == "我们 在 银行 工作 。\n一会儿\n"
