"""Keeping the database in step with path files, cheaply.

The check is size and mtime first, then a content hash; a file is parsed only when its
content really changed.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from learnpath.config import BUNDLED_PATH
from learnpath.errors import PathFileError, UnknownPath
from learnpath.pathfile.files import read_bytes
from learnpath.storage import queries as q
from learnpath.storage.base import Database, PathSource, Row, Work

if TYPE_CHECKING:
    from learnpath.pathfile.content import PathContent
    from learnpath.pathfile.definition import PathDef


def path_source(db: Database, name: str) -> Row:
    """The path's row of source facts; UnknownPath when no path has that name."""
    row = db.one(q.PATH_SOURCE, {"path": name})
    if row is None:
        raise UnknownPath(name, [r["id"] for r in db.rows(q.PATHS)])
    return row


def sync_stored(db: Database, path: str) -> None:
    """Reload an added path when its stored copy changed.

    Only the learner's own local database does this. On a server the stored definition
    is the truth: a file named in a server row may be any file on this machine (any
    learner can write that row), and an older copy here must not take the path back
    for everyone. `add --update` is how a server's path changes.
    """
    row = path_source(db, path)
    if not db.local:
        return
    stored = Path(row["source"])
    # The database holds the whole path; a stored copy that went missing only means
    # there is nothing newer to load.
    if stored.is_file():
        sync(db, path, stored)


def sync(
    db: Database,
    path: str,
    file: Path,
    parsed: PathDef | PathContent | None = None,
    notices: list[str] | None = None,
    data: bytes | None = None,
    before: Work | None = None,
) -> bool:
    """Load ``file`` into the database if it changed since the last run; whether it did.
    ``parsed`` and ``data``: the file's content and bytes when the caller just wrote it
    (``add``, or ``import`` with a path still being parsed); ``before`` runs in the
    load's transaction. A read-only database stays."""
    if db.read_only:
        return False
    try:
        st = file.stat()
    except OSError as err:
        raise PathFileError(f"cannot read the path file {file}: {err.strerror}") from None
    params = {"path": path}
    row = db.one(q.PATH_SOURCE, params)
    source = str(file)
    if (
        parsed is None
        and row is not None
        and row["source"] == source
        and row["source_size"] == st.st_size
        and row["source_mtime_ns"] == st.st_mtime_ns
    ):
        return False

    import hashlib  # here, not at the top: a call that finds the file unchanged needs none

    if parsed is None or data is None:
        data = read_bytes(file)
    stamp = PathSource(source, st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())
    touch = {**params, "source": source, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if row is not None and row["source_hash"] == stamp.digest:
        db.write(lambda d: d.execute(q.TOUCH_SOURCE, touch))
        return False

    from learnpath.pathfile.yamlfile import load_yaml_path  # bundled and stored copies

    definition = parsed or load_yaml_path(file, data)
    if row is not None and _older_bundled(path, row, definition):
        # Learners sharing a database may run different releases: the newest content
        # stays, and this file is remembered as seen so it is not read again (and the
        # learner is told once).
        db.write(lambda d: d.execute(q.TOUCH_SOURCE, touch))
        if notices is not None:
            notices.append(
                f"{db.name} holds version {row['version']} of the path {path!r}, newer "
                f"than this learnpath's ({_version(definition)}); the newer one is kept. "
                "Upgrade learnpath to see it as it is."
            )
        return False
    # Kept as the UTF-8 it was read as (and checked as, by parsing), without a BOM.
    text = None if path == BUNDLED_PATH else data.removeprefix(codecs.BOM_UTF8)
    db.load_path(path, definition, stamp, text, before)
    return True


def _older_bundled(path: str, row: Row | None, definition: PathDef | PathContent) -> bool:
    """Whether ``definition`` is an older version of the bundled path than the one
    the database holds (its `version`, raised whenever the content changes)."""
    if path != BUNDLED_PATH or row is None:
        return False
    held, offered = row["version"], _version(definition)
    return held is not None and offered is not None and offered < held


def _version(definition: PathDef | PathContent) -> int | None:
    # Only an added path is given still being parsed (import), never the bundled one.
    from learnpath.pathfile.definition import PathDef

    return definition.version if isinstance(definition, PathDef) else None
