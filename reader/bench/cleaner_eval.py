#!/usr/bin/env python3
"""Measure the text cleaner on real PDF extraction.

Typesets articles whose clean form is known into PDFs with reportlab (one
column, two columns, narrow newspaper columns; running headers and footers
with page numbers; headings and a lead paragraph in fake bold, drawn twice
with a small offset; captions, bylines, credits, a list), extracts them with
poppler's ``pdftotext`` (default and ``-layout``), pdfminer.six and PyMuPDF,
cleans each extraction and scores it against the known blocks:

* ``sim``   character similarity of the whole text, whitespace removed
* ``pF1``   paragraph-boundary F1 (block ends aligned to the known ones)
* ``lost``/``extra``  Chinese characters missing / surplus against the known text
* ``sp``    spaces between two Chinese characters that the known text lacks
* ``kinds`` headings, captions, bylines, credits, list items found with their kind

Needs ``pip install -e '.[eval]'`` (reportlab, pdfminer.six, pymupdf), Debian's
poppler-utils, and a TrueType CJK font (WenQuanYi Zen Hei by default, Debian's
fonts-wqy-zenhei). Generated PDFs and extractions go to ``--out``
(``/tmp/cleaner_eval``).

    python -m reader.bench.cleaner_eval                 # the table
    python -m reader.bench.cleaner_eval --show own_t/twocol/pdfminer   # one case, diffed
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# READER_ROOT: measure another checkout of the package (a baseline) on the same PDFs.
sys.path.insert(0, os.environ.get("READER_ROOT", str(ROOT)))

from reader.core.clean import clean  # noqa: E402
from reader.core.cleaning.chars import HAN  # noqa: E402

HAN_RE = re.compile(f"[{HAN}]")
HAN_SPACE = re.compile(f"(?<=[{HAN}])[ \u3000]+(?=[{HAN}])")
WS = re.compile(r"\s+")
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# --- Source texts -----------------------------------------------------------

# News-style text of our own (not from the seeds), in Simplified Chinese;
# the Traditional version is converted from it with OpenCC (s2hk).
OWN = [
    ("heading", "粤港澳大湾区科技合作迈上新台阶"),
    ("byline", "本报记者 王明 深圳报道"),
    (
        "paragraph",
        "2024年，粤港澳大湾区研发投入超过4,000亿元，同比增长3.5%。据广东省科技厅介绍，区内高新技术企业数量已突破7.5万家，其中约三成集中在深圳。“过去五年，我们看到的是从‘跟跑’到‘并跑’的转变。”一位业内人士这样说。",
    ),
    (
        "paragraph",
        (
            "在人工智能领域，多家企业推出了自主研发的大模型，例如DeepSeek和Qwen等开源模型，"
            "已在Hugging Face平台上获得大量下载。香港科技大学的研究团队表示，他们正与内地伙伴"
            "合作开发面向医疗的AI系统，预计明年上半年投入试用，首批将覆盖12家医院。"
        ),
    ),
    ("caption", "▲深圳湾实验室的研究人员正在进行实验。新华社"),
    ("heading", "人才流动更加便利"),
    ("paragraph", "为吸引人才，各地推出了一系列措施，主要包括以下三个方面："),
    ("list_item", "一、放宽高端人才签证限制，简化办理手续；"),
    ("list_item", "二、设立专项资金，支持青年科学家开展基础研究；"),
    ("list_item", "三、建设跨境科研数据通道，提高项目审批效率。"),
    (
        "paragraph",
        "有学者指出，「科研合作不能只停留在签协议的层面」，关键在于让资金、设备和数据真正流动起来。他建议设立统一的申请平台（网址为https://www.example.org/grants），让两地科研人员可以在线提交项目申请，每年上午10:30前提交的申请当天即可受理。",
    ),
    (
        "paragraph",
        "上周六，一批中学生走进位于河套的实验室参观。孩子们高高兴兴地排队入场，一个个围着机器人看看这里、摸摸那里。带队老师说：“他们天天都在问什么时候能再来，渐渐地就对科学有了兴趣。我们也要好好研究研究，怎样把课上得更有趣。”实验室负责人则表示，欢迎更多学校预约参观，谢谢大家的关注。",
    ),
    ("heading", "跨境资金试点扩大"),
    (
        "paragraph",
        "根据最新公布的方案，跨境科研资金试点将从目前的5所大学扩大至20所，单个项目的资助上限提高到800万元人民币。方案同时要求，受资助单位须在每年3月31日前提交年度报告，并接受第三方审计。据统计，自2019年试点启动以来，内地已向香港高校拨付科研经费约3.2亿元，支持项目超过300个，涉及生物医药、新材料、集成电路等多个领域。",
    ),
    (
        "paragraph",
        "业界普遍认为，这一政策有助于降低两地合作的制度成本。不过也有意见认为，目前的审批流程仍然偏长，部分项目从申请到拨款需要六个月以上，希望有关部门进一步优化。",
    ),
    ("credit", "责任编辑：李华"),
]

KEEP_KINDS = {"heading", "paragraph", "caption", "byline", "credit", "list_item"}
SEEDS = {"seed000": "000", "seed001": "001", "seed003": "003", "seed004": "004"}


def own_blocks(script: str) -> list[tuple[str, str]]:
    if script == "s":
        return list(OWN)
    from reader.core.convert import convert_text

    return [(k, convert_text(t, "s2hk")) for k, t in OWN]


def seed_blocks(prefix: str) -> list[tuple[str, str]]:
    path = next((ROOT / "seeds").glob(prefix + "_*.txt"))
    doc = clean(path.read_text(encoding="utf-8"))
    out = []
    for b in doc.blocks:
        kind = b.kind.value
        if kind not in KEEP_KINDS or "\n" in b.text:
            continue
        out.append((kind, b.text))
    return out


# --- Layout -----------------------------------------------------------------

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 56.0, 70.0, 64.0
NO_LINE_START = "，。、；：！？」』”’）》〉%,.;:!?)…"
NO_LINE_END = "「『“‘（《〈("
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%:/\-_'&]*[A-Za-z0-9%/]|[A-Za-z0-9]|.", re.S)


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int
    gutter: float
    size: float  # body font size
    indent: bool  # first-line indent of two ideographic widths
    para_gap: float  # extra space between paragraphs, in lines
    header: str  # running header, {n} = page number
    footer: str  # page number style
    bold_copies: int  # how many times fake-bold text is drawn
    glyphwise: bool  # fake bold glyph by glyph (else line by line)


LAYOUTS = [
    Layout("single", 1, 0, 10.5, True, 0.0, "香港文匯報 2024年4月22日 星期一", "- {n} -", 2, False),
    Layout("twocol", 2, 18, 10.0, True, 0.4, "大公報 A{n} 要聞", "第{n}頁", 2, True),
    Layout("narrow", 3, 16, 9.0, True, 0.0, "大公報 2025年10月20日 星期一", "第{v}版", 3, False),
    Layout("spaced", 1, 0, 11.0, False, 0.8, "科技周刊 第{n}期", "{n}/{total}", 2, True),
]


class Typesetter:
    def __init__(self, path: Path, layout: Layout) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        if "CJK" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("CJK", FONT_FILE, subfontIndex=0))
        self.metrics = pdfmetrics
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        self.layout = layout
        self.col_w = (PAGE_W - 2 * MARGIN_X - (layout.columns - 1) * layout.gutter) / layout.columns
        self.page = 1
        self.col = 0
        self.y = PAGE_H - MARGIN_TOP
        self.pages: list[list[tuple]] = [[]]  # drawing ops per page (furniture drawn at the end)

    def width(self, text: str, size: float) -> float:
        return self.metrics.stringWidth(text, "CJK", size)

    def break_lines(self, text: str, size: float, first_indent: float, width: float) -> list[str]:
        tokens = TOKEN.findall(text)
        lines: list[str] = []
        cur, cur_w = "", first_indent
        for tok in tokens:
            w = self.width(tok, size)
            if cur and cur_w + w > width and tok[0] not in NO_LINE_START:
                if tok.isspace():
                    lines.append(cur)
                    cur, cur_w = "", 0.0
                    continue
                carry = ""
                while cur and cur[-1] in NO_LINE_END:
                    carry = cur[-1] + carry
                    cur = cur[:-1]
                lines.append(cur)
                cur = carry
                cur_w = self.width(cur, size)
            if w > width:  # a URL longer than the line: break it anywhere
                for ch in tok:
                    cw = self.width(ch, size)
                    if cur and cur_w + cw > width:
                        lines.append(cur)
                        cur, cur_w = "", 0.0
                    cur += ch
                    cur_w += cw
                continue
            cur += tok
            cur_w += w
        if cur:
            lines.append(cur)
        return lines

    def next_column(self) -> None:
        self.col += 1
        if self.col >= self.layout.columns:
            self.col = 0
            self.page += 1
            self.pages.append([])
        self.y = PAGE_H - MARGIN_TOP

    def block(self, kind: str, text: str, bold: bool) -> None:
        lay = self.layout
        size = lay.size
        indent = 0.0
        align = "justify"
        if kind == "heading":
            size = lay.size * 1.5
            align = "left"
        elif kind in ("caption", "byline", "credit"):
            size = lay.size * 0.9
            align = "left"
        elif kind == "paragraph" and lay.indent:
            indent = 2 * size
        lead = size * 1.45
        if kind == "heading":
            self.y -= lead * 0.5
        lines = self.break_lines(text, size, indent, self.col_w)
        for k, line in enumerate(lines):
            if self.y - lead < MARGIN_BOTTOM:
                self.next_column()
            self.y -= lead
            x = MARGIN_X + self.col * (self.col_w + lay.gutter) + (indent if k == 0 else 0)
            avail = self.col_w - (indent if k == 0 else 0)
            cs = 0.0
            if align == "justify" and k < len(lines) - 1 and len(line) > 1:
                cs = max(0.0, (avail - self.width(line, size)) / (len(line) - 1))
            self.pages[-1].append(("text", x, self.y, line, size, cs, bold))
        self.y -= lead * lay.para_gap

    def finish(self) -> None:
        lay = self.layout
        total = len(self.pages)
        c = self.c
        for n, ops in enumerate(self.pages, 1):
            head = lay.header.format(n=n, v=n + 24, total=total)
            c.setFont("CJK", 8)
            c.drawString(MARGIN_X, PAGE_H - 40, head)
            c.line(MARGIN_X, PAGE_H - 45, PAGE_W - MARGIN_X, PAGE_H - 45)
            foot = lay.footer.format(n=n, v=n + 24, total=total)
            c.drawCentredString(PAGE_W / 2, 36, foot)
            for op in ops:
                _, x, y, line, size, cs, bold = op
                copies = lay.bold_copies if bold else 1
                if bold and lay.glyphwise:
                    c.setFont("CJK", size)
                    pos = x
                    for ch in line:
                        for k in range(copies):
                            c.drawString(pos + 0.4 * k, y, ch)
                        pos += self.width(ch, size) + cs
                    continue
                for k in range(copies):
                    t = c.beginText(x + 0.4 * k, y)
                    t.setFont("CJK", size)
                    t.setCharSpace(cs)
                    t.textOut(line)
                    c.drawText(t)
            c.showPage()
        c.save()


def typeset(blocks: list[tuple[str, str]], layout: Layout, path: Path) -> None:
    ts = Typesetter(path, layout)
    bold_para_done = False
    for kind, text in blocks:
        bold = kind == "heading"
        if kind == "paragraph" and not bold_para_done:
            bold = bold_para_done = True  # the lead paragraph in fake bold
        ts.block(kind, text, bold)
    ts.finish()


# --- Extraction -------------------------------------------------------------

EXTRACTORS = ["pdftotext", "pdftotext-layout", "pdfminer", "pymupdf"]


def extract(pdf: Path, how: str) -> str:
    if how.startswith("pdftotext"):
        args = (
            ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if how.endswith("layout") else []) + [str(pdf), "-"]
        )
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    if how == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    if how == "pymupdf":
        import pymupdf

        with pymupdf.open(str(pdf)) as doc:
            return "".join(page.get_text() for page in doc)
    raise ValueError(how)


# --- Scoring ----------------------------------------------------------------


def squash(text: str) -> str:
    return WS.sub("", text)


def boundaries(texts: list[str]) -> tuple[str, list[int]]:
    joined, cuts, pos = [], [], 0
    for t in texts:
        s = squash(t)
        if not s:
            continue
        joined.append(s)
        pos += len(s)
        cuts.append(pos)
    return "".join(joined), cuts[:-1]


def _map_cuts(cuts: list[int], blocks: list) -> list[int | None]:
    out: list[int | None] = []
    for p in cuts:
        hit = None
        for a, b, size in blocks:
            if a < p <= a + size:
                hit = b + (p - a)
                break
            if a == p and size:
                hit = b
                break
        out.append(hit)
    return out


@dataclass
class Score:
    sim: float
    p_f1: float
    lost: int
    extra: int
    spaces: int
    kinds: tuple[int, int]
    raw_lost: int


def score(expected: list[tuple[str, str]], doc) -> Score:
    exp_text, exp_cuts = boundaries([t for _, t in expected])
    got_text, got_cuts = boundaries([b.text for b in doc.blocks])
    sm = difflib.SequenceMatcher(None, got_text, exp_text, autojunk=False)
    sim = sm.ratio()
    mapped = _map_cuts(got_cuts, sm.get_matching_blocks())
    exp_set = set(exp_cuts)
    tp = sum(1 for m in {x for x in mapped if x is not None} if m in exp_set)
    precision = tp / len(got_cuts) if got_cuts else 1.0
    recall = tp / len(exp_cuts) if exp_cuts else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exp_han, got_han = Counter(HAN_RE.findall(exp_text)), Counter(HAN_RE.findall(got_text))
    lost = sum((exp_han - got_han).values())
    extra = sum((got_han - exp_han).values())
    spaces = max(
        0,
        sum(len(HAN_SPACE.findall(b.text)) for b in doc.blocks)
        - sum(len(HAN_SPACE.findall(t)) for _, t in expected),
    )
    got_kinds = {(b.kind.value, squash(b.text)) for b in doc.blocks}
    wanted = [(k, squash(t)) for k, t in expected if k not in ("paragraph",)]
    found = sum(1 for w in wanted if w in got_kinds)
    return Score(sim, f1, lost, extra, spaces, (found, len(wanted)), 0)


# --- Driver -----------------------------------------------------------------


def sources(names: list[str] | None) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for name in ["own_s", "own_t", *SEEDS]:
        if names and name not in names:
            continue
        if name.startswith("own_"):
            out[name] = own_blocks(name[-1])
        else:
            out[name] = seed_blocks(SEEDS[name])
    return out


def run_case(src: str, blocks, layout: Layout, how: str, out: Path, regen: bool):
    pdf = out / f"{src}-{layout.name}.pdf"
    if regen or not pdf.exists():
        typeset(blocks, layout, pdf)
    txt = out / f"{src}-{layout.name}-{how}.txt"
    if regen or not txt.exists():
        txt.write_text(extract(pdf, how), encoding="utf-8")
    raw = txt.read_text(encoding="utf-8")
    doc = clean(raw)
    s = score(blocks, doc)
    raw_han, exp_han = Counter(HAN_RE.findall(raw)), Counter(HAN_RE.findall("".join(t for _, t in blocks)))
    s.raw_lost = sum((exp_han - raw_han).values())
    return s, raw, doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("/tmp/cleaner_eval"))
    ap.add_argument("--sources", nargs="*", help="own_s own_t seed000 seed001 seed003 seed004")
    ap.add_argument("--regen", action="store_true", help="typeset and extract again")
    ap.add_argument("--show", help="SOURCE/LAYOUT/EXTRACTOR: print the cleaned blocks and a diff")
    ap.add_argument("--json", type=Path, help="write all scores here")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    layouts = {lay.name: lay for lay in LAYOUTS}

    if args.show:
        src, lay, how = args.show.split("/")
        blocks = sources([src])[src]
        s, _, doc = run_case(src, blocks, layouts[lay], how, args.out, args.regen)
        print(s)
        got = [f"[{b.kind.value}] {b.text}" for b in doc.blocks]
        exp = [f"[{k}] {t}" for k, t in blocks]
        sys.stdout.writelines(
            line + "\n" for line in difflib.unified_diff(exp, got, "expected", "cleaned", n=1, lineterm="")
        )
        return 0

    rows = []
    for src, blocks in sources(args.sources).items():
        for lay in LAYOUTS:
            for how in EXTRACTORS:
                s, _, _ = run_case(src, blocks, lay, how, args.out, args.regen)
                rows.append((src, lay.name, how, s))

    print(
        f"{'extractor':17} {'layout':7} {'n':>2} {'sim':>6} {'pF1':>6} {'lost':>5} {'extra':>5} {'sp':>4} "
        f"{'kinds':>7} {'rawlost':>7}"
    )
    total: dict[tuple[str, str], list[Score]] = {}
    for _src, lay, how, s in rows:
        total.setdefault((how, lay), []).append(s)
    for (how, lay), ss in sorted(total.items()):
        n = len(ss)
        found = sum(s.kinds[0] for s in ss)
        want = sum(s.kinds[1] for s in ss)
        print(
            f"{how:17} {lay:7} {n:2} {sum(s.sim for s in ss) / n:6.3f} {sum(s.p_f1 for s in ss) / n:6.3f} "
            f"{sum(s.lost for s in ss):5} {sum(s.extra for s in ss):5} {sum(s.spaces for s in ss):4} "
            f"{found:3}/{want:<3} {sum(s.raw_lost for s in ss):7}"
        )
    n = len(rows)
    print(
        f"{'ALL':25} {n:2} {sum(r[3].sim for r in rows) / n:6.3f} {sum(r[3].p_f1 for r in rows) / n:6.3f} "
        f"{sum(r[3].lost for r in rows):5} {sum(r[3].extra for r in rows):5} "
        f"{sum(r[3].spaces for r in rows):4} "
        f"{sum(r[3].kinds[0] for r in rows):3}/{sum(r[3].kinds[1] for r in rows):<3}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"source": a, "layout": b, "extractor": c, **s.__dict__} for a, b, c, s in rows], indent=1
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
