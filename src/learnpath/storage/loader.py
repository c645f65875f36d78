"""Putting a path definition into the database: its path row, sections and steps.

Steps and sections are replaced wholesale and renumbered; progress and events are
keyed by step id and are not touched, so moved steps keep their progress and removed
ones keep their history for when they come back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from learnpath.pathfile.definition import PathDef
from learnpath.pathfile.files import no_gc
from learnpath.storage import queries as q
from learnpath.storage.base import Database, PathSource, Work
from learnpath.text import search_texts
from learnpath.times import utc_now


def load(
    db: Database,
    path_id: str,
    path: PathDef,
    source: PathSource,
    text: bytes | None,
    before: Work | None = None,
) -> None:
    """Database.load_path: the path's rows replaced in one write transaction, which
    starts with the backend's load lock (Database.load_lock), then ``before``."""

    def work(inside: Database) -> None:
        if inside.load_lock:
            inside.execute(inside.load_lock)
        if before is not None:
            before(inside)
        write_path(inside, path_id, path, source, text)

    with no_gc():  # hundreds of thousands of rows, none with a cycle
        db.write(work)


def write_path(
    db: Database, path_id: str, path: PathDef, source: PathSource, text: bytes | None
) -> None:
    """Replace the path's rows inside the caller's transaction (``db.write``): plain SQL
    on either backend, the rows made as they are inserted. ``text`` is the added path's
    file as UTF-8."""
    count = sum(len(s.steps) for s in path.sections)
    values = _path_values(path, source, count) | {"path": path_id}
    if not db.execute(q.UPDATE_PATH, values):
        db.execute(q.INSERT_PATH, values)
    params = {"path": path_id}
    db.store_source_text(path_id, text)
    for delete in (q.DELETE_SECTIONS, q.DELETE_STEPS, q.DELETE_STEP_TEXTS):
        db.execute(delete, params)
    db.execute_many(q.INSERT_SECTION, _section_rows(path_id, path))
    db.execute_many(q.INSERT_STEP, _step_rows(path_id, path))
    db.execute_many(q.INSERT_STEP_TEXT, search_rows(_step_rows(path_id, path)))
    # Last: progress moved to new ids (``before``) and the new sections both count.
    db.recount(path_id, "path")


def _path_values(path: PathDef, source: PathSource, count: int) -> dict[str, Any]:
    return {
        "title": path.title,
        "language": path.language,
        "description": path.description,
        "overview": path.overview,
        "prerequisites": json.dumps(
            [{"title": p.title, "description": p.description} for p in path.prerequisites],
            ensure_ascii=False,
        ),
        "version": path.version,
        "step_count": count,
        "source": source.source,
        "source_size": source.size,
        "source_mtime_ns": source.mtime_ns,
        "source_hash": source.digest,
        "synced_at": utc_now(),
    }


def _section_rows(path_id: str, path: PathDef) -> Iterator[dict[str, Any]]:
    return (
        {
            "path_id": path_id,
            "position": i,
            "title": s.title,
            "description": s.description,
            "step_count": len(s.steps),
            "timed": sum(1 for step in s.steps if step.minutes is not None),
            "minutes": sum(step.minutes or 0 for step in s.steps),
        }
        for i, s in enumerate(path.sections)
    )


_FOLDED = ("title", "description", "type")
# Steps whose texts are folded together (text.search_texts): large enough that the
# calls cost nothing, small enough that the joined text stays small.
_FOLD_BATCH = 500


def search_rows(steps: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """The step_text row of each step row (a mapping with the step table's columns)."""
    rows = iter(steps)
    while batch := list(islice(rows, _FOLD_BATCH)):
        folded = search_texts([step[name] for step in batch for name in _FOLDED])
        for at, step in enumerate(batch):
            title, description, kind = folded[3 * at : 3 * at + 3]
            yield {
                "path_id": step["path_id"],
                "number": step["number"],
                "title": title,
                "description": description,
                "type": kind,
            }


def _step_rows(path_id: str, path: PathDef) -> Iterator[dict[str, Any]]:
    return (
        {
            "path_id": path_id,
            "step_id": step.id,
            "number": number,
            "section": section,
            "title": step.title,
            "type": step.type,
            "url": step.url,
            "description": step.description,
            "minutes": step.minutes,
        }
        for number, (section, step) in enumerate(path.steps(), start=1)
    )
