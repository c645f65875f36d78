"""What happened when: the event log, and where everyone in a group stands."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from learnpath.core.progress import progress
from learnpath.core.results import Entry, Member
from learnpath.core.session import Session
from learnpath.core.streaks import activity
from learnpath.storage import queries as q
from learnpath.storage.base import Row


def log(
    session: Session, all_paths: bool = False, since: str | None = None, limit: int = 0
) -> Iterator[Entry]:
    """Events in time order, from ``since`` (a stored time) on: of the session's path,
    or of every path; with a ``limit``, only that many of the newest."""
    params = {"path": session.path, "all_paths": int(all_paths), "since": since or ""}
    if limit > 0:
        rows: Iterable[Row] = reversed(
            list(session.db.rows(q.LOG_NEWEST, {**params, "limit": limit}))
        )
    else:
        rows = session.db.rows(q.LOG, params)
    for row in rows:
        yield Entry(
            at=row["at"],
            path=row["path_id"],
            step=row["step_id"],
            number=row["number"],
            title=row["title"],
            action=row["action"],
        )


def group(session: Session, today: date | None = None) -> list[Member]:
    """Every learner with any activity on the session's path, by name."""
    db, path = session.db, session.path
    members = []
    # Sorted here, not in SQL: a server's collation may order names differently.
    for name in sorted(row["learner"] for row in db.rows(q.LEARNERS_ON_PATH, {"path": path})):
        theirs = Session(db.as_learner(name), path)
        p = progress(theirs)
        act = activity(theirs, today)
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
