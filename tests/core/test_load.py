"""Loading: every supported encoding decodes, and nothing that drives a terminal gets through."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.load import LoadError, load_bytes, load_path, sanitize

SEEDS = Path(__file__).parent.parent.parent / "seeds"
TRAD = (SEEDS / "001_ba47d1d0d989f03a.txt").read_text(encoding="utf-8")
SIMP = (SEEDS / "000_cf92a8bee5f652f8.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMP.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMP.encode("utf-8"), "utf-8"),
        (SIMP.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SIMP.encode("utf-16-be"), "utf-16"),
        (SIMP.encode("gb18030"), "gb18030"),
        (TRAD.encode("big5hkscs"), "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gb18030", "big5"],
)
def test_supported_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    loaded = load_bytes(data)
    assert loaded.encoding == encoding
    original = TRAD if encoding == "big5" else SIMP
    assert loaded.text == original.replace("\r\n", "\n")


def test_short_gb18030_and_big5_are_told_apart() -> None:
    sentence = "香港特區行政長官李家超一行昨日下午率團抵達浙江杭州市，展開訪問行程。"
    assert load_bytes(sentence.encode("big5hkscs")).text == sentence
    simplified = "香港特区行政长官李家超一行昨日下午率团抵达浙江杭州市，展开访问行程。"
    assert load_bytes(simplified.encode("gb18030")).text == simplified


def test_newlines_are_normalised() -> None:
    assert load_bytes("一\r\n二\r三\n".encode()).text == "一\n二\n三\n"


def test_escape_sequences_and_controls_never_pass() -> None:
    nasty = "標題\x1b[31m紅\x1b[0m\x1b]0;title\x07正文\x1b]8;;http://x\x1b\\鏈接\x1b]8;;\x1b\\\x07\x08\x00尾\x9b2J"
    text = load_bytes(nasty.encode("utf-8")).text
    assert text == "標題紅正文鏈接尾"


def test_tab_newline_and_form_feed_are_kept() -> None:
    assert load_bytes("甲\t乙\n\x0c丙".encode()).text == "甲\t乙\n\x0c丙"


@given(st.text())
def test_sanitized_text_has_no_terminal_controls(text: str) -> None:
    clean, _ = sanitize(text)
    assert not any(ord(c) < 32 and c not in "\t\n\x0c" for c in clean)
    assert not any(0x7F <= ord(c) <= 0x9F for c in clean)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "looks like a PNG image"),
        (b"PK\x03\x04\x14\x00", "looks like a ZIP archive"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_input_gets_a_one_line_error(data: bytes, message: str) -> None:
    with pytest.raises(LoadError, match=message) as info:
        load_bytes(data, name="article.txt")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("article.txt: ")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load_path(tmp_path / "missing.txt")
    with pytest.raises(LoadError, match="is a folder"):
        load_path(tmp_path)


def test_bomless_utf16_is_read_but_binary_with_zero_bytes_is_not() -> None:
    assert load_bytes("Hello 你好 world, plain text here".encode("utf-16-le")).text.startswith("Hello 你好")
    with pytest.raises(LoadError, match="binary"):
        load_bytes(b"\x00\x01\x02\x03" * 100)
