"""The only room that knows SQL and database drivers.

``open_database`` picks the backend: the learner's local SQLite file (storage.sqlite,
standard library only) or a PostgreSQL server (storage.postgres, through SQLAlchemy).
Both keep the contract in storage.base, so the core never asks which one it has.
"""

from __future__ import annotations

from pathlib import Path

from learnpath.config import DB_NAME, data_dir
from learnpath.errors import DatabaseError
from learnpath.storage.base import Database


def open_database(url: str | None = None, directory: Path | None = None) -> Database:
    """Open a learnpath database, creating or migrating it when needed.

    ``url`` is None for the learner's own local file in ``directory`` (by default the
    data directory, which holds stored paths and backups whatever the database), else
    ``sqlite:///FILE`` or a server's URL (postgresql+psycopg://...).
    """
    if url is None:
        return _open_file((directory or data_dir()) / DB_NAME)
    if url.startswith("sqlite"):
        file = url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]
        if not file:
            raise DatabaseError(f"{url} names no file; write sqlite:///PATH/TO/FILE.db")
        return _open_file(Path(file).expanduser().resolve())
    from learnpath.storage.postgres import PostgresDatabase  # SQLAlchemy only for a server

    return PostgresDatabase.open(url, directory or data_dir())


def _open_file(file: Path) -> Database:
    from learnpath.storage.sqlite import SqliteDatabase

    return SqliteDatabase.open(file)


__all__ = ["Database", "open_database"]
