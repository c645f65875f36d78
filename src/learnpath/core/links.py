"""Link health: every step's URL checked at once, for authors and learners. The results
of an added path's check are kept: `list` marks a broken link and `show` says what was
found and when. Nothing is ever changed or removed because of them."""

from __future__ import annotations

from pathlib import Path

from learnpath.core.session import Session
from learnpath.core.steps import steps
from learnpath.model import LinkCheck
from learnpath.storage import Database, sources
from learnpath.times import utc_now

# How many links are checked at a time, and how long one may take, unless told.
CONCURRENCY = 8
TIMEOUT_S = 10.0


def check_urls(
    targets: list[tuple[int, str, str]], concurrency: int, timeout: float
) -> list[LinkCheck]:
    """Check each (number, id, url) in a pool of ``concurrency`` threads, ``timeout``
    seconds per request; in the order given."""
    from concurrent.futures import ThreadPoolExecutor  # here: `list` imports this module

    from learnpath.web import probe

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        found = list(pool.map(lambda target: probe(target[2], timeout), targets))
    now = utc_now()
    return [
        LinkCheck(number, step_id, url, p.status, p.http_status, p.final_url, p.detail, now)
        for (number, step_id, url), p in zip(targets, found, strict=True)
    ]


def check_file(file: Path, concurrency: int, timeout: float) -> list[LinkCheck]:
    """The links of a path file, checked (for its author: nothing is kept)."""
    from learnpath.pathfile.load import load_path

    definition = load_path(file)
    targets = [
        (number, step.id or "", step.url)
        for number, (_, step) in enumerate(definition.steps(), start=1)
        if step.url
    ]
    return check_urls(targets, concurrency, timeout)


def check_path(session: Session, concurrency: int, timeout: float) -> list[LinkCheck]:
    """The links of the session's path, checked; the results replace the last ones."""
    targets = [(s.number, s.id, s.url) for s in steps(session) if s.url]
    results = check_urls(targets, concurrency, timeout)
    params = {"path": session.path}

    def keep(db: Database) -> None:
        db.execute(sources.DELETE_LINK_CHECKS, params)
        db.execute_many(
            sources.ADD_LINK_CHECK,
            (db.params(params | _row(r)) for r in results),
        )

    session.db.write(keep)
    return results


def _row(result: LinkCheck) -> dict[str, object]:
    return {
        "step_id": result.id,
        "checked_url": result.url,
        "status": result.status,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "detail": result.detail,
        "now": result.checked_at,
    }


def broken(session: Session) -> frozenset[str]:
    """The ids of the steps whose URL the last check found broken (and still have it)."""
    rows = session.db.rows(sources.LINK_CHECKS, {"path": session.path, "step_id": ""})
    return frozenset(row["step_id"] for row in rows if row["status"] == "broken")


def last_check(session: Session, number: int, step_id: str, url: str) -> LinkCheck | None:
    """What the last check found at this step's URL, if it was checked."""
    row = session.db.one(sources.LINK_CHECKS, {"path": session.path, "step_id": step_id})
    if row is None:
        return None
    return LinkCheck(
        number,
        step_id,
        url,
        row["status"],
        row["http_status"],
        row["final_url"],
        row["detail"],
        row["checked_at"],
    )
