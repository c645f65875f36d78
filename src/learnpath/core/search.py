"""Finding steps by what they say: titles, descriptions, types and the learner's notes.

Matching ignores case and accents ('Vortrage' finds 'Vorträge'), and German umlauts may
be written out ('Vortraege' finds it too). The steps' texts are kept folded that way
in the table step_text (written with the steps), so the database finds matching steps
in one scan; only the learner's notes, which are few, are folded here.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from learnpath.core.results import Found, Hit
from learnpath.core.session import Session
from learnpath.core.steps import step_from_row
from learnpath.errors import LearnpathError
from learnpath.storage import Database
from learnpath.storage import queries as q
from learnpath.storage.base import Row
from learnpath.text import fold, search_text

FIELDS = ("title", "description", "type", "notes")


def search(session: Session, query: str, all_paths: bool = False) -> list[Hit]:
    """Every step of the session's path (or of every path) whose text contains ``query``,
    by path name (sorted here: a server's collation may differ) and step number."""
    return list(hits(session, query, all_paths))


def first_hits(session: Session, query: str, all_paths: bool, limit: int) -> Found:
    """The first ``limit`` hits, and the number of all of them: counted by the database,
    so that a search matching every one of 100,000 steps builds no more than a screen."""
    needle = _needle(query)
    shown: list[Hit] = []
    total = 0
    for path in _paths(session, all_paths):
        noted = _noted_steps(session.db, path, needle)
        found = _hits_of(session.db, path, needle, noted)
        shown += islice(found, max(limit - len(shown), 0))
        if next(found, None) is None:  # all of this path's hits are in hand
            total += sum(1 for h in shown if h.path == path)
        else:
            total += _count(session.db, path, needle, noted)
    return Found(shown, total)


def hits(session: Session, query: str, all_paths: bool = False) -> Iterator[Hit]:
    """The hits one by one, in order: `search --json` writes them as they come."""
    needle = _needle(query)
    for path in _paths(session, all_paths):
        yield from _hits_of(session.db, path, needle, _noted_steps(session.db, path, needle))


def _needle(query: str) -> str:
    # A line break could match across the two forms step_text keeps on two lines.
    needle = fold(" ".join(query.split()))
    if not needle:
        raise LearnpathError("the search text is empty; give a word to look for")
    return needle


def _paths(session: Session, all_paths: bool) -> list[str]:
    if not all_paths:
        return [session.path]
    return sorted(row["id"] for row in session.db.rows(q.EXPORT_PATHS))


def _pattern(needle: str) -> str:
    """A LIKE pattern that finds ``needle`` anywhere, its own % and _ taken literally."""
    escaped = needle.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"


def _count(db: Database, path: str, needle: str, noted: list[Row]) -> int:
    """How many steps of ``path`` match, in their texts or (``noted``) in the notes."""
    row = db.one(q.SEARCH_COUNT, {"path": path, "pattern": _pattern(needle)})
    in_texts = int(row["n"]) if row else 0
    return in_texts + sum(1 for r in noted if not _texts_match(r, needle))


def _hits_of(db: Database, path: str, needle: str, notes: list[Row]) -> Iterator[Hit]:
    """The hits of one path by step number: the database's matches of the step texts,
    merged with the steps found by their notes (``notes``, from _noted_steps)."""
    noted = {row["step_id"]: row for row in notes}
    rest = sorted(noted.values(), key=lambda r: int(r["number"]))
    for row in db.rows(q.SEARCH_STEPS, {"path": path, "pattern": _pattern(needle)}):
        while rest and int(rest[0]["number"]) < int(row["number"]):
            yield _hit(path, rest.pop(0), needle, noted=True)
        if rest and rest[0]["step_id"] == row["step_id"]:
            rest.pop(0)
        yield _hit(path, row, needle, noted=row["step_id"] in noted)
    for row in rest:
        yield _hit(path, row, needle, noted=True)


def _noted_steps(db: Database, path: str, needle: str) -> list[Row]:
    """The steps of ``path`` (still in it) that have a note containing ``needle``."""
    ids: dict[str, None] = {}
    for row in db.rows(q.SEARCH_NOTES, {"path": path, "all_paths": 0}):
        if needle in search_text(row["text"]):
            ids[row["step_id"]] = None
    found = (db.one(q.STEP_BY_ID, {"path": path, "step_id": step_id}) for step_id in ids)
    return [row for row in found if row is not None]


def _texts_match(row: Row, needle: str) -> bool:
    return any(needle in search_text(row[field]) for field in FIELDS[:3])


def _hit(path: str, row: Row, needle: str, noted: bool) -> Hit:
    """A hit, with the texts it matched in: as the database found them, or (for a step
    found by its notes) looked at here."""
    step = step_from_row(row)
    columns = row.keys()  # sqlite3.Row's `in` looks at values, not names
    if "in_title" in columns:
        matched = [f for f in FIELDS[:3] if row[f"in_{f}"]]
    else:
        texts = (step.title, step.description, step.type)
        matched = [f for f, t in zip(FIELDS, texts, strict=False) if needle in search_text(t)]
    return Hit(path, step, matched + ["notes"] * noted)
