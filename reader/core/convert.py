"""Script conversion through OpenCC, with an offset map back to the original.

OpenCC converts phrase by phrase, and a phrase may change length, so a
position in converted text does not always equal the position in the
original. Converting is one call into OpenCC (it runs at tens of millions of
characters a second); the offset map is built lazily, one line at a time, when
a position is first mapped. A reader maps positions only for the lines on the
screen, so a large article converts at OpenCC's speed.

Alignment of one line: runs of characters OpenCC may change (Han, kana and
the like) alternate with runs it passes through untouched (ASCII,
punctuation, spaces). A changed run of the same length whose characters each
convert on their own maps one to one; any other run is split at the
boundaries where converting the two sides separately gives the same result as
converting the whole, and the pieces between those boundaries are atomic.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from reader.core.han import HAN, HAN_CLASS, IDEOGRAPHIC_MARKS
from reader.core.offsets import OffsetMap, OffsetMapBuilder, PositionMap, RangeMapping

# Characters OpenCC can change: Han characters, the marks written among them,
# radicals, kana and the name dots.
_CONVERTIBLE = f"{HAN_CLASS}{IDEOGRAPHIC_MARKS}\u2e80-\u2fdf\u3040-\u30ff\u00b7\u30fb"
_RUN = re.compile(f"[{_CONVERTIBLE}]+")

# Targets a reader offers, in the order the UI cycles them.
SCRIPTS = ("original", "simplified", "traditional", "taiwan", "hongkong")
SCRIPT_LABELS = {
    "original": "原文",
    "simplified": "简体",
    "traditional": "繁體",
    "taiwan": "台灣正體",
    "hongkong": "香港繁體",
}


@cache
def available_configs() -> tuple[str, ...]:
    """Every config the installed OpenCC ships (s2t, t2s, s2twp, ...)."""
    import opencc

    return tuple(sorted(name.removesuffix(".json") for name in opencc.CONFIGS))


_lock = threading.Lock()
_converters: dict[str, object] = {}


def converter(config: str):  # -> opencc.OpenCC
    """The OpenCC converter for ``config``, created once per process."""
    conv = _converters.get(config)
    if conv is None:
        with _lock:
            conv = _converters.get(config)
            if conv is None:
                if config not in available_configs():
                    raise ValueError(
                        f"unknown conversion {config!r}; choose one of: {', '.join(available_configs())}"
                    )
                import opencc

                conv = opencc.OpenCC(config)
                _converters[config] = conv
    return conv


def convert_text(text: str, config: str) -> str:
    """Converted text only (no offset map)."""
    return converter(config).convert(text) if text else text


@dataclass
class Conversion:
    """Converted text and a lazily built map: ``src`` is the original, ``dst`` the converted text."""

    source: str
    text: str
    config: str
    _map: PositionMap | None = field(default=None, repr=False)

    @property
    def map(self) -> PositionMap:
        if self._map is None:
            if self.source == self.text:
                self._map = OffsetMap.identity(len(self.text))
            else:
                self._map = LineAlignedMap(self.source, self.text, self.config)
        return self._map


def convert(text: str, config: str) -> Conversion:
    return Conversion(text, convert_text(text, config), config)


class LineAlignedMap(RangeMapping):
    """A :class:`PositionMap` built line by line on demand (OpenCC never converts across a newline)."""

    def __init__(self, source: str, text: str, config: str) -> None:
        self._source = source
        self._text = text
        self._config = config
        self._src_starts: list[int] | None = None
        self._dst_starts: list[int] = []
        self._lines: dict[int, OffsetMap] = {}
        self._whole: OffsetMap | None = None

    @property
    def src_len(self) -> int:
        return len(self._source)

    @property
    def dst_len(self) -> int:
        return len(self._text)

    def _index(self) -> bool:
        """Line starts on both sides; False when the line counts differ (align as a whole)."""
        if self._src_starts is None:
            src, dst = _line_starts(self._source), _line_starts(self._text)
            if len(src) != len(dst):
                self._whole = align(self._source, self._text, self._config)
            self._src_starts, self._dst_starts = src, dst
        return self._whole is None

    def _line(self, i: int) -> OffsetMap:
        line = self._lines.get(i)
        if line is None:
            assert self._src_starts is not None
            ss, ds = self._src_starts, self._dst_starts
            s_end = ss[i + 1] if i + 1 < len(ss) else len(self._source)
            d_end = ds[i + 1] if i + 1 < len(ds) else len(self._text)
            line = align(self._source[ss[i] : s_end], self._text[ds[i] : d_end], self._config)
            self._lines[i] = line
        return line

    def _map(self, pos: int, end: bool, to_src: bool) -> int:
        if not self._index():
            assert self._whole is not None
            return self._whole.to_src(pos, end=end) if to_src else self._whole.to_dst(pos, end=end)
        assert self._src_starts is not None
        frm, to = (self._dst_starts, self._src_starts) if to_src else (self._src_starts, self._dst_starts)
        limit = len(self._text) if to_src else len(self._source)
        pos = min(max(pos, 0), limit)
        i = max(bisect_right(frm, pos) - 1, 0)
        if end and i > 0 and pos == frm[i]:
            i -= 1  # an end position at a line start belongs to the line before
        local = self._line(i)
        rel = pos - frm[i]
        return to[i] + (local.to_src(rel, end=end) if to_src else local.to_dst(rel, end=end))

    def to_src(self, pos: int, *, end: bool = False) -> int:
        return self._map(pos, end, True)

    def to_dst(self, pos: int, *, end: bool = False) -> int:
        return self._map(pos, end, False)


class ChainMap:
    """Two maps in a row: ``first`` from the original to a middle text, ``second`` from it onward."""

    def __init__(self, first: PositionMap, second: PositionMap) -> None:
        self.first, self.second = first, second

    @property
    def src_len(self) -> int:
        return self.first.src_len

    @property
    def dst_len(self) -> int:
        return self.second.dst_len

    def to_src(self, pos: int, *, end: bool = False) -> int:
        return self.first.to_src(self.second.to_src(pos, end=end), end=end)

    def to_dst(self, pos: int, *, end: bool = False) -> int:
        return self.second.to_dst(self.first.to_dst(pos, end=end), end=end)

    def range_to_src(self, start: int, end: int) -> tuple[int, int]:
        return self.first.range_to_src(*self.second.range_to_src(start, end))

    def range_to_dst(self, start: int, end: int) -> tuple[int, int]:
        return self.second.range_to_dst(*self.first.range_to_dst(start, end))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def align(src: str, dst: str, config: str) -> OffsetMap:
    """The offset map between ``src`` and ``dst == convert_text(src, config)``."""
    if len(src) == len(dst) and src == dst:
        return OffsetMap.identity(len(src))
    builder = OffsetMapBuilder()
    i = j = 0
    for m in _RUN.finditer(src):
        gap = src[i : m.start()]
        if not dst.startswith(gap, j):
            return _align_run(src, dst, config)  # OpenCC changed an unexpected character
        builder.keep(len(gap))
        j += len(gap)
        dm = _RUN.match(dst, j)
        dst_run = dm.group() if dm else ""
        _align_into(builder, m.group(), dst_run, config)
        i, j = m.end(), j + len(dst_run)
    if src[i:] != dst[j:]:
        return _align_run(src, dst, config)
    builder.keep(len(src) - i)
    return builder.build()


def _align_into(builder: OffsetMapBuilder, src: str, dst: str, config: str) -> None:
    if len(src) == len(dst) and _char_consistent(src, dst, config):
        builder.keep(len(src))
        return
    for seg_src, seg_dst in _split_clean(src, dst, config):
        if seg_src == seg_dst or len(seg_src) == len(seg_dst):
            builder.keep(len(seg_src))
        else:
            builder.replace(len(seg_src), len(seg_dst))


def _align_run(src: str, dst: str, config: str) -> OffsetMap:
    builder = OffsetMapBuilder()
    _align_into(builder, src, dst, config)
    return builder.build()


def _split_clean(src: str, dst: str, config: str) -> list[tuple[str, str]]:
    """Split at every boundary where converting both sides apart equals converting the whole."""
    conv = converter(config).convert
    pieces: list[tuple[str, str]] = []
    last_s = last_d = 0
    for k in range(1, len(src)):
        head = conv(src[last_s:k])
        if dst.startswith(head, last_d) and conv(src[k:]) == dst[last_d + len(head) :]:
            pieces.append((src[last_s:k], head))
            last_s, last_d = k, last_d + len(head)
    pieces.append((src[last_s:], dst[last_d:]))
    return pieces


_char_cache: dict[str, dict[str, str]] = {}


def _char_consistent(src: str, dst: str, config: str) -> bool:
    """Whether every character of ``dst`` is its ``src`` character converted on its own."""
    table = _char_cache.setdefault(config, {})
    missing = {c for c in src if c not in table}
    if missing:
        chars = sorted(missing)
        out = convert_text("\n".join(chars), config).split("\n")
        if len(out) != len(chars):
            return False
        table.update(zip(chars, out, strict=True))
    return all(d == s or table.get(s) == d for s, d in zip(src, dst, strict=True))


def detect_script(text: str, sample: int = 50_000) -> str:
    """``simplified``, ``traditional``, ``mixed`` or ``none`` (no distinguishing Han characters)."""
    chunk = text[:sample]
    if not HAN.search(chunk):
        return "none"
    simp = _differences(chunk, convert_text(chunk, "s2t"))
    trad = _differences(chunk, convert_text(chunk, "t2s"))
    if simp + trad == 0:
        return "none"
    share = trad / (simp + trad)
    if share >= 0.8:
        return "traditional"
    if share <= 0.2:
        return "simplified"
    return "mixed"


def _differences(a: str, b: str) -> int:
    return abs(len(a) - len(b)) + sum(1 for x, y in zip(a, b) if x != y)


# How each reading script is reached from a text in a given script.
_ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("traditional", "simplified"): ("t2s",),
    ("traditional", "traditional"): (),
    ("traditional", "taiwan"): ("t2s", "s2twp"),
    ("traditional", "hongkong"): ("t2hk",),
}


def route(source_script: str, target: str) -> tuple[str, ...]:
    """The OpenCC configs that turn text of ``source_script`` into the reading script ``target``."""
    if target not in SCRIPTS:
        raise ValueError(f"unknown script {target!r}; choose one of: {', '.join(SCRIPTS)}")
    if target == "original":
        return ()
    if source_script == "traditional":
        return _ROUTES[("traditional", target)]
    return {"simplified": ("t2s",), "traditional": ("s2t",), "taiwan": ("s2twp",), "hongkong": ("s2hk",)}[
        target
    ]


def to_script(text: str, target: str, source_script: str | None = None) -> Conversion:
    """Convert ``text`` for reading in ``target`` (one of :data:`SCRIPTS`), with an offset map."""
    configs = route(source_script or detect_script(text), target)
    if not configs:
        return Conversion(text, text, "", OffsetMap.identity(len(text)))
    result = convert(text, configs[0])
    for config in configs[1:]:
        step = convert(result.text, config)
        result = Conversion(text, step.text, f"{result.config}+{config}", _ChainLazy(result, step))
    return result


class _ChainLazy(ChainMap):
    """A chain whose parts build their maps only when a position is first mapped."""

    def __init__(self, first: Conversion, second: Conversion) -> None:
        self._first_conv, self._second_conv = first, second

    @property
    def first(self) -> PositionMap:  # type: ignore[override]
        return self._first_conv.map

    @property
    def second(self) -> PositionMap:  # type: ignore[override]
        return self._second_conv.map
