"""The only room that knows SQL and database drivers.

``open_database`` picks the backend of the learner's own database: the local SQLite
file (storage.sqlite, standard library only) or a PostgreSQL server (storage.postgres,
through psycopg); ``open_other`` opens the other side of a copy. Both backends keep
the contract in storage.base, so the core never asks which one it has.
"""

from __future__ import annotations

from pathlib import Path

from learnpath.config import DB_NAME, data_dir
from learnpath.errors import DatabaseError
from learnpath.storage.base import Database


def open_database(url: str | None = None, directory: Path | None = None) -> Database:
    """The learner's own database, created or migrated when needed: the local file in
    ``directory`` (by default the data directory) when ``url`` is None, else the server
    the URL names (postgresql+psycopg://...). Stored paths and backups live in
    ``directory`` either way."""
    home = directory or data_dir()
    if url is None:
        return _open_file(home / DB_NAME)
    try:
        from learnpath.storage.postgres import PostgresDatabase  # psycopg only for a server
    except ImportError:
        raise DatabaseError(
            "the driver for PostgreSQL servers (psycopg) is not installed; "
            'install it with: pip install "learnpath[postgres]"'
        ) from None

    return PostgresDatabase.open(url, home)


def open_other(target: str, must_exist: bool) -> Database:
    """Another learnpath database, as `copy` names it: a server URL, ``sqlite:///FILE``,
    or the path of a SQLite file. A file is created when missing unless ``must_exist``
    (a source): then nothing at all is created."""
    if "://" in target and not target.startswith("sqlite"):
        return open_database(target)
    file = _sqlite_file(target)
    if must_exist and not file.is_file():
        raise DatabaseError(f"{file} does not exist; there is nothing to copy from it")
    return _open_file(file)


def _sqlite_file(target: str) -> Path:
    """The file a SQLite URL or a plain path names; an in-memory database is refused
    (it would be empty, and gone when the copy ends)."""
    file: str | None = target
    if "://" in target:
        from sqlalchemy.engine import make_url  # decodes the URL as SQLAlchemy would

        url = make_url(target)
        file = url.database
        if url.query.get("mode") == "memory":
            file = ":memory:"
    if not file:
        raise DatabaseError(f"{target} names no file; write sqlite:///PATH/TO/FILE.db")
    if file == ":memory:" or file.startswith("file::memory:"):
        raise DatabaseError(
            f"{target} is an in-memory database, which holds nothing and is gone when the "
            "copy ends; name a file"
        )
    return Path(file).expanduser().resolve()


def _open_file(file: Path) -> Database:
    from learnpath.storage.sqlite import SqliteDatabase

    return SqliteDatabase.open(file)


__all__ = ["Database", "open_database", "open_other"]
