"""The learner's paths: which are known, which is active, adding and removing them.

An added path is validated, converted to the YAML format and stored as a copy in the
data directory (``paths/NAME.yaml``), so the original may move or vanish; from then on
it is loaded like the bundled path, whenever its stored copy changes.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from learnpath.config import BUNDLED_PATH
from learnpath.core.results import Added, PathSummary
from learnpath.core.session import ACTIVE_KEY, Session, active_name
from learnpath.core.sync import path_source, sync
from learnpath.errors import DataDirError, PathExists, PathFileError, Refused, cannot_write
from learnpath.storage import Database, learners, sources
from learnpath.storage import queries as q
from learnpath.text import some_of
from learnpath.times import utc_now

if TYPE_CHECKING:
    from learnpath.pathfile.content import PathContent
    from learnpath.pathfile.definition import PathDef
    from learnpath.storage.base import Work

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def paths_dir(directory: Path) -> Path:
    return directory / "paths"


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise Refused(
            f"{name!r} is not a usable path name; use lowercase letters, digits, '.', '_' "
            "or '-' (at most 64), starting with a letter or digit"
        )
    return name


def summaries(session: Session) -> list[PathSummary]:
    """Every path, the bundled one first, then by name.

    Sorted here, not in SQL: a server's collation may order '-' and '_' differently.
    """
    found = [
        PathSummary(
            name=row["id"],
            title=row["title"],
            steps=row["step_count"],
            done=row["done"] or 0,
            handled=row["handled"] or 0,
            active=row["id"] == session.path,
            source="bundled" if row["id"] == BUNDLED_PATH else row["source"],
        )
        for row in session.db.rows(q.PATHS)
    ]
    return sorted(found, key=lambda p: (p.name != BUNDLED_PATH, p.name))


def use(session: Session, name: str) -> None:
    """Make ``name`` the learner's active path for every later call."""
    path_source(session.db, name)  # UnknownPath unless it is known
    session.db.write(lambda d: d.execute(q.SET_SETTING, {"key": ACTIVE_KEY, "value": name}))


@dataclass(frozen=True, slots=True)
class Read:
    """A path file as read from its source: a URL or a file (``origin``), the name that
    tells YAML from markdown, the bytes (None when unchanged since the last read), and
    what the server said of them."""

    origin: str
    name: Path
    data: bytes | None
    etag: str | None = None
    modified: str | None = None


def add(session: Session, file: Path, name: str | None, update: bool) -> Added:
    """Validate ``file`` (YAML or markdown), store it as YAML and load it."""
    from learnpath.pathfile.files import read_path_file

    return add_read(session, Read(str(file.resolve()), file, read_path_file(file)), name, update)


def add_read(
    session: Session, read: Read, name: str | None, update: bool, before: Work | None = None
) -> Added:
    """Add (or with ``update`` replace) a path read from its source, and remember the
    source for `learnpath update`. ``before`` runs in the load's transaction."""
    import hashlib

    from learnpath.pathfile.definition import slugify
    from learnpath.pathfile.files import is_markdown
    from learnpath.pathfile.load import load_path
    from learnpath.pathfile.yamlfile import to_yaml

    db, file, data = session.db, read.name, read.data or b""
    name = check_name(name if name is not None else slugify(file.stem))
    if name == BUNDLED_PATH:
        raise Refused(f"{name!r} is the bundled path; choose another name with --name")
    known = db.one(q.PATH_SOURCE, {"path": name}) is not None
    if known and not update:
        raise PathExists(
            f"a path named {name!r} exists already; use --update to load the new content "
            "(progress is kept by step id), or --name to add it under another name"
        )
    definition = load_path(file, data)
    origin = {"path": name, "origin": read.origin, "etag": read.etag, "now": utc_now()}
    origin |= {"modified": read.modified, "digest": hashlib.sha256(data).hexdigest()}
    # A YAML file that names every step's id is kept as written, comments and all; any
    # other is written out with the ids it was given, so that they never change.
    if is_markdown(file) or not definition.ids_written:
        data = to_yaml(definition).encode("utf-8")
    stored = store_copy(db, name, data, definition, before)
    db.write(lambda d: d.execute(sources.SET_PATH_ORIGIN, origin))
    steps = len(definition.steps())
    return Added(name, definition.title, steps, known, stored, definition.warnings)


def store_copy(
    db: Database,
    name: str,
    data: bytes,
    definition: PathDef | PathContent,
    before: Work | None = None,
) -> Path:
    """Keep ``data`` as the path's stored copy in the data directory, and load
    ``definition`` from it.

    All or nothing: when the load fails, the copy it replaced is put back (or the new
    one, and a folder made for it, removed), so a refused path leaves nothing behind.
    """
    from learnpath.pathfile.files import MAX_FILE_BYTES

    if db.read_only:
        raise DataDirError(f"cannot add the path {name!r}: {db.name} may not be written")
    if len(data) > MAX_FILE_BYTES:
        raise PathFileError(
            f"the path {name!r} would be {len(data) / 2**20:.0f} MiB as YAML; path files "
            f"may be at most {MAX_FILE_BYTES // 2**20} MiB"
        )
    folder = paths_dir(db.directory)
    stored = folder / f"{name}.yaml"
    made_folder = not folder.exists()
    previous = stored.read_bytes() if stored.is_file() else None
    write_file(stored, data)
    try:
        sync(db, name, stored, parsed=definition, data=data, before=before)
    except BaseException:
        if previous is not None:
            write_file(stored, previous)
        else:
            stored.unlink(missing_ok=True)
            if made_folder:
                folder.rmdir()
        raise
    return stored


def check_removable(session: Session, name: str, force: bool = False) -> None:
    """Refuse to remove the bundled path, an unknown one, or (without ``force``) one on
    which other learners have progress: a path is the whole database's."""
    db = session.db
    if name == BUNDLED_PATH:
        raise Refused("the bundled path cannot be removed")
    path_source(db, name)  # UnknownPath unless it is known
    others = [row["learner"] for row in db.rows(learners.OTHER_LEARNERS, {"path": name})]
    if others and not force:
        raise Refused(
            f"other learners have progress on {name!r} ({some_of(others)}); "
            "use --force to remove it for everyone"
        )


def remove(session: Session, name: str, force: bool = False) -> None:
    """Forget a path's definition; its progress stays for a later re-add."""
    check_removable(session, name, force)
    forget_path(session.db, name)


def forget_path(db: Database, name: str) -> None:
    """Delete a path's definition and its stored copy (progress and history stay)."""
    params = {"path": name}

    def work(d: Database) -> None:
        d.execute(q.DELETE_STEPS, params)
        d.execute(q.DELETE_STEP_TEXTS, params)
        d.execute(q.DELETE_SECTIONS, params)
        d.execute(q.DELETE_PATH, params)
        d.recount(name, "path")
        d.execute(sources.DELETE_PATH_ORIGIN, params)
        if active_name(d) == name:
            d.execute(q.DELETE_SETTING, {"key": ACTIVE_KEY})

    db.write(work)
    (paths_dir(db.directory) / f"{name}.yaml").unlink(missing_ok=True)


def write_file(target: Path, data: bytes | Iterable[str]) -> None:
    """Write a file: atomically (a crash or a full disk leaves the old content or the
    new, never half), with a clear error when it cannot be. ``data`` is bytes, or text
    in pieces, written as they come."""
    pieces: Iterable[bytes] = (
        [data] if isinstance(data, bytes) else (p.encode("utf-8") for p in data)
    )
    try:
        if target.exists() and not target.is_file():
            with target.open("wb") as out:  # a device or a pipe (/dev/stdout): never replaced
                out.writelines(pieces)
        else:
            _write_atomically(target, pieces)
    except OSError as err:
        raise cannot_write(err, target) from None


def _write_atomically(target: Path, pieces: Iterable[bytes]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.writelines(pieces)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
