"""The PDF importer on pages typeset here: columns, running heads, fake bold, captions, damage.

PDFs are drawn with reportlab in Adobe's STSong-Light (a CID font every PDF
reader knows, so no font file is needed). Every article is known, so the
imported text is compared with it paragraph by paragraph.
"""

from __future__ import annotations

import io
import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("reportlab")
pytest.importorskip("pypdfium2")

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from reader.core.clean import clean
from reader.core.importers import LoadError, read_bytes, read_document
from reader.core.importers import pdf as pdf_importer

FONT = "STSong-Light"
_UNSAFE = __import__("re").compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
W, H = 595.0, 842.0
SENTENCES = [
    "天下大势分久必合合久必分。",
    "周末七国分争并入于秦。",
    "及秦灭之后楚汉分争又并入于汉。",
    "孩子们高高兴兴地排队入场。",
    "大家看看这里摸摸那里。",
    "研究人员正在进行实验。",
    "区内高新技术企业数量已突破七万家。",
    "他们天天都在问什么时候能再来。",
    "关键在于让资金设备和数据真正流动起来。",
    "方案同时要求受资助单位提交年度报告。",
    "这一政策有助于降低合作的制度成本。",
]


def article(rng: random.Random, paragraphs: int) -> list[str]:
    return ["".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 7))) for _ in range(paragraphs)]


def lines_of(text: str, width: float, size: float, indent: float) -> list[str]:
    """Break ``text`` into lines of at most ``width`` points (the first one indented)."""
    out, cur, room = [], "", width - indent
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, size)
        if cur and w > room and ch not in "，。、；：！？」”":
            out.append(cur)
            cur, room = "", width
        cur += ch
        room -= w
    return [*out, cur] if cur else out


def typeset(
    paragraphs: list[str],
    *,
    columns: int = 1,
    heading: str = "",
    copies: int = 1,
    pages_header: bool = True,
    caption: str = "",
    image: bool = False,
    size: float = 10.0,
    pull_quote: str = "",
) -> bytes:
    """A PDF of the article: heading in fake bold (``copies`` draws), indented paragraphs in ``columns``,
    a running header and a page number on every page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    margin, gutter, lead = 60.0, 18.0, size * 1.5
    col_w = (W - 2 * margin - (columns - 1) * gutter) / columns
    state = {"page": 1, "col": 0, "y": H - 80}

    def furniture() -> None:
        if pages_header:
            c.setFont(FONT, 8)
            c.drawString(margin, H - 40, "环球时报 2024年5月6日 星期一")
            c.drawCentredString(W / 2, 30, f"- {state['page']} -")

    def newline(height: float) -> float:
        if state["y"] - height < 60:
            state["col"] += 1
            if state["col"] == columns:
                c.showPage()
                state["page"] += 1
                state["col"] = 0
                furniture()
            state["y"] = H - 80
        state["y"] -= height
        return margin + state["col"] * (col_w + gutter)

    furniture()
    if heading:
        x = newline(size * 2.2)
        c.setFont(FONT, size * 1.6)
        for k in range(copies):
            c.drawString(x + 0.4 * k, state["y"], heading)
        state["y"] -= size
    for n, para in enumerate(paragraphs):
        if pull_quote and n == len(paragraphs) // 2:
            x = newline(size * 2)
            c.setFont(FONT, size * 1.3)
            c.drawString(x, state["y"], pull_quote)
            state["y"] -= size * 0.8
        if image and n == 1:
            x = newline(80)
            c.rect(x, state["y"], col_w * 0.8, 70, fill=1)
            c.drawInlineImage(_image(), x, state["y"], col_w * 0.8, 70)
            x = newline(size * 1.3)
            c.setFont(FONT, size * 0.85)
            c.drawString(x, state["y"], caption)
            state["y"] -= size * 0.5
        c.setFont(FONT, size)
        for k, line in enumerate(lines_of(para, col_w, size, 2 * size)):
            x = newline(lead)
            c.drawString(x + (2 * size if k == 0 else 0), state["y"], line)
    c.showPage()
    c.save()
    return buf.getvalue()


def _image():
    from PIL import Image

    return Image.new("RGB", (40, 20), (120, 80, 40))


def paragraphs_of(text: str) -> list[str]:
    return [p.replace("\n", "") for p in text.split("\n\n") if p.strip()]


def test_two_columns_running_heads_and_fake_bold_read_as_the_article() -> None:
    rng = random.Random(1)
    paras = article(rng, 14)
    data = typeset(paras, columns=2, heading="粤港澳大湾区科技合作迈上新台阶", copies=2)
    doc = read_bytes(data, "news.pdf")
    assert doc.kind == "pdf"
    assert paragraphs_of(doc.text) == ["粤港澳大湾区科技合作迈上新台阶", *paras]
    assert "环球时报" not in doc.text and "- 1 -" not in doc.text
    assert "doubled glyphs merged" in doc.done and "2 columns" in doc.done


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(seed=1219, columns=3, copies=1, size=10.5)  # one line at the top of two columns of a page
@example(seed=512, columns=3, copies=1, size=10.5)  # a line that repeats the one above it
@given(
    seed=st.integers(0, 10_000),
    columns=st.integers(1, 3),
    copies=st.integers(1, 3),
    size=st.sampled_from([9, 10.5]),
)
def test_any_layout_reads_in_order_without_copies_or_furniture(
    seed: int, columns: int, copies: int, size: float
) -> None:
    paras = article(random.Random(seed), random.Random(seed).randint(3, 16))
    doc = read_bytes(typeset(paras, columns=columns, heading="标题在此", copies=copies, size=size), "a.pdf")
    assert paragraphs_of(doc.text) == ["标题在此", *paras]


def test_lines_that_repeat_the_line_above_are_all_read() -> None:
    # Each line of the paragraph is the same text: PDFium's page reader keeps only the first.
    first, line = "孩子们高高兴兴地排队入场。", "甲乙丙丁戊己庚辛壬癸一二三四。"  # 13 and 15: a line each
    paras = [first + line * 4, "下一段。"]
    text = read_bytes(typeset(paras, pages_header=False, columns=3, size=10.0), "a.pdf").text
    assert paragraphs_of(text) == paras


def test_reduplications_and_double_letters_are_not_fake_bold() -> None:
    paras = ["孩子们高高兴兴地看看这里，研究研究那里。Hello all, 2011 Google Street!"]
    text = read_bytes(typeset(paras, pages_header=False), "a.pdf").text
    assert "高高兴兴" in text and "看看" in text and "研究研究" in text
    assert "Hello all" in text and "2011" in text and "Google Street" in text


def test_caption_under_a_figure_is_its_own_paragraph() -> None:
    paras = article(random.Random(3), 4)
    doc = read_bytes(typeset(paras, image=True, caption="▲研究人员正在进行实验。新华社"), "a.pdf")
    assert "▲研究人员正在进行实验。新华社" in paragraphs_of(doc.text)
    assert paragraphs_of(doc.text)[0] == paras[0]


def test_pull_quote_repeating_the_article_is_dropped() -> None:
    paras = article(random.Random(4), 8)
    quote = paras[2].split("。")[0] + "。"  # a sentence of the article, in large type
    doc = read_bytes(typeset(paras, pull_quote=quote), "a.pdf")
    assert paragraphs_of(doc.text) == paras
    assert "pull quote" in doc.done


def test_cleaner_keeps_the_imported_paragraphs() -> None:
    paras = article(random.Random(5), 6)
    doc = clean(read_bytes(typeset(paras, columns=2, heading="大标题", copies=2), "a.pdf").text)
    assert [b.text for b in doc.blocks] == ["大标题", *paras]


def scanned() -> bytes:
    """Two pages of pictures and no text: what a scanner makes."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    for _ in range(2):
        c.drawInlineImage(_image(), 50, 50, 400, 600)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_is_one_line() -> None:
    with pytest.raises(LoadError, match=r"^scan\.pdf: is a scanned PDF .*OCR") as err:
        read_bytes(scanned(), "scan.pdf")
    assert "\n" not in str(err.value)


def test_encrypted_pdf_is_one_line() -> None:
    from reportlab.lib import pdfencrypt

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.setFont(FONT, 12)
    c.drawString(72, 700, "机密文件")
    c.save()
    with pytest.raises(LoadError, match=r"^x\.pdf: is an encrypted PDF that needs a password"):
        read_bytes(buf.getvalue(), "x.pdf")


def test_too_many_pages_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_importer, "MAX_PAGES", 2)
    data = typeset(article(random.Random(6), 150))
    with pytest.raises(LoadError, match=r"^long\.pdf: has \d+ pages; the limit is 2"):
        read_bytes(data, "long.pdf")


def test_pdf_found_by_its_bytes_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"\n" * 10 + typeset(["天下大势分久必合合久必分。"], pages_header=False))
    assert read_document(path).kind == "pdf"


def test_pdf_metadata_and_names_are_made_safe() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("标题\x1b[31m红\x1b]0;pwned\x07\u202e")
    c.setAuthor("王明\r\n记者")
    c.setFont(FONT, 12)
    c.drawString(72, 700, "正文在此。")
    c.save()
    doc = read_bytes(buf.getvalue(), "m.pdf")
    assert doc.title.startswith("标题") and not _UNSAFE.search(doc.title)
    assert doc.byline == "王明 记者"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=30),
    truncate=st.integers(0, 10**6),
)
def test_damaged_pdf_is_read_or_refused_in_one_line(cuts: list[tuple[int, int]], truncate: int) -> None:
    data = bytearray(_SAMPLE)
    for at, value in cuts:
        data[at % len(data)] = value
    data = bytes(data[: max(8, truncate % (len(data) + 1))])
    try:
        doc = read_bytes(data, "bad.pdf")
    except LoadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("bad.pdf: ")
    else:
        assert "\x1b" not in doc.text


_SAMPLE = typeset(article(random.Random(7), 5), columns=2, heading="样本", copies=2)


def test_turned_text_such_as_a_watermark_is_left_out() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    c.setFont(FONT, 12)
    c.drawString(72, 700, "正文第一段在这里。")
    c.saveState()
    c.translate(300, 400)
    c.rotate(45)
    c.setFont(FONT, 60)
    c.drawString(0, 0, "内部资料")
    c.restoreState()
    c.save()
    assert read_bytes(buf.getvalue(), "w.pdf").text.strip() == "正文第一段在这里。"


def test_numbered_heading_at_the_top_of_pages_keeps_its_number() -> None:
    """A heading's number set apart from its words stands at the same height on several pages, like a
    running header with its number changed; it stays with its words, the header and page number go."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    body = "天下大势分久必合合久必分。周末七国分争并入于秦。"
    for page in range(1, 4):
        c.setFont(FONT, 9)
        c.drawString(60, H - 40, "用户手册")
        c.drawRightString(W - 60, H - 40, f"{page} / 3")
        c.setFont(FONT, 14)
        c.drawString(60, H - 90, f"2.{page}")
        c.drawString(60 + 40, H - 90, f"第{'一二三'[page - 1]}节")
        c.setFont(FONT, 10)
        for k in range(5):
            c.drawString(60, H - 130 - 15 * k, body)
        c.showPage()
    c.save()
    paras = paragraphs_of(read_bytes(buf.getvalue(), "h.pdf").text)
    assert [p for p in paras if p.startswith("2.")] == ["2.1 第一节", "2.2 第二节", "2.3 第三节"]
    assert not any("用户手册" in p or "/ 3" in p for p in paras)


def test_real_pdf_with_gbk_font_names_and_no_unicode_map() -> None:
    """A producer's PDF (credited in tests/data/importers/README.md) that pdftotext turns into mojibake."""
    path = Path(__file__).resolve().parent.parent / "data" / "importers" / "simfang-gbk-names.pdf"
    # The producer set the line letter-spaced with a space character between every two characters.
    assert read_document(path).text.startswith("全世界无产者，联合起来")


@pytest.mark.parametrize(("name", "floor"), [("debref-zh-cn", 0.92), ("debref-zh-tw", 0.95)])
def test_real_book_pages_read_in_order_without_furniture(name: str, floor: float) -> None:
    """Two pages of a book typeset by LaTeX (credited in tests/data/importers/README.md), checked against
    the Han characters of the same pages in the book's plain-text edition. Tables and cross references
    are set differently there (a caption above its table, a link's title in full), hence the floor."""
    import difflib

    from reader.core.han import HAN_CLASS

    data = Path(__file__).resolve().parent.parent / "data" / "importers"
    text = read_document(data / f"{name}.pdf").text
    not_han = re.compile(f"[^{HAN_CLASS}]")
    got = not_han.sub("", text)
    ref = not_han.sub("", (data / f"{name}.han.txt").read_text(encoding="utf-8"))
    blocks = difflib.SequenceMatcher(None, got, ref, autojunk=False).get_matching_blocks()
    assert sum(b.size for b in blocks) >= floor * len(ref)
    assert "Debian 参考手册" not in text and "Debian 參考手冊" not in text  # the running header
    assert "/ 223" not in text  # the page numbers
    paras = paragraphs_of(text)
    assert not any(re.fullmatch(r"\d{1,3}", p) for p in paras)
    # No character doubled where the book has it once.
    doubled = [a + b for a, b in itertools.pairwise(got) if a == b]
    assert len(doubled) <= sum(1 for a, b in itertools.pairwise(ref) if a == b)
    assert any(p.startswith("3.1.") for p in paras)  # a heading's number kept at a page's top


def test_pdfs_read_from_several_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    articles = [article(random.Random(n), 6) for n in range(4)]
    files = [typeset(paras, columns=2) for paras in articles]
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda data: read_bytes(data, "t.pdf").text, files * 2))
    assert [paragraphs_of(t) for t in texts] == articles * 2
