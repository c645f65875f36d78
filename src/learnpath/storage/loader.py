"""Putting a path definition into the database: its path row, sections and steps.

Steps and sections are replaced wholesale and renumbered; progress and events are
keyed by step id and are not touched, so moved steps keep their progress and removed
ones keep their history for when they come back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection
from sqlmodel import SQLModel

from learnpath.pathfile.definition import PathDef
from learnpath.storage import schema as _schema  # noqa: F401  # defines the tables
from learnpath.storage.base import PathSource
from learnpath.text import search_text
from learnpath.times import utc_now


def write_path(
    conn: Connection, path_id: str, path: PathDef, source: PathSource, text: str | None
) -> None:
    """Replace the path's rows inside the caller's transaction."""
    sections, steps = _section_rows(path_id, path), _step_rows(path_id, path)
    values = _path_values(path, source, text, len(steps))
    tables = SQLModel.metadata.tables
    path_t, section_t, step_t = tables["path"], tables["section"], tables["step"]
    text_t = tables["step_text"]
    updated = conn.execute(path_t.update().where(path_t.c.id == path_id).values(**values))
    if not updated.rowcount:
        conn.execute(path_t.insert().values(id=path_id, **values))
    conn.execute(section_t.delete().where(section_t.c.path_id == path_id))
    conn.execute(step_t.delete().where(step_t.c.path_id == path_id))
    conn.execute(text_t.delete().where(text_t.c.path_id == path_id))
    if sections:
        conn.execute(section_t.insert(), sections)
    if steps:
        conn.execute(step_t.insert(), steps)
        conn.execute(text_t.insert(), [search_row(row) for row in steps])


def _path_values(path: PathDef, source: PathSource, text: str | None, count: int) -> dict[str, Any]:
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
        "source_text": text,
    }


def _section_rows(path_id: str, path: PathDef) -> list[dict[str, Any]]:
    return [
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
    ]


def search_row(step: Any) -> dict[str, Any]:
    """The step_text row of a step row (a mapping with the step table's columns)."""
    return {
        "path_id": step["path_id"],
        "number": step["number"],
        "title": search_text(step["title"]),
        "description": search_text(step["description"]),
        "type": search_text(step["type"]),
    }


def _step_rows(path_id: str, path: PathDef) -> list[dict[str, Any]]:
    return [
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
    ]
