"""Backups: export everything to JSON, reset or restore a path safely, and the active
path as markdown. Reading a backup back is core.backupfile's job.

A backup holds, for every path the learner has: its progress, its events and its notes
(cleared ones too, so that a merge cannot bring them back), and the definition of every
added path. Merging one in is core.merge's job.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from learnpath import __version__
from learnpath.config import BUNDLED_PATH
from learnpath.core.backupfile import FORMAT, VERSION
from learnpath.core.paths import write_file
from learnpath.core.session import Session, active_name
from learnpath.core.status import record
from learnpath.core.steps import info, step_from_row
from learnpath.errors import BackupError
from learnpath.ids import UidBatch
from learnpath.model import StepView, json_text
from learnpath.storage import Database
from learnpath.storage import queries as q
from learnpath.times import file_stamp, utc_now

# What a backup holds of each kind of row, and the queries that read them: as rows, or
# (where the database builds JSON) as each row's JSON text.
_EXPORTED = (
    ("progress", q.EXPORT_PROGRESS, q.EXPORT_PROGRESS_JSON),
    ("events", q.EXPORT_EVENTS, q.EXPORT_EVENTS_JSON),
    ("notes", q.EXPORT_NOTES, q.EXPORT_NOTES_JSON),
)


def export(db: Database) -> dict[str, Any]:
    """Everything the learner has, as one JSON-ready object (for a copy; a backup file
    is written from export_chunks, which never holds it all)."""
    data = _head(db)
    data["paths"] = []
    for head, text in _paths(db):
        pieces = list(db.source_text(head["name"])) if text else []
        head["definition"] = "".join(pieces) if pieces else None
        for kind, query, _ in _EXPORTED:
            head[kind] = list(_rows(db, query, kind, head["name"]))
        data["paths"].append(head)
    return data


def export_chunks(db: Database) -> Iterator[str]:
    """The backup as JSON text, piece by piece: one row at a time is held, so a backup
    of any size is written in bounded memory (a 100,000-step path's is about 40 MiB,
    written in about 30 MiB)."""
    yield json_text(_head(db))[:-1] + ',"paths":['
    for n, (head, text) in enumerate(_paths(db)):
        name = head["name"]
        yield ("\n " if n == 0 else ",\n ") + json_text(head)[:-1] + ',"definition":'
        yield from _quoted(db.source_text(name) if text else iter(()))
        for kind, query, as_json in _EXPORTED:
            yield f",{json_text(kind)}:["
            if db.builds_json:
                texts = (row["json"] for row in db.rows(as_json, {"path": name}))
            else:
                texts = (json_text(row) for row in _rows(db, query, kind, name))
            for i, row_text in enumerate(texts):
                yield ("\n  " if i == 0 else ",\n  ") + row_text
            yield "]"
        yield "}"
    yield "\n]}\n"


def _quoted(pieces: Iterator[str]) -> Iterator[str]:
    """A JSON string of the text ``pieces`` make, written piece by piece (escaping
    is per character, so each piece is escaped alone); null when there are none."""
    first = next(pieces, None)
    if first is None:
        yield "null"
        return
    yield '"' + json_text(first)[1:-1]
    for piece in pieces:
        yield json_text(piece)[1:-1]
    yield '"'


def _head(db: Database) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_now(),
        "learnpath": __version__,
        "active": active_name(db),
    }


Rows = Iterator[dict[str, Any]]


def _paths(db: Database) -> Iterator[tuple[dict[str, Any], bool]]:
    """For each path the database knows or the learner has anything on, by name: its
    name and title, and whether its definition is to be written (an added path's)."""
    known = {row["id"]: row["title"] for row in db.rows(q.EXPORT_PATHS)}
    names = set(known) | {row["path_id"] for row in db.rows(q.EXPORT_PATH_NAMES)}
    for name in sorted(names):  # sorted here: a server's collation may differ
        yield {"name": name, "title": known.get(name)}, name in known and name != BUNDLED_PATH


def _rows(db: Database, query: str, kind: str, path: str) -> Rows:
    keys = q.EXPORT_KEYS[kind]
    for row in db.rows(query, {"path": path}):
        yield {k: row[k] for k in keys}


def write_backup(db: Database) -> Path:
    """A full backup in the data directory's ``backups``, named by the time; its path."""
    folder = db.directory / "backups"
    stamp = file_stamp()
    target = folder / f"learnpath-{stamp}.json"
    n = 2
    while target.exists():
        target = folder / f"learnpath-{stamp}-{n}.json"
        n += 1
    # Written aside and renamed: a full disk or a crash never leaves a torn backup.
    write_file(target, export_chunks(db))
    return target


def reset(session: Session) -> tuple[int, Path | None]:
    """Put every step of the session's path back to todo, after writing a backup of
    everything; returns how many steps changed and where the backup is (None when
    nothing had progress: then nothing is written at all).

    A reset is a change like any other: each step gets a todo status and an 'undone'
    event of this moment, so no older backup or copy merged later can undo it.
    """
    path = session.path
    if session.db.one(q.PROGRESS_NOT_TODO, {"path": path}) is None:
        return 0, None
    saved = write_backup(session.db)

    def work(d: Database) -> int:
        now, uids = utc_now(), UidBatch()
        changed = [row["step_id"] for row in d.rows(q.PROGRESS_NOT_TODO, {"path": path})]
        for step_id in changed:
            record(d, path, step_id, ("todo", None, None), now, uids())
        return len(changed)

    return session.db.write(work), saved


def restore(session: Session, data: dict[str, Any]) -> tuple[int, Path]:
    """Put the progress of the session's path back as the backup (checked by ``read``)
    has it, after writing a backup of everything; how many steps changed, and where
    that backup is.

    Each step that changes gets a new status and event of this moment: a restore is a
    change made on purpose, newer than anything before it.
    """
    path = session.path
    item = next((p for p in data["paths"] if p["name"] == path), None)
    if item is None:
        raise BackupError(
            f"the backup holds nothing for the path {path!r}; 'learnpath --path NAME "
            "restore FILE' restores another of its paths"
        )
    wanted = {
        r["step_id"]: (r["status"], r["started_at"], r["completed_at"]) for r in item["progress"]
    }
    saved = write_backup(session.db)

    def work(d: Database) -> int:
        now, uids = utc_now(), UidBatch()
        count = 0
        for row in list(d.rows(q.PATH_STATUSES, {"path": path})):
            target = wanted.get(row["step_id"], ("todo", None, None))
            if (row["status"], row["started_at"], row["completed_at"]) != target:
                record(d, path, row["step_id"], target, now, uids())
                count += 1
        return count

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


def export_text(session: Session, as_markdown: bool) -> Iterator[str]:
    """What `export` writes, piece by piece: a JSON backup of everything, or the path
    as markdown."""
    if as_markdown:
        return iter([markdown(session)])
    return export_chunks(session.db)
