"""Finding steps by what they say: titles, descriptions, types and the learner's notes.

Matching ignores case and accents ('Vortrage' finds 'Vorträge'), and German umlauts may
be written out ('Vortraege' finds it too).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from learnpath import queries as q
from learnpath.db import Database
from learnpath.errors import LearnpathError
from learnpath.text import fold, transliterate
from learnpath.tracker import StepView

FIELDS = ("title", "description", "type", "notes")


@dataclass(frozen=True, slots=True)
class Hit:
    path: str
    step: StepView
    matched: list[str]  # which of FIELDS matched

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, **self.step.to_json(), "matched": self.matched}


def _forms(text: str) -> tuple[str, str]:
    return fold(text), fold(transliterate(text))


def search(db: Database, path: str | None, query: str) -> list[Hit]:
    """Steps of ``path`` (every path when None) whose text contains ``query``, by path
    name (sorted here: a server's collation may differ) and step number."""
    hits = list(_matches(db, path, query))
    return sorted(hits, key=lambda h: (h.path, h.step.number))


def _matches(db: Database, path: str | None, query: str) -> Iterator[Hit]:
    needle = fold(query.strip())
    if not needle:
        raise LearnpathError("the search text is empty; give a word to look for")
    params = {"path": path or "", "all_paths": 0 if path else 1}
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in db.rows(q.SEARCH_NOTES, params):
        notes[(row["path_id"], row["step_id"])].append(row["text"])
    for row in db.rows(q.STEPS_WITH_TEXT, params):
        step = StepView.from_row(row)
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
