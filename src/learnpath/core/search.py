"""Finding steps by what they say: titles, descriptions, types and the learner's notes.

Matching ignores case and accents ('Vortrage' finds 'Vorträge'), and German umlauts may
be written out ('Vortraege' finds it too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from learnpath.core.results import Hit
from learnpath.core.session import Session
from learnpath.core.steps import step_from_row
from learnpath.errors import LearnpathError
from learnpath.storage import queries as q
from learnpath.text import fold, transliterate

FIELDS = ("title", "description", "type", "notes")


def _forms(text: str) -> tuple[str, str]:
    return fold(text), fold(transliterate(text))


def search(session: Session, query: str, all_paths: bool = False) -> list[Hit]:
    """Steps of the session's path (or of every path) whose text contains ``query``, by
    path name (sorted here: a server's collation may differ) and step number."""
    hits = list(_matches(session, query, all_paths))
    return sorted(hits, key=lambda h: (h.path, h.step.number))


def _matches(session: Session, query: str, all_paths: bool) -> Iterator[Hit]:
    needle = fold(query.strip())
    if not needle:
        raise LearnpathError("the search text is empty; give a word to look for")
    db = session.db
    params = {"path": session.path, "all_paths": int(all_paths)}
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in db.rows(q.SEARCH_NOTES, params):
        notes[(row["path_id"], row["step_id"])].append(row["text"])
    for row in db.rows(q.STEPS_WITH_TEXT, params):
        step = step_from_row(row)
        texts = {
            "title": [step.title],
            "description": [step.description or ""],
            "type": [step.type or ""],
            "notes": notes.get((row["path_id"], step.id), []),
        }
        matched = [
            field
            for field in FIELDS
            if any(needle in form for t in texts[field] for form in _forms(t))
        ]
        if matched:
            yield Hit(row["path_id"], step, matched)
