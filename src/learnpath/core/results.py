"""What the less everyday commands report: log entries, group members, search hits,
path summaries, and what note --edit, add, import and copy did.

Plain values, like learnpath.model, and kept apart from it only for start-up: each
dataclass costs a quarter of a millisecond to define, and `list` needs none of these.
Standard library and leaves only, so renderers may use them without touching storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnpath.model import StepView, percent


@dataclass(slots=True)
class Entry:
    """One event of the log."""

    at: str
    path: str
    step: str
    number: int | None  # None when the step is no longer in the path
    title: str | None
    action: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "path": self.path,
            "step": self.step,
            "number": self.number,
            "title": self.title,
            "action": self.action,
        }


@dataclass(slots=True)
class Spot:
    """The step a learner is on: the first they have neither done nor skipped."""

    number: int
    title: str


@dataclass(slots=True)
class Member:
    """One learner's standing on a path, for `learnpath group`."""

    learner: str
    done: int
    skipped: int
    total: int
    percent: int
    streak: int
    last_activity: str | None
    current: Spot | None

    def to_json(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "done": self.done,
            "skipped": self.skipped,
            "handled": self.done + self.skipped,
            "total": self.total,
            "percent": self.percent,
            "streak": self.streak,
            "last_activity": self.last_activity,
            "current": (
                {"number": self.current.number, "title": self.current.title}
                if self.current
                else None
            ),
        }


@dataclass(slots=True)
class PathNote:
    """One note, as `learnpath notes` lists them."""

    step: str  # the step's id
    number: int | None  # None when the step is no longer in the path
    title: str | None
    at: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "number": self.number,
            "title": self.title,
            "at": self.at,
            "text": self.text,
        }


@dataclass(slots=True)
class Edited:
    """What `note --edit` did to the notes of step ``number``: kept as they were,
    changed, added, removed."""

    number: int
    kept: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        """How many notes the step has after the edit."""
        return self.kept + self.changed + self.added


@dataclass(slots=True)
class Hit:
    """A step that a search found, and in which of its texts."""

    path: str
    step: StepView
    matched: list[str]  # which of title, description, type, notes matched

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, **self.step.to_json(), "matched": self.matched}


@dataclass(slots=True)
class Found:
    """The first hits of a search, and how many there are in all."""

    hits: list[Hit]
    total: int


@dataclass(slots=True)
class PathSummary:
    """One of the learner's paths, as `paths` lists it."""

    name: str
    title: str
    steps: int
    done: int
    handled: int
    active: bool
    source: str | None

    @property
    def percent(self) -> int:
        return percent(self.handled, self.steps)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``paths --json``."""
        return {
            "name": self.name,
            "title": self.title,
            "steps": self.steps,
            "done": self.done,
            "handled": self.handled,
            "percent": self.percent,
            "active": self.active,
            "source": self.source,
        }


@dataclass(slots=True)
class Added:
    """A path that `add` stored."""

    name: str
    title: str
    steps: int
    updated: bool
    stored: Path
    warnings: list[str] = field(default_factory=list)  # what `check` would warn about


@dataclass(slots=True)
class Merged:
    """What an import or a copy changed (or, in a dry run, would change)."""

    paths_added: list[str] = field(default_factory=list)
    # (path, new status) -> the steps that get it: numbers, or ids for steps the path
    # no longer has.
    changed: dict[tuple[str, str], list[int | str]] = field(default_factory=dict)
    # path -> the steps whose status stays as it is, the change behind it being newer
    kept: dict[str, list[int | str]] = field(default_factory=dict)
    retimed: int = 0  # steps whose status stays, with the times of a newer change
    events: int = 0
    notes: int = 0
    notes_cleared: int = 0

    @property
    def statuses(self) -> int:
        """How many steps get another status."""
        return sum(len(steps) for steps in self.changed.values())

    @property
    def anything(self) -> bool:
        return bool(
            self.paths_added
            or self.changed
            or self.retimed
            or self.events
            or self.notes
            or self.notes_cleared
        )


@dataclass(slots=True)
class StepChange:
    """One step an update changes: its number in the new version (in the old one for a
    removed step), the learner's status, and what changed."""

    number: int
    id: str
    title: str
    status: str
    what: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "changes": self.what,
        }


@dataclass(slots=True)
class Updated:
    """What `learnpath update` found at a path's source, and did with it."""

    name: str
    source: str
    changed: bool
    dry_run: bool = False
    changes: list[StepChange] = field(default_factory=list)
    error: str | None = None  # `update --all` goes on past a source that fails

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.name,
            "source": self.source,
            "changed": self.changed,
            "dry_run": self.dry_run,
            "steps": [c.to_json() for c in self.changes],
            "error": self.error,
        }
