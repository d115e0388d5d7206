"""Measure the importers: PDF text quality against pdftotext + the cleaner, and import times.

Quality: articles whose clean form is known are typeset as pages (columns,
running headers and footers, page numbers, captions, pull quotes, fake bold)
by the cleaner evaluation's typesetter, on its corpus and its fixed
tuning/reporting split (``eval/corpus.json``, ``reader.bench.cleaner_eval``);
where that is not in this checkout, the older typesetter and the seeds are
used. Each PDF is read three ways and scored against the article:

* ``import``        :func:`reader.core.importers.read_document` (positions), then the cleaner
* ``import raw``    the same without the cleaner
* ``pdftotext``     poppler's ``pdftotext``, then the cleaner

Figures (whitespace never counts; lines are the units):

* ``order``   characters of the article read in the right order: LCS(output, article) / |article|
* ``extra``   characters of the output not in the article, in order
* ``dup``     of those, characters repeating the text just before or after them (fake-bold copies)
* ``pF1``     F1 of unit boundaries (paragraphs, headings, verse lines)
* ``furn``    running headers, footers, page numbers and pull quotes still in the output

Targets: order >= 99.5%, dup 0, pF1 >= 0.95, furn 0.

Times: importing a 50-page two-column PDF (this reader, pdfminer.six's
characters through pdfplumber, pdftotext), the first chapter of a 5 MB EPUB
against a seed article, the book opened from a library as the app opens it
(the cleaned text cached when it was added) against a seed, and a saved web
page.

    python -m reader.bench.importers                 # quality table and times
    python -m reader.bench.importers --times         # times only
    python -m reader.bench.importers --show ARTICLE/LAYOUT   # one case, diffed

Needs ``pip install -e '.[eval]'``, Debian's poppler-utils and fonts-wqy-zenhei.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
WS = re.compile(r"\s+")


# --- The corpus and the typesetter of the cleaner evaluation ----------------------------------


def _module(name: str) -> Any:
    """``reader.bench.<name>``, from this checkout or from ``READER_EVAL_ROOT`` (another checkout)."""
    try:
        return importlib.import_module(f"reader.bench.{name}")
    except ModuleNotFoundError:
        root = os.environ.get("READER_EVAL_ROOT")
        path = Path(root or "-") / "reader" / "bench" / f"{name}.py"
        if not root or not path.exists():
            return None
        spec = importlib.util.spec_from_file_location(f"reader.bench.{name}", path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module


@dataclass(frozen=True)
class Case:
    article: str
    split: str
    blocks: tuple[tuple[str, str], ...]
    layout: Any  # a layout of whichever evaluation typesets the case (its .name says which)
    stress: bool

    @property
    def name(self) -> str:
        return f"{self.article}/{self.layout.name}"


def cases(
    articles: list[str] | None = None, layouts: list[str] | None = None
) -> tuple[list[Case], Callable[[Case, Path], tuple[list, list]]]:
    """Every article in every layout, and the typesetting function
    ``typeset(case, pdf) -> (expected, furniture)``."""
    pdfmod = _module("cleaner_eval_pdf")
    if pdfmod is not None:
        corpus_path = Path(pdfmod.__file__).resolve().parent.parent.parent / "eval" / "corpus.json"
        corpus = {a["id"]: a for a in json.loads(corpus_path.read_text(encoding="utf-8"))}
        split = _split(corpus)

        def typeset(case: Case, pdf: Path) -> tuple[list, list]:
            expected, drawn = pdfmod.typeset(case.article, list(case.blocks), case.layout, pdf)
            return expected, drawn.furniture + drawn.pullquotes

        lays = pdfmod.LAYOUTS
        items = [(n, split[n], [tuple(b) for b in a["blocks"]]) for n, a in corpus.items()]
        evalmod = _module("cleaner_eval")
        if evalmod is not None and hasattr(evalmod, "OWN"):  # news of the project's own making: tuning
            items.append(("own-news", "tuning", [tuple(b) for b in evalmod.OWN]))
    else:  # the older evaluation: its own article and the seeds, its four layouts
        old = importlib.import_module("reader.bench.cleaner_eval")
        lays = old.LAYOUTS
        items = [
            (n, "tuning" if n.startswith("own") else "reporting", b) for n, b in old.sources(None).items()
        ]

        def typeset(case: Case, pdf: Path) -> tuple[list, list]:
            old.typeset(list(case.blocks), case.layout, pdf)
            return list(case.blocks), _old_furniture(case.layout, pdf)

    out = [
        Case(n, s, tuple(b), lay, bool(getattr(lay, "stress", False)))
        for n, s, b in items
        if not articles or n in articles
        for lay in lays
        if not layouts or lay.name in layouts
    ]
    return out, typeset


def _split(corpus: dict[str, dict]) -> dict[str, str]:
    """The cleaner evaluation's fixed split: within a genre, every other article by SHA-256 of its id."""
    import hashlib

    by_genre: dict[str, list[str]] = defaultdict(list)
    for name, art in corpus.items():
        by_genre[art["genre"]].append(name)
    return {
        name: "tuning" if k % 2 == 0 else "reporting"
        for names in by_genre.values()
        for k, name in enumerate(sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest()))
    }


def _old_furniture(layout, pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    total = len(pdfium.PdfDocument(str(pdf)))
    return [
        s.format(n=n, v=n + 24, total=total)
        for n in range(1, total + 1)
        for s in (layout.header, layout.footer)
    ]


# --- Scoring ---------------------------------------------------------------------------------


def _units(text: str) -> list[str]:
    return [u for u in (WS.sub("", line) for line in text.split("\n")) if u]


def _matches(got: str, exp: str) -> list[int]:
    """For each character of ``got``, the index of the article character it is matched with, or -1."""
    match = [-1] * len(got)
    try:
        from rapidfuzz.distance import Indel

        ops = [(op.tag, op.src_start, op.src_end, op.dest_start) for op in Indel.opcodes(got, exp)]
    except ImportError:
        sm = difflib.SequenceMatcher(None, got, exp, autojunk=False)
        ops = [(t, a0, a1, b0) for t, a0, a1, b0, _ in sm.get_opcodes()]
    for tag, a0, a1, b0 in ops:
        if tag == "equal":
            for k in range(a1 - a0):
                match[a0 + k] = b0 + k
    return match


@dataclass
class Score:
    order: float
    matched: int
    expected: int
    extra: int
    dup: int
    tp: int
    got_cuts: int
    exp_cuts: int
    furn: int


def score(output: str, expected: list[str], furniture: list[str]) -> Score:
    exp_units = [u for t in expected for u in _units(t)]
    got_units = _units(output)
    exp, got = "".join(exp_units), "".join(got_units)
    match = _matches(got, exp)
    matched = sum(1 for m in match if m >= 0)
    order = matched / len(exp) if exp else 1.0
    exp_cuts, pos = set(), 0
    for u in exp_units[:-1]:
        pos += len(u)
        exp_cuts.add(pos)
    mapped, pos = set(), 0
    for u in got_units[:-1]:
        pos += len(u)
        if match[pos - 1] >= 0:
            mapped.add(match[pos - 1] + 1)
        elif match[pos] >= 0:
            mapped.add(match[pos])
    runs, start = [], None
    for i, m in enumerate([*match, 0]):
        if m < 0 and start is None:
            start = i
        elif m >= 0 and start is not None:
            runs.append((start, i))
            start = None
    dup = sum(b - a for a, b in runs if got[2 * a - b : a] == got[a:b] or got[b : 2 * b - a] == got[a:b])
    leftover = "\x00".join(got[a:b] for a, b in runs)
    furn = 0
    for f in sorted({WS.sub("", f) for f in furniture if WS.sub("", f)}, key=len, reverse=True):
        found = leftover.count(f)
        furn += found
        leftover = leftover.replace(f, "\x00")
    extra = sum(1 for m in match if m < 0)
    return Score(
        order,
        matched,
        len(exp),
        extra,
        dup,
        len(mapped & exp_cuts),
        len(got_units) - 1,
        len(exp_units) - 1,
        furn,
    )


def f1(tp: int, got: int, exp: int) -> float:
    p, r = (tp / got if got else 1.0), (tp / exp if exp else 1.0)
    return 2 * p * r / (p + r) if p + r else 0.0


# --- Sample files -----------------------------------------------------------------------------

_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def make_epub(
    path: Path,
    title: str,
    chapters: list[tuple[str, list[str]]],
    *,
    nav: bool = True,
    padding: int = 0,
    encrypted: bool = False,
) -> Path:
    """Write an EPUB 3 book (EPUB 2 NCX when ``nav`` is false) of ``(title, paragraphs)`` chapters.

    ``padding`` bytes of incompressible image data make the file as large as a book with pictures.
    """
    import html
    import zipfile

    items, refs, links, points = [], [], [], []
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # stored, first
        zf.writestr("META-INF/container.xml", _CONTAINER, zipfile.ZIP_DEFLATED)
        if encrypted:
            zf.writestr(
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
                ' xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
                'Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference'
                ' URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>',
            )
        for k, (head, paras) in enumerate(chapters, 1):
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
            zf.writestr(
                f"OEBPS/c{k}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/'
                f'1999/xhtml"><head><title>{html.escape(head)}</title></head><body><h1>{html.escape(head)}'
                f"</h1>\n{body}</body></html>",
                zipfile.ZIP_DEFLATED,
            )
            items.append(f'<item id="c{k}" href="c{k}.xhtml" media-type="application/xhtml+xml"/>')
            refs.append(f'<itemref idref="c{k}"/>')
            links.append(f'<li><a href="c{k}.xhtml">{html.escape(head)}</a></li>')
            points.append(
                f'<navPoint id="p{k}" playOrder="{k}"><navLabel><text>{html.escape(head)}</text></navLabel>'
                f'<content src="c{k}.xhtml"/></navPoint>'
            )
        if padding:
            zf.writestr("OEBPS/images/plates.jpg", os.urandom(padding), zipfile.ZIP_STORED)
            items.append('<item id="img" href="images/plates.jpg" media-type="image/jpeg"/>')
        if nav:
            zf.writestr(
                "OEBPS/nav.xhtml",
                '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/'
                f'2007/ops"><body><nav epub:type="toc"><ol>{"".join(links)}</ol></nav></body></html>',
            )
            items.append(
                '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
            )
        else:
            zf.writestr(
                "OEBPS/toc.ncx",
                '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
                f"<navMap>{''.join(points)}</navMap></ncx>",
            )
            items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
        spine_toc = "" if nav else ' toc="ncx"'
        zf.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?>\n<package xmlns="http://www.idpf.org/2007/opf" '
            'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{html.escape(title)}</dc:title><dc:creator>佚名</dc:creator><dc:date>2024-01-02</dc:date>"
            f"</metadata><manifest>{''.join(items)}</manifest><spine{spine_toc}>"
            f"{''.join(refs)}</spine></package>",
            zipfile.ZIP_DEFLATED,
        )
    return path


# --- Running ---------------------------------------------------------------------------------

SYSTEMS = ("import", "import raw", "pdftotext")


def outputs(pdf: Path) -> dict[str, str]:
    from reader.core.clean import clean
    from reader.core.importers import read_document

    raw = read_document(pdf).text
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return {
        "import": clean(raw).text,
        "import raw": raw,
        "pdftotext": clean(poppler.stdout.decode("utf-8")).text,
    }


def run_case(task: tuple[str, str, Path]) -> list[tuple[str, Score]]:
    """Typeset one article in one layout (cached), read it every way, score each."""
    article, layout, out = task
    (case,), typeset = cases([article], [layout])
    folder = out / case.layout.name
    folder.mkdir(parents=True, exist_ok=True)
    pdf, meta = folder / f"{case.article}.pdf", folder / f"{case.article}.json"
    if not meta.exists():
        expected, furniture = typeset(case, pdf)
        meta.write_text(json.dumps({"expected": expected, "furniture": furniture}, ensure_ascii=False))
    info = json.loads(meta.read_text(encoding="utf-8"))
    expected = [t for _, t in info["expected"]]
    return [(system, score(text, expected, info["furniture"])) for system, text in outputs(pdf).items()]


def table(rows: list[tuple[Case, str, Score]]) -> str:
    groups: dict[tuple[str, str, str], list[Score]] = defaultdict(list)
    for case, system, s in rows:
        groups[(case.split, "stress" if case.stress else "realistic", system)].append(s)
    lines = [
        (
            f"{'split':10} {'layouts':9} {'system':11} {'n':>4} {'order':>8} {'worst':>8} {'extra':>6} "
            f"{'dup':>5} "
            f"{'pF1':>6} {'furn':>5}"
        )
    ]
    for key in sorted(groups, key=lambda k: (k[0] != "tuning", k[1] != "realistic", SYSTEMS.index(k[2]))):
        ss = groups[key]
        pf1 = f1(sum(s.tp for s in ss), sum(s.got_cuts for s in ss), sum(s.exp_cuts for s in ss))
        pooled = sum(s.matched for s in ss) / max(1, sum(s.expected for s in ss))
        lines.append(
            f"{key[0]:10} {key[1]:9} {key[2]:11} {len(ss):4} {100 * pooled:7.2f}% "
            f"{100 * min(s.order for s in ss):7.2f}% "
            f"{sum(s.extra for s in ss):6} {sum(s.dup for s in ss):5} {pf1:6.3f} {sum(s.furn for s in ss):5}"
        )
    lines.append(
        f"{'target':10} {'':9} {'':11} {'':4} {'>=99.50%':>8} {'>=99.50%':>8} {'':6} {'0':>5} {'>=0.95':>6} "
        f"{'0':>5}"
    )
    lines.append(
        "order and pF1 are pooled over the group, worst is its worst case; extra, dup and furn are summed."
    )
    return "\n".join(lines)


def quality(args: argparse.Namespace) -> str:
    from concurrent.futures import ProcessPoolExecutor

    found, _ = cases(args.articles, args.layouts)
    with ProcessPoolExecutor(args.jobs) as pool:
        results = pool.map(run_case, [(c.article, c.layout.name, args.out) for c in found])
        rows = [(c, system, sc) for c, rs in zip(found, results) for system, sc in rs]
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"case": c.name, "split": c.split, "system": s, **sc.__dict__} for c, s, sc in rows],
                indent=0,
            )
        )
    worst = sorted((r for r in rows if r[1] == "import" and not r[0].stress), key=lambda r: r[2].order)[:5]
    note = "worst realistic cases (import): " + ", ".join(
        f"{c.name} {100 * s.order:.2f}%" for c, _, s in worst
    )
    return table(rows) + "\n" + note


def show(spec: str, out: Path) -> int:
    article, layout = spec.split("/")
    cases([article], [layout])  # fails early on an unknown article or layout
    for system, s in run_case((article, layout, out)):
        print(system, s)
    info = json.loads((out / layout / f"{article}.json").read_text(encoding="utf-8"))
    got = outputs(out / layout / f"{article}.pdf")["import raw"]
    exp = [line for _, t in info["expected"] for line in t.split("\n")]
    sys.stdout.writelines(
        line + "\n"
        for line in difflib.unified_diff(
            exp, [u for u in got.split("\n") if u.strip()], "expected", "imported", n=1, lineterm=""
        )
    )
    return 0


_TIMER = """
import json, sys, time
t0 = time.perf_counter()
from reader.core.importers import read_document
from reader.core.clean import clean
t1 = time.perf_counter()
doc = read_document(sys.argv[1])
first = doc.parts[0].text()
t2 = time.perf_counter()
clean(first)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "clean": t3 - t2, "parts": len(doc.parts)}))
"""


_LIBRARY_OPEN = """
import json, sys, time
t0 = time.perf_counter()
from reader.core.library import Library
from reader.core.paths import Locations
library = Library(Locations.resolve(sys.argv[1]))
article = next(a for a in library.articles() if a.source_name == sys.argv[2])
library.prepared(article.id, segment=False)
print(json.dumps(time.perf_counter() - t0))
"""


def library_open(book: Path, out: Path, rounds: int = 3) -> dict[str, float]:
    """Seconds for a fresh process to open the book from a library, as the app opens an article (its
    cleaned text from the cache made when the book was added), against the seeds (best of ``rounds``;
    the median seed)."""
    import shutil
    import statistics

    home = out / "library-home"
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), "add", str(book)],
        capture_output=True,
        check=True,
    )

    def opened(name: str) -> float:
        return min(
            json.loads(
                subprocess.run(
                    [sys.executable, "-c", _LIBRARY_OPEN, str(home), name],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(rounds)
        )

    seeds = [opened(p.name) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return {"epub_library_open": opened(book.name), "seed_library_open": statistics.median(seeds)}


def _fresh(path: Path) -> dict:
    """Timings of reading ``path`` (its first part) in a fresh interpreter, as a user's first open is."""
    out = subprocess.run(
        [sys.executable, "-c", _TIMER, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def big_pdf(out: Path, pages: int = 50) -> Path:
    """A PDF of at least ``pages`` two-column pages, typeset from the corpus."""
    pdf = out / f"big-{pages}.pdf"
    if pdf.exists():
        return pdf
    found, typeset = cases(None, ["twocol"])
    blocks = [b for c in found for b in c.blocks]
    import pypdfium2 as pdfium

    n, count = 300, 0
    for _ in range(6):  # aim at pages..pages+3: the blocks per page differ from article to article
        case = Case("big", "tuning", tuple((blocks * 8)[:n]), found[0].layout, False)
        typeset(case, pdf)
        count = len(pdfium.PdfDocument(str(pdf)))
        if pages <= count <= pages + 3:
            break
        n = max(10, int(n * (pages + 1) / max(count, 1)))
    return pdf


def _articles() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every article of the corpus once."""
    return {c.article: c.blocks for c in cases()[0]}


def big_epub(out: Path, size: int = 5 * 2**20) -> Path:
    """An EPUB of about ``size`` bytes: the corpus as 120 chapters, and pictures."""
    book = out / "big.epub"
    if book.exists():
        return book
    paras = [t for blocks in _articles().values() for k, t in blocks if k == "paragraph"] * 3
    per = max(1, len(paras) // 120)
    chapters = [(f"第{k + 1}章", paras[k * per : (k + 1) * per]) for k in range(120)]
    make_epub(book, "評測之書", chapters, padding=0)
    make_epub(book, "評測之書", chapters, padding=max(0, size - book.stat().st_size))
    return book


def measure(out: Path) -> dict[str, float]:
    """Import times in seconds: a 50-page PDF three ways, a 5 MB EPUB's first chapter against a seed,
    a web page."""
    import pypdfium2 as pdfium

    from reader.bench.core import best
    from reader.core.importers import read_document

    out.mkdir(parents=True, exist_ok=True)
    pdf, book, page = big_pdf(out), big_epub(out), out / "page.html"
    page.write_bytes(sample_page().encode("gb18030"))
    fresh_pdf, fresh_book, fresh_page = _fresh(pdf), _fresh(book), _fresh(page)
    fresh_seed = _fresh(sorted((ROOT / "seeds").glob("*.txt"))[0])
    m = {
        "pdf_pages": len(pdfium.PdfDocument(str(pdf))),
        "pdf_fresh": fresh_pdf["import"] + fresh_pdf["read"],
        "pdf_warm": best(lambda: read_document(pdf)),
        "pdftotext": best(
            lambda: subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
        ),
        "epub_mb": book.stat().st_size / 2**20,
        "epub_chapters": fresh_book["parts"],
        "epub_first_chapter_cleaned": fresh_book["read"] + fresh_book["clean"],
        "seed_cleaned": fresh_seed["read"] + fresh_seed["clean"],
        "epub_whole_book_warm": best(lambda: read_document(book).text, 1),
        "html_fresh": fresh_page["import"] + fresh_page["read"],
        "html_warm": best(lambda: read_document(page)),
        **library_open(book, out),
    }
    try:
        import pdfplumber

        def plumber() -> None:
            with pdfplumber.open(str(pdf)) as doc:
                for p in doc.pages:
                    p.chars  # noqa: B018 - the characters with boxes and fonts, what layout needs

        m["pdfplumber_chars"] = best(plumber, 1)
    except ImportError:
        pass
    return m


def run() -> dict[str, float]:
    """The times for ``python -m reader.bench``."""
    return measure(Path(tempfile.gettempdir()) / "importers_eval")


def times(out: Path) -> str:
    m = measure(out)
    plumber = (
        f"{m['pdfplumber_chars']:6.2f} s"
        if "pdfplumber_chars" in m
        else "  (not installed: pip install -e '.[eval-importers]')"
    )
    return "\n".join(
        [
            f"{m['pdf_pages']}-page two-column PDF:",
            f"  this reader, fresh process     {m['pdf_fresh']:6.2f} s",
            f"  this reader, warm              {m['pdf_warm']:6.2f} s",
            f"  pdfplumber, characters only    {plumber}",
            f"  pdftotext, text only           {m['pdftotext']:6.2f} s",
            f"{m['epub_mb']:.1f} MB EPUB of {m['epub_chapters']} chapters, fresh process:",
            f"  open, first chapter, cleaned   {m['epub_first_chapter_cleaned']:6.3f} s",
            f"  a seed article, read, cleaned  {m['seed_cleaned']:6.3f} s",
            f"  the whole book, warm           {m['epub_whole_book_warm']:6.3f} s",
            f"  opened from the library        {m['epub_library_open']:6.3f} s",
            f"  a seed from the library        {m['seed_library_open']:6.3f} s",
            f"web page (GBK), fresh process    {m['html_fresh']:6.3f} s (trafilatura loads on first use)",
            f"web page, warm                   {m['html_warm']:6.3f} s",
        ]
    )


def sample_page() -> str:
    """A news page with navigation, a byline, a dated article, a figure with its caption and a footer."""
    paras = [t for blocks in list(_articles().values())[:3] for k, t in blocks if k == "paragraph"][:8]
    body = "".join(f"<p>{p}</p>" for p in paras[:3])
    body += "<figure><img src='a.jpg'><figcaption>圖為會場一角。新華社</figcaption></figure>"
    body += "<h2>小標題</h2>" + "".join(f"<p>{p}</p>" for p in paras[3:])
    return (
        "<!DOCTYPE html><html><head><meta charset='gbk'><title>新聞標題 - 新聞網</title>"
        "<meta name='author' content='王明'><meta property='article:published_time' content='2024-04-22'>"
        "</head><body><nav><a href='/'>首頁</a> <a href='/news'>新聞</a></nav><article><h1>新聞標題</h1>"
        f"{body}</article><footer>版權所有 新聞網 聯繫我們</footer></body></html>"
    )


def real_pdfs() -> str:
    """Han characters recovered from the real PDFs under ``tests/data/importers``, by this reader and
    pdftotext."""
    from reader.core.han import HAN as han
    from reader.core.importers import read_document

    lines = ["real PDFs (tests/data/importers):     Han characters read   by pdftotext"]
    for pdf in sorted((ROOT / "tests" / "data" / "importers").glob("*.pdf")):
        ours = len(han.findall(read_document(pdf).text))
        poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True).stdout
        lines.append(f"  {pdf.name:34} {ours:6} {len(han.findall(poppler.decode('utf-8', 'replace'))):12}")
    return "\n".join(lines)


# --- Pages printed by a browser ----------------------------------------------------------------

BROWSER_COLUMNS = (1, 2, 3)
_KIND_TAGS = {"heading": "h2", "caption": "p class=cap", "byline": "p class=by", "credit": "p class=by"}


def browser_html(blocks: tuple[tuple[str, str], ...], columns: int) -> str:
    """The article as a page with CSS columns, in Noto CJK (real bold headings), for a browser to print."""
    import html

    body = []
    for kind, text in blocks:
        tag = _KIND_TAGS.get(kind, "p")
        body.append(f"<{tag}>{html.escape(text).replace(chr(10), '<br>')}</{tag.split()[0]}>")
    title = next((t for k, t in blocks if k == "heading"), "")
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>"
        "body{font-family:'Noto Serif CJK SC',serif;font-size:10.5pt;line-height:1.6;"
        f"column-count:{columns};column-gap:2em}}"
        "p{text-indent:2em;margin:0;text-align:justify}h2{font-size:15pt;margin:.6em 0 .3em}"
        ".cap,.by{text-indent:0;font-size:9pt}</style></head><body>" + "".join(body) + "</body></html>"
    )


def browser_case(task: tuple[str, int, Path]) -> list[tuple[str, Score]]:
    """Print one article with Chromium (its own running title, date, address and page numbers), score it."""
    import pypdfium2 as pdfium

    article, columns, out = task
    blocks = _articles()[article]
    folder = out / f"chromium-{columns}col"
    folder.mkdir(parents=True, exist_ok=True)
    page, pdf = folder / f"{article}.html", folder / f"{article}.pdf"
    if not pdf.exists():
        page.write_text(browser_html(blocks, columns), encoding="utf-8")
        subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
    furniture = []
    doc = pdfium.PdfDocument(str(pdf))
    for page_ in doc:  # what the browser put in the margins is furniture by construction
        textpage = page_.get_textpage()
        furniture += [
            textpage.get_text_bounded(top=30),
            textpage.get_text_bounded(bottom=page_.get_height() - 30),
        ]
    doc.close()
    expected = [t for _, t in blocks]
    return [
        (system, score(text, expected, [f for f in furniture if f.strip()]))
        for system, text in outputs(pdf).items()
    ]


def _chromium() -> str:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"


def browser_quality(args: argparse.Namespace) -> str:
    from concurrent.futures import ProcessPoolExecutor
    from types import SimpleNamespace

    split = {c.article: c.split for c in cases(args.articles)[0]}
    found = [
        Case(a, split[a], (), SimpleNamespace(name=f"chromium {n} col"), False)
        for a in split
        for n in BROWSER_COLUMNS
    ]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = pool.map(
            browser_case, [(c.article, int(c.layout.name.split()[1]), args.out) for c in found]
        )
        rows = [(c, system, sc) for c, rs in zip(found, results) for system, sc in rs]
    return (
        "Pages printed by Chromium (CSS columns, Noto CJK, the browser's own header and footer):\n"
        + table(rows)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "importers_eval")
    ap.add_argument("--articles", nargs="*")
    ap.add_argument("--layouts", nargs="*")
    ap.add_argument("--times", action="store_true", help="only the import times")
    ap.add_argument("--show", help="ARTICLE/LAYOUT: one case's figures and its imported text diffed")
    ap.add_argument("--json", type=Path, help="write every case's figures here")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--browser", action="store_true", help="also pages printed by Chromium (needs Debian's chromium)"
    )
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.show:
        return show(args.show, args.out)
    if not args.times:
        print(quality(args))
    if args.browser:
        print(browser_quality(args))
    print(real_pdfs())
    print(times(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
