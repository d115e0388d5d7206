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
    assert got == [
        ("heading", "香港的未来发展前景"),
        ("paragraph", "香港是一个国际大都市。"),
        ("paragraph", "第二段也很重要。"),
    ]


def test_seed_000_headings_stand_apart_from_their_paragraphs() -> None:
    doc = clean(seed("000"))
    assert ("heading", "教育的核心，培养创造力、艺术涵养及坚毅品格") in [
        (b.kind.value, b.text) for b in doc.blocks
    ]
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
    got = blocks(
        f"靜夜思\n\n{poem}\n\n這首詩寫的是遊子的思鄉之情，語言清新樸素而韻味含蓄無窮，歷來廣為傳誦，是一首膾炙人口的名作。"
    )
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
    pages = [
        f"香港的未來\n香港的未來\n\n{para.format(1)}\n1",
        f"香港的未來\n{para.format(2)}\n2",
        f"香港的未來\n{para.format(3)}\n3",
    ]
    got = blocks("\f".join(pages))
    assert got.count(("heading", "香港的未來")) == 1


def test_a_sentence_opening_two_pages_is_never_furniture() -> None:
    a = "香港是一個國際大都市，有很多人。"
    assert clean(a + "\n第二段的內容在這裡。\f\n" + a).text.count(a) == 2


def test_recleaning_a_bracket_left_open_changes_nothing() -> None:
    once = clean("「到\n香學()\nThng\n,henz\nh")
    assert clean(once.text).text == once.text


# --- Fake bold: the classes found on the evaluation's tuning split -----------


def test_segment_copies_with_a_narrow_mark_kept_on_its_line() -> None:
    got = blocks("“后\n“后监护义务\n监护义务””\n\n被继承人张乙与赵某系夫妻。")
    assert got[0] == ("heading", "“后监护义务”")


def test_glyph_by_glyph_lines_with_repeated_digits() -> None:
    # pdftotext -raw writes each glyph's copy with the next glyph: 4,000 gives 00 / 00.
    chain = ["过", "过4", "4,", ",0", "00", "00", "0亿", "亿元", "元，", "，同", "同比", "比增", "增长", "长"]
    assert clean("\n".join(chain) + "\n\n下一段。").text.startswith("过4,000亿元，同比增长")


def test_a_line_drawn_glyph_by_glyph_is_read_a_glyph_at_a_time() -> None:
    assert (
        clean("張張某某於於22002200年年入入職職某某快快遞遞公公司司。。").text
        == "張某於2020年入職某快遞公司。"
    )


def test_a_short_heading_doubled_in_pieces_stands_on_its_own_evidence() -> None:
    for doubled in ("處處理理結結果果", "處理處理結果結果"):
        got = blocks(f"{doubled}\n\n仲裁委員會裁決某快遞公司支付張某賠償金。")
        assert got[0] == ("heading", "處理結果")


def test_short_headings_all_doubled_are_repaired_together_but_one_alone_stays() -> None:
    verse = "{}\n\n九垓共色，想洛滨剑客。\n\n"
    got = blocks(verse.format("暗暗香香") + verse.format("疏疏影影"))
    assert [t for k, t in got if k == "heading"] == ["暗香", "疏影"]
    assert clean(verse.format("高高興興")).text.startswith("高高興興")


def test_the_short_last_line_of_a_paragraph_written_twice() -> None:
    lines = ["其加班費，某建築公司以張某的請求超過仲裁時效為由抗"] * 2 + [
        "辯。",
        "辯。",
        "張某不服仲裁裁決，訴至人民法院。",
    ]
    text = clean("\n".join(lines)).text
    assert text.count("辯。") == 1 and text.count("為由抗") == 1


def test_two_lines_of_which_the_second_starts_with_the_first() -> None:
    title = "{}\n{}\n沈佺期\n\n玉窗朝日暎，羅帳春風吹。\n拭淚攀楊柳，長條踠地垂。\n\n"
    got = blocks(title.format("折楊", "折楊柳") + title.format("梅花", "梅花落"))
    assert [t for k, t in got if k == "heading"][:2] == ["折楊柳", "梅花落"]
    # Once, with no other fake bold in the document, it may be a heading and a paragraph.
    assert "梅花梅花落了" in clean("梅花\n梅花落了，春天就要來了。").text.replace("\n", "")


def test_a_caption_mark_alone_on_its_line_before_its_caption() -> None:
    got = blocks("參與英雄烈士保護工作。\n▲\n▲第二十條 國家鼓勵和支持自然。（資料圖片）")
    assert ("caption", "▲第二十條 國家鼓勵和支持自然。（資料圖片）") in got


# --- Furniture without page breaks, mastheads, running titles, pull quotes ----


def test_a_paper_name_with_a_page_mark_is_furniture_wherever_it_stands() -> None:
    para = "第{}條 本法所稱公益事業是指非營利的下列事項，由國務院有關部門規定。"
    source = f"大公報 A1 中華人民共和國公益事業捐贈法\n{para.format(1)}\n大公報 A2 中華人民共和國公益事業捐贈法\n{para.format(2)}"
    assert "大公報" not in clean(source).text


def test_a_paper_name_alone_at_the_head_of_the_page() -> None:
    assert (
        "人民日报"
        not in clean("人民日报\n劳动者拒绝违法超时加班安排\n\n张某于2020年6月入职某快递公司。").text
    )


def test_a_running_title_with_a_comma_over_its_heading_set_in_two_lines() -> None:
    title = "劳动者拒绝违法超时加班安排，用人单位能否解除劳动合同"
    source = f"{title}\n\n劳动者拒绝违法超时加班安排，用人单位\n能否解除劳动合同\n\n张某于2020年6月入职某快递公司。"
    assert clean(source).text.count("劳动者拒绝") == 1


def test_a_running_title_moved_into_the_text_before_its_heading() -> None:
    source = "南有樛木，葛藟萦之。\n乐只君子，福履成之。\n\n关雎\n\n关雎关雎\n\n关关雎鸠，在河之洲。\n窈窕淑女，君子好逑。"
    assert clean(source).text.count("关雎") == 2  # the heading, and 关关雎鸠


def test_a_pull_quote_goes_and_a_refrain_stays() -> None:
    para = "業界普遍認為，這一政策有助於降低兩地合作的制度成本。不過也有意見認為，目前的審批流程仍然偏長。"
    quote = "業界普遍認為，這一政策有助於降低兩地合作的制度成本。"
    doc = clean(f"{para}\n\n{quote}\n\n第二段的內容在這裡，說明了事情的來龍去脈。")
    assert doc.text.count(quote) == 1
    assert any(c.kind == "furniture" and c.before == quote for c in doc.changes)
    refrain = "之子于歸，宜其室家。"
    poem = f"桃之夭夭，灼灼其華。\n{refrain}\n\n桃之夭夭，有蕡其實。\n{refrain}"
    assert clean(poem).text.count(refrain) == 2


# --- Paragraphs, headings and verse in narrow columns ------------------------


def test_an_indented_first_line_joins_the_line_that_fills_the_column() -> None:
    column = [
        "應當統籌協調和督促指導有關",
        "部門在各自職責範圍內做好無",
        "障礙環境建設工作。",
        "縣級以上人民政府住房和",
        "城鄉建設、民政、工業和信息",
        "化、交通運輸、自然資源、文",
        "化和旅遊、教育、衞生健康等",
        "部門應當在各自職責範圍內，",
        "開展無障礙環境建設工作。",
    ]
    got = blocks("第七條 縣級以上人民政府\n" + "\n".join(column))
    assert got[-1] == (
        "paragraph",
        (
            "縣級以上人民政府住房和城鄉建設、民政、工業和信息化、交通運輸、自然資源、文化和旅遊、"
            "教育、衞生健康等部門應當在各自職責範圍內，開展無障礙環境建設工作。"
        ),
    )


def test_a_heading_in_fake_bold_wrapped_by_a_narrow_column_is_one_heading() -> None:
    body = "\n".join(
        [
            "安徽省怀宁县国土资源局发",
            "布拍卖公告，拍卖涉案地块的",
            "国有土地使用权，王某竞得后",
            "依约交纳了土地出让金，但怀",
            "宁国土局一直未与王某签订，",
            "王某遂诉至人民法院。",
        ]
    )
    heading = "王某诉安徽省怀宁县\n王某诉安徽省怀宁县\n国土资源局土地管理\n国土资源局土地管理\n行政出让案\n行政出让案\n基本案情\n基本案情"
    got = blocks(f"{heading}\n{body}")
    assert got[:2] == [("heading", "王某诉安徽省怀宁县国土资源局土地管理行政出让案"), ("heading", "基本案情")]


def test_a_title_over_its_subtitle_stays_two_headings() -> None:
    got = blocks(
        "成年人国家监护的法律适用\n成年人国家监护的法律适用\n张甲诉民政局法定继承案\n张甲诉民政局法定继承案\n\n"
        "被继承人张乙与赵某系夫妻。两人均系再婚，婚后未生育子女。"
    )
    assert [k for k, _ in got[:2]] == ["heading", "heading"]


def test_a_poem_of_two_couplets_keeps_its_lines_in_a_narrow_column() -> None:
    got = blocks("洛陽陌\n李白\n白玉誰家郎，回車渡天津。\n看花東上陌，驚動洛陽人。\n長安道\n崔顥")
    assert ("verse", "白玉誰家郎，回車渡天津。\n看花東上陌，驚動洛陽人。") in got


def test_a_poets_name_over_the_poem_is_no_line_of_it() -> None:
    poem = "床前明月光，\n疑是地上霜。\n舉頭望明月，\n低頭思故鄉。"
    got = blocks(f"靜夜思\n李白\n{poem}")
    assert ("verse", poem) in got


def test_a_source_line_under_each_essay_is_no_running_head() -> None:
    essay = "{}\n《左傳》\n" + "\n".join(
        f"春，公將如棠觀魚者{k}。臧僖伯諫曰：凡物不足以講大事，其材不足以備器用。" for k in range(8)
    )
    doc = clean("\n".join(essay.format(t) for t in ("臧僖伯諫觀魚", "鄭莊公戒飭守臣", "臧哀伯諫納郜鼎")))
    assert doc.text.count("《左傳》") == 3


def test_a_pull_quote_of_a_one_sentence_paragraph_is_the_copy_set_larger() -> None:
    sentence = "县级以上地方人民政府、军队有关部门应当在烈士纪念日举行纪念活动。"
    text = "犯罪的，依法追究刑事责任。\n县级以上地方人民政府、\n军队有关部门应当在烈士纪念\n日举行纪念活动。\n第六条 在清明节和重要纪\n念日，机关应当开展纪念。"
    quote = "依法给予治安管理处罚。\n县级以上地方人民政府、\n军队有关部门应当在烈士\n纪念日举行纪念活动。\n第二十九条 县级以上人民"
    doc = clean(f"{text}\n{quote}")
    assert doc.text.count(sentence) == 1
    assert "第六条" in doc.text.split(sentence)[1]


# --- Genuine reduplication inside fake bold -----------------------------------


def test_reduplication_in_a_heading_drawn_glyph_by_glyph() -> None:
    lead = "滕滕文文公公為為世世子子，，將將之之楚楚，，過過宋宋而而見見孟孟子子。。\n孟孟子子道道性性善善，，言言必必稱稱堯堯舜舜。。"
    got = blocks(f"研研究究研研究究滕滕文文公公上上\n\n{lead}\n世子自楚反，復見孟子。")
    assert got[0] == ("heading", "研究研究滕文公上")


def test_reduplication_in_a_heading_drawn_in_segments() -> None:
    got = blocks("研究\n研究研究滕文\n研究滕文公上\n公上\n\n滕文公為世子，將之楚，過宋而見孟子。")
    assert got[0] == ("heading", "研究研究滕文公上")
    got = blocks(
        "景帝\n景帝令二千石\n令二千石修職\n修職謝\n謝\n謝詔\n\n雕文刻鏤，傷農事者也；錦繡纂組，害女紅者也。"
    )
    assert "".join(t for _, t in got[:2]) == "景帝令二千石修職謝謝詔"


def test_a_segment_chain_stops_before_a_line_written_again_whole() -> None:
    source = (
        "橫吹\n橫吹曲辭 長\n曲辭 長安高\n安高高興\n高興\n興道\n興道\n崔顥\n長安甲第高入雲，誰家居住霍將軍。"
    )
    assert clean(source).text.replace("\n\n", "").startswith("橫吹曲辭 長安高高興興道崔顥")


def test_the_heading_under_a_running_title_taken_for_the_papers_name_stays() -> None:
    source = (
        "景帝令二千石修職詔\n科技周刊 2024年第12期 第1版\n景帝\n景帝令二千石\n令二千石修職\n修職詔\n詔\n（漢景帝）\n"
        "雕文刻鏤，傷農事者也；錦繡纂組，害女紅者也。\f景帝令二千石修職詔\n科技周刊 2024年第12期 第2版\n農事傷，則飢之本也。"
    )
    doc = clean(source)
    assert doc.text.count("景帝令二千石修職詔") == 1 and doc.blocks[0].kind is BlockKind.HEADING


def test_stacked_labels_in_a_narrow_box_are_no_indented_paragraph() -> None:
    # Seed 000's profile cards: short labels whose widths happen to match a column of the text.
    doc = clean(seed("000"))
    got = [(b.kind.value, b.text) for b in doc.blocks]
    for label in ("助理教授和校长青年教授", "数据科学学院副教授", "程序设计竞赛队伍指导老师"):
        assert ("heading", label) in got
