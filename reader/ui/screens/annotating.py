"""Highlights, tags and notes in the reader: the half of the reader screen that annotates.

What an action applies to (its *target*): the selection if there is one
(``v`` and the cursor, or ``S`` for the sentence); otherwise the highlight
under the cursor; otherwise the word under the cursor.

* ``h`` highlights the target in colour 1; on a highlight (no selection) it
  cycles the colour 1 → 5 → 1. ``1``-``5`` set the colour of the highlight
  under the cursor, or highlight the target in that colour.
* ``t`` sets tags (completed from the tags in use), ``n`` writes or edits the
  note; either creates a colour-1 highlight when the target has none.
* ``x`` deletes the highlight under the cursor and ``u`` puts it back (same id).

The screen's copy (:attr:`AnnotatingScreen.annotations`) changes at once and
paints at once; the store is written in a worker (see :mod:`reader.ui.notes`),
and the status line says "saved" when it was.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.screen import Screen

from reader.core.anchoring import make_selector
from reader.core.sentences import sentence_around
from reader.core.library import Article
from reader.core.notes import ArticleNotes
from reader.core.store import Annotation, StoreError, now
from reader.ui.highlight_colors import COLOR_NAMES, COLORS
from reader.ui.notes import Change, NotesSaved, fingerprint
from reader.ui.widgets.article import ArticleView, Highlight
from reader.ui.widgets.note_editor import NoteEditor, shorten
from reader.ui.widgets.notes_panel import NotesPanel, first_line
from reader.ui.widgets.tag_input import TagInput

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

POLL_EVERY = 3.0  # seconds between looks for other copies' changes to this article's notes


class AnnotatingScreen(Screen[None]):
    app: ReaderApp
    article: Article

    def __init__(self) -> None:
        super().__init__()
        self.annotations: list[Annotation] = []
        self.deleted: list[Annotation] = []  # for u, newest last
        self.save_state = ""  # "saving…", "saved" or "not saved": shown in the status line
        self._stored = fingerprint(())  # what the store held at the last look
        self._text = ""

    @property
    def view(self) -> ArticleView | None:
        views = self.query(ArticleView)
        return views.first() if views else None

    def _show_status(self) -> None:
        raise NotImplementedError

    @property
    def closed(self) -> bool:
        """The reader went back before a worker's result arrived: there is nothing left to update
        (the screen is off the stack, or its widgets are being removed)."""
        return self not in self.app.screen_stack or not self.query(NotesPanel)

    # -- keeping the copy, the view and the store in step ----------------------------

    def set_annotations(self, anns: list[Annotation]) -> None:
        """Replace the screen's copy; repaint the highlights and the notes panel."""
        self.annotations = sorted(anns, key=lambda a: (a.orphan, a.start, a.end, a.id))
        view = self.view
        if view is not None:
            view.set_highlights([Highlight(a.start, a.end, a.color, bool(a.note.strip()))
                                 for a in self.annotations if not a.orphan])
        panel = self.query_one(NotesPanel)
        panel.show_annotations(self.annotations)
        if view is not None:
            panel.follow(view.cursor)
        self._show_status()

    def _stored_annotations(self, anns: list[Annotation], text: str) -> None:
        """The article's annotations as placed by the load worker."""
        if self.closed:
            return
        self._text = text
        self._stored = fingerprint(anns)
        self.set_annotations(self.app.notes.merged(anns, self.article.id))
        self.set_interval(POLL_EVERY, self.poll_notes)

    def _put(self, ann: Annotation, *, created: bool = False) -> None:
        if not created:
            ann = replace(ann, updated=now(), tags=list(ann.tags))
        self.set_annotations([a for a in self.annotations if a.id != ann.id] + [ann])
        self._save(Change("put", ann))

    def _save(self, change: Change) -> None:
        self.save_state = "saving…"
        self.app.notes.save(change)
        self._show_status()

    @on(NotesSaved)
    def _saved(self, message: NotesSaved) -> None:
        if message.article != self.article.id:
            return
        self.save_state = "not saved" if message.error else ("saved" if not self.app.notes.in_flight else "saving…")
        self._show_status()

    def poll_notes(self) -> None:
        """Look for other copies' changes (cheap when there are none: the store checks a file stamp)."""
        if self._text and self.app.notes.store is not None and not self.app.notes.in_flight:
            self.run_worker(self._poll, thread=True, exclusive=True, group="notes-poll", name="poll notes")

    def _poll(self) -> None:
        notes, article_id = self.app.notes, self.article.id
        store, generation = notes.store, notes.generation
        if store is None:
            return
        try:
            store.reload()
            anns = store.for_article(article_id)
            if fingerprint(anns) == self._stored:
                return
            placed, problem = ArticleNotes.load(store, article_id, self._text)
            if problem:
                raise StoreError(problem)
            anns = placed.annotations
        except Exception as exc:  # noqa: BLE001 - a failed look is reported; the next one tries again
            self.app.call_from_thread(self.notify, f"Could not read other changes to the notes: {exc}",
                                      severity="error")
            return
        self.app.call_from_thread(self._polled, anns, generation)

    def _polled(self, anns: list[Annotation], generation: int) -> None:
        notes = self.app.notes
        if self.closed or generation != notes.generation or notes.in_flight:
            return  # a change of ours was queued meanwhile: the next poll sees it in the store
        self._stored = fingerprint(anns)
        self.set_annotations(notes.merged(anns, self.article.id))

    def on_app_focus(self) -> None:
        self.poll_notes()

    # -- targets -----------------------------------------------------------------------

    def highlight_at(self) -> Annotation | None:
        """The (placed) highlight under the cursor's word; the innermost when they nest."""
        view = self.view
        if view is None:
            return None
        start, end = view.word
        found = [a for a in self.annotations if not a.orphan and a.start < max(end, start + 1) and a.end > start]
        return min(found, key=lambda a: a.end - a.start) if found else None

    def _target(self) -> tuple[int, int] | None:
        """The selection, else the word under the cursor, trimmed of spaces; None if there is no text."""
        view = self.view
        if view is None or not self._text:
            return None
        start, end = view.selection or view.word
        text = self._text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _new(self, color: int = 1, **fields: object) -> Annotation | None:
        target = self._target()
        if target is None:
            self.notify("Nothing to highlight here.", severity="warning", timeout=2)
            return None
        quote, prefix, suffix = make_selector(self._text, *target)
        ann = Annotation.new(article=self.article.id, quote=quote, prefix=prefix, suffix=suffix,
                             start=target[0], end=target[1], color=color, **fields)  # type: ignore[arg-type]
        view = self.view
        if view is not None:
            view.clear_selection()
        self._put(ann, created=True)
        return ann

    def _existing(self) -> Annotation | None:
        """The highlight an action edits: the one under the cursor, unless a selection asks for a new one."""
        view = self.view
        if view is None or view.selection is not None:
            return None
        return self.highlight_at()

    # -- actions -----------------------------------------------------------------------

    def action_highlight(self) -> None:
        ann = self._existing()
        if ann is None:
            self._new(1)
        else:
            self._put(replace(ann, color=ann.color % len(COLORS) + 1))

    def action_color(self, color: int) -> None:
        ann = self._existing()
        if ann is None:
            self._new(color)
        elif ann.color != color:
            self._put(replace(ann, color=color))

    def action_sentence_select(self) -> None:
        view = self.view
        if view is None or not self._text:
            return
        start, end = sentence_around(self._text, *view.word)
        view.select_range(start, end)

    def _quote(self) -> str:
        ann = self._existing()
        if ann is not None:
            return ann.quote
        target = self._target()
        return self._text[target[0]:target[1]] if target else ""

    def action_tags(self) -> None:
        ann = self._existing()
        if ann is None and self._target() is None:
            return
        store = self.app.notes.store
        known = set(store.tags() if store is not None else ())
        known.update(t for a in self.annotations for t in a.tags)

        def tagged(tags: list[str] | None) -> None:
            if tags is None:
                return
            if ann is not None:
                self._put(replace(ann, tags=tags))
            elif tags:
                self._new(1, tags=tags)

        self.app.push_screen(TagInput(sorted(known), ann.tags if ann else (), quote=self._quote()), tagged)

    def action_note(self) -> None:
        ann = self._existing()
        if ann is None and self._target() is None:
            return

        def written(note: str | None) -> None:
            if note is None:
                return
            if ann is not None:
                if note != ann.note:
                    self._put(replace(ann, note=note))
            elif note:
                self._new(1, note=note)

        self.app.push_screen(NoteEditor(self._quote(), ann.note if ann else "",
                                        title="Edit note" if ann and ann.note else "Note"), written)

    def action_delete_highlight(self) -> None:
        ann = self.highlight_at()
        if ann is None:
            self.notify("No highlight under the cursor.", timeout=2)
            return
        self.deleted.append(ann)
        self.set_annotations([a for a in self.annotations if a.id != ann.id])
        self._save(Change("delete", ann))
        self.notify(Text(f"Deleted “{shorten(ann.quote, 30)}”. u undoes.").plain, timeout=3)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", timeout=2)
            return
        ann = self.deleted.pop()
        self._put(ann, created=True)
        view = self.view
        if view is not None:
            view.move_to(ann.start)

    def action_next_highlight(self, step: int) -> None:
        view = self.view
        placed = [a for a in self.annotations if not a.orphan]
        if view is None or not placed:
            self.notify("No highlights in this article yet.", timeout=2)
            return
        cursor = view.cursor
        if step > 0:
            later = [a for a in placed if a.start > cursor]
            target = later[0] if later else placed[0]
        else:
            earlier = [a for a in placed if a.start < cursor]
            target = earlier[-1] if earlier else placed[-1]
        view.move_to(target.start)

    def action_notes_panel(self) -> None:
        panel = self.query_one(NotesPanel)
        view = self.view
        if panel.display and panel.has_focus:
            panel.display = False
            if view is not None:
                view.focus()
            return
        panel.display = True
        if view is not None:
            panel.follow(view.cursor)
        if panel.highlighted is None and panel.annotations:
            panel.highlighted = 0
        panel.focus()

    @on(NotesPanel.Selected)
    def _panel_selected(self, message: NotesPanel.Selected) -> None:
        view = self.view
        ann = next((a for a in self.annotations if a.id == message.annotation_id), None)
        if view is None or ann is None:
            return
        if ann.orphan:
            self.notify("This passage is no longer in the article (the text changed); its note is kept.",
                        severity="warning", timeout=4)
            return
        view.move_to(ann.start)
        view.focus()

    def highlight_status(self) -> str:
        """A few words on the highlight under the cursor for the status line."""
        ann = self.highlight_at()
        if ann is None:
            return ""
        parts = [f"{COLOR_NAMES[ann.color]} highlight"]
        parts.extend(f"#{t}" for t in ann.tags[:3])
        note = first_line(ann.note)
        if note:
            parts.append(f"✎ {shorten(note, 30)}")
        return " ".join(parts)
