"""Script conversion: OpenCC's own upstream cases, and offset maps that hold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.convert import (
    SCRIPTS,
    available_configs,
    convert,
    convert_text,
    detect_script,
    to_script,
)

DATA = Path(__file__).parent.parent / "data" / "opencc"


def _cases() -> list[tuple[str, str, str, str]]:
    raw = (DATA / "testcases.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))  # upstream keeps trailing commas
    return [
        (case["id"], config, case["input"], expected)
        for case in data["cases"]
        for config, expected in case["expected"].items()
    ]


CASES = _cases()


def test_upstream_case_count_is_complete() -> None:
    assert len(CASES) == 543, f"expected OpenCC's 543 expected outputs, found {len(CASES)}"


@pytest.mark.parametrize(
    ("case_id", "config", "text", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_upstream_case(case_id: str, config: str, text: str, expected: str) -> None:
    result = convert(text, config)
    assert result.text == expected, f"{case_id} {config}: {result.text!r} != {expected!r}"
    _assert_map_consistent(result.source, result.text, result.map)


GOLDEN = sorted((DATA / "golden" / "output").glob("*.txt"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden_document(path: Path) -> None:
    config = path.name.split(".")[-2]
    source = (DATA / "golden" / "input" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    result = convert(source, config)
    assert result.text == expected
    _assert_map_consistent(result.source, result.text, result.map)


def _assert_map_consistent(src: str, dst: str, m) -> None:
    """Every converted position maps back monotonically, and ranges round-trip to cover themselves."""
    previous = 0
    for i in range(len(dst) + 1):
        s = m.to_src(i)
        assert previous <= s <= len(src), f"to_src not monotone at {i}"
        previous = s
    for i in range(0, len(src), max(1, len(src) // 200)):
        a, b = m.range_to_dst(i, min(i + 3, len(src)))
        back = m.range_to_src(a, b)
        assert back[0] <= i and back[1] >= min(i + 3, len(src)), "a range must map back over itself"


def test_every_shipped_config_is_available() -> None:
    for config in (
        "s2t",
        "t2s",
        "s2tw",
        "tw2s",
        "s2twp",
        "tw2sp",
        "s2hk",
        "hk2s",
        "t2tw",
        "t2hk",
        "tw2t",
        "hk2t",
    ):
        assert config in available_configs()


def test_unknown_config_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown conversion 'x2y'"):
        convert_text("汉字", "x2y")


def test_length_changing_phrase_maps_as_a_whole() -> None:
    result = convert("我爱吃方便面和米饭", "s2twp")
    assert result.text == "我愛吃泡麵和米飯"
    noodle = result.text.index("泡麵")
    # The two converted characters map back to the three original ones.
    assert result.map.range_to_src(noodle, noodle + 2) == (3, 6)
    assert result.map.range_to_src(noodle, noodle + 1) == (3, 6)
    # What follows is still aligned one to one.
    assert result.map.to_src(noodle + 2) == result.source.index("和")
    assert result.map.range_to_dst(6, 7) == (noodle + 2, noodle + 3)


def test_positions_after_many_lines_map_exactly() -> None:
    text = "第一行方便面\n" * 50 + "最后一行的字"
    result = convert(text, "s2twp")
    last = result.text.rindex("字")
    assert result.source[result.map.to_src(last)] == "字"
    assert result.map.to_dst(text.rindex("字")) == last


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="方便面头发互联网络软件出租车的了和。，\n ab1", max_size=60))
def test_map_is_monotone_and_covers_for_any_text(text: str) -> None:
    result = convert(text, "s2twp")
    _assert_map_consistent(result.source, result.text, result.map)


def test_detect_script() -> None:
    assert detect_script("这是简体中文的文章，我们来看看发展。") == "simplified"
    assert detect_script("這是繁體中文的文章，我們來看看發展。") == "traditional"
    assert detect_script("hello world 123") == "none"


def test_script_switch_keeps_a_word_in_place() -> None:
    text = "香港特區行政長官李家超一行昨日下午率團抵達浙江杭州市"
    start = text.index("李家超")
    for script in SCRIPTS:
        view = to_script(text, script, "traditional")
        a, b = view.map.range_to_dst(start, start + 3)
        assert view.map.range_to_src(a, b) == (start, start + 3), script
