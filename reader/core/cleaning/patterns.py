"""What a line is, by its look alone: list item, caption, byline, credit, prompt."""

from __future__ import annotations

import re

from reader.core.cleaning.chars import HAN, line_cached
from reader.core.model import BlockKind

CAPTION_MARKS = "▲■●►▶◆▼△"

LIST_ITEM = re.compile(
    r"^(?:[-–•・·‧▪◦*]\s+|[•・▪◦]\s*(?=\S)"
    r"|\d{1,2}[.．、)）](?![\d.．])\s*(?=\S)"
    r"|[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2}|[a-zA-Z])[）)]\s*(?=\S)"
    r"|[一二三四五六七八九十]{1,3}、(?=\S)"
    r"|[①-⑳❶-❿]\s*(?=\S))"
)
_CAPTION = re.compile(
    f"^(?:[{CAPTION_MARKS}]"
    r"|(?:圖|图)\s*\d*\s*[：:]|(?:圖|图)(?:為|为|中|片)"
    r"|[（(](?:圖|图)[^）)]{0,20}[）)]"
    r"|(?:上|下|左|右)(?:圖|图)[：:])"
)
_PHOTO_CREDIT = re.compile(
    r"(?:攝|摄|攝影|摄影|供圖|供图|資料圖片|资料图片|資料圖|资料图|圖片|图片|網上圖片|网络图片)$"
)
_AGENCY = re.compile(
    r"^(?:新華社|新华社|中新社|美聯社|美联社|路透社|法新社|視覺中國|视觉中国|Getty Images|AP|Reuters|AFP)$"
)
_BYLINE = re.compile(
    f"^(?!.{{0,14}}(?:訊|讯|電|电)[（(])[{CAPTION_MARKS}]?\\s*[【\\[]?[^\\s，。：:（(]{{0,10}}?(?:記者|记者|通訊員|通讯员|特約記者|特约记者)"
    r"(?!節|节|會|会|證|证|站)[^，。！？]{1,34}$"
    r"|^(?:文|撰文|文字|圖|图|攝影|摄影|作者)\s*[／/｜|:：]\s*\S.{0,30}$"
    r"|^[Bb]y\s+[A-Z][\w.\- ]{1,40}$"
)
_CREDIT = re.compile(
    r"^(?:責任編輯|责任编辑|美術編輯|美术编辑|圖片編輯|图片编辑|編輯|编辑|來源|来源|新聞來源|新闻来源"
    r"|資料來源|资料来源|消息來源|消息来源|圖片來源|图片来源|校對|校对|審核|审核|審校|审校|監製|监制"
    r"|出品|策劃|策划|撰稿|翻譯|翻译|排版|版面設計|版面设计|美編|美编|供稿|稿源|本文來源|本文来源"
    r"|Source|Sources|Editor|Edited by|Credits?)\s*[：:]"
)
_PROMPT = re.compile(
    r"掃一掃|扫一扫|掃碼|扫码|掃描|扫描|二維碼|二维码|長按|长按|點擊|点击|有片睇|閱讀原文|阅读原文"
    r"|關注我們|关注我们|歡迎關注|欢迎关注|下載.{0,6}(?:APP|App|app)|下载.{0,6}(?:APP|App|app)|分享到"
)
_FOOTNOTE = re.compile(r"^\*(?=[^*\s])|^注[：:\d]")
_ONLY_SYMBOLS = re.compile(f"^[^{HAN}A-Za-z0-9]+$")
_PARENTHESISED = re.compile(r"^[（(][^（()）]*[）)]$")
# The dateline that opens a news story: 香港文匯報訊（記者 李望賢 深圳報道）
DATELINE = re.compile(r"^(?:[^\s，。]{0,12}(?:訊|讯|電|电)\s*[（(]|【[^】]{1,14}(?:訊|讯|電|电)】)")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(?=\S)")


# A chapter's number opening its heading: 第3章, 第十二回, 第2节 其二, Chapter 4.
CHAPTER = re.compile(
    r"^(?:#+\s*)?(?:第\s*[\d一二三四五六七八九十百千零〇两]+\s*[章回节節卷部篇集讲講课課]|(?:chapter|part)\s+\d)",
    re.IGNORECASE,
)
# An article of a statute or regulation opens its paragraph: 第三条　家庭成员之间……
CLAUSE = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]{1,6}[条條](?:之[一二三四五六七八九十]{1,3})?")
_CLAUSE_SPACED = re.compile(CLAUSE.pattern + r"[ \u3000]+(?=\S)")


@line_cached
def starter(text: str) -> BlockKind | None:
    """The kind of block a line starts by its look, or ``None`` for ordinary text."""
    if MARKDOWN_HEADING.match(text):
        return BlockKind.HEADING
    if _CLAUSE_SPACED.match(text):
        return BlockKind.PARAGRAPH
    short = len(text) <= 45
    if short and _CREDIT.match(text):
        return BlockKind.CREDIT
    if short and _BYLINE.match(text) and not _PHOTO_CREDIT.search(text):
        return BlockKind.BYLINE
    if _CAPTION.match(text):
        return BlockKind.CAPTION
    if LIST_ITEM.match(text):
        return BlockKind.LIST_ITEM
    if len(text) <= 40 and _PHOTO_CREDIT.search(text) and "，" not in text and "。" not in text[:-1]:
        return BlockKind.CAPTION
    if len(text) <= 30 and _PROMPT.search(text):
        return BlockKind.OTHER
    if _FOOTNOTE.match(text) and "**" not in text:
        return BlockKind.OTHER
    if _ONLY_SYMBOLS.match(text) or (len(text) <= 30 and _PARENTHESISED.match(text)):
        return BlockKind.OTHER
    return None


_CREDIT_END = re.compile(
    r"(?:新華社|新华社|中新社|美聯社|美联社|路透社|法新社|視覺中國|视觉中国|Getty Images|Reuters|AFP)$"
)


def ends_with_credit(text: str) -> bool:
    """A caption ending on its photo credit (``…實驗。新華社``, ``…記者毛麗娟攝``, ``…（資料圖片）``)."""
    text = text.rstrip("）)】] ")
    return bool(_CREDIT_END.search(text) or _PHOTO_CREDIT.search(text))


def photo_credit(text: str) -> bool:
    """A short credit line that belongs to the caption before it (``新華社``, ``…攝``)."""
    if len(text) > 20 or "，" in text or "。" in text:
        return False
    return bool(_PHOTO_CREDIT.search(text) or _AGENCY.match(text))
