"""The library's view of annotations (highlights and notes) in ``reader.core.store``.

The library screen shows a count per article and, when the user asks,
deletes an article's notes with it. Opening the store is cheap; it is opened
for each question and closed again, so another process's changes are seen.
"""

from __future__ import annotations

from reader.core.paths import Locations
from reader.core.store import AnnotationStore, StoreError


def highlight_counts(locations: Locations) -> tuple[dict[str, int], str | None]:
    """Highlights per article id, and a one-line problem if the notes could not be read."""
    if not locations.database.exists():
        return {}, None
    try:
        with AnnotationStore(locations.database) as store:
            return dict(store.counts_by_article()), None
    except StoreError as exc:
        return {}, str(exc)


def remove_notes(locations: Locations, article_id: str) -> int:
    """Delete an article's notes; how many went. ``StoreError`` says why it failed."""
    with AnnotationStore(locations.database) as store:
        notes = store.for_article(article_id)
        for note in notes:
            store.delete(note.id)
        return len(notes)
