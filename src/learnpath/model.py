"""The values every layer passes around: steps, the learner's standing, and their
arithmetic.

The core returns these; the renderers, the JSON writer and the path-file writers take
them. Standard library only, so any front end can use them without loading storage or
a UI library. What only some commands report lives in core/results.py, so that an
everyday command does not pay for defining it.

They are plain dataclasses, not frozen ones: creating a frozen class costs twice as
long, and every call of learnpath pays for creating them all. They are still treated
as values and never changed after creation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal

Status = Literal["todo", "started", "done", "skipped"]
STATUSES: tuple[Status, ...] = ("todo", "started", "done", "skipped")
# Statuses that count as dealt with: the learner has moved past the step.
HANDLED: tuple[Status, ...] = ("done", "skipped")


class Action(StrEnum):
    """What a status command asks for, named as the command is."""

    done = "done"
    undo = "undo"
    start = "start"
    skip = "skip"

    @property
    def target(self) -> Status:
        """The status the action moves a step to."""
        return _TARGETS[self]


_TARGETS: dict[Action, Status] = {
    Action.done: "done",
    Action.undo: "todo",
    Action.start: "started",
    Action.skip: "skipped",
}


def json_text(value: Any) -> str:
    """``value`` as compact JSON: how arrays of `--json` write each item, one per line
    (and what queries.STEPS_JSON builds in the database, character for character)."""
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def percent(handled: int, total: int) -> int:
    """Whole percent, never claiming 100 before the end nor 0 after a start."""
    if total <= 0:
        return 0
    value = round(100 * handled / total)
    if handled < total:
        value = min(value, 99)
    if handled > 0:
        value = max(value, 1)
    return value


# `list` shows a window of this many rows on a long path (a Rich row costs about a
# quarter of a millisecond, and a screen holds about this many), starting a few rows
# before the first step still to do. A path only a little longer is shown whole, so the
# footer never says "3 more".
WINDOW_ROWS = 40
WINDOW_CONTEXT = 3
# `progress` shows this many sections around the current one.
SECTION_ROWS = 12
SECTION_CONTEXT = 2


def window_bounds(
    anchor: int, count: int, rows: int = WINDOW_ROWS, context: int = WINDOW_CONTEXT
) -> tuple[int, int]:
    """The rows (1-based, inclusive) of ``count`` shown around ``anchor``.

    The window starts ``context`` rows before the anchor and holds ``rows`` rows; when
    there are only a quarter more than that, all are shown.
    """
    if count <= rows + rows // 4:
        return 1, count
    last = min(count, max(1, anchor - context) + rows - 1)
    return max(1, last - rows + 1), last


@dataclass(slots=True)
class StepView:
    """One step with the learner's status, as commands show it."""

    number: int
    id: str
    section: str
    title: str
    type: str | None
    url: str | None
    minutes: int | None
    status: Status
    started_at: str | None
    completed_at: str | None
    description: str | None = None
    notes: int = 0  # how many notes the learner has on it

    def to_json(self, with_description: bool = False) -> dict[str, Any]:
        """The documented JSON object of a step (see README, "JSON output")."""
        out: dict[str, Any] = {
            "number": self.number,
            "id": self.id,
            "section": self.section,
            "title": self.title,
            "type": self.type,
            "url": self.url,
            "minutes": self.minutes,
            "status": self.status,
            "started_at": self.started_at,
            "completed_at": self.completed_at,
        }
        if with_description:
            out["description"] = self.description
        return out


@dataclass(slots=True)
class Note:
    at: str  # UTC, ISO 8601
    text: str
    uid: str = ""  # the note wherever it is copied (not shown)


@dataclass(slots=True)
class LinkCheck:
    """What a link check found at a step's URL (`check --links`): ok, redirected (to
    ``final_url``), broken (404, 410), unknown (another 4xx or 5xx) or unreachable."""

    number: int
    id: str
    url: str
    status: str
    http_status: int | None = None
    final_url: str | None = None
    detail: str | None = None
    checked_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "id": self.id,
            "url": self.url,
            "status": self.status,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "detail": self.detail,
            "checked_at": self.checked_at,
        }


@dataclass(slots=True)
class StepDetail:
    """What `show` shows: one step, its description and its notes (and what the last
    link check found at its URL, on an added path)."""

    step: StepView
    notes: list[Note]
    link: LinkCheck | None = None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``show --json``."""
        data = self.step.to_json(with_description=True)
        data["notes"] = [{"at": n.at, "text": n.text} for n in self.notes]
        data["link"] = self.link.to_json() if self.link else None
        return data


@dataclass(slots=True)
class SectionProgress:
    title: str
    total: int
    done: int
    skipped: int
    started: int
    minutes_done: int
    minutes_left: int
    timed: int  # steps whose length is known

    @property
    def percent(self) -> int:
        return percent(self.done + self.skipped, self.total)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "total": self.total,
            "done": self.done,
            "skipped": self.skipped,
            "handled": self.done + self.skipped,
            "percent": self.percent,
        }


@dataclass(slots=True)
class Progress:
    """How far a learner is on one path: per section, overall, and the next step."""

    path: str
    title: str
    sections: list[SectionProgress]
    next: StepView | None

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sections)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.sections)

    @property
    def started(self) -> int:
        return sum(s.started for s in self.sections)

    @property
    def minutes_done(self) -> int:
        return sum(s.minutes_done for s in self.sections)

    @property
    def minutes_left(self) -> int:
        return sum(s.minutes_left for s in self.sections)

    @property
    def timed(self) -> int:
        return sum(s.timed for s in self.sections)

    @property
    def percent(self) -> int:
        return percent(self.done + self.skipped, self.total)

    def section_window(self) -> tuple[int, int]:
        """The sections (1-based, inclusive) `progress` shows: those around the current one."""
        current = next(
            (i for i, s in enumerate(self.sections, 1) if s.done + s.skipped < s.total),
            len(self.sections),
        )
        return window_bounds(current, len(self.sections), SECTION_ROWS, SECTION_CONTEXT)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``progress --json``."""
        return {
            "path": self.path,
            "total": self.total,
            "done": self.done,
            "skipped": self.skipped,
            "handled": self.done + self.skipped,
            "percent": self.percent,
            "sections": [s.to_json() for s in self.sections],
            "next": self.next.to_json() if self.next else None,
        }


@dataclass(slots=True)
class ProgressReport:
    """What `progress` and the dashboard show: how far, and how regularly."""

    progress: Progress
    activity: Activity

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``progress --json``."""
        return self.progress.to_json() | {"activity": self.activity.to_json()}


@dataclass(slots=True)
class Listing:
    """What `list` shows: matching steps (maybe a window of them) and the counts around."""

    steps: Iterable[StepView]
    progress: Progress
    before: int = 0  # matching steps left out ahead of the window
    after: int = 0  # and behind it
    filtered: bool = False
    broken: frozenset[str] = frozenset()  # ids of steps whose link a check found broken


@dataclass(slots=True)
class Prerequisite:
    """Something to know before starting a path, as `info` shows it."""

    title: str
    description: str | None


@dataclass(slots=True)
class PathInfo:
    id: str
    title: str
    language: str | None
    description: str | None
    overview: str | None
    prerequisites: list[Prerequisite]
    step_count: int


@dataclass(slots=True)
class Change:
    """What a status command did to one step."""

    step: StepView
    old: Status
    new: Status

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(slots=True)
class Stand:
    """Where the learner stands after a status change."""

    section: SectionProgress | None
    progress: Progress
    just_completed: bool  # this change finished the path


@dataclass(slots=True)
class Opened:
    step: StepView
    launched: bool
    reason: str | None  # why the browser was not started
    started: bool  # whether this call marked the step started


@dataclass(slots=True)
class Activity:
    """Streaks and recent pace on one path."""

    current_streak: int  # days in a row with a step done, up to today or yesterday
    longest_streak: int
    last_activity: str | None  # UTC, ISO 8601: the last event of any kind
    done_this_week: int  # since Monday
    weekly: list[tuple[date, int]]  # (Monday, steps done that week), oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "last_activity": self.last_activity,
            "done_this_week": self.done_this_week,
            "weekly": [{"week": monday.isoformat(), "done": n} for monday, n in self.weekly],
        }
