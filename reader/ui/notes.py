"""The seam to annotations (highlights and notes), which arrive with their own issue.

Until ``reader.core.store`` exists every count is 0 and there are no notes to delete.
"""

from __future__ import annotations

from reader.core.paths import Locations


def highlight_counts(locations: Locations) -> dict[str, int]:
    """Highlights per article id."""
    try:
        from reader.core.store import AnnotationStore  # type: ignore[import-not-found]
    except ImportError:
        return {}
    return dict(AnnotationStore(locations.database).counts_by_article())


def have_notes() -> bool:
    try:
        import reader.core.store  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def remove_notes(locations: Locations, article_id: str) -> int:
    """Delete an article's notes; how many went (0 without a store)."""
    try:
        from reader.core.store import AnnotationStore  # type: ignore[import-not-found]
    except ImportError:
        return 0
    store = AnnotationStore(locations.database)
    remove = getattr(store, "remove_article", None)
    return int(remove(article_id) or 0) if remove else 0
