"""The article view: a Line API widget that paints rows of a :class:`TextView`.

Only the rows on screen are laid out and painted, so a long article opens and
scrolls as fast as a short one. Every position here (cursor, selection
anchor, search matches) is an offset into the cleaned original text; the
``TextView`` maps it to rows and columns. Article text is painted as plain
segments, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message

from reader.core.model import Document
from reader.core.pinyin import Style
from reader.core.sentences import next_sentence, prev_sentence, sentence_starts
from reader.core.syllables import PinyinOptions, Readings
from reader.core.view import TextView
from reader.core.viewport import (
    first_line_offset,
    keep_in_sight,
    page,
    reading_width,
    settle,
    shown_range,
    top_offset,
)
from reader.ui.highlight_colors import COLORS, variable
from reader.ui.widgets.article_paint import Painter

if TYPE_CHECKING:
    from reader.core.vocab.page import ArticleStatuses

EAGER_LAYOUT = 40_000  # characters: shorter articles are laid out whole at once (a few ms)


@dataclass(frozen=True)
class ViewOptions:
    script: str = "original"
    pinyin: str = "off"  # all | unknown (over words not known) | cursor | off
    style: Style = Style.MARKS
    tones: str = "off"  # off | pleco | hanping
    spaced: bool = False  # a word's syllables apart: xiāng gǎng
    sandhi: bool = False  # 一 and 不 as spoken: yígè, búshì
    erhua: bool = True  # an erhua 儿 written r: yīhuìr
    ready: bool = False  # the words' readings are prepared: pinyin and tones can show
    statuses: bool = True  # new and learning words painted as such
    pinyin_above: int = 0  # "unknown" pinyin also left off words of HSK 1 to this level (0: none)

    @property
    def presentation(self) -> PinyinOptions:
        return PinyinOptions(spaced=self.spaced, sandhi=self.sandhi, erhua=self.erhua)


@dataclass(frozen=True)
class Highlight:
    """A highlight to paint: a cleaned-text range, its colour (1-5) and whether it has a note."""

    start: int
    end: int
    color: int
    note: bool = False


class ArticleView(Painter, can_focus=True, inherit_bindings=False):
    """Shows one article; the cursor sits on a word.

    The scroll view's own keys (page left and right, ctrl+home...) are not
    inherited: the reader moves a cursor, and the help panel lists only the
    keys that do something here.
    """

    BINDINGS = [
        Binding("right,w", "word(1)", "Next word", id="cursor.word-next", show=False),
        Binding("left,b", "word(-1)", "Previous word", id="cursor.word-prev", show=False),
        Binding("down,j", "line(1)", "Next line", id="cursor.line-down", show=False),
        Binding("up,k", "line(-1)", "Previous line", id="cursor.line-up", show=False),
        Binding("right_parenthesis", "sentence(1)", "Next sentence", id="cursor.sentence-next", show=False),
        Binding("left_parenthesis", "sentence(-1)", "Sentence start", id="cursor.sentence-prev", show=False),
        Binding("g,home", "start", "Start", id="cursor.start", show=False),
        Binding("G,end", "end", "End", id="cursor.end", show=False),
        Binding("pagedown,space", "page(1)", "Page down", id="cursor.page-down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="cursor.page-up", show=False),
        Binding("v", "select", "Select", id="cursor.select"),
        Binding("escape", "clear", "Clear selection", id="cursor.clear", show=False),
    ]

    COMPONENT_CLASSES = {
        "article--heading",
        "article--dim",
        "article--pinyin",
        "article--cursor",
        "article--selection",
        "article--match",
        "article--rule",
        "article--emphasis",
        "article--note",
        "article--word-new",
        *(f"article--word-learning-{n}" for n in range(1, 5)),
        *(f"article--{scheme}-{n}" for scheme in ("pleco", "hanping") for n in range(1, 6)),
        *(f"article--highlight-{n}" for n in COLORS),
    }

    DEFAULT_CSS = (
        """
    ArticleView {
        height: 1fr; background: $background; color: $foreground;
        overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1;
    }
    ArticleView > .article--heading { color: $primary; text-style: bold; }
    ArticleView > .article--dim { color: $foreground 60%; }
    ArticleView > .article--pinyin { color: $reader-pinyin; }
    ArticleView > .article--cursor { background: $reader-cursor; }
    ArticleView > .article--selection { background: $reader-selection; }
    ArticleView > .article--match { background: $reader-match; }
    ArticleView > .article--rule { color: $foreground 40%; }
    ArticleView > .article--emphasis { text-style: bold; }
    ArticleView > .article--note { text-style: underline; }
    ArticleView > .article--word-new { color: $reader-word-new; text-style: underline; }
    """
        + "".join(
            f"ArticleView > .article--highlight-{n} {{ background: ${variable(n)}; }}\n" for n in COLORS
        )
        + "".join(
            f"ArticleView > .article--word-learning-{n} {{ background: $reader-learning-{n}; }}\n"
            for n in range(1, 5)
        )
        + "".join(
            f"ArticleView > .article--{s}-{n} {{ color: $reader-{s}-{n}; }}\n"
            for s in ("pleco", "hanping")
            for n in range(1, 6)
        )
    )

    class FirstLayout(Message):
        """The article's text was laid out and its first screen drawn."""

    class Configured(Message):
        """The reader chose another script, pinyin mode, style, tone colours or pinyin presentation
        (``view.options``)."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

    class CursorMoved(Message):
        """The cursor (or the selection) changed; ``offset`` is in the cleaned text."""

        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    def __init__(
        self,
        document: Document,
        source_script: str,
        *,
        cursor: int = 0,
        selection: tuple[int, int] | None = None,
        options: ViewOptions | None = None,
        readings: Readings | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.source_script = source_script
        self.options = replace(options or ViewOptions(), ready=readings is not None)
        self.cursor = max(0, min(cursor, len(document.text)))
        self.selection_anchor: int | None = None
        if selection is not None and selection[1] > selection[0]:
            self.selection_anchor, self.cursor = (
                selection[0],
                max(selection[0], min(selection[1], len(document.text)) - 1),
            )
        self.matches: list[tuple[int, int]] = []
        self.highlights: list[Highlight] = []
        self.view: TextView | None = None
        self._readings = readings
        self._view_readings: dict[str, Readings] = {}  # a converted script's own readings, by script
        self._ends: list[int] | None = list(readings.ends) if readings is not None else None
        self._goal_col: int | None = None
        self._sentences: list[int] | None = None
        self._margin = 1
        self._laid_out = False
        self._styles: dict[str, RichStyle] = {}
        self.statuses: ArticleStatuses | None = None

    # -- building the view ---------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(self._rebuild, self._first_top())

    def on_resize(self, event: events.Resize) -> None:
        # Also the first layout, when the widget had no size yet at mount.
        self._rebuild(self.top_offset() if self.view is not None else self._first_top())

    def _first_top(self) -> int:
        """Opened on a passage: its start on the top line (the cursor at its end stays on screen)."""
        return self.cursor if self.selection_anchor is None else self.selection_anchor

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    @property
    def segmented(self) -> bool:
        """Whether the cursor moves by real words yet (not characters while jieba loads)."""
        return self._ends is not None

    @property
    def readings(self) -> Readings | None:
        """The article's own words and readings (None until they arrive)."""
        return self._readings

    @property
    def readings_complete(self) -> bool:
        """Whether the whole article's readings have arrived (not only the first screen's)."""
        return self._readings is not None and self._readings.complete

    def set_words(self, readings: Readings, *, script: str | None = None) -> None:
        """Words and readings arrived; the place is kept.

        Without ``script``: the article's own (the first screen's, then all;
        a partial set never replaces a complete one). With ``script``: the
        readings of that script's view text, shown whenever that script is.
        """
        if script is not None:
            self._view_readings[script] = readings
            if script == self.options.script:
                self._rebuild(self.top_offset())
            return
        current = self._readings
        if (
            current is not None
            and current.complete
            and (not readings.complete or (readings.codes == current.codes and readings.ends == current.ends))
        ):
            return  # nothing new: a part after the whole, or the same readings again
        self._readings = readings
        self._ends = list(readings.ends)
        self.options = replace(self.options, ready=True)
        self._rebuild(self.top_offset())

    def forget_view_readings(self) -> None:
        """Converted scripts' readings are out of date (the words were cut anew): asked for again."""
        self._view_readings.clear()

    def needs_view_readings(self) -> str | None:
        """The view text the shown script still needs readings for (None: it has them, or is the original)."""
        view = self.view
        if view is None or view.same_text or self.options.script in self._view_readings:
            return None
        return view.view_text

    def configure(self, **changes: object) -> None:
        """Change script, pinyin mode, style, tone colours or presentation; the cursor and top line stay.

        A choice made before the words' readings are ready is kept and takes
        effect when they arrive (:meth:`set_words`).
        """
        top = self.top_offset()
        self.options = ViewOptions(**{**self.options.__dict__, **changes})
        self._rebuild(top)
        self.post_message(self.Configured(self))

    @property
    def screen_height(self) -> int:
        return self.scrollable_content_region.height

    @property
    def top(self) -> int:
        """The view row on the top line of the screen."""
        return round(self.scroll_y)

    def _scroll(self, top: int) -> None:
        # Now, not after the next refresh: what is computed next reads the new position.
        self.scroll_to(y=top, animate=False, force=True, immediate=True)

    def _rebuild(self, top: int) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            return
        text_width_, self._margin = reading_width(width)
        opts = self.options
        pinyin_rows = opts.style if (opts.pinyin in ("all", "unknown") and opts.ready) else None
        self.view = TextView(
            self.document,
            self._ends,
            script=opts.script,
            source_script=self.source_script,
            width=text_width_,
            pinyin=pinyin_rows,
            tones=opts.ready and opts.tones != "off",
            readings=self._readings,
            view_readings=self._view_readings.get(opts.script),
            presentation=opts.presentation,
            bare=self._known if opts.pinyin == "unknown" else None,
        )
        if len(self.document.text) <= EAGER_LAYOUT:
            self.view.ensure(0, len(self.view.blocks) - 1)  # exact heights: no estimate ever shows
        self.view.open_line(self.cursor if opts.pinyin == "cursor" else None)
        self._place(top)
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))
        if not self._laid_out:
            self._laid_out = True
            self.call_after_refresh(self.post_message, self.FirstLayout())

    def _set_virtual_size(self) -> None:
        assert self.view is not None
        self.virtual_size = Size(self.scrollable_content_region.width, self.view.height)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        view = self.view
        if view is None:
            return
        top = round(new_value)
        block = view.block_of_row(top)
        rel = top - view.block_top(block)
        if view.ensure(block - 1, view.block_of_row(top + self.size.height + 2)):
            # Real heights replaced estimates: keep the same row of the same block on top.
            view.ensure_rows(top, top + self.size.height + 2)
            self._set_virtual_size()
            self.set_scroll(None, view.block_top(block) + rel)

    def top_offset(self) -> int:
        """The cleaned-text offset at the top of the screen (the cursor if it is the first line)."""
        if self.view is None:
            return self.cursor
        return top_offset(self.view, self.top, self.cursor)

    # -- cursor --------------------------------------------------------

    @property
    def word(self) -> tuple[int, int]:
        """The cleaned-text range of the word under the cursor."""
        if self.view is None:
            return self.cursor, self.cursor
        return self.view.word_at(self.cursor)

    @property
    def word_shown(self) -> str:
        """The word under the cursor as the view shows it (in the script shown)."""
        if self.view is None:
            return ""
        vs, ve = self.view.conversion.map.range_to_dst(*self.word)
        return self.view.view_text[vs:ve].strip()

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range in the cleaned text, from the anchor's word to the cursor's word."""
        if self.selection_anchor is None or self.view is None:
            return None
        a0, a1 = self.view.word_at(self.selection_anchor)
        c0, c1 = self.word
        return min(a0, c0), max(a1, c1)

    def move_to(self, offset: int, *, keep_goal: bool = False, top: bool = False) -> None:
        """Put the cursor on the word at ``offset``; with ``top``, its line on the screen's top line."""
        view = self.view
        old_line = self._cursor_line()
        self.cursor = max(0, min(offset, len(self.document.text)))
        if not keep_goal:
            self._goal_col = None
        if view is None:
            return
        self.cursor = view.word_at(self.cursor)[0] if self.document.text else 0
        screen_top = self.top
        if view.open is not None:
            # The cursor's pinyin row moves with it: the line on top stays on top.
            anchor = first_line_offset(view, screen_top)
            view.open_line(self.cursor)
            if anchor is not None:
                screen_top = view.line_top(view.row_of(anchor)[0])
        if top:
            screen_top = view.line_top(view.row_of(self.cursor)[0])
        self._scroll(keep_in_sight(view, screen_top, self.screen_height, self.cursor))
        if view.open is not None and old_line != self._cursor_line():
            self.refresh()
        else:
            self._refresh_rows({old_line, self._cursor_line()})
        self.post_message(self.CursorMoved(self, self.cursor))

    def _cursor_line(self) -> int:
        """The text row of the cursor."""
        return self.view.row_of(self.cursor)[0] if self.view is not None else 0

    def _refresh_rows(self, rows: set[int]) -> None:
        if self.selection_anchor is not None or self.matches:
            self.refresh()
            return
        for y in rows:
            self.refresh_lines(y - 1, 2)  # a line and its pinyin row

    def action_word(self, step: int) -> None:
        if self.view is not None:
            self.move_to(self.view.next_word(self.cursor, step))

    def action_line(self, delta: int) -> None:
        if self.view is None:
            return
        offset, self._goal_col = self.view.move_line(self.cursor, delta, self._goal_col)
        self.move_to(offset, keep_goal=True)

    def action_sentence(self, step: int) -> None:
        if self._sentences is None:
            self._sentences = sentence_starts(self.document.text)
        target = (next_sentence if step > 0 else prev_sentence)(self._sentences, self.cursor)
        self.move_to(target)

    def action_start(self) -> None:
        self.move_to(0)

    def action_end(self) -> None:
        if self.view is not None:
            self.move_to(self.view.next_word(len(self.document.text), -1) if self.document.text else 0)

    def action_page(self, direction: int) -> None:
        """A screen down or up, as ``less`` pages: the last (first) line shown stays on screen."""
        if self.view is None:
            return
        turned = page(self.view, self.top, self.screen_height, direction, self.cursor)
        self.cursor = turned.cursor
        self._goal_col = None
        self._scroll(turned.top)
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def select_range(self, start: int, end: int) -> None:
        """Select from the word at ``start`` to the word holding ``end - 1`` (the cursor goes there)."""
        self.selection_anchor = start
        self.move_to(max(start, end - 1))
        self.refresh()

    def clear_selection(self) -> None:
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self.refresh()
            self.post_message(self.CursorMoved(self, self.cursor))

    def action_select(self) -> None:
        self.selection_anchor = None if self.selection_anchor is not None else self.cursor
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return self.selection_anchor is not None  # otherwise Esc ends a search, or goes back
        return True

    def action_clear(self) -> None:
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self.refresh()
            self.post_message(self.CursorMoved(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        if self.view is None:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        found = self.view.offset_at(offset.y + round(self.scroll_y), offset.x - self._margin)
        if found is not None:
            self.focus()
            self.move_to(found)

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        self.matches = matches
        self.refresh()

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """The highlights to paint (cleaned-text ranges; the view maps them to the script shown)."""
        self.highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self.refresh()

    def set_statuses(self, statuses: ArticleStatuses | None) -> None:
        """The statuses of the article's words, painted (unless turned off) and read by "unknown" pinyin."""
        self.statuses = statuses
        self.statuses_changed()

    def statuses_changed(self) -> None:
        """Some words' statuses changed in :attr:`statuses`: paint them again. With pinyin over unknown
        words only, the lines on screen are laid out again (a word now known gives up its pinyin's
        width) and the top line stays where it was; the others are when they are next shown."""
        view = self.view
        if view is not None and view.bare is not None:
            top = self.top_offset()
            view.relayout()
            self._place(top)
        self.refresh()

    def _place(self, top: int) -> None:
        """Lay out the rows around the text at ``top`` and scroll so that it is the top line."""
        assert self.view is not None
        y, _ = self.view.row_of(top)
        self.view.ensure_rows(y - 1, y + self.screen_height)
        self._set_virtual_size()
        self._scroll(settle(self.view, top, self.cursor, self.screen_height))

    def _known(self, offset: int) -> bool:
        """Whether the word starting at ``offset`` goes without pinyin in the "unknown" pinyin mode."""
        statuses = self.statuses
        return statuses is not None and statuses.known_at(offset, self.options.pinyin_above)

    def shown_range(self) -> tuple[int, int]:
        """The cleaned-text range of the text on screen."""
        found = shown_range(self.view, self.top, self.screen_height) if self.view is not None else None
        return found or (self.cursor, self.cursor)
