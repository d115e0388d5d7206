"""Saved web pages: GBK and Big5 pages that declare their encoding, MHTML, captions, hostile pages."""

from __future__ import annotations

import subprocess
import sys
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.importers import LoadError, read_bytes
from reader.core.importers.html import declared_encoding
from reader.core.sanitize import has_unsafe

PARAS = [
    "2024年，粤港澳大湾区研发投入超过4,000亿元，同比增长3.5%。据广东省科技厅介绍，区内高新技术企业数量已突破7.5万家，其中约三成集中在深圳。",
    "在人工智能领域，多家企业推出了自主研发的大模型。香港科技大学的研究团队表示，他们正与内地伙伴合作开发面向医疗的系统，预计明年上半年投入试用。",
    "为吸引人才，各地推出了一系列措施。有学者指出，科研合作不能只停留在签协议的层面，关键在于让资金、设备和数据真正流动起来，并且要长期坚持下去。",
]


def page(head: str, paras: list[str] = PARAS, title: str = "大湾区科技合作迈上新台阶") -> str:
    caption = "<figcaption>深圳湾实验室的研究人员正在进行实验。新华社</figcaption>"
    body = f"<p>{paras[0]}</p><figure><img src='a.jpg'>{caption}"
    body += "</figure>" + "".join(f"<p>{p}</p>" for p in paras[1:])
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title} - 新闻网</title>"
        "<meta property='article:published_time' content='2024-04-22T08:00:00+08:00'></head><body>"
        "<nav><a href='/'>首页</a> | <a href='/news'>新闻</a> | <a href='/tech'>科技</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>本报记者 王明 深圳报道</p>{body}</article>"
        "<footer>版权所有 新闻网 联系我们 网站地图</footer></body></html>"
    )


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ("<meta charset='gbk'>", "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GB2312">', "gb18030"),
        ("<meta charset=big5>", "big5hkscs"),
        ('<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=Big5">', "big5hkscs"),
    ],
)
def test_declared_legacy_encodings_are_used(head: str, encoding: str) -> None:
    from reader.core.convert import convert_text

    big5 = encoding != "gb18030"
    paras = [convert_text(p, "s2hk") for p in PARAS] if big5 else PARAS
    title = "大灣區科技合作邁上新台階" if big5 else "大湾区科技合作迈上新台阶"
    html = page(head, paras, title)
    data = (convert_text(html, "s2hk") if big5 else html).encode(encoding)
    doc = read_bytes(data, "news.htm")
    assert doc.kind == "html" and doc.encoding == encoding
    assert doc.title == title and doc.date == "2024-04-22" and "王明" in doc.byline
    got = paragraphs(doc.text)
    assert got[0] == title and paras[0] in got and paras[-1] in got
    assert not any(w in doc.text for w in ("首页", "首頁", "版权所有", "版權所有"))


def test_figure_caption_is_kept_as_a_caption_in_place() -> None:
    got = paragraphs(read_bytes(page("<meta charset='utf-8'>").encode(), "a.html").text)
    k = got.index("▲深圳湾实验室的研究人员正在进行实验。新华社")
    assert got[k - 1] == PARAS[0] and got[k + 1] == PARAS[1]


def test_page_saved_again_as_utf8_keeps_its_old_declaration() -> None:
    doc = read_bytes(page("<meta charset='gbk'>").encode("utf-8"), "a.html")
    assert doc.encoding == "utf-8" and PARAS[1] in doc.text


def test_declaration_is_found_in_the_first_bytes_only() -> None:
    assert declared_encoding(b"<?xml version='1.0' encoding='GBK'?><html>") == "gbk"
    assert declared_encoding(b"<html>" + b" " * 5000 + b"<meta charset=big5>") is None


def test_mhtml_page_is_read_from_its_root_part() -> None:
    msg = EmailMessage()
    msg["Subject"] = "saved page"
    msg["MIME-Version"] = "1.0"
    msg.make_related()
    html_part = EmailMessage()
    html_part.set_content(
        page("<meta charset='gbk'>").encode("gb18030"),
        maintype="text",
        subtype="html",
        cte="quoted-printable",
    )
    html_part.replace_header("Content-Type", "text/html; charset=gbk")
    msg.attach(html_part)
    image = EmailMessage()
    image.set_content(b"\x89PNG\r\n\x1a\n" + bytes(200), maintype="image", subtype="png")
    msg.attach(image)
    doc = read_bytes(msg.as_bytes(), "saved.mhtml")
    assert doc.kind == "mhtml" and doc.encoding == "gb18030"
    assert PARAS[2] in doc.text and doc.title == "大湾区科技合作迈上新台阶"


def test_mhtml_without_a_page_is_one_line() -> None:
    data = (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n"
        b"--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--\r\n"
    )
    with pytest.raises(LoadError, match=r"^s\.mhtml: is an MHTML file without a web page in it$"):
        read_bytes(data, "s.mhtml")


def test_hostile_strings_are_made_safe() -> None:
    evil = "\x1b]0;owned\x07标题\x1b[2J\u202e"
    html = page("<meta charset='utf-8'>", [p + "\x1b[31m" for p in PARAS], title=evil)
    doc = read_bytes(html.encode(), "evil.html")
    assert not has_unsafe(doc.title) and "\u202e" not in doc.title and "\x1b" not in doc.text
    assert not has_unsafe(doc.text.replace("\n", ""))


def test_deeply_nested_page_is_read_or_refused_in_one_line() -> None:
    html = (
        "<html><body>" + "<div>" * 100_000 + "<p>" + PARAS[0] + "</p>" + "</div>" * 100_000 + "</body></html>"
    )
    try:
        doc = read_bytes(html.encode(), "deep.html")
    except LoadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("deep.html: ")
    else:
        assert isinstance(doc.text, str)


def test_page_without_article_text_is_one_line() -> None:
    with pytest.raises(LoadError, match=r"^empty\.html: is a web page in which no article text was found"):
        read_bytes(b"<html><head><title>x</title></head><body><nav>a</nav></body></html>", "empty.html")


def test_nothing_reaches_the_terminal_and_trafilatura_loads_only_for_pages() -> None:
    code = (
        "import sys\n"
        "from reader.core.importers import read_bytes\n"
        "assert 'trafilatura' not in sys.modules and 'pypdfium2' not in sys.modules\n"
        "try:\n    read_bytes(b'<html><body><p>x</p></body></html>', 'x.html')\n"
        "except Exception as exc:\n    pass\n"
        "assert 'trafilatura' in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stderr == "" and out.stdout == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(st.sampled_from(list("<>/=\"' abcdefghijklmnopqrstuvwxyz!-天下大势。\x00\x1b\n")), max_size=400)
)
def test_any_markup_is_read_or_refused_in_one_line(markup: str) -> None:
    try:
        doc = read_bytes(("<html><body>" + markup).encode("utf-8"), "f.html")
    except LoadError as exc:
        assert "\n" not in str(exc)
    else:
        assert not has_unsafe(doc.text.replace("\n", "")) and not has_unsafe(doc.title)


def test_page_beyond_the_size_limit_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.importers import html

    monkeypatch.setattr(html, "MAX_HTML_BYTES", 1000)
    with pytest.raises(LoadError, match=r"^big\.html: is too large for a web page \(the limit is 0 MiB\)$"):
        read_bytes(page("<meta charset='utf-8'>").encode(), "big.html")
