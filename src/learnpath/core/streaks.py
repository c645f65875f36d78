"""Streaks and weekly counts: how regularly a learner has been studying.

Times are stored in UTC; days and weeks are the learner's, in the local time zone
(learnpath.times). `progress` and the dashboard show these on every call: nothing heavy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta, tzinfo

from learnpath.core.session import Session
from learnpath.model import Activity
from learnpath.storage import queries as q
from learnpath.times import local_day, local_today, minute_start

WEEKS = 8  # the weeks `progress` charts, this one included


def activity(session: Session, today: date | None = None) -> Activity:
    """Streaks and weekly counts of the session's learner on its path."""
    db, params = session.db, {"path": session.path}
    row = db.one(q.LAST_ACTIVITY, params)
    done = ((minute_start(r["minute"]), r["n"]) for r in db.rows(q.DONE_PER_MINUTE, params))
    return summarize(done, row["last"] if row else None, today or local_today())


def summarize(
    done: Iterable[tuple[str, int]], last: str | None, today: date, tz: tzinfo | None = None
) -> Activity:
    """Streaks and weekly counts from how many steps were done when (UTC, ISO 8601)."""
    per_day: Counter[date] = Counter()
    for at, n in done:
        try:
            per_day[local_day(at, tz)] += n
        except (ValueError, OverflowError, OSError):
            continue  # a damaged stored time counts for no day rather than breaking progress
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
