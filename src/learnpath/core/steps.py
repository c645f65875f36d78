"""Reading a path's steps: what a step reference names, the steps in order, the next."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator

from learnpath.core.session import Session
from learnpath.errors import PathFileError, StepNotFound
from learnpath.model import PathInfo, Prerequisite, StepView
from learnpath.storage import queries as q
from learnpath.storage import tally
from learnpath.storage.base import Row
from learnpath.text import safe

MAX_REF_LEN = 200
_NUMBERISH = re.compile(r"[+-]?\d*[.,]?\d+")


def step_from_row(row: Row) -> StepView:
    """A step as a query of storage.queries returns it (with or without description)."""
    keys = row.keys()  # sqlite3.Row's `in` looks at values, not names
    return StepView(
        number=row["number"],
        id=row["step_id"],
        section=row["section"],
        title=row["title"],
        type=row["type"],
        url=row["url"],
        minutes=row["minutes"],
        status=row["status"],
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        description=row["description"] if "description" in keys else None,
        notes=row["notes"] or 0,
    )


def info(session: Session) -> PathInfo:
    """The path's title, introduction, prerequisites and length."""
    row = session.db.one(q.PATH_INFO, {"path": session.path})
    if row is None:
        raise PathFileError(f"the path {session.path!r} is not loaded; run learnpath again")
    prereqs = [
        Prerequisite(p["title"], p.get("description"))
        for p in json.loads(row["prerequisites"] or "[]")
    ]
    return PathInfo(
        id=row["id"],
        title=row["title"],
        language=row["language"],
        description=row["description"],
        overview=row["overview"],
        prerequisites=prereqs,
        step_count=row["step_count"],
    )


def steps(
    session: Session, section: str | None = None, status: str | None = None
) -> Iterator[StepView]:
    """The path's steps in order, optionally only one section's or one status's."""
    rows = session.db.rows(q.STEPS, {"path": session.path})
    yield from (step_from_row(row) for row in filtered(rows, section, status))


def filtered(rows: Iterable[Row], section: str | None, status: str | None) -> Iterator[Row]:
    """The step rows (with `section` and `status`) in a section whose title contains
    ``section`` (any case) and of status ``status``; None filters nothing."""
    needle = section.casefold() if section else None
    for row in rows:
        if needle is not None and needle not in row["section"].casefold():
            continue
        if status is not None and row["status"] != status:
            continue
        yield row


def check_section(session: Session, section: str) -> None:
    """Refuse a section filter that matches no section, naming the ones there are."""
    titles = [row["title"] for row in session.db.rows(q.SECTIONS, {"path": session.path})]
    if not any(section.casefold() in t.casefold() for t in titles):
        raise StepNotFound(
            f"no section matches {quote(section)}; the sections are: " + ", ".join(titles)
        )


def step(session: Session, ref: str) -> StepView:
    """The step a reference names: its number (1..N) or its id."""
    ref = ref.strip()
    if not ref:
        raise StepNotFound("the step reference is empty; give a step number or id")
    if len(ref) > MAX_REF_LEN:
        raise StepNotFound(
            f"a step reference of {len(ref)} characters is too long; give a step number or id"
        )
    db, path = session.db, session.path
    if ref.isascii() and ref.isdigit():
        row = db.one(q.STEP_BY_NUMBER, {"path": path, "number": int(ref)})
        if row is None:
            raise StepNotFound(f"there is no step {int(ref)}; {_range(session)}")
        return step_from_row(row)
    if _NUMBERISH.fullmatch(ref):
        raise StepNotFound(f"{quote(ref)} is not a step number; {_range(session)}")
    row = db.one(q.STEP_BY_ID, {"path": path, "step_id": ref})
    if row is None:
        ids = [s.id for s in steps(session)]
        low = ref.casefold()
        close = [i for i in ids if low in i.casefold()] or difflib.get_close_matches(ref, ids, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise StepNotFound(
            f"no step has the id {quote(ref)}; {hint}'learnpath list --json' shows every "
            "step's number and id"
        )
    return step_from_row(row)


_RANGE = re.compile(r"(\d{1,9})-(\d{1,9})")


def resolve(session: Session, refs: Iterable[str], section: str | None = None) -> list[StepView]:
    """Every referenced step, once each, in the order given; any bad one raises.

    A reference may be a range of numbers ('4-6'), and ``section`` adds every step of
    the sections whose title contains it (as `list --section` matches them).
    """
    seen: dict[str, StepView] = {}
    for ref in refs:
        for found in _referenced(session, ref.strip()):
            seen.setdefault(found.id, found)
    if section is not None:
        check_section(session, section)
        for found in steps(session, section=section):
            seen.setdefault(found.id, found)
    if not seen:
        raise StepNotFound("no step was named; give step numbers, ids, a range or --section")
    return list(seen.values())


def _referenced(session: Session, ref: str) -> list[StepView]:
    """The steps one reference names: one step, or every step of a range."""
    match = _RANGE.fullmatch(ref)
    if match is None:
        return [step(session, ref)]
    first, last = int(match.group(1)), int(match.group(2))
    total = info(session).step_count
    if not 1 <= first <= last <= total:
        raise StepNotFound(
            f"{quote(ref)} is not a range of steps; {_range(session)}, first to last"
        )
    params = {"path": session.path, "first": first, "last": last}
    return [step_from_row(row) for row in session.db.rows(q.STEPS_BETWEEN, params)]


def next_step(session: Session) -> StepView | None:
    """The first step neither done nor skipped, or None when the path is complete."""
    db, params = session.db, {"path": session.path}
    if not db.keeps_counts:
        row = db.one(q.NEXT_STEP, params)
        return step_from_row(row) if row else None
    # The kept counts name the first unfinished section, so the done steps before it
    # are not walked one by one.
    section = db.one(tally.FIRST_OPEN_SECTION, params)
    return first_open_in(session, section["position"]) if section else None


def first_open_in(session: Session, section: int) -> StepView | None:
    """The first step neither done nor skipped in ``section``, which the learner's
    counts, read a moment before, said has one. Another process may have finished it
    since (each read sees the latest commit): then the path is walked for the next."""
    db, params = session.db, {"path": session.path}
    row = db.one(q.NEXT_IN_SECTION, params | {"section": section}) or db.one(q.NEXT_STEP, params)
    return step_from_row(row) if row else None


def _range(session: Session) -> str:
    total = info(session).step_count
    return "the path has no steps" if total == 0 else f"the steps are numbered 1 to {total}"


def quote(text: str, limit: int = 40) -> str:
    """A user's input, made safe and short enough to echo in a message."""
    text = safe(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def state(session: Session) -> tuple[object, ...]:
    """A mark of the path's state that changes whenever a status, a note or the path
    itself changes, in any process: `browse` reloads when it does."""
    row = session.db.one(q.PATH_STATE, {"path": session.path})
    return tuple(row[key] for key in ("last_event", "notes", "synced_at")) if row else ()
