"""What happened when: the event log, and where everyone in a group stands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from learnpath.core.results import Entry, Member, Spot
from learnpath.core.session import Session
from learnpath.core.streaks import summarize
from learnpath.model import percent
from learnpath.storage import learners
from learnpath.storage import queries as q
from learnpath.storage.base import Row
from learnpath.times import local_today, minute_start


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
    """Every learner with any activity on the session's path, by name: the same counts,
    step and streak as their own `progress` shows, read for all of them at once."""
    db, params = session.db, {"path": session.path}
    done: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in db.rows(learners.GROUP_DONE_PER_MINUTE, params):
        done[row["learner"]].append((minute_start(row["minute"]), row["n"]))
    day = today or local_today()
    members = []
    for row in db.rows(learners.GROUP_STANDING, params):
        act = summarize(done.get(row["learner"], ()), row["last"], day)
        members.append(
            Member(
                learner=row["learner"],
                done=row["done"],
                skipped=row["skipped"],
                total=row["total"] or 0,
                percent=percent(row["done"] + row["skipped"], row["total"] or 0),
                streak=act.current_streak,
                last_activity=act.last_activity,
                current=Spot(row["next"], row["title"]) if row["next"] is not None else None,
            )
        )
    # Sorted here, not in SQL: a server's collation may order names differently.
    return sorted(members, key=lambda m: m.learner)
