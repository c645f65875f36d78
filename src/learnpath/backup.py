"""Backups: export everything to JSON, merge a backup back in, reset a path safely.

A backup holds, for every path the learner has: its progress, its events and its notes
(cleared ones too, so that a merge cannot bring them back), and the definition of every
added path. Merging goes by path and step id; the newest change of a status wins, and
events and notes are never duplicated, so importing the same backup twice changes
nothing the second time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from learnpath import __version__
from learnpath import queries as q
from learnpath.config import BUNDLED_PATH
from learnpath.db import Database, utc_now
from learnpath.errors import LearnpathError
from learnpath.tracker import ACTIVE_KEY, STATUSES, active_name

FORMAT = "learnpath-backup"
VERSION = 1
ACTIONS = ("started", "done", "skipped", "undone", "noted")


class BackupError(LearnpathError):
    """A file that is not a learnpath backup, or one this learnpath cannot read."""


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


def write_backup(db: Database, directory: Path) -> Path:
    """A full backup in ``directory/backups``, named by the time; returns its path."""
    folder = directory / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"learnpath-{stamp}.json"
    n = 2
    while target.exists():
        target = folder / f"learnpath-{stamp}-{n}.json"
        n += 1
    target.write_text(dumps(export(db)), encoding="utf-8")
    return target


def dumps(backup: dict[str, Any]) -> str:
    return json.dumps(backup, ensure_ascii=False, indent=1) + "\n"


@dataclass
class Merged:
    """What an import changed (or, in a dry run, would change)."""

    paths_added: list[str] = field(default_factory=list)
    statuses: int = 0
    events: int = 0
    notes: int = 0
    notes_cleared: int = 0

    @property
    def anything(self) -> bool:
        return bool(
            self.paths_added or self.statuses or self.events or self.notes or self.notes_cleared
        )


def read(file: Path) -> dict[str, Any]:
    """A backup file, checked; BackupError for anything else."""
    from learnpath.catalog import decode, read_bytes

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
    text = (str,)
    maybe = (str, type(None))
    shapes = {
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


def restore_paths(
    db: Database, directory: Path | None, data: dict[str, Any], dry_run: bool = False
) -> list[str]:
    """Add the backup's paths that this database lacks; returns their names.

    Every definition is checked before any is added, so a damaged one changes nothing.
    With a ``directory``, each also gets its stored copy there (``paths/NAME.yaml``);
    without, it lives in the database alone (a copy's target).
    """
    import hashlib

    from learnpath import catalog, library, store

    missing = []
    for item in data["paths"]:
        name, text = item["name"], item.get("definition")
        if text and db.one(q.PATH_SOURCE, {"path": name}) is None:
            library.check_name(name)
            missing.append((name, text, catalog.parse_yaml_path(text, f"the backup's {name!r}")))
    if not dry_run:
        for name, text, definition in missing:
            if directory is not None:
                library.store(db, directory, name, text.encode("utf-8"), definition)
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            store.sync_path(
                db,
                name,
                definition,
                source="",
                size=0,
                mtime_ns=0,
                digest=digest,
                source_text=text,
            )
    return [name for name, _, _ in missing]


def open_other(target: str) -> Any:
    """Another learnpath database, for `copy`: a database URL or a SQLite file's path.

    It is created when missing, and the bundled path is loaded into it.
    """
    from sqlalchemy.engine import make_url

    from learnpath.config import bundled_path_file
    from learnpath.tracker import Tracker

    if "://" in target:
        url = make_url(target) if target.startswith("sqlite") else None
        if url is None:
            from learnpath.server import ServerDatabase

            db: Any = ServerDatabase.open(target, Path.cwd())
        else:
            if not url.database:
                raise BackupError(f"{target} names no file; write sqlite:///PATH/TO/FILE.db")
            db = Database.open(Path(url.database).expanduser().resolve())
    else:
        db = Database.open(Path(target).expanduser().resolve())
    try:
        Tracker(db, BUNDLED_PATH).sync(bundled_path_file())
    except BaseException:
        db.close()
        raise
    return db


def copy(source: Any, target: Any, target_directory: Path | None) -> Merged:
    """Carry the learner's progress, history, notes and paths from ``source`` to
    ``target``; merged as an import is, so a second copy changes nothing."""
    data = export(source)
    added = restore_paths(target, target_directory, data)
    merged = merge(target, data)
    merged.paths_added = added
    return merged


def merge(db: Database, data: dict[str, Any], dry_run: bool = False) -> Merged:
    """Merge a checked backup into the database, in one transaction (rolled back for
    a dry run). Path definitions are added by the caller before this runs."""
    result = Merged()

    def work(d: Database) -> Merged:
        for item in data["paths"]:
            path = item["name"]
            for row in item.get("progress", []):
                key = {"path": path, "step_id": row["step_id"]}
                local = d.one(q.PROGRESS_ROW, key)
                # The newest change wins; on a tie the local one stays.
                if local is None or row["updated_at"] > local["updated_at"]:
                    if local is None or _status_of(local) != _status_of(row):
                        result.statuses += 1
                    d.execute(
                        q.SET_PROGRESS,
                        {
                            **key,
                            "status": row["status"],
                            "started_at": row["started_at"],
                            "completed_at": row["completed_at"],
                            "now": row["updated_at"],
                        },
                    )
            for row in item.get("events", []):
                params = {
                    "path": path,
                    "step_id": row["step_id"],
                    "action": row["action"],
                    "now": row["at"],
                }
                if d.one(q.EVENT_EXISTS, params) is None:
                    d.execute(q.ADD_EVENT, params)
                    result.events += 1
            for row in item.get("notes", []):
                params = {
                    "path": path,
                    "step_id": row["step_id"],
                    "text": row["text"],
                    "now": row["at"],
                }
                local = d.one(q.NOTE_ROW, params)
                if local is None:
                    d.execute(q.IMPORT_NOTE, {**params, "cleared_at": row["cleared_at"]})
                    result.notes += 0 if row["cleared_at"] else 1
                elif row["cleared_at"] and not local["cleared_at"]:
                    d.execute(q.CLEAR_NOTE, {"id": local["id"], "now": row["cleared_at"]})
                    result.notes_cleared += 1
        if d.one(q.GET_SETTING, {"key": ACTIVE_KEY}) is None and data.get("active"):
            known = d.one(q.PATH_SOURCE, {"path": data["active"]}) is not None
            if known and data["active"] != BUNDLED_PATH:
                d.execute(q.SET_SETTING, {"key": ACTIVE_KEY, "value": data["active"]})
        return result

    return db.write(work, commit=not dry_run)


def _status_of(row: Any) -> tuple[str, str | None, str | None]:
    return row["status"], row["started_at"], row["completed_at"]


def reset(db: Database, path: str) -> int:
    """Put every step of ``path`` back to todo; returns how many steps changed."""

    def work(d: Database) -> int:
        now = utc_now()
        changed = [row["step_id"] for row in d.rows(q.PROGRESS_NOT_TODO, {"path": path})]
        for step_id in changed:
            d.execute(
                q.ADD_EVENT, {"path": path, "step_id": step_id, "action": "undone", "now": now}
            )
        d.execute(q.DELETE_PROGRESS, {"path": path})
        return len(changed)

    return db.write(work)


def markdown(db: Database, path: str) -> str:
    """The path in the markdown learning-path format, with a Status column.

    `learnpath add` reads it back: the Id column keeps every step's id, so progress
    follows; the Status column is for people and is ignored when read.
    """
    from learnpath.render import duration
    from learnpath.tracker import StepView, Tracker

    info = Tracker(db, path).info()
    out = [f"# {_line(info.title)}", ""]
    if info.description:
        out += [info.description, ""]
    if info.prerequisites:
        out += ["## Prerequisites", ""]
        for p in info.prerequisites:
            out.append(
                f"- **{_line(p.title)}**: {_line(p.description)}"
                if p.description
                else f"- {_line(p.title)}"
            )
        out.append("")
    out += ["## Learning Path", ""]
    if info.overview:
        out += [info.overview, ""]
    by_section: dict[int, list[StepView]] = {}
    for row in db.rows(q.STEPS_WITH_TEXT, {"path": path, "all_paths": 0}):
        by_section.setdefault(row["position"], []).append(StepView.from_row(row))
    for section in list(db.rows(q.SECTIONS, {"path": path})):
        out += [f"### {_line(section['title'])}", ""]
        if section["description"]:
            out += [section["description"], ""]
        rows = by_section.get(section["position"], [])
        if not rows:
            out += ["TODO", ""]
            continue
        linked = [_linkable(s) for s in rows]
        with_url = not all(linked)
        head = ["Step", "Id", "Title", "Type", "Length"] + (["URL"] if with_url else [])
        head += ["Description", "Status"]
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for step, link in zip(rows, linked, strict=True):
            title = f"[{_cell(step.title)}]({step.url})" if link else _cell(step.title)
            cells = [str(step.number), step.id, title, _cell(step.type), duration(step.minutes)]
            if with_url:
                cells.append("" if link else _cell(step.url))
            cells += [_cell(step.description), step.status]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def _line(text: str | None) -> str:
    return " ".join((text or "").split())


def _cell(text: str | None) -> str:
    """Text fit for one table cell: one line, pipes escaped."""
    return _line(text).replace("|", "\\|")


def _linkable(step: Any) -> bool:
    """Whether the title can carry its URL as a markdown link, and be read back."""
    url = step.url or ""
    return bool(url) and not any(c in step.title for c in "[]") and not any(c in url for c in "() ")
