"""Backups: export everything to JSON, read a backup back, reset a path safely, and
the active path as markdown.

A backup holds, for every path the learner has: its progress, its events and its notes
(cleared ones too, so that a merge cannot bring them back), and the definition of every
added path. Merging one in is core.merge's job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from learnpath import __version__
from learnpath.config import BUNDLED_PATH
from learnpath.core.session import Session, active_name
from learnpath.core.steps import info, step_from_row
from learnpath.errors import BackupError, LearnpathError
from learnpath.model import STATUSES, StepView
from learnpath.pathfile.files import decode, read_bytes
from learnpath.storage import Database
from learnpath.storage import queries as q
from learnpath.times import file_stamp, utc_now

FORMAT = "learnpath-backup"
VERSION = 1
ACTIONS = ("started", "done", "skipped", "undone", "noted")


def export(db: Database) -> dict[str, Any]:
    """Everything the learner has, as one JSON-ready object."""
    paths: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return paths.setdefault(
            name,
            {
                "name": name,
                "title": None,
                "definition": None,
                "progress": [],
                "events": [],
                "notes": [],
            },
        )

    for row in db.rows(q.EXPORT_PATHS):
        item = entry(row["id"])
        item["title"] = row["title"]
        if row["id"] != BUNDLED_PATH:
            item["definition"] = row["source_text"]
    for row in db.rows(q.EXPORT_PROGRESS):
        entry(row["path_id"])["progress"].append(
            {k: row[k] for k in ("step_id", "status", "started_at", "completed_at", "updated_at")}
        )
    for row in db.rows(q.EXPORT_EVENTS):
        entry(row["path_id"])["events"].append({k: row[k] for k in ("step_id", "action", "at")})
    for row in db.rows(q.EXPORT_NOTES):
        entry(row["path_id"])["notes"].append(
            {k: row[k] for k in ("step_id", "text", "at", "cleared_at")}
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_now(),
        "learnpath": __version__,
        "active": active_name(db),
        "paths": list(paths.values()),
    }


def write_backup(db: Database) -> Path:
    """A full backup in the data directory's ``backups``, named by the time; its path."""
    folder = db.directory / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = file_stamp()
    target = folder / f"learnpath-{stamp}.json"
    n = 2
    while target.exists():
        target = folder / f"learnpath-{stamp}-{n}.json"
        n += 1
    target.write_text(dumps(export(db)), encoding="utf-8")
    return target


def dumps(backup: dict[str, Any]) -> str:
    return json.dumps(backup, ensure_ascii=False, indent=1) + "\n"


def read(file: Path) -> dict[str, Any]:
    """A backup file, checked; BackupError for anything else."""
    name = str(file)
    try:
        data = json.loads(decode(read_bytes(file), name))
    except json.JSONDecodeError as err:
        raise BackupError(
            f"{name} is not a learnpath backup (not JSON: line {err.lineno}); "
            "'learnpath export' writes one"
        ) from None
    except LearnpathError as err:
        raise BackupError(str(err)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{name} is not a learnpath backup; 'learnpath export' writes one")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BackupError(
            f"{name} is a backup of format version {version!r}, newer than this learnpath "
            f"reads ({VERSION}); upgrade learnpath"
        )
    problem = _problem(data)
    if problem:
        raise BackupError(f"{name} is a damaged learnpath backup ({problem}); nothing changed")
    return data


def _problem(data: dict[str, Any]) -> str | None:
    """The first thing wrong with a backup's content, or None."""
    paths = data.get("paths")
    if not isinstance(paths, list):
        return "'paths' is not a list"
    text: tuple[type, ...] = (str,)
    maybe: tuple[type, ...] = (str, type(None))
    shapes: dict[str, dict[str, tuple[type, ...]]] = {
        "progress": {
            "step_id": text,
            "status": text,
            "started_at": maybe,
            "completed_at": maybe,
            "updated_at": text,
        },
        "events": {"step_id": text, "action": text, "at": text},
        "notes": {"step_id": text, "text": text, "at": text, "cleared_at": maybe},
    }
    for i, item in enumerate(paths, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            return f"path {i} has no name"
        if not isinstance(item.get("definition"), maybe):
            return f"path {item['name']!r}: 'definition' is not text"
        for key, shape in shapes.items():
            rows = item.get(key, [])
            if not isinstance(rows, list):
                return f"path {item['name']!r}: {key!r} is not a list"
            for row in rows:
                if not isinstance(row, dict) or any(
                    not isinstance(row.get(k), types) for k, types in shape.items()
                ):
                    return f"path {item['name']!r}: an entry of {key!r} is incomplete"
        if any(r["status"] not in STATUSES for r in item.get("progress", [])):
            return f"path {item['name']!r}: unknown status"
        if any(r["action"] not in ACTIONS for r in item.get("events", [])):
            return f"path {item['name']!r}: unknown event"
    return None


def reset(session: Session) -> tuple[int, Path]:
    """Put every step of the session's path back to todo, after writing a backup of
    everything; returns how many steps changed and where the backup is."""
    saved = write_backup(session.db)
    path = session.path

    def work(d: Database) -> int:
        now = utc_now()
        changed = [row["step_id"] for row in d.rows(q.PROGRESS_NOT_TODO, {"path": path})]
        for step_id in changed:
            d.execute(
                q.ADD_EVENT, {"path": path, "step_id": step_id, "action": "undone", "now": now}
            )
        d.execute(q.DELETE_PROGRESS, {"path": path})
        return len(changed)

    return session.db.write(work), saved


def markdown(session: Session) -> str:
    """The session's path in the markdown learning-path format, with a Status column."""
    from learnpath.pathfile.markdown_out import SectionSteps, to_markdown

    db, path = session.db, session.path
    by_section: dict[int, list[StepView]] = {}
    for row in db.rows(q.STEPS_WITH_TEXT, {"path": path, "all_paths": 0}):
        by_section.setdefault(row["position"], []).append(step_from_row(row))
    sections: list[SectionSteps] = [
        (row["title"], row["description"], by_section.get(row["position"], []))
        for row in db.rows(q.SECTIONS, {"path": path})
    ]
    return to_markdown(info(session), sections)


def export_text(session: Session, as_markdown: bool) -> str:
    """What `export` writes: a JSON backup of everything, or the path as markdown."""
    return markdown(session) if as_markdown else dumps(export(session.db))
