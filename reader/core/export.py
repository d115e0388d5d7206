"""Exports of highlights and notes: Markdown for notes apps, and JSON in the
W3C Web Annotation format (which :func:`from_web_annotations` reads back).

Functions here return strings; writing files is the caller's job. The same
input always gives the same bytes: the export time is a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.core.annotation import Annotation, text_order
from reader.core.records import RecordError
from reader.core.sanitize import clean_line, visible
from reader.core.sanitize import dumps as json_dumps
from reader.core.sentences import sentence_around
from reader.core.webanno import ANNOTATION_URN, ARTICLE_URN
from reader.core.webanno import read as read_web_annotations

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~=^$])")
_TAG_UNSAFE = re.compile(r"[^\w\-/]+")
_BLOCK_REF = re.compile(r"(^|\s)\^([\w-]+\s*)$")  # what notes apps read as a block id
_BLOCK_ID_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")  # notes apps take letters, digits and dashes


class ExportError(Exception):
    """A one-line message for the user."""


@dataclass
class ExportedArticle:
    """What an export needs of one article: its metadata, cleaned text, and annotations in text order."""

    id: str
    title: str
    source: str
    script: str
    tags: list[str]
    text: str
    annotations: list[Annotation] = field(default_factory=list)


def md_escape(text: str) -> str:
    """Article text shown literally in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_line(text: str) -> str:
    """A title or a name shown literally on one Markdown line: a line break cannot start a new block."""
    return md_escape(clean_line(text))


def block_id(ann_id: str) -> str:
    """The ``^id`` anchor of a highlight: only what notes apps accept, so it cannot end its line."""
    return _BLOCK_ID_UNSAFE.sub("-", ann_id).strip("-") or "highlight"


def note_line(line: str) -> str:
    """One line of a note (Markdown the user wrote) that cannot open HTML or claim a block id."""
    return _BLOCK_REF.sub(r"\1\\^\2", line.replace("<", "&lt;"))


def md_tag(tag: str) -> str:
    cleaned = _TAG_UNSAFE.sub("-", tag.strip()).strip("-")
    if cleaned.isdigit():
        cleaned = f"tag-{cleaned}"  # a tag of digits only is not a tag in most notes apps
    return f"#{cleaned}" if cleaned else ""


def _yaml_str(value: str) -> str:
    return json_dumps(value)


def _front_matter(article: ExportedArticle, exported_at: str) -> list[str]:
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
    article: ExportedArticle, ann: Annotation, pinyin_line: Callable[[str], str] | None
) -> list[str]:
    text = article.text
    start, end = ann.start, ann.end
    quote = text[start:end] if 0 <= start < end <= len(text) and not ann.orphan else ann.quote
    out = _quoted(md_escape(quote).split("\n"))
    if pinyin_line is not None:
        out += [">", *_quoted([pinyin_line(quote)])]
    if quote == text[start:end]:
        a, b = sentence_around(text, start, end)
        if (a, b) != (start, end) and b - a > end - start:
            sentence = (
                md_escape(text[a:start]) + "**" + md_escape(text[start:end]) + "**" + md_escape(text[end:b])
            )
            out += ["", *[f"{line}".rstrip() for line in sentence.split("\n")]]
    tags = " ".join(t for t in (md_tag(tag) for tag in ann.tags) if t)
    if tags:
        out += ["", tags]
    if ann.orphan:
        out += ["", "*This passage is no longer in the article's text.*"]
    if ann.note.strip():
        note_lines = [note_line(line) for line in ann.note.strip("\n").split("\n")]
        out += ["", "> [!note]", *_quoted(note_lines)]
    out += ["", f"^{block_id(ann.id)}", ""]
    return out


def to_markdown(
    articles: Sequence[ExportedArticle],
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
        lines += [f"# {md_line(article.title)}", ""]
        if len(articles) > 1:
            meta = f"*{md_line(article.source)} · {md_line(article.script)}*"
            tags = " ".join(t for t in (md_tag(tag) for tag in article.tags) if t)
            lines += [meta + (f" {tags}" if tags else ""), ""]
        for ann in sorted(article.annotations, key=text_order):
            lines += _highlight(article, ann, pinyin_line)
    return visible("\n".join(lines).rstrip("\n") + "\n")


# -- JSON: W3C Web Annotation ------------------------------------------------


def to_web_annotation(ann: Annotation) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if ann.note:
        body.append(
            {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": ann.note}
        )
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


def to_json(annotations: Iterable[Annotation]) -> str:
    items = [to_web_annotation(a) for a in sorted(annotations, key=lambda a: (a.article, a.start, a.id))]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }
    return json_dumps(collection, indent=2) + "\n"


def from_web_annotations(data: str | bytes) -> list[dict[str, Any]]:
    """Annotation fields (as ``Annotation.from_dict`` takes them) from a Web Annotation JSON export.

    The whole file is checked before anything is returned: one item of the wrong shape is an
    :class:`ExportError` naming the item and the reason, and nothing is imported.
    """
    try:
        return read_web_annotations(data)
    except RecordError as exc:
        raise ExportError(str(exc)) from None
