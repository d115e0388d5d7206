#!/usr/bin/env python3
"""Measure the text cleaner on real PDF extraction of articles it was not built on.

Articles whose clean form is known (``eval/corpus.json``: statutes, court
case reports, Tang and Song verse, the Book of Songs, dialogues, classical
essays, in Simplified and Traditional; sources in ``eval/SOURCES.md``) are
typeset as newspaper and magazine pages in several layouts
(:mod:`reader.bench.cleaner_eval_pdf`), extracted with pdftotext (default,
``-raw``, ``-layout``), pdfminer.six and PyMuPDF, and each extraction is
given to four systems: ``cat`` (nothing done), ``naive`` (a few dozen lines
of heuristics), ``base`` (the cleaner at an earlier commit) and ``now`` (this
checkout's cleaner). The five figures are explained in
:mod:`reader.bench.cleaner_eval_score`.

The table gives one row per extractor over the realistic layouts, and the
goal row (``GOAL SET``) over the extractors the goals are set for: pdftotext
(default and ``-raw``), pdfminer.six and PyMuPDF. ``pdftotext -layout`` has
its own row: it sets the columns of a page side by side on one line, by
design, so its lines interleave columns. Layouts harsher than real print
(see :mod:`reader.bench.cleaner_eval_pdf`) count only in the ``STRESS`` rows.

The articles are split once, by a rule fixed before any result was seen
(:func:`split_of`): within each genre, ordered by the SHA-256 of their id,
every other article is for tuning, the rest for reporting. Tune on
``--split tuning`` only; report both.

Needs ``pip install -e '.[eval]'``, Debian's poppler-utils and fonts-wqy-zenhei.
PDFs and extractions are cached in ``--out`` (``/tmp/cleaner_eval``).

    python -m reader.bench.cleaner_eval                       # both splits, all systems
    python -m reader.bench.cleaner_eval --split tuning --systems now
    python -m reader.bench.cleaner_eval --show statute-00/twocol/pdfminer
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reader.bench.cleaner_eval_pdf import EXTRACTORS, LAYOUTS, Layout, extract, typeset
from reader.bench.cleaner_eval_score import Score, f1, naive, score

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "eval" / "corpus.json"
BASE_REF = "451c6a8"
# The extractors the goals are set for. ``pdftotext -layout`` lays columns
# side by side on one line by design; it has a row of its own.
GOAL_EXTRACTORS = ["pdftotext", "pdftotext-raw", "pdfminer", "pymupdf"]
LAYOUT_BY_KEY = {lay.key: lay for lay in LAYOUTS}
SYSTEMS = ["cat", "naive", "base", "now"]

# News of our own making (not from any source), Simplified; it was used to
# build the cleaner, so it is always in the tuning split.
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
            "已在Hugging Face平台上获得大量下载。香港科技大学的研究团队表示，"
            "他们正与内地伙伴合作开发面向医疗的AI系统，预计明年上半年投入试用，首批将覆盖12家医院。"
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


def articles() -> dict[str, dict]:
    out = {a["id"]: a for a in json.loads(CORPUS.read_text(encoding="utf-8"))}
    out["own-news"] = {"id": "own-news", "genre": "own", "blocks": [list(b) for b in OWN]}
    return out


def split_of(corpus: dict[str, dict]) -> dict[str, str]:
    """Tuning or reporting, by a fixed rule: within a genre, every other article in SHA-256 order."""
    by_genre: dict[str, list[str]] = defaultdict(list)
    for name, art in corpus.items():
        by_genre[art["genre"]].append(name)
    split = {}
    for genre, names in by_genre.items():
        for k, name in enumerate(sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())):
            split[name] = "tuning" if genre == "own" or k % 2 == 0 else "reporting"
    return split


def prepare(task: tuple[str, list, Layout, Path]) -> tuple[str, str, dict]:
    """Typeset one article in one layout and extract it every way (cached on disk)."""
    name, blocks, layout, out = task
    folder = out / layout.key
    folder.mkdir(parents=True, exist_ok=True)
    meta_path = folder / f"{name}.json"
    pdf = folder / f"{name}.pdf"
    if not meta_path.exists():
        expected, drawn = typeset(name, [tuple(b) for b in blocks], layout, pdf)
        meta = {"expected": expected, "furniture": drawn.furniture + drawn.pullquotes}
        meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for how in EXTRACTORS:
        txt = folder / f"{name}.{how}.txt"
        if not txt.exists():
            txt.write_text(extract(pdf, how), encoding="utf-8")
    return name, layout.key, meta


def base_outputs(paths: list[Path], ref: str, out: Path) -> dict[str, str]:
    """The cleaner at ``ref`` on every extraction, run from an exported copy of that commit."""
    root = out / f"base-{ref}"
    if not (root / "reader").exists():
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "reader"], check=True, capture_output=True
        ).stdout
        with tempfile.TemporaryFile() as f:
            f.write(archive)
            f.seek(0)
            with tarfile.open(fileobj=f) as archive_file:
                archive_file.extractall(root)
    cache = out / f"base-{ref}.json"
    done: dict[str, str] = json.loads(cache.read_text(encoding="utf-8")) if cache.exists() else {}
    todo = [str(p) for p in paths if str(p) not in done]
    if todo:
        code = (
            "import json, sys\nsys.path.insert(0, sys.argv[1])\nfrom reader.core.clean import clean\n"
            "paths = json.load(sys.stdin)\n"
            "print(json.dumps({p: clean(open(p, encoding='utf-8').read()).text for p in paths}))"
        )
        res = subprocess.run(
            [sys.executable, "-c", code, str(root)],
            input=json.dumps(todo),
            capture_output=True,
            text=True,
            check=True,
            cwd=str(root),
        )
        done.update(json.loads(res.stdout))
        cache.write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")
    return done


def run_system(system: str, raw: str, path: Path, base: dict[str, str]) -> str:
    if system == "cat":
        return raw
    if system == "naive":
        return naive(raw)
    if system == "base":
        return base[str(path)]
    from reader.core.clean import clean

    return clean(raw).text


def row_labels(layout: str, how: str, by: str) -> list[str]:
    """The table rows a case counts in (``layout`` is a cache key: name and digest)."""
    lay = LAYOUT_BY_KEY[layout]
    if by == "layout":
        return [lay.name]
    if lay.stress:
        return ["STRESS" if how in GOAL_EXTRACTORS else "stress -layout"]
    return [how, "GOAL SET"] if how in GOAL_EXTRACTORS else [how]


def table(
    rows: list[tuple[str, str, str, str, str, Score]], systems: list[str], by: str = "extractor"
) -> str:
    """Per split, row and system: the five figures (ratio averaged, counts summed, F1 pooled).

    By extractor (the default): one row per extractor over the realistic
    layouts, the goal row over the extractors the goals are set for, and the
    stress layouts apart. ``by="layout"``: one row per layout, all extractors.
    """
    groups: dict[tuple[str, str, str], list[Score]] = defaultdict(list)
    for split, _, lay, how, system, s in rows:
        for label in row_labels(lay, how, by):
            groups[(split, label, system)].append(s)
    order = (
        [lay.name for lay in LAYOUTS]
        if by == "layout"
        else [*EXTRACTORS, "GOAL SET", "STRESS", "stress -layout"]
    )
    lines = [
        (
            f"{'split':10} {'row':17} {'system':6} {'n':>4} {'chars÷ceil':>10} {'dup left':>8} "
            f"{'para F1':>7} {'redup lost':>10} {'furniture':>9}"
        )
    ]
    for split in ("tuning", "reporting"):
        for label in order:
            for system in systems:
                ss = groups.get((split, label, system))
                if not ss:
                    continue
                ratio = sum(s.ratio for s in ss) / len(ss)
                pf1 = f1(sum(s.tp for s in ss), sum(s.got_cuts for s in ss), sum(s.exp_cuts for s in ss))
                lines.append(
                    f"{split:10} {label:17} {system:6} {len(ss):4} {ratio:10.3f} {sum(s.dup for s in ss):8} "
                    f"{pf1:7.3f} {sum(s.redup_lost for s in ss):10} {sum(s.furniture for s in ss):9}"
                )
    lines.append(
        f"{'goal':10} {'GOAL SET':17} {'':6} {'':4} {'>= 0.99':>10} {'<= 5':>8} "
        f"{'>= 0.90':>7} {'0':>10} {'<= 5':>9}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("/tmp/cleaner_eval"))
    ap.add_argument("--split", choices=["tuning", "reporting", "both"], default="both")
    ap.add_argument("--systems", nargs="*", default=SYSTEMS, choices=SYSTEMS)
    ap.add_argument("--base", default=BASE_REF, help="commit whose cleaner is the 'base' system")
    ap.add_argument("--layouts", nargs="*", help=" ".join(lay.name for lay in LAYOUTS))
    ap.add_argument("--articles", nargs="*", help="article ids (default: all)")
    ap.add_argument("--show", help="ARTICLE/LAYOUT/EXTRACTOR: the cleaned text against the article, diffed")
    ap.add_argument("--by", choices=["extractor", "layout"], default="extractor", help="rows of the table")
    ap.add_argument("--json", type=Path, help="write every case's figures here")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    corpus, layouts = articles(), [lay for lay in LAYOUTS if not args.layouts or lay.name in args.layouts]
    split = split_of(corpus)
    if args.show:
        return show(args.show, corpus, args.out)
    names = [
        n
        for n in corpus
        if (not args.articles or n in args.articles) and (args.split == "both" or split[n] == args.split)
    ]
    tasks = [(n, corpus[n]["blocks"], lay, args.out) for n in names for lay in layouts]
    with ProcessPoolExecutor(args.jobs) as pool:
        prepared = list(pool.map(prepare, tasks))
    paths = [args.out / lay / f"{n}.{how}.txt" for n, lay, _ in prepared for how in EXTRACTORS]
    base = base_outputs(paths, args.base, args.out) if "base" in args.systems else {}
    rows = []
    for name, lay, meta in prepared:
        expected = [t for _, t in meta["expected"]]
        for how in EXTRACTORS:
            path = args.out / lay / f"{name}.{how}.txt"
            raw = path.read_text(encoding="utf-8")
            for system in args.systems:
                s = score(run_system(system, raw, path, base), raw, expected, meta["furniture"])
                rows.append((split[name], name, lay, how, system, s))
    print(table(rows, args.systems, args.by))
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "split": r[0],
                        "article": r[1],
                        "layout": LAYOUT_BY_KEY[r[2]].name,
                        "extractor": r[3],
                        "system": r[4],
                        **r[5].__dict__,
                    }
                    for r in rows
                ],
                indent=0,
            )
        )
    return 0


def show(spec: str, corpus: dict[str, dict], out: Path) -> int:
    name, lay_name, how = spec.split("/")
    layout = next(lay for lay in LAYOUTS if lay.name == lay_name)
    _, _, meta = prepare((name, corpus[name]["blocks"], layout, out))
    raw = (out / layout.key / f"{name}.{how}.txt").read_text(encoding="utf-8")
    from reader.core.clean import clean

    doc = clean(raw)
    print(score(doc.text, raw, [t for _, t in meta["expected"]], meta["furniture"]))
    got = [f"[{b.kind.value}] {line}" for b in doc.blocks for line in b.text.split("\n")]
    exp = [f"[{k}] {line}" for k, t in meta["expected"] for line in t.split("\n")]
    sys.stdout.writelines(
        line + "\n" for line in difflib.unified_diff(exp, got, "expected", "cleaned", n=1, lineterm="")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
