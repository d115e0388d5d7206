"""A book's numbered chapter headings are its contents, not page furniture that repeats with a number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.clean import clean

NUMERALS = "一二三四五六七八九十"
PARAS = ["天下大势，分久必合，合久必分。", "周末七国分争，并入于秦。", "及秦灭之后，楚、汉分争，又并入于汉。"]


def _title(style: str, k: int) -> str:
    return {
        "digits": f"第{k}章",
        "numerals": f"第{NUMERALS[k - 1]}回",
        "english": f"Chapter {k}",
        "named": f"第{k}节 其{NUMERALS[k - 1]}",
    }[style]


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(3, 10),
    style=st.sampled_from(["digits", "numerals", "english", "named"]),
    marked=st.booleans(),
    paras=st.integers(1, 3),
)
def test_numbered_chapters_are_headings_of_the_contents(
    count: int, style: str, marked: bool, paras: int
) -> None:
    titles = [_title(style, k) for k in range(1, count + 1)]
    text = "\n\n".join(
        ("# " if marked else "") + title + "\n\n" + "\n\n".join(PARAS[:paras]) for title in titles
    )
    doc = clean(text)
    assert [entry.title for entry in doc.toc()] == titles
    assert not [c for c in doc.changes if c.kind == "furniture"]


def test_one_chapter_line_repeated_without_page_breaks_is_still_a_running_head() -> None:
    body = "\n\n".join(f"{p}{p[:-1]}又说了第{k}遍。" for k, p in enumerate(PARAS * 2))
    text = "\n\n".join(f"第3章 经济发展\n\n{body}" for _ in range(4))
    doc = clean(text)
    assert "第3章 经济发展" not in doc.text


def test_cleaning_in_several_passes_keeps_the_levels_markdown_gave() -> None:
    """A text that needs a second pass (here a bracket closed on a line of its own) is read again
    without its ``#`` marks: its headings keep the levels the first pass gave them (a book's chapters
    all at the top of its contents)."""
    import reader.core.clean as cleaner

    twice = (
        "馬之千里者，一食或盡粟一石。安求其能千里也？(\n\n)\n\n"
        "策之不以其道，食之不能盡其材，曰：“天下無馬！”嗚呼！其真不知馬也！"
    )
    text = "\n\n".join(f"# 第{k}章\n\n## 其{NUMERALS[k]}\n\n{twice}" for k in range(1, 4))
    passes = []
    real = cleaner._clean_in_passes
    try:
        cleaner._clean_in_passes = lambda source: passes.append(1) or real(source)
        found = [(e.title, e.level) for e in clean(text).toc()]
    finally:
        cleaner._clean_in_passes = real
    assert passes, "the text needs a second pass"
    assert found == [(t, lv) for k in range(1, 4) for t, lv in ((f"第{k}章", 1), (f"其{NUMERALS[k]}", 2))]
