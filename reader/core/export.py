"""Exports of highlights and notes: Markdown for notes apps, and JSON in the
W3C Web Annotation format (which :func:`from_web_annotations` reads back).

Functions here return strings; writing files is the caller's job. The same
input always gives the same bytes: the export time is a parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.core.sentences import sentence_around

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_URN = "urn:reader:article:"
ANNOTATION_URN = "urn:reader:annotation:"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~=^$])")
_TAG_UNSAFE = re.compile(r"[^\w\-/]+")
_BLOCK_REF = re.compile(r"(^|\s)\^([\w-]+\s*)$")  # what notes apps read as a block id


class ExportError(Exception):
    """A one-line message for the user."""


@dataclass
class ArticleNotes:
    """What an export needs of one article: its metadata, cleaned text, and annotations in text order."""

    id: str
    title: str
    source: str
    script: str
    tags: list[str]
    text: str
    annotations: list[Any] = field(default_factory=list)  # reader.core.store.Annotation


def md_escape(text: str) -> str:
    """Article text shown literally in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_tag(tag: str) -> str:
    cleaned = _TAG_UNSAFE.sub("-", tag.strip()).strip("-")
    if cleaned.isdigit():
        cleaned = f"tag-{cleaned}"  # a tag of digits only is not a tag in most notes apps
    return f"#{cleaned}" if cleaned else ""


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _front_matter(article: ArticleNotes, exported_at: str) -> list[str]:
    tags = ", ".join(_yaml_str(t) for t in article.tags)
    return [
        "---",
        f"title: {_yaml_str(article.title)}",
        f"source: {_yaml_str(article.source)}",
        f"article: {_yaml_str(article.id)}",
        f"script: {_yaml_str(article.script)}",
        f"tags: [{tags}]",
        f"exported: {_yaml_str(exported_at)}",
        "---",
        "",
    ]


def _quoted(lines: Iterable[str], prefix: str = "> ") -> list[str]:
    return [f"{prefix}{line}".rstrip() for line in lines]


def _highlight(
    article: ArticleNotes, ann: Any, pinyin_line: Callable[[str], str] | None
) -> list[str]:
    text = article.text
    start, end = ann.start, ann.end
    quote = text[start:end] if 0 <= start < end <= len(text) and not getattr(ann, "orphan", False) else ann.quote
    out = _quoted(md_escape(quote).split("\n"))
    if pinyin_line is not None:
        out += [">", *_quoted([pinyin_line(quote)])]
    if quote == text[start:end]:
        a, b = sentence_around(text, start, end)
        if (a, b) != (start, end) and b - a > end - start:
            sentence = md_escape(text[a:start]) + "**" + md_escape(text[start:end]) + "**" + md_escape(text[end:b])
            out += ["", *[f"{line}".rstrip() for line in sentence.split("\n")]]
    tags = " ".join(t for t in (md_tag(tag) for tag in ann.tags) if t)
    if tags:
        out += ["", tags]
    if getattr(ann, "orphan", False):
        out += ["", "*This passage is no longer in the article's text.*"]
    if ann.note.strip():
        note_lines = [_BLOCK_REF.sub(r"\1\\^\2", line) for line in ann.note.strip("\n").split("\n")]
        out += ["", "> [!note]", *_quoted(note_lines)]
    out += ["", f"^{ann.id}", ""]
    return out


def to_markdown(
    articles: Sequence[ArticleNotes],
    *,
    exported_at: str,
    pinyin_line: Callable[[str], str] | None = None,
) -> str:
    """Markdown for one article (with front matter) or several (one section each, front matter first)."""
    lines: list[str] = []
    if len(articles) == 1:
        lines += _front_matter(articles[0], exported_at)
    else:
        lines += ["---", 'title: "Highlights"', f"exported: {_yaml_str(exported_at)}", "---", ""]
    for article in articles:
        lines += [f"# {md_escape(article.title)}", ""]
        if len(articles) > 1:
            meta = f"*{md_escape(article.source)} · {article.script}*"
            tags = " ".join(t for t in (md_tag(tag) for tag in article.tags) if t)
            lines += [meta + (f" {tags}" if tags else ""), ""]
        for ann in sorted(article.annotations, key=lambda a: (getattr(a, "orphan", False), a.start, a.end, a.id)):
            lines += _highlight(article, ann, pinyin_line)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- JSON: W3C Web Annotation ------------------------------------------------


def to_web_annotation(ann: Any) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": ann.note})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in ann.tags]
    body.append({"type": "TextualBody", "purpose": "highlighting", "value": f"color-{ann.color}"})
    return {
        "id": f"{ANNOTATION_URN}{ann.id}",
        "type": "Annotation",
        "created": ann.created,
        "modified": ann.updated,
        "body": body,
        "target": {
            "source": f"{ARTICLE_URN}{ann.article}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": ann.quote, "prefix": ann.prefix, "suffix": ann.suffix},
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
    }


def to_json(annotations: Iterable[Any]) -> str:
    items = [to_web_annotation(a) for a in sorted(annotations, key=lambda a: (a.article, a.start, a.id))]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def from_web_annotations(data: str) -> list[dict[str, Any]]:
    """Annotation fields (as ``Annotation.from_dict`` takes them) from a Web Annotation JSON export."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ExportError(f"not JSON: {exc}") from None
    if isinstance(doc, dict) and doc.get("type") == "AnnotationCollection":
        items = doc.get("first", {}).get("items", [])
    elif isinstance(doc, dict) and doc.get("type") == "Annotation":
        items = [doc]
    elif isinstance(doc, list):
        items = doc
    else:
        raise ExportError("not a Web Annotation file (expected an AnnotationCollection or Annotation)")
    return [_from_item(item, n) for n, item in enumerate(items, 1)]


def _from_item(item: dict[str, Any], n: int) -> dict[str, Any]:
    try:
        target = item["target"]
        selectors = {s["type"]: s for s in target["selector"]}
        quote = selectors["TextQuoteSelector"]
        position = selectors.get("TextPositionSelector", {})
        bodies = item.get("body", [])
        if isinstance(bodies, dict):
            bodies = [bodies]
        note = next((b["value"] for b in bodies if b.get("purpose") == "commenting"), "")
        tags = [b["value"] for b in bodies if b.get("purpose") == "tagging"]
        colour = next((b["value"] for b in bodies if b.get("purpose") == "highlighting"), "color-1")
        return {
            "id": str(item["id"]).removeprefix(ANNOTATION_URN),
            "article": str(target["source"]).removeprefix(ARTICLE_URN),
            "quote": quote["exact"],
            "prefix": quote.get("prefix", ""),
            "suffix": quote.get("suffix", ""),
            "start": int(position.get("start", 0)),
            "end": int(position.get("end", 0)),
            "color": int(str(colour).removeprefix("color-") or 1),
            "tags": tags,
            "note": note,
            "created": item.get("created", ""),
            "updated": item.get("modified", item.get("created", "")),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError(f"annotation {n} is incomplete ({exc})") from None
