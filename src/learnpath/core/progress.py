"""How far a learner is: per section and overall, and where they stand after a change."""

from __future__ import annotations

from learnpath.core.session import Session
from learnpath.core.steps import first_open_in, info
from learnpath.model import HANDLED, Change, Progress, ProgressReport, SectionProgress, Stand
from learnpath.storage import queries as q
from learnpath.storage import tally


def progress(session: Session) -> Progress:
    """Counts per section from the stored section sizes, and the next step to do."""
    db, path = session.db, session.path
    sections = []
    current = None  # the position of the first section with steps still to do
    summary = tally.SECTION_SUMMARY if db.keeps_counts else q.SECTION_SUMMARY
    for row in db.rows(summary, {"path": path}):
        section = SectionProgress(
            title=row["title"],
            total=row["total"],
            done=row["done"] or 0,
            skipped=row["skipped"] or 0,
            started=row["started"] or 0,
            minutes_done=row["minutes_done"] or 0,
            minutes_left=row["minutes_left"] or 0,
            timed=row["timed"] or 0,
        )
        if current is None and section.done + section.skipped < section.total:
            current = row["position"]
        sections.append(section)
    step = None
    if current is not None:
        step = first_open_in(session, current)
    return Progress(path=path, title=info(session).title, sections=sections, next=step)


def report(session: Session) -> ProgressReport:
    """How far the learner is on the session's path, and how regularly they study."""
    from learnpath.core.streaks import activity

    return ProgressReport(progress(session), activity(session))


def stand(session: Session, changes: list[Change]) -> Stand:
    """Where the learner stands after ``changes``: the last changed step's section and
    the whole path."""
    p = progress(session)
    section = next((s for s in p.sections if s.title == changes[-1].step.section), None)
    finished = any(c.changed and c.new in HANDLED for c in changes)
    return Stand(section=section, progress=p, just_completed=finished and p.next is None)
