"""What `list` shows: every matching step, or on a long path a window of them."""

from __future__ import annotations

from collections.abc import Iterator

from learnpath.core import links
from learnpath.core.progress import progress
from learnpath.core.session import Session
from learnpath.core.steps import check_section, filtered, step_from_row, steps
from learnpath.model import HANDLED, Listing, StepView, json_text, window_bounds
from learnpath.storage import queries as q


def listing(
    session: Session,
    section: str | None = None,
    status: str | None = None,
    everything: bool = False,
) -> Listing:
    """The steps `list` shows: every match, or on a long path a window of them.

    A section filter that matches no section is refused, naming the sections.
    """
    if section is not None:
        check_section(session, section)
    current = progress(session)
    filtered = section is not None or status is not None
    broken = links.broken(session)
    if everything:
        return Listing(steps(session, section, status), current, filtered=filtered, broken=broken)
    if not filtered:
        # The common case is answered by the index on step numbers, whatever the length.
        count = current.total
        anchor = current.next.number if current.next else count
        first, last = window_bounds(anchor, count)
        params = {"path": session.path, "first": first, "last": last}
        shown = [step_from_row(row) for row in session.db.rows(q.STEPS_BETWEEN, params)]
        return Listing(shown, current, before=first - 1, after=count - last, broken=broken)
    # Filters are applied here, in Python, so a filtered window takes two passes: one
    # to count the matches and find the first unfinished one, one to take the window.
    count, anchor = 0, 0
    for step in steps(session, section, status):
        count += 1
        if not anchor and step.status not in HANDLED:
            anchor = count
    first, last = window_bounds(anchor or count, count)
    window = []
    for index, step in enumerate(steps(session, section, status), 1):
        if index > last:
            break
        if index >= first:
            window.append(step)
    return Listing(
        window, current, before=first - 1, after=count - last, filtered=True, broken=broken
    )


def matching_json(
    session: Session, section: str | None = None, status: str | None = None
) -> Iterator[str]:
    """`list --json`: every matching step as its JSON text (model.json_text of its
    to_json), in order; built by the database where it can."""
    db = session.db
    if not db.builds_json:
        yield from (json_text(step.to_json()) for step in matching(session, section, status))
        return
    if section is None and status is None:
        yield from (row["json"] for row in db.rows(q.STEPS_JSON, {"path": session.path}))
        return
    if section is not None:
        check_section(session, section)
    rows = db.rows(q.STEPS_JSON_FILTERED, {"path": session.path})
    yield from (row["json"] for row in filtered(rows, section, status))


def matching(
    session: Session, section: str | None = None, status: str | None = None
) -> Iterator[StepView]:
    """Every step that matches the filters, in order (`list --json` streams them all).

    A section filter that matches no section is refused, naming the sections.
    """
    if section is not None:
        check_section(session, section)
    return steps(session, section, status)
