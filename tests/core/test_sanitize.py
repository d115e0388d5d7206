"""The one definition of a safe string: inbound cleaning and outbound visibility."""

import json

from hypothesis import given
from hypothesis import strategies as st

from reader.core.sanitize import clean_line, clean_multiline, dumps, has_unsafe, visible, visible_line

HOSTILE = [
    "E\x1b]2;pwned\x07\x1b[31mRED.txt",
    "\x9b31mC1 CSI",
    "a\x00b\x07c\x7fd",
    "\u202egnp.exe",
    "line\r\nbreak\u2028sep",
    "\x1bP+q\x1b\\tail",
]

controls = st.characters(codec=None, categories=("Cc", "Cf"))
pieces = st.one_of(controls, st.characters(), st.sampled_from(["\x1b[", "\x1b]2;", "\x9b", "\x1bP", "\x07"]))
text_with_controls = st.lists(pieces, max_size=30).map("".join)


def _terminal_safe(s: str, *, lines: bool) -> bool:
    allowed = {"\n", "\t"} if lines else set()
    return not any(
        (ord(c) < 0x20 and c not in allowed)
        or 0x7F <= ord(c) <= 0x9F
        or "\u202a" <= c <= "\u202e"
        or "\u2066" <= c <= "\u2069"
        for c in s
    )


def test_clean_line_drops_escape_sequences_with_their_parameters():
    assert clean_line(HOSTILE[0]) == "ERED.txt"
    assert clean_line(HOSTILE[1]) == "C1 CSI"
    assert clean_line(HOSTILE[4]) == "line break sep"


def test_clean_multiline_keeps_lines_and_tabs():
    assert clean_multiline("a\r\nb\tc\x1b[2Jd\x07") == "a\nb\tcd"


def test_visible_shows_a_picture_for_each_control():
    assert visible("a\x1bb") == "a\u241bb"
    assert visible("a\x9bb") == "a\ufffdb"
    assert visible_line("a\nb") == "a\u240ab"
    assert visible("a\nb") == "a\nb"


def test_dumps_escapes_c1_and_keeps_cjk():
    out = dumps({"t": "香港\x9b31m\x7f\u202e"})
    assert "香港" in out
    assert _terminal_safe(out, lines=False)
    assert json.loads(out) == {"t": "香港\x9b31m\x7f\u202e"}


@given(text_with_controls)
def test_every_layer_is_terminal_safe(s):
    assert _terminal_safe(clean_line(s), lines=False)
    assert _terminal_safe(clean_multiline(s), lines=True)
    assert _terminal_safe(visible(s), lines=True)
    assert _terminal_safe(visible_line(s), lines=False)
    assert not has_unsafe(visible(s))
    assert _terminal_safe(dumps([s]), lines=False)
    assert json.loads(dumps([s])) == [s]


@given(text_with_controls)
def test_cleaning_is_idempotent(s):
    assert clean_line(clean_line(s)) == clean_line(s)
    assert clean_multiline(clean_multiline(s)) == clean_multiline(s)
