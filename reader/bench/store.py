"""Benchmark of the annotation store: one save, and opening the store, at 1,000, 10,000 and
100,000 annotations; compaction at the largest size; and, for comparison, what rewriting the
whole file atomically on every save (the simple safe design) would cost.

Everything happens in a temporary folder. Figures are wall-clock seconds on a shared machine.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reader.core.fileio import atomic_write_bytes
from reader.core.store import SCHEMA, Annotation, AnnotationStore, doc_key

SIZES = (1_000, 10_000, 100_000)
SAVES = 20
TARGETS = {"save_10k_s_max": 0.020, "save_100k_s_max": 0.100}

_CHARS = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說"
    "產種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二理起小物現實加量都兩體制機當使"
    "點從業本去把性好應開它合還因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反你明"
    "看原又麼利比或但質氣第向道命此變條只沒結解問意建月公無系軍很情者最立代想已通並提直題黨程展五果料"
    "象員革位入常文總次品式活設及管特件長求老頭基資邊流路級少圖山統接知較將組見計別她手角期根論運農指"
    "幾九區強放決西被幹做必戰先回則任取據處隊南給色光門即保治北造百規熱領七海口東導器壓志世金增爭濟階"
    "油思術極交受聯什認六共權收證改清己美再採轉更單風切打白教速花帶安場身車例真務具萬每目至達走積示議"
    "聲報鬥完類八離華名確才科張信馬節話米整空元況今集溫傳土許步群廣石記需段研界拉林律叫且究觀越織裝影"
    "算低持音眾書布复容兒須際商非驗連斷深難近礦千週委素技備半辦青省列習響約支般史感勞便團往酸歷市克何"
    "除消構府稱太準精值號率族維劃選標寫存候毛親快效斯院查江型眼王按格養易置派層片始卻專狀育廠京識適屬"
    "圓包火住調滿縣局照參紅細引聽該鐵價嚴"
)


def _doc(rng: random.Random, n: int, articles: int) -> dict[str, object]:
    def text(k: int) -> str:
        return "".join(rng.choices(_CHARS, k=k))

    quote = text(rng.randrange(4, 30))
    start = rng.randrange(0, 50_000)
    ann_id = f"{n:08x}{rng.getrandbits(96):024x}"
    return {
        "id": ann_id,
        "article": f"article{n % articles:04d}",
        "quote": quote,
        "prefix": text(32),
        "suffix": text(32),
        "start": start,
        "end": start + len(quote),
        "color": 1 + n % 5,
        "tags": rng.sample(["生詞", "語法", "成語", "人物", "地名", "重要"], k=rng.randrange(0, 3)),
        "note": text(rng.randrange(0, 60)) if n % 3 == 0 else "",
        "created": "2025-01-01T00:00:00.000Z",
        "updated": "2025-01-01T00:00:00.000Z",
        "orphan": False,
    }


def build(path: Path, count: int) -> None:
    """A main file of ``count`` realistic annotations (Chinese quotes, 32 characters of context)."""
    rng = random.Random(count)
    docs = (_doc(rng, n, max(1, count // 100)) for n in range(count))
    tables = {"meta": {"1": {"schema": SCHEMA}}, "annotations": {doc_key(str(d["id"])): d for d in docs}}
    path.write_bytes(json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _median(samples: list[float]) -> float:
    return round(statistics.median(samples), 5)


def measure(folder: Path, count: int, *, compaction: bool = False) -> dict[str, float | int]:
    path = folder / f"annotations-{count}.json"
    build(path, count)
    opens = []
    for _ in range(3):
        t0 = time.perf_counter()
        store = AnnotationStore.open(path)
        opens.append(time.perf_counter() - t0)
        store.close()
    store = AnnotationStore.open(path)
    saves = []
    for n in range(SAVES):
        ann = Annotation.new(article="article0000", quote=f"第{n}段：讀書要慢，慢慢讀才能讀懂", note="筆記")
        t0 = time.perf_counter()
        store.add(ann)
        saves.append(time.perf_counter() - t0)
    updates = []
    ids = [a.id for a in store.for_article("article0000")][:SAVES]
    for ann_id in ids:
        t0 = time.perf_counter()
        store.update(ann_id, note="改過的筆記")
        updates.append(time.perf_counter() - t0)
    result: dict[str, float | int] = {
        "annotations": count,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "open_s": _median(opens),
        "save_s": _median(saves),
        "save_max_s": round(max(saves), 5),
        "update_s": _median(updates),
    }
    # The alternative: serialise everything and replace the file atomically on every save.
    t0 = time.perf_counter()
    data = json.dumps(store.storage.tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    atomic_write_bytes(folder / "rewrite.json", data)
    result["full_rewrite_save_s"] = round(time.perf_counter() - t0, 5)
    if compaction:
        t0 = time.perf_counter()
        store.storage.compact()
        result["compact_s"] = round(time.perf_counter() - t0, 5)
    store.close()
    return result


def run() -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="reader-bench-store-") as tmp:
        for count in SIZES:
            results[f"n{count}"] = measure(Path(tmp), count, compaction=count == SIZES[-1])
            print(f"store: {count} done", file=sys.stderr)
    saves = {count: results[f"n{count}"]["save_s"] for count in SIZES}  # type: ignore[index]
    results["targets"] = TARGETS
    results["meets_targets"] = (
        saves[10_000] <= TARGETS["save_10k_s_max"] and saves[100_000] <= TARGETS["save_100k_s_max"]
    )
    return results


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
