"""An article's highlights in its current text: the one place the rules about them live.

The reader screen, its notes panel, the command line (and any later front end)
ask :class:`ArticleNotes` the same questions: which highlight is under the
cursor, what an action applies to, where the next highlight is, where a quoted
passage is, whether a passage is highlighted already. It holds the article's
annotations in text order (orphans last) and knows nothing of the screen.

Re-anchoring lives here too: :meth:`ArticleNotes.load` places the stored
annotations in the text as it is now and saves the new places; the store only
keeps what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from reader.core.anchoring import anchor_all, exact_occurrences, make_selector, match_quote
from reader.core.annotation import COLOR_NAMES, COLORS, Annotation, now, text_order
from reader.core.sanitize import visible_line
from reader.core.storage import StoreError
from reader.core.store import AnnotationNotFound, AnnotationStore

Span = tuple[int, int]  # a range of the cleaned text


class NotesError(Exception):
    """A passage cannot be placed: a one-line message for the user."""


def shorten(text: str, limit: int) -> str:
    """``text`` on one line for a screen or a terminal, cut to ``limit`` characters with an ellipsis.

    Control characters (an escape sequence in a quote or a note) become visible pictures.
    """
    flat = visible_line(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def first_line(note: str) -> str:
    """The first non-blank line of a note: what a list or a status line shows of it."""
    for line in note.splitlines():
        if line.strip():
            return line.strip()
    return ""


def summary(ann: Annotation) -> str:
    """A few words on a highlight: its colour, up to three tags and the start of its note."""
    parts = [f"{COLOR_NAMES.get(ann.color, COLOR_NAMES[1])} highlight"]
    parts.extend(f"#{t}" for t in ann.tags[:3])
    note = first_line(ann.note)
    if note:
        parts.append(f"✎ {shorten(note, 30)}")
    return " ".join(parts)


def next_color(color: int) -> int:
    """The colour after ``color``, round from the last to the first."""
    return color % len(COLORS) + 1


@dataclass(frozen=True)
class Upserted:
    """What :meth:`ArticleNotes.upsert` did: the annotation to save, whether it is new, what changed."""

    ann: Annotation
    created: bool
    changed: tuple[str, ...] = ()


class ArticleNotes:
    """The annotations of one article, placed in its cleaned ``text``, in text order (orphans last)."""

    def __init__(self, article: str, text: str, annotations: Iterable[Annotation] = ()) -> None:
        self.article = article
        self.text = text
        self._by_id = {a.id: a for a in annotations}
        self._ordered: list[Annotation] | None = None

    # -- placing -------------------------------------------------------------------

    @classmethod
    def place(cls, article: str, text: str, annotations: Iterable[Annotation]) -> ArticleNotes:
        """The annotations re-anchored in ``text`` (a passage that moved is found again; one that is gone
        becomes an orphan and keeps its old offsets)."""
        return cls(article, text, anchor_all(text, list(annotations)))

    @classmethod
    def load(cls, store: AnnotationStore, article: str, text: str) -> tuple[ArticleNotes, str | None]:
        """The article's stored annotations placed in ``text``, with their new places saved.

        The second value says why the new places could not be saved (a full disk): the notes are
        placed all the same, and placed again the next time.
        """
        notes = cls.place(article, text, store.for_article(article))
        try:
            store.save_places(notes.annotations)
        except StoreError as exc:
            return notes, str(exc)
        return notes, None

    # -- questions -----------------------------------------------------------------

    @property
    def annotations(self) -> list[Annotation]:
        """Every annotation in text order, orphans last."""
        if self._ordered is None:
            self._ordered = sorted(self._by_id.values(), key=text_order)
        return list(self._ordered)

    @property
    def placed(self) -> list[Annotation]:
        """The annotations found in the text (not orphans), in text order."""
        return [a for a in self.annotations if not a.orphan]

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, ann_id: str) -> Annotation | None:
        return self._by_id.get(ann_id)

    def at(self, span: Span) -> Annotation | None:
        """The highlight over ``span`` (a word: an empty span counts as its first character); the
        innermost when highlights nest."""
        start, end = span
        found = [a for a in self.placed if a.start < max(end, start + 1) and a.end > start]
        return min(found, key=lambda a: a.end - a.start) if found else None

    def same(self, span: Span) -> Annotation | None:
        """The highlight of exactly ``span``, if there is one (so it is not made twice)."""
        return next((a for a in self.placed if (a.start, a.end) == span), None)

    def target(self, selection: Span | None, word: Span) -> Span | None:
        """What a new highlight covers: the selection, else the word, trimmed of spaces (None if blank)."""
        start, end = selection or word
        text = self.text
        start, end = max(0, start), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def editing(self, selection: Span | None, word: Span) -> Annotation | None:
        """The highlight an action edits: the one under the word, unless a selection asks for a new one."""
        return None if selection is not None else self.at(word)

    def quote(self, selection: Span | None, word: Span) -> str:
        """The passage an action is about: the edited highlight's quote, or the text of the target."""
        ann = self.editing(selection, word)
        if ann is not None:
            return ann.quote
        target = self.target(selection, word)
        return self.text[target[0] : target[1]] if target else ""

    def step(self, offset: int, direction: int) -> Annotation | None:
        """The next highlight starting after ``offset`` (``direction`` > 0) or the previous one starting
        before it, round from the end to the start; None when no highlight is placed."""
        placed = self.placed
        if not placed:
            return None
        if direction > 0:
            return next((a for a in placed if a.start > offset), placed[0])
        return next((a for a in reversed(placed) if a.start < offset), placed[-1])

    def follow(self, offset: int) -> Annotation | None:
        """The last placed highlight starting at or before ``offset`` (what a list beside the text marks)."""
        return next((a for a in reversed(self.placed) if a.start <= offset), None)

    # -- changes -------------------------------------------------------------------

    def new(self, span: Span, *, color: int = 1, tags: Iterable[str] = (), note: str = "") -> Annotation:
        """A new highlight of ``span`` with its quote and context, added here."""
        quote, prefix, suffix = make_selector(self.text, *span)
        ann = Annotation.new(
            article=self.article,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            start=span[0],
            end=span[1],
            color=color,
            tags=tags,
            note=note,
        )
        self.put(ann)
        return ann

    def edited(self, ann: Annotation, **changes: object) -> Annotation:
        """``ann`` with ``changes`` and a new updated time, put here in its place."""
        changed = replace(ann, **changes, updated=now())  # type: ignore[arg-type]
        changed.tags = list(changed.tags)
        self.put(changed)
        return changed

    def put(self, ann: Annotation) -> None:
        """Add ``ann``, or replace the annotation with its id."""
        self._by_id[ann.id] = ann
        self._ordered = None

    def remove(self, ann_id: str) -> Annotation | None:
        ann = self._by_id.pop(ann_id, None)
        self._ordered = None
        return ann

    def find_quote(
        self, quote: str, *, prefix: str = "", suffix: str = "", nth: int | None = None, title: str = ""
    ) -> Span:
        """Where a quoted passage is: its only exact occurrence, the one ``prefix``/``suffix`` or ``nth``
        (from 1) picks, or (with no exact one) the closest approximate match.

        Raises :class:`NotesError` when it is empty, absent, or occurs several times with nothing to
        choose between them (the message says how many and how to choose).
        """
        shown = visible_line(repr(quote if len(quote) <= 40 else quote[:40] + "…"))
        where = visible_line(repr(title)) if title else "the article"
        if not quote:
            raise NotesError("the passage to highlight is empty")
        text = self.text
        starts = exact_occurrences(text, quote)
        if prefix or suffix:
            starts = [
                s for s in starts if text[:s].endswith(prefix) and text[s + len(quote) :].startswith(suffix)
            ]
        if nth is not None:
            if not 1 <= nth <= len(starts):
                raise NotesError(
                    f"--nth {nth}: the passage {shown} occurs {len(starts)} time(s)"
                    + (" with that context" if prefix or suffix else "")
                )
            return starts[nth - 1], starts[nth - 1] + len(quote)
        if len(starts) == 1:
            return starts[0], starts[0] + len(quote)
        if len(starts) > 1:
            raise NotesError(
                f"the passage {shown} occurs {len(starts)} times in {where}; "
                f"choose one with --nth 1 to {len(starts)}, or with --prefix/--suffix"
            )
        found = match_quote(text, quote, prefix=prefix, suffix=suffix)
        if found is None:
            raise NotesError(f"the passage {shown} is not in {where}")
        return found[0], found[1]

    def upsert(
        self, span: Span, *, tags: Iterable[str] = (), note: str | None = None, color: int | None = None
    ) -> Upserted:
        """Highlight ``span``, or (when it is highlighted already) add the tags to that highlight and set
        its note and colour where they are given; either way the result is put here."""
        tags = list(tags)
        same = self.same(span)
        if same is None:
            return Upserted(self.new(span, color=color or 1, tags=tags, note=note or ""), created=True)
        changes: dict[str, object] = {"tags": [*same.tags, *tags]}
        if note is not None:
            changes["note"] = note
        if color is not None:
            changes["color"] = color
        changed = tuple(
            name
            for name, given in (("tags", tags), ("note", note is not None), ("colour", color is not None))
            if given
        )
        return Upserted(self.edited(same, **changes), created=False, changed=changed)


# -- saving --------------------------------------------------------------------------

# The fields a save writes (everything but the id and creation time, which never change).
SAVED_FIELDS = ("quote", "prefix", "suffix", "start", "end", "color", "tags", "note", "orphan")


def save(store: AnnotationStore, ann: Annotation) -> None:
    """Write ``ann``: add it, or set every field of the stored one to what it is now."""
    if store.get(ann.id) is None:
        store.add(ann)
    else:
        store.update(ann.id, **{name: getattr(ann, name) for name in SAVED_FIELDS})


def delete(store: AnnotationStore, ann: Annotation) -> None:
    """Remove ``ann``; one never saved, or already deleted elsewhere, is gone either way."""
    try:
        store.delete(ann.id)
    except AnnotationNotFound:
        pass
