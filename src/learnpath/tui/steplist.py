"""The list of a path's steps, grouped by section, as one virtual list.

Drawn a line at a time from plain values: a 10,000-step path costs what a ten-step
one does to show and to scroll, where a widget per step would cost seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from learnpath.model import StepView
from learnpath.render.console import NOTE_MARK, mark, text
from learnpath.times import duration


@dataclass(slots=True)
class Line:
    """One line of the list: a section's heading, or a step."""

    section: str
    step: StepView | None = None


def lines_of(steps: Sequence[StepView]) -> list[Line]:
    """The steps in order, each section's heading before its first step."""
    lines: list[Line] = []
    section = None
    for step in steps:
        if step.section != section:
            section = step.section
            lines.append(Line(section))
        lines.append(Line(section, step))
    return lines


# Columns right of the title, from this width on: the type (cut to its room), then the
# length; narrower, the length alone.
_TYPE_FROM = 70
_TYPE_ROOM = 12
_LENGTH_ROOM = 10


def step_line(step: StepView, width: int) -> Text:
    """A step as one line of ``width`` cells: mark, number, title, type and length."""
    right = Text(f"  {duration(step.minutes):>{_LENGTH_ROOM}} ")
    if width >= _TYPE_FROM:
        kind = text(step.type, "dim")
        kind.truncate(_TYPE_ROOM, overflow="ellipsis", pad=True)
        right = Text.assemble("  ", kind, right)
    left = Text.assemble(" ", mark(step.status), f" {step.number:>4}  ")
    title = text(step.title, "dim" if step.status == "done" else "")
    if step.notes:
        title.append(f" {NOTE_MARK}", style="yellow")
    room = max(0, width - left.cell_len - right.cell_len)
    if title.cell_len > room:
        title.truncate(room, overflow="ellipsis")
    title.pad_right(room - title.cell_len)
    return Text.assemble(left, title, right)


class StepList(ScrollView, can_focus=True):
    """The steps, one line each, with a cursor that only ever rests on a step."""

    BINDINGS = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
    ]
    COMPONENT_CLASSES = {"steplist--cursor", "steplist--section"}
    DEFAULT_CSS = """
    StepList { overflow-x: hidden; }
    StepList > .steplist--cursor { background: $primary 60%; }
    StepList:focus > .steplist--cursor { background: $primary; }
    StepList > .steplist--section { text-style: bold underline; color: $accent; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """The cursor came to rest on a step (None: the list shows no step)."""

        def __init__(self, step: StepView | None) -> None:
            super().__init__()
            self.step = step

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._all: list[StepView] = []  # the whole path
        self._only: set[str] | None = None  # the ids a search narrowed it to
        self._lines: list[Line] = []  # what is shown: all of it, or the hits of a search

    @property
    def current(self) -> StepView | None:
        """The step under the cursor, if the list shows any."""
        if 0 <= self.cursor < len(self._lines):
            return self._lines[self.cursor].step
        return None

    @property
    def steps(self) -> list[StepView]:
        """The steps shown."""
        return [line.step for line in self._lines if line.step is not None]

    @property
    def narrowed(self) -> bool:
        return self._only is not None

    def show(self, steps: Sequence[StepView], select: str | None = None) -> None:
        """Show the path's ``steps`` (narrowed as a search left it), the cursor on the
        step whose id is ``select`` (else the first)."""
        self._all = list(steps)
        self.only(self._only, select)

    def only(self, ids: set[str] | None, select: str | None = None) -> None:
        """Show only the steps whose ids are ``ids`` (all of them for None)."""
        self._only = ids
        chosen = self._all if ids is None else [s for s in self._all if s.id in ids]
        self._lines = lines_of(chosen)
        self.virtual_size = Size(0, len(self._lines))
        at = next((i for i, ln in enumerate(self._lines) if ln.step and ln.step.id == select), -1)
        self.cursor = at if at >= 0 else self._nearest(0, 1)
        self.refresh()
        # Laid out only after this: the cursor is brought into view then, with the
        # steps before it shown too.
        self.call_after_refresh(self._into_view, True)

    def put(self, step: StepView) -> None:
        """Show a changed step in its place."""
        self._all = [step if s.id == step.id else s for s in self._all]
        for line in self._lines:
            if line.step is not None and line.step.id == step.id:
                line.step = step
        self.refresh()
        if self.current is not None and self.current.id == step.id:
            self.post_message(self.Selected(step))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[index]
        style: Style | None = None
        if line.step is None:
            shown = text(f" {line.section}")
            shown.truncate(width, overflow="ellipsis")
            style = self.get_component_rich_style("steplist--section")
        else:
            shown = step_line(line.step, width)
            if index == self.cursor:
                style = self.get_component_rich_style("steplist--cursor")
        strip = Strip(list(shown.render(self.app.console)), shown.cell_len)
        strip = strip.adjust_cell_length(width, self.rich_style)
        return strip.apply_style(style) if style is not None else strip

    def watch_cursor(self, cursor: int) -> None:
        self._into_view()
        self.refresh()
        self.post_message(self.Selected(self.current))

    def _into_view(self, centred: bool = False) -> None:
        cursor, height = self.cursor, max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if centred and not top <= cursor < top + height - height // 3:
            self.scroll_to(y=max(0, cursor - height // 3), animate=False, immediate=True)
            return
        # A section's first step shows its heading too.
        first = cursor - 1 if cursor > 0 and self._lines[cursor - 1].step is None else cursor
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        step = 1 if delta > 0 else -1
        at = self.cursor
        for _ in range(abs(delta)):
            found = self._nearest(at + step, step)
            if found < 0 or found == at:
                break
            at = found
        if at != self.cursor:
            self.cursor = at

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_edge(self, end: int) -> None:
        found = self._nearest(len(self._lines) - 1, -1) if end else self._nearest(0, 1)
        if found >= 0:
            self.cursor = found

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._lines) and self._lines[index].step is not None:
            self.cursor = index

    def _nearest(self, start: int, step: int) -> int:
        """The first step line from ``start`` on in direction ``step``; -1 if none."""
        at = start
        while 0 <= at < len(self._lines):
            if self._lines[at].step is not None:
                return at
            at += step
        return -1
