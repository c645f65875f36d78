"""Changing a step's status: done, undo, start, skip (one function for all four), and
opening a step, which starts it.

Several steps at once are all or nothing: every reference is checked before anything
changes, and the change is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from learnpath.core.session import Session
from learnpath.core.steps import resolve, step, step_from_row
from learnpath.errors import NothingToOpen
from learnpath.ids import UidBatch
from learnpath.model import Action, Change, Opened, Status, StepView
from learnpath.storage import Database
from learnpath.storage import queries as q
from learnpath.text import ascii_url, is_web_url
from learnpath.times import utc_now

# The event each new status is logged as.
EVENTS: dict[Status, str] = {
    "todo": "undone",
    "started": "started",
    "done": "done",
    "skipped": "skipped",
}


def change(
    session: Session, refs: Iterable[str], action: Action, section: str | None = None
) -> list[Change]:
    """Apply ``action`` to every referenced step (and every step of ``section``), all
    or nothing.

    A step already done keeps its first completion time, and is never downgraded: start
    and skip leave it done (undo it first); undo clears the times.
    """
    # Every reference is checked before anything changes.
    chosen = resolve(session, refs, section)
    path = session.path

    def work(db: Database) -> list[Change]:
        now, uids = utc_now(), UidBatch()
        changes = []
        for found in chosen:
            # Read again inside the transaction: another process may have written.
            row = db.one(q.STEP_BY_ID, {"path": path, "step_id": found.id})
            current = step_from_row(row) if row else found
            new = transition(current, action.target, now)
            if new is None:
                changes.append(Change(current, current.status, current.status))
                continue
            record(db, path, found.id, (new.status, new.started_at, new.completed_at), now, uids())
            changes.append(Change(new, current.status, new.status))
        return changes

    return session.db.write(work)


# A status with its start and completion times.
StatusTimes = tuple[Status, "str | None", "str | None"]


def record(db: Database, path: str, step_id: str, new: StatusTimes, now: str, uid: str) -> None:
    """Write a step's new status and the event that logs it, under one uid, inside the
    caller's transaction. Every status change goes through here, so that the log and
    the progress always tell the same story."""
    status, started_at, completed_at = new
    params = {"path": path, "step_id": step_id, "now": now, "uid": uid}
    db.execute(
        q.SET_PROGRESS,
        {**params, "status": status, "started_at": started_at, "completed_at": completed_at},
    )
    db.execute(q.ADD_EVENT, {**params, "action": EVENTS[status]})
    db.recount(path, "step", step_id)


def transition(current: StepView, target: Status, now: str) -> StepView | None:
    """The step after moving to ``target`` at ``now``, or None when nothing changes."""
    if target == "done":
        if current.status == "done":
            return None
        return replace(current, status="done", completed_at=now)
    if target == "todo":
        if current.status == "todo":
            return None
        return replace(current, status="todo", started_at=None, completed_at=None)
    if target == "started":
        if current.status in ("started", "done"):
            return None
        return replace(current, status="started", started_at=current.started_at or now)
    if current.status in ("skipped", "done"):  # skipping never takes a completion away
        return None
    return replace(current, status="skipped", completed_at=None)


def open_step(session: Session, ref: str, browser: bool = True) -> Opened:
    """Open a step's resource and mark it started when it was still todo."""
    found = step(session, ref)
    if not found.url:
        raise NothingToOpen(
            f"step {found.number} ({found.id}) has no URL; there is nothing to open"
        )
    if not is_web_url(found.url):
        raise NothingToOpen(
            f"step {found.number} ({found.id}) has a URL that is not a plain http or https "
            "one (credentials, invisible characters or another scheme); it will not be opened"
        )
    launched, reason = False, None
    if browser:
        from learnpath.core.browser import launch

        result = launch(ascii_url(found.url))
        launched, reason = result.opened, result.reason
    (started,) = change(session, [found.id], Action.start)
    return Opened(step=started.step, launched=launched, reason=reason, started=started.changed)
