"""Highlights, tags and notes in the reader: what the keys do, the copy on screen, the saves.

What an action applies to (its *target*): the selection if there is one
(``v`` and the cursor, or ``S`` for the sentence); otherwise the highlight
under the cursor; otherwise the word under the cursor. The rules are the
core's (:class:`reader.core.notes.ArticleNotes`); this module turns keys into
them and keeps the screen in step.

* ``h`` highlights the target in colour 1; on a highlight (no selection) it
  cycles the colour 1 → 5 → 1. ``1``-``5`` set the colour of the highlight
  under the cursor, or highlight the target in that colour.
* ``t`` sets tags (completed from the tags in use), ``n`` writes or edits the
  note; either creates a colour-1 highlight when the target has none.
* ``x`` deletes the highlight under the cursor and ``u`` puts it back (same id).

The copy (:attr:`Highlights.notes`) changes and paints at once; the store is
written in a worker (see :mod:`reader.ui.notes`), and the status line says
"saved" when it was. Other copies' changes are looked for every few seconds
and when the terminal gets the focus back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reader.core.annotation import Annotation
from reader.core.notes import ArticleNotes, next_color, shorten, summary
from reader.core.sentences import sentence_around
from reader.core.storage import StoreError
from reader.ui.context import Context
from reader.ui.notes import Change, NotesSaved, fingerprint
from reader.ui.widgets.article import ArticleView
from reader.ui.widgets.note_editor import NoteEditor
from reader.ui.widgets.tag_input import TagInput

POLL_EVERY = 3.0  # seconds between looks for other copies' changes to this article's notes


class Highlights:
    """The open article's highlights as the reader screen shows and edits them."""

    def __init__(
        self,
        screen: Screen[Any],
        context: Context,
        article_id: str,
        view: Callable[[], ArticleView | None],
        changed: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.context = context
        self.article_id = article_id
        self._view = view
        self._changed = changed  # repaint the view, the notes panel and the status line
        self.notes: ArticleNotes | None = None  # None until placed in the text
        self.deleted: list[Annotation] = []  # for u, newest last
        self.save_state = ""  # "saving…", "saved" or "not saved": shown in the status line
        self._stored = fingerprint(())  # what the store held at the last look

    @property
    def annotations(self) -> list[Annotation]:
        """Every highlight in text order, orphans last (none until they are placed)."""
        return self.notes.annotations if self.notes is not None else []

    @property
    def placed(self) -> bool:
        return self.notes is not None

    @property
    def closed(self) -> bool:
        """The reader went back before a worker's result arrived: there is nothing left to update."""
        return not self.screen.is_attached or self.screen not in self.screen.app.screen_stack

    # -- keeping the copy and the store in step -------------------------------------

    def load(self, text: str) -> None:
        """Place the article's highlights in ``text`` (a worker: re-anchoring a long article takes time)."""

        def place() -> None:
            store = self.context.notes.wait()
            if store is None:
                return  # the app has said why
            notes, problem = ArticleNotes.load(store, self.article_id, text)
            if problem:  # placed in memory, but the new places could not be saved
                self.screen.app.call_from_thread(self.screen.notify, problem, severity="error")
            self.screen.app.call_from_thread(self._loaded, notes)

        self.screen.run_worker(place, thread=True, group="anchor", name="place highlights")

    def _loaded(self, notes: ArticleNotes) -> None:
        if self.closed:
            return
        self._take(notes)
        self.screen.set_interval(POLL_EVERY, self.poll)

    def _take(self, notes: ArticleNotes) -> None:
        """The store's copy (with this app's unsaved changes over it) becomes the screen's."""
        self._stored = fingerprint(notes.annotations)
        merged = self.context.notes.merged(notes.annotations, self.article_id)
        self.notes = ArticleNotes(self.article_id, notes.text, merged)
        self._changed()

    def poll(self) -> None:
        """Look for other copies' changes (cheap when there are none: the store checks a file stamp)."""
        notes = self.context.notes
        if self.notes is not None and notes.store is not None and not notes.in_flight:
            self.screen.run_worker(
                self._poll, thread=True, exclusive=True, group="notes-poll", name="poll notes"
            )

    def _poll(self) -> None:
        notes, text = self.context.notes, self.notes.text if self.notes is not None else ""
        store, generation = notes.store, notes.generation
        if store is None or not text:
            return
        try:
            store.reload()
            if fingerprint(store.for_article(self.article_id)) == self._stored:
                return
            placed, problem = ArticleNotes.load(store, self.article_id, text)
            if problem:
                raise StoreError(problem)
        except Exception as exc:
            self.screen.app.call_from_thread(
                self.screen.notify, f"Could not read other changes to the notes: {exc}", severity="error"
            )
            return
        self.screen.app.call_from_thread(self._polled, placed, generation)

    def _polled(self, placed: ArticleNotes, generation: int) -> None:
        notes = self.context.notes
        if self.closed or generation != notes.generation or notes.in_flight:
            return  # a change of ours was queued meanwhile: the next poll sees it in the store
        self._take(placed)

    def saved(self, message: NotesSaved) -> None:
        """A queued change was written or refused: what the status line says."""
        if message.article == self.article_id:
            in_flight = self.context.notes.in_flight
            self.save_state = "not saved" if message.error else ("saving…" if in_flight else "saved")

    def _save(self, change: Change) -> None:
        self.save_state = "saving…"
        self.context.notes.save(change)
        self._changed()

    def _put(self, ann: Annotation) -> None:
        self._save(Change("put", ann))

    # -- questions ------------------------------------------------------------------

    def _spans(self) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
        view = self._view()
        if view is None or self.notes is None:
            return None
        return view.selection, view.word

    def at_cursor(self) -> Annotation | None:
        """The (placed) highlight under the cursor's word; the innermost when they nest."""
        view = self._view()
        if view is None or self.notes is None:
            return None
        return self.notes.at(view.word)

    def status(self) -> str:
        """A few words on the highlight under the cursor, for the status line."""
        ann = self.at_cursor()
        return summary(ann) if ann is not None else ""

    # -- actions --------------------------------------------------------------------

    def _editing(self) -> tuple[ArticleNotes, Annotation | None, tuple[int, int] | None] | None:
        """The copy, the highlight an action edits, and the target of a new one (None: no text here)."""
        spans = self._spans()
        if spans is None or self.notes is None:
            return None
        selection, word = spans
        return self.notes, self.notes.editing(selection, word), self.notes.target(selection, word)

    def _new(
        self, target: tuple[int, int] | None, color: int = 1, *, tags: list[str] | None = None, note: str = ""
    ) -> None:
        if target is None or self.notes is None:
            self.screen.notify("Nothing to highlight here.", severity="warning", timeout=2)
            return
        ann = self.notes.new(target, color=color, tags=tags or (), note=note)
        view = self._view()
        if view is not None:
            view.clear_selection()
        self._put(ann)

    def highlight(self) -> None:
        found = self._editing()
        if found is None:
            return
        notes, ann, target = found
        if ann is None:
            self._new(target, 1)
        else:
            self._put(notes.edited(ann, color=next_color(ann.color)))

    def color(self, color: int) -> None:
        found = self._editing()
        if found is None:
            return
        notes, ann, target = found
        if ann is None:
            self._new(target, color)
        elif ann.color != color:
            self._put(notes.edited(ann, color=color))

    def select_sentence(self) -> None:
        view = self._view()
        if view is not None and self.notes is not None and self.notes.text:
            view.select_range(*sentence_around(self.notes.text, *view.word))

    def _to_edit(self) -> tuple[ArticleNotes, Annotation | None, tuple[int, int] | None, str] | None:
        """What a tag or note edit acts on: the notes, the highlight under the cursor or the new
        highlight's target, and the quote it shows (None: nothing to edit)."""
        found = self._editing()
        if found is None or (found[1] is None and found[2] is None):
            return None
        notes, ann, target = found
        spans = self._spans()
        return notes, ann, target, notes.quote(*spans) if spans else ""

    def tags(self) -> None:
        found = self._to_edit()
        if found is None:
            return
        notes, ann, target, quote = found
        store = self.context.notes.store
        known = set(store.tags() if store is not None else ())
        known.update(t for a in notes.annotations for t in a.tags)

        def tagged(tags: list[str] | None) -> None:
            if tags is None:
                return
            if ann is not None:
                self._put(notes.edited(ann, tags=tags))
            elif tags:
                self._new(target, 1, tags=tags)

        self.screen.app.push_screen(TagInput(sorted(known), ann.tags if ann else (), quote=quote), tagged)

    def note(self) -> None:
        found = self._to_edit()
        if found is None:
            return
        notes, ann, target, quote = found

        def written(note: str | None) -> None:
            if note is None:
                return
            if ann is not None:
                if note != ann.note:
                    self._put(notes.edited(ann, note=note))
            elif note:
                self._new(target, 1, note=note)

        title = "Edit note" if ann and ann.note else "Note"
        self.screen.app.push_screen(NoteEditor(quote, ann.note if ann else "", title=title), written)

    def delete(self) -> None:
        ann = self.at_cursor()
        if ann is None or self.notes is None:
            self.screen.notify("No highlight under the cursor.", timeout=2)
            return
        self.deleted.append(ann)
        self.notes.remove(ann.id)
        self._save(Change("delete", ann))
        self.screen.notify(f"Deleted “{shorten(ann.quote, 30)}”. u undoes.", timeout=3)

    def undo(self) -> None:
        if not self.deleted or self.notes is None:
            self.screen.notify("Nothing to undo.", timeout=2)
            return
        ann = self.deleted.pop()
        self.notes.put(ann)
        self._put(ann)
        view = self._view()
        if view is not None:
            view.move_to(ann.start)

    def step(self, direction: int) -> None:
        view = self._view()
        target = (
            self.notes.step(view.cursor, direction) if view is not None and self.notes is not None else None
        )
        if view is None or target is None:
            self.screen.notify("No highlights in this article yet.", timeout=2)
            return
        view.move_to(target.start)
