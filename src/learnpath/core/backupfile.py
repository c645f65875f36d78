"""The backup file: its format, reading one back, and checking every value in it.

Nothing in a backup is trusted. Every time is checked and stored in one form, every
status and event is one learnpath knows, every uid and text is of a sane size; the
first problem refuses the whole file, named with where it is, and nothing changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from learnpath.errors import BackupError, LearnpathError
from learnpath.model import STATUSES
from learnpath.pathfile.files import decode, read_bytes
from learnpath.times import stored_time

FORMAT = "learnpath-backup"
# 2: events and notes carry uids, progress the uid of the event behind it.
VERSION = 2
ACTIONS = ("started", "done", "skipped", "undone", "noted")
# Backups hold whole histories, far more than a path file: their own limit, far above
# what export writes for any real learner (a 100,000-step path reset twice is 85 MiB).
MAX_BACKUP_BYTES = 1024 * 2**20
MAX_ID = 200  # characters of a step id or a path name
MAX_NOTE = 1_000_000  # characters of one note
_UID = re.compile(r"[0-9a-f]{8,64}")


def read(file: Path) -> dict[str, Any]:
    """A backup file, checked and with every time in stored form; BackupError else."""
    name = str(file)
    try:
        data = json.loads(decode(read_bytes(file, MAX_BACKUP_BYTES, "backups"), name))
    except json.JSONDecodeError as err:
        raise BackupError(
            f"{name} is not a learnpath backup (not JSON: line {err.lineno}); "
            "'learnpath export' writes one"
        ) from None
    except RecursionError:
        raise BackupError(f"{name} is not a learnpath backup (nested too deeply)") from None
    except LearnpathError as err:
        raise BackupError(str(err)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{name} is not a learnpath backup; 'learnpath export' writes one")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
        raise BackupError(
            f"{name} is a backup of format version {_shown(version)}, which this learnpath "
            f"does not read (1 to {VERSION}); upgrade learnpath"
        )
    try:
        check(data)
    except ValueError as err:
        raise BackupError(
            f"{name} is a damaged learnpath backup ({err}); nothing changed"
        ) from None
    return data


def check(data: dict[str, Any]) -> None:
    """Check a backup's content in place, putting every time in stored form.

    ValueError names the first problem and where it is.
    """
    paths = data.get("paths")
    if not isinstance(paths, list):
        raise ValueError("'paths' is not a list")
    if not isinstance(data.get("active"), str | None):
        raise ValueError("'active' is not text")
    checks = _CHECKS | _times()
    for i, item in enumerate(paths, 1):
        if not isinstance(item, dict) or not _text(item.get("name"), MAX_ID):
            raise ValueError(f"path {i} has no usable name")
        where = f"path {item['name']!r}"
        if not isinstance(item.get("definition"), str | None):
            raise ValueError(f"{where}: 'definition' is not text")
        for key, fields in _FIELDS.items():
            rows = item.setdefault(key, [])
            if not isinstance(rows, list):
                raise ValueError(f"{where}: {key!r} is not a list")
            for n, row in enumerate(rows, 1):
                if not isinstance(row, dict):
                    raise ValueError(f"{where}: {key}[{n}] is not an object")
                for field, kind in fields.items():
                    try:
                        row[field] = checks[kind](row.get(field))
                    except ValueError as err:
                        raise ValueError(f"{where}: {key}[{n}].{field} {err}") from None


def _times() -> dict[str, Callable[[object], str | None]]:
    """The checks of times for one backup: against one clock reading, and each time
    checked once (a step's progress and the event behind it share theirs)."""
    now = datetime.now(UTC)
    stored: dict[object, str] = {}

    def time(value: object) -> str:
        if isinstance(value, str) and value in stored:
            return stored[value]
        result = stored_time(value, now)
        stored[value] = result
        return result

    def maybe_time(value: object) -> str | None:
        return None if value is None else time(value)

    return {"time": time, "maybe_time": maybe_time}


def _id(value: object) -> str:
    if not _text(value, MAX_ID):
        raise ValueError(f"is not an id of 1 to {MAX_ID} characters")
    return str(value)


def _note(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_NOTE or "\x00" in value:
        raise ValueError(f"is not a text of at most {MAX_NOTE} characters (and no NUL)")
    return value


def _uid(value: object) -> str | None:
    """A uid, or None in a version-1 backup (one is made from the record's content)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _UID.fullmatch(value):
        raise ValueError("is not a uid (8 to 64 hex digits)")
    return value


def _status(value: object) -> str:
    if value not in STATUSES:
        raise ValueError(f"is not one of {', '.join(STATUSES)}")
    return str(value)


def _action(value: object) -> str:
    if value not in ACTIONS:
        raise ValueError(f"is not one of {', '.join(ACTIONS)}")
    return str(value)


_CHECKS: dict[str, Callable[[object], str | None]] = {
    "id": _id,
    "note": _note,
    "uid": _uid,
    "status": _status,
    "action": _action,
}
_FIELDS = {
    "progress": {
        "step_id": "id",
        "status": "status",
        "started_at": "maybe_time",
        "completed_at": "maybe_time",
        "updated_at": "time",
        "updated_by": "uid",
    },
    "events": {"uid": "uid", "step_id": "id", "action": "action", "at": "time"},
    "notes": {
        "uid": "uid",
        "step_id": "id",
        "text": "note",
        "at": "time",
        "cleared_at": "maybe_time",
    },
}


def _text(value: object, limit: int) -> bool:
    # NUL: SQLite would store it, PostgreSQL refuses it; the limits are the same on both.
    return isinstance(value, str) and 0 < len(value) <= limit and "\x00" not in value


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:19] + "…"
