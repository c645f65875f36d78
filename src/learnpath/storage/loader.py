"""Putting a path definition into the database: its path row, sections and steps.

Steps and sections are replaced wholesale and renumbered; progress and events are
keyed by step id and are not touched, so moved steps keep their progress and removed
ones keep their history for when they come back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from itertools import islice
from typing import Any

from learnpath.pathfile.content import InMemory, PathContent, PathHead, StepRow
from learnpath.pathfile.definition import PathDef
from learnpath.pathfile.files import no_gc
from learnpath.storage import queries as q
from learnpath.storage.base import Database, PathSource, Work
from learnpath.text import search_texts
from learnpath.times import utc_now


def load(
    db: Database,
    path_id: str,
    path: PathDef | PathContent,
    source: PathSource,
    text: bytes | None,
    before: Work | None = None,
) -> None:
    """Database.load_path: the path's rows replaced in one write transaction, which
    starts with the backend's load lock (Database.load_lock), then ``before``."""
    content = InMemory(path) if isinstance(path, PathDef) else path

    def work(inside: Database) -> None:
        if inside.load_lock:
            inside.execute(inside.load_lock)
        if before is not None:
            before(inside)
        write_path(inside, path_id, content, source, text)

    with no_gc():  # hundreds of thousands of rows, none with a cycle
        db.write(work)


def write_path(
    db: Database, path_id: str, content: PathContent, source: PathSource, text: bytes | None
) -> None:
    """Replace the path's rows inside the caller's transaction (``db.write``): plain SQL
    on either backend, the rows made as they are inserted. ``text`` is the added path's
    file as UTF-8.

    The steps are written batch by batch as the content gives them, and the path and
    its sections last: a file still being parsed is written while it is (the head is
    its verdict, and a refusal rolls the transaction back).
    """
    params = {"path": path_id}
    count, cleared = 0, False
    # Closed here, not whenever it is collected: a parse still running is stopped.
    with closing(content.step_batches()) as batches:
        for batch in batches:
            if batch is None or not cleared:  # the first batch, or a parse begun anew
                _clear(db, params)
                count, cleared = 0, True
            if batch:
                rows = _step_rows(path_id, batch, count)
                db.execute_many(q.INSERT_STEP, rows)
                db.execute_many(q.INSERT_STEP_TEXT, search_rows(rows))
                count += len(batch)
    head = content.head()
    if not cleared:  # a path of no steps at all
        _clear(db, params)
    values = _path_values(head, source, count) | params
    if not db.execute(q.UPDATE_PATH, values):
        db.execute(q.INSERT_PATH, values)
    db.store_source_text(path_id, text)
    db.execute_many(q.INSERT_SECTION, _section_rows(path_id, head))
    # Last: progress moved to new ids (``before``) and the new sections both count.
    db.recount(path_id, "path")


def _clear(db: Database, params: dict[str, Any]) -> None:
    for delete in (q.DELETE_SECTIONS, q.DELETE_STEPS, q.DELETE_STEP_TEXTS):
        db.execute(delete, params)


def _path_values(head: PathHead, source: PathSource, count: int) -> dict[str, Any]:
    return {
        "title": head.title,
        "language": head.language,
        "description": head.description,
        "overview": head.overview,
        "prerequisites": json.dumps(
            [{"title": title, "description": about} for title, about in head.prerequisites],
            ensure_ascii=False,
        ),
        "version": head.version,
        "step_count": count,
        "source": source.source,
        "source_size": source.size,
        "source_mtime_ns": source.mtime_ns,
        "source_hash": source.digest,
        "synced_at": utc_now(),
    }


def _section_rows(path_id: str, head: PathHead) -> Iterator[dict[str, Any]]:
    return ({"path_id": path_id, "position": i} | s._asdict() for i, s in enumerate(head.sections))


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


def _step_rows(path_id: str, batch: list[StepRow], before: int) -> list[dict[str, Any]]:
    """The step table's rows of a batch whose first step comes after ``before``."""
    return [
        {
            "path_id": path_id,
            "step_id": step.id,
            "number": number,
            "section": step.section,
            "title": step.title,
            "type": step.type,
            "url": step.url,
            "description": step.description,
            "minutes": step.minutes,
        }
        for number, step in enumerate(batch, start=before + 1)
    ]
