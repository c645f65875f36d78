"""What happened when: the event log, streaks and weekly counts.

Times are stored in UTC; days and weeks are the learner's, in the local time zone.
Standard library only: `progress` and `log` are everyday commands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from learnpath import queries as q
from learnpath.db import Database

if TYPE_CHECKING:
    from learnpath.tracker import StepView

WEEKS = 8  # the weeks `progress` charts, this one included


def parse_utc(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def local_day(at: str, tz: tzinfo | None = None) -> date:
    return parse_utc(at).astimezone(tz).date()


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


def log(db: Database, path: str | None, since: str | None) -> Iterator[Entry]:
    """Events in time order: of ``path``, or of every path when it is None."""
    params = {"path": path or "", "all_paths": 0 if path else 1, "since": since or ""}
    for row in db.rows(q.LOG, params):
        yield Entry(
            at=row["at"],
            path=row["path_id"],
            step=row["step_id"],
            number=row["number"],
            title=row["title"],
            action=row["action"],
        )


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


def activity(db: Database, path: str, today: date | None = None) -> Activity:
    row = db.one(q.LAST_ACTIVITY, {"path": path})
    done = ((r["minute"] + ":00Z", r["n"]) for r in db.rows(q.DONE_PER_MINUTE, {"path": path}))
    return summarize(done, row["last"] if row else None, today or date.today())


def summarize(
    done: Iterable[tuple[str, int]], last: str | None, today: date, tz: tzinfo | None = None
) -> Activity:
    """Streaks and weekly counts from how many steps were done when (UTC, ISO 8601)."""
    per_day: Counter[date] = Counter()
    for at, n in done:
        per_day[local_day(at, tz)] += n
    days = sorted(per_day)
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    # A streak is still alive on a day with nothing done yet: it ends only after a
    # whole day without a step done.
    current = 0
    day = today if today in per_day else today - timedelta(days=1)
    while day in per_day:
        current += 1
        day -= timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    weekly = []
    for back in range(WEEKS - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        weekly.append(
            (start, sum(n for d, n in per_day.items() if start <= d < start + timedelta(weeks=1)))
        )
    return Activity(
        current_streak=current,
        longest_streak=longest,
        last_activity=last,
        done_this_week=weekly[-1][1],
        weekly=weekly,
    )


def since_utc(text: str, tz: tzinfo | None = None) -> str:
    """'YYYY-MM-DD' (the start of that local day) as the UTC time the log starts at.

    Raises ValueError for anything else.
    """
    day = date.fromisoformat(text.strip())
    if tz is None:
        start = datetime(day.year, day.month, day.day).astimezone()  # local midnight
    else:
        start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    current: StepView | None  # the step they are on: their first not done nor skipped

    def to_json(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "done": self.done,
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


def group(db: Database, path: str, today: date | None = None) -> list[Member]:
    """Every learner with any activity on ``path``, by name."""
    from learnpath.tracker import Tracker

    members = []
    # Sorted here, not in SQL: a server's collation may order names differently.
    for name in sorted(row["learner"] for row in db.rows(q.LEARNERS_ON_PATH, {"path": path})):
        theirs = db.as_learner(name)
        p = Tracker(theirs, path).progress()
        act = activity(theirs, path, today)
        members.append(
            Member(
                learner=name,
                done=p.done,
                skipped=p.skipped,
                total=p.total,
                percent=p.percent,
                streak=act.current_streak,
                last_activity=act.last_activity,
                current=p.next,
            )
        )
    return members
