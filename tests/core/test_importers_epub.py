"""EPUB books: spine order, titles from nav or NCX, lazy chapters, and every kind of bad book."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.bench.importers import make_epub
from reader.core.importers import LoadError, read_bytes, read_document
from reader.core.importers.xhtml import xhtml_text
from reader.core.sanitize import has_unsafe

CHAPTERS = [
    ("第一回 宴桃园豪杰三结义", ["话说天下大势，分久必合，合久必分。", "周末七国分争，并入于秦。"]),
    ("第二回 张翼德怒鞭督邮", ["且说董卓字仲颖，陇西临洮人也。"]),
    ("第三回 议温明董卓叱丁原", ["且说曹操当日对孙坚曰：此是一国之事。", "卓曰：吾欲废帝。"]),
]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_epub(tmp_path / "book.epub", "三国演义", CHAPTERS)


@pytest.mark.parametrize("nav", [True, False])
def test_chapters_in_spine_order_with_their_titles(tmp_path: Path, nav: bool) -> None:
    doc = read_document(make_epub(tmp_path / "b.epub", "三国演义", CHAPTERS, nav=nav))
    assert doc.kind == "epub" and doc.is_book
    assert (doc.title, doc.byline, doc.date) == ("三国演义", "佚名", "2024-01-02")
    assert [title for title, _ in doc.chapters] == [t for t, _ in CHAPTERS]
    for (_, part), (head, paras) in zip(doc.chapters, CHAPTERS):
        assert part.text().split("\n\n") == [head, *paras]
    assert doc.text.split("\n\n") == [piece for head, paras in CHAPTERS for piece in (head, *paras)]


def test_chapters_load_only_when_asked(book: Path) -> None:
    doc = read_document(book)
    assert not any(part.loaded for part in doc.parts)
    doc.parts[1].text()
    assert [part.loaded for part in doc.parts] == [False, True, False]


def test_spine_order_not_file_order(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "b.epub", "书", CHAPTERS)
    data = _rewrite(
        path,
        "OEBPS/content.opf",
        lambda opf: opf.replace(
            '<itemref idref="c1"/><itemref idref="c2"/>', '<itemref idref="c2"/><itemref idref="c1"/>'
        ),
    )
    assert [t for t, _ in read_bytes(data, "b.epub").chapters][:2] == [CHAPTERS[1][0], CHAPTERS[0][0]]


def test_drm_is_one_line_but_font_obfuscation_is_not_drm(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"locked\.epub: is an EPUB protected by DRM"):
        read_document(make_epub(tmp_path / "locked.epub", "书", CHAPTERS, encrypted=True))
    fonts = _rewrite(
        make_epub(tmp_path / "f.epub", "书", CHAPTERS),
        "META-INF/encryption.xml",
        lambda _: (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/'
            'xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
            '<enc:CipherData><enc:CipherReference URI="OEBPS/font.otf"/></enc:CipherData></enc:EncryptedData>'
            "</encryption>"
        ),
    )
    assert read_bytes(fonts, "f.epub").title == "书"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d[: len(d) // 2], "is a damaged EPUB"),
        (lambda d: _drop(d, "OEBPS/content.opf"), "is a damaged EPUB (its package file is missing)"),
        (
            lambda d: _drop(d, "META-INF/container.xml"),
            "is a damaged EPUB (META-INF/container.xml is missing)",
        ),
        (lambda d: _put(d, "OEBPS/content.opf", "<package><oops"), "is not well-formed XML"),
        (
            lambda d: _put(
                d, "OEBPS/content.opf", '<!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><p>&b;</p>'
            ),
            "declares XML entities",
        ),
    ],
)
def test_bad_books_are_one_line(book: Path, change, message: str) -> None:
    data = change(book.read_bytes())
    with pytest.raises(LoadError) as err:
        read_bytes(data, "bad.epub")
    assert (
        str(err.value).startswith("bad.epub: ") and message in str(err.value) and "\n" not in str(err.value)
    )


def test_zip_bomb_is_refused_quickly(book: Path) -> None:
    data = _put(book.read_bytes(), "OEBPS/c1.xhtml", "<p>" + "天" * 30_000_000 + "</p>")
    assert len(data) < 1_000_000
    doc = read_bytes(data, "bomb.epub")
    with pytest.raises(LoadError, match=r"^bomb\.epub: is an EPUB with a file that inflates"):
        doc.parts[0].text()


def test_xhtml_to_text_drops_ruby_keeps_captions_and_survives_nesting() -> None:
    text, heads = xhtml_text(
        "<html><head><title>t</title><style>p{}</style></head><body><h2>标题</h2>"
        "<p><ruby>漢<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby><ruby>字<rt>zì</rt></ruby>很难。</p>"
        "<figure><img src='a.png'/><figcaption>图为会场。</figcaption></figure><p>第一行<br/>第二行</p>"
        + "<div>" * 50_000
        + "深处"
        + "</div>" * 50_000
        + "</body></html>"
    )
    assert text.split("\n\n") == ["标题", "漢字很难。", "▲图为会场。", "第一行\n第二行", "深处"]
    assert heads == ["标题"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=20))
def test_damaged_book_is_read_or_refused_in_one_line(book: Path, cuts: list[tuple[int, int]]) -> None:
    data = bytearray(book.read_bytes())
    for at, value in cuts:
        data[at % len(data)] = value
    try:
        doc = read_bytes(bytes(data), "d.epub")
        texts = [part.text() for part in doc.parts]
    except LoadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("d.epub: ")
    else:
        assert all(not has_unsafe(t.replace("\n", "")) for t in texts)
        assert all(not has_unsafe(t) for t, _ in doc.chapters)


def _rewrite(path: Path, member: str, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        for name in names:
            body = src.read(name)
            if name == member:
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(src.getinfo(name), body)
        if member not in names:
            dst.writestr(member, edit(""))
    return out.getvalue()


def _drop(data: bytes, member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def _put(data: bytes, member: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
        dst.writestr(member, text, zipfile.ZIP_DEFLATED)
    return out.getvalue()
