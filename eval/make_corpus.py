#!/usr/bin/env python3
"""Build ``eval/corpus.json`` from checkouts of the source repositories (see SOURCES.md).

    python eval/make_corpus.py LAWS_CHECKOUT POETRY_CHECKOUT

Each checkout is a git directory (bare or not) of the repository named in
SOURCES.md, at the commit named there. The selection is fixed in this file
(which texts, how much of each); the split into tuning and reporting
articles is made by ``reader.bench.cleaner_eval.split_of`` and does not
depend on anything here. Every article is a list of ``[kind, text]`` blocks;
a ``verse`` block holds its lines separated by ``\\n``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_CHARS = 4200  # per article: enough for two to four pages, small enough to keep the corpus small
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_NEAR_HAN = re.compile(f"(?<=[{HAN}“”])([,;:?!])|([,;:?!])(?=[{HAN}“”])")


def show(repo: str, path: str) -> str:
    return subprocess.run(["git", "-C", repo, "show", f"HEAD:{path}"], check=True, capture_output=True).stdout.decode()


def tidy(text: str) -> str:
    """Half-width marks between Chinese become full width, as an edited article has them."""
    text = _HALF_NEAR_HAN.sub(lambda m: _FULL[m.group(1) or m.group(2)], text.strip())
    return re.sub(f"\\(([^()]*[{HAN}][^()]*)\\)", "（\\1）", text)


def trim(blocks: list[list[str]]) -> list[list[str]]:
    out, size = [], 0
    for kind, text in blocks:
        if size > MAX_CHARS and kind != "heading":
            break
        if size > MAX_CHARS:
            break
        out.append([kind, text])
        size += len(text)
    while out and out[-1][0] == "heading":
        out.pop()
    return out


# --- Statutes and official case reports (LawRefBook/Laws) --------------------

STATUTES = [
    "宪法相关法/国旗法(2020-10-17).md",
    "宪法相关法/国歌法(2017-09-01).md",
    "宪法相关法/英雄烈士保护法(2018-04-27).md",
    "宪法相关法/居民身份证法(2011-10-29).md",
    "宪法相关法/村民委员会组织法(2018-12-29).md",
    "社会法/无障碍环境建设法(2023-06-28).md",
    "社会法/公益事业捐赠法(1999-06-28).md",
    "社会法/学位法(2024-04-26).md",
]
CASES = [
    "案例/劳动人事/劳动者拒绝违法超时加班安排，用人单位能否解除劳动合同.md",
    "案例/劳动人事/处理加班费争议，如何分配举证责任.md",
    "案例/劳动人事/用人单位与劳动者约定实行包薪制，是否需要依法支付加班费.md",
    "案例/劳动人事/加班费的仲裁时效应当如何认定.md",
    "案例/民法典/张甲诉上海市闵行区民政局法定继承案.md",
    "案例/民法典/高某诉某农业有限公司农村土地承包合同案.md",
    "案例/行政协议诉讼/王某诉安徽省怀宁县国土资源局土地管理行政出让案.md",
    "案例/行政协议诉讼/赵某某诉山东省济南市历城区人民政府不履行拆迁安置补偿协议案.md",
]
_ITEM = re.compile(r"^（[一二三四五六七八九十]+）")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章")


def statute(md: str) -> list[list[str]]:
    head, _, body = md.partition("<!-- INFO END -->")
    blocks = [["heading", head.strip().splitlines()[0].lstrip("# ").strip()]]
    for para in body.split("\n\n"):
        para = tidy(para)
        if not para:
            continue
        if para.startswith("#"):
            blocks.append(["heading", para.lstrip("# ").strip()])
        elif _ITEM.match(para):
            blocks.append(["list_item", para])
        elif _CHAPTER.match(para) and len(para) < 30:
            blocks.append(["heading", para])
        else:
            blocks.append(["paragraph", para])
    return trim(blocks)


def case(md: str) -> list[list[str]]:
    head, _, body = md.partition("<!-- INFO END -->")
    blocks = [["heading", tidy(head.strip().lstrip("# "))]]
    for para in body.split("\n\n"):
        para = tidy(para.replace("\n", ""))
        if not para:
            continue
        if para.startswith("#"):
            blocks.append(["heading", para.lstrip("# ").strip()])
        else:
            blocks.append(["paragraph", para])
    return trim(blocks)


# --- Verse and classical prose (chinese-poetry/chinese-poetry) ---------------

def tang(repo: str, path: str, start: int) -> list[list[str]]:
    """Six poems of four to eight lines from one file of the Complete Tang Poems (Traditional)."""
    poems = json.loads(show(repo, path))
    blocks: list[list[str]] = []
    taken = 0
    for p in poems[start:]:
        lines = p["paragraphs"]
        if not 2 <= len(lines) <= 8 or any("□" in l or len(l) > 24 for l in lines):
            continue
        blocks += [["heading", p["title"]], ["byline", p["author"]], ["verse", "\n".join(lines)]]
        taken += 1
        if taken == 12:
            break
    return blocks


def ci(repo: str, path: str, start: int) -> list[list[str]]:
    """Five song lyrics (ci), each line of the source a line of verse."""
    poems = json.loads(show(repo, path))
    blocks: list[list[str]] = []
    taken = 0
    for p in poems[start:]:
        lines = p["paragraphs"]
        if not 4 <= len(lines) <= 12 or any("□" in l for l in lines):
            continue
        blocks += [["heading", p["rhythmic"]], ["byline", p["author"]], ["verse", "\n".join(lines)]]
        taken += 1
        if taken == 8:
            break
    return blocks


def shijing(repo: str, start: int) -> list[list[str]]:
    """Book of Songs: one poem of several stanzas after another; each stanza a verse block."""
    songs = json.loads(show(repo, "诗经/shijing.json"))
    blocks: list[list[str]] = []
    for s in songs[start : start + 6]:
        blocks.append(["heading", s["title"]])
        for stanza in s["content"]:
            blocks.append(["verse", "\n".join(x + "。" for x in stanza.split("。") if x)])
    return trim(blocks)


def dialogue(repo: str, path: str, index: int) -> list[list[str]]:
    """Analects / Mencius: a chapter of questions and answers, one turn a paragraph."""
    chapter = json.loads(show(repo, path))[index]
    blocks = [["heading", chapter["chapter"]]]
    blocks += [["paragraph", p] for p in chapter["paragraphs"]]
    return trim(blocks)


def guwen(repo: str, index: int) -> list[list[str]]:
    """Three essays in a row from Guwen Guanzhi (Traditional)."""
    book = json.loads(show(repo, "蒙学/guwenguanzhi.json"))
    essays = [e for vol in book["content"] for e in vol["content"]]
    blocks: list[list[str]] = []
    for e in essays[index : index + 3]:
        blocks.append(["heading", e["chapter"]])
        if e.get("source"):
            blocks.append(["byline", tidy(e["source"])])
        blocks += [["paragraph", tidy(p)] for p in e["paragraphs"] if p.strip()]
    return trim(blocks)


def traditional(blocks: list[list[str]]) -> list[list[str]]:
    """The same article in Traditional characters (Hong Kong standard), as a Hong Kong paper prints it."""
    import opencc

    conv = opencc.OpenCC("s2hk")
    return [[kind, conv.convert(text)] for kind, text in blocks]


def main(laws: str, poetry: str) -> None:
    articles: list[dict] = []

    def add(name: str, genre: str, source: str, blocks: list[list[str]]) -> None:
        articles.append({"id": name, "genre": genre, "source": source, "blocks": blocks})

    for k, path in enumerate(STATUTES):
        blocks = statute(show(laws, path))
        add(f"statute-{k:02d}", "statute", f"LawRefBook/Laws:{path}", traditional(blocks) if k % 2 else blocks)
    for k, path in enumerate(CASES):
        blocks = case(show(laws, path))
        add(f"case-{k:02d}", "news", f"LawRefBook/Laws:{path}", traditional(blocks) if k % 2 else blocks)
    for k, (path, start) in enumerate([("全唐诗/poet.tang.1000.json", 0), ("全唐诗/poet.tang.5000.json", 40),
                                       ("全唐诗/poet.tang.12000.json", 100), ("全唐诗/poet.tang.20000.json", 200)]):
        add(f"tang-{k:02d}", "verse", f"chinese-poetry/chinese-poetry:{path}", tang(poetry, path, start))
    for k, (path, start) in enumerate([("宋词/ci.song.2000.json", 0), ("宋词/ci.song.9000.json", 50),
                                       ("宋词/ci.song.15000.json", 300)]):
        add(f"ci-{k:02d}", "verse", f"chinese-poetry/chinese-poetry:{path}", ci(poetry, path, start))
    for k, start in enumerate([0, 30, 160]):
        blocks = shijing(poetry, start)
        add(f"shijing-{k:02d}", "verse", "chinese-poetry/chinese-poetry:诗经/shijing.json", traditional(blocks) if k % 2 else blocks)
    for k, (path, index) in enumerate([("论语/lunyu.json", 1), ("论语/lunyu.json", 10), ("四书五经/mengzi.json", 0),
                                       ("四书五经/mengzi.json", 4)]):
        add(f"dialogue-{k:02d}", "interview", f"chinese-poetry/chinese-poetry:{path}", dialogue(poetry, path, index))
    for k, index in enumerate([3, 40, 90, 150, 200, 120]):
        add(f"essay-{k:02d}", "essay", "chinese-poetry/chinese-poetry:蒙学/guwenguanzhi.json", guwen(poetry, index))
    out = HERE / "corpus.json"
    out.write_text(json.dumps(articles, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(out, sum(len(t) for a in articles for _, t in a["blocks"]), "characters in", len(articles), "articles")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
