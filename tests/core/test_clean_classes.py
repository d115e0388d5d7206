"""The cleaner on the classes of defect seen on unseen PDF extractions, each on a small case."""

from __future__ import annotations

from reader.core.clean import clean
from reader.core.model import BlockKind

from .test_clean import check_contract, seed


def blocks(text: str) -> list[tuple[str, str]]:
    doc = clean(text)
    check_contract(doc)
    assert clean(doc.text).text == doc.text
    return [(b.kind.value, b.text) for b in doc.blocks]


# --- Headings and paragraphs --------------------------------------------------

def test_a_short_line_before_a_blank_line_is_a_heading() -> None:
    got = blocks("香港的未来发展前景\n\n香港是一个国际大都市。\n\n第二段也很重要。")
    assert got == [("heading", "香港的未来发展前景"), ("paragraph", "香港是一个国际大都市。"), ("paragraph", "第二段也很重要。")]


def test_seed_000_headings_stand_apart_from_their_paragraphs() -> None:
    doc = clean(seed("000"))
    assert ("heading", "教育的核心，培养创造力、艺术涵养及坚毅品格") in [(b.kind.value, b.text) for b in doc.blocks]
    assert not [b for b in doc.blocks if "全球八十亿人口华佗" in b.text]
    assert [e.title for e in doc.toc()] == [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]


def test_a_closing_quote_alone_on_its_line_belongs_to_its_paragraph() -> None:
    got = blocks("“I want doctors and engineers to learn history.\n\n”\n\n下一段。")
    assert got[0] == ("paragraph", "“I want doctors and engineers to learn history.”")


def test_statute_articles_are_paragraphs_even_when_the_first_line_looks_short() -> None:
    source = (
        "第三章 家庭责任\n"
        "\u3000\u3000第三条 家庭成员之间应当互\n相帮助，维护平等、和睦、文\n明的家庭关系。\n"
        "\u3000\u3000第四条 县级以上人民政府负\n责反家庭暴力工作的组织协调\n、指导和督促。\n"
    )
    got = blocks(source)
    assert got == [
        ("heading", "第三章 家庭责任"),
        ("paragraph", "第三条 家庭成员之间应当互相帮助，维护平等、和睦、文明的家庭关系。"),
        ("paragraph", "第四条 县级以上人民政府负责反家庭暴力工作的组织协调、指导和督促。"),
    ]


def test_a_statute_article_after_a_full_line_starts_a_paragraph() -> None:
    line = "第一条 为了维护国旗的尊严，规范国旗的使用，增强公民的国家观念，弘"
    got = blocks(f"{line}\n扬爱国主义精神，根据宪法，制定本法。\n第二条 中华人民共和国国旗是五星红旗。")
    assert [k for k, _ in got] == ["paragraph", "paragraph"]


# --- Verse --------------------------------------------------------------------

def test_verse_keeps_its_lines() -> None:
    poem = "床前明月光，\n疑是地上霜。\n舉頭望明月，\n低頭思故鄉。"
    got = blocks(f"靜夜思\n\n{poem}\n\n這首詩寫的是遊子的思鄉之情，語言清新樸素而韻味含蓄無窮，歷來廣為傳誦，是一首膾炙人口的名作。")
    assert ("verse", poem) in got


def test_prose_cut_into_short_lines_is_not_verse() -> None:
    prose = "香港是一個國際大都市，\n有很多來自世界各地的人，\n他們在這裡工作和生活。\n政府希望吸引更多人才，"
    assert all(k != "verse" for k, _ in blocks(prose + "\n推動經濟發展。"))


# --- Fake bold ----------------------------------------------------------------

def test_fake_bold_drawn_in_segments_across_lines_is_written_once() -> None:
    source = "成年\n成年人国家监\n人国家监护的\n护的法律适用\n法律适用与监\n与监护主体\n护主体\n\n基本案情"
    got = blocks(source)
    assert got[0] == ("heading", "成年人国家监护的法律适用与监护主体")


def test_short_doubled_heading_and_doubled_caption_mark() -> None:
    got = blocks("基本案情基本案情\n\n■■香港城市大學深圳產學研大樓。")
    assert got == [("heading", "基本案情"), ("caption", "■香港城市大學深圳產學研大樓。")]


def test_genuine_reduplication_in_short_lines_stays() -> None:
    for text in ("研究研究", "高高興興", "關關雎鳩，在河之洲。", "謝謝謝謝"):
        assert clean(text).text == text


# --- Furniture ----------------------------------------------------------------

def test_a_dateline_is_furniture_on_a_one_page_article() -> None:
    got = blocks("人民日报\n2023年6月5日 星期一\n成年人的监护\n\n张甲诉上海市闵行区民政局法定继承案。\n")
    assert "人民日报" not in str(got) and "星期一" not in str(got)


def test_a_running_title_keeps_the_heading_it_repeats() -> None:
    para = "這是第{}段很長的正文，說明了事情的來龍去脈，並且有很多細節需要讀者耐心閱讀。"
    pages = [f"香港的未來\n香港的未來\n\n{para.format(1)}\n1", f"香港的未來\n{para.format(2)}\n2",
             f"香港的未來\n{para.format(3)}\n3"]
    got = blocks("\f".join(pages))
    assert got.count(("heading", "香港的未來")) == 1


def test_a_sentence_opening_two_pages_is_never_furniture() -> None:
    a = "香港是一個國際大都市，有很多人。"
    assert clean(a + "\n第二段的內容在這裡。\f\n" + a).text.count(a) == 2


def test_recleaning_a_bracket_left_open_changes_nothing() -> None:
    once = clean("「到\n香學()\nThng\n,henz\nh")
    assert clean(once.text).text == once.text
