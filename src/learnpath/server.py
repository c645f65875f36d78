"""Progress on a database server (PostgreSQL), for learners with several machines and
for study groups. Used only when a database URL is given; the local SQLite path never
imports this module.

The everyday queries are the same text as on SQLite (queries.py), run through
SQLAlchemy. Every write is one transaction at REPEATABLE READ: two learnpath processes
changing the same row cannot both win, the later one is retried from the start.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from learnpath.config import learner
from learnpath.db import SCHEMA_VERSION, WRITE_RETRY_S
from learnpath.errors import DatabaseError, DatabaseTooNew

T = TypeVar("T")

CONNECT_TIMEOUT_S = 5
# PostgreSQL's codes for "try again": a serialization failure and a deadlock.
_RETRY_CODES = {"40001", "40P01"}


def shown(url: str | URL) -> str:
    """The URL as it may be printed: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the database URL"


class ServerDatabase:
    """A learnpath database on a server; the same interface as db.Database."""

    def __init__(
        self, engine: Engine, conn: Connection, directory: Path, learner_name: str
    ) -> None:
        self.engine = engine
        self._conn = conn
        self.directory = directory
        self.learner = learner_name
        self.created = False
        self.file = Path(shown(engine.url))  # named in messages, never opened as a file

    @classmethod
    def open(cls, url: str, directory: Path) -> ServerDatabase:
        who = learner()
        engine = _engine(url)
        try:
            conn = engine.connect()
        except DBAPIError as err:
            engine.dispose()
            raise translate(err, engine.url) from None
        db = cls(engine, conn, directory, who)
        try:
            db.created = prepare(conn, engine.url)
        except BaseException:
            db.close()
            raise
        return db

    def as_learner(self, name: str) -> ServerDatabase:
        other = ServerDatabase(self.engine, self._conn, self.directory, name)
        other.created = self.created
        return other

    def close(self) -> None:
        self._conn.close()
        self.engine.dispose()

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        return {"learner": self.learner, **(params or {})}

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        try:
            return self._conn.execute(text(sql), self._params(params)).mappings().first()
        except DBAPIError as err:
            raise translate(err, self.engine.url) from None

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        try:
            result = self._conn.execute(text(sql), self._params(params)).mappings()
            while batch := result.fetchmany(512):
                yield from batch
        except DBAPIError as err:
            raise translate(err, self.engine.url) from None

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        return self._conn.execute(text(sql), self._params(params)).rowcount

    def write(self, work: Callable[[Any], T], commit: bool = True) -> T:
        """Run ``work`` in one transaction; retried from the start when the server says
        another one got in the way, for up to WRITE_RETRY_S."""
        deadline = time.monotonic() + WRITE_RETRY_S
        pause = 0.01
        while True:
            self._conn.rollback()  # end the read transaction SQLAlchemy began on its own
            try:
                self._conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
                result = work(self)
                if commit:
                    self._conn.commit()
                else:
                    self._conn.rollback()
                return result
            except DBAPIError as err:
                self._conn.rollback()
                code = getattr(err.orig, "sqlstate", None)
                if code in _RETRY_CODES and time.monotonic() < deadline:
                    time.sleep(pause * (1 + random.random()))
                    pause = min(pause * 2, 0.25)
                    continue
                raise translate(err, self.engine.url) from None
            except BaseException:
                self._conn.rollback()
                raise

    def sql_engine(self) -> Engine:
        return self.engine


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            "the database URL cannot be read; write it as "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from None
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"{shown(parsed)}: only PostgreSQL URLs (postgresql+psycopg://...) are supported; "
            "leave LEARNPATH_DATABASE_URL unset for the local database"
        )
    try:
        return create_engine(
            parsed,
            poolclass=NullPool,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        )
    except (NoSuchModuleError, ModuleNotFoundError, ImportError):
        raise DatabaseError(
            f"the driver for {shown(parsed)} is not installed; "
            'install it with: pip install "learnpath[postgres]"'
        ) from None


def translate(err: DBAPIError | SQLAlchemyError, url: URL) -> DatabaseError:
    """A server error as one line a user can act on, without the password."""
    where = shown(url)
    message = str(getattr(err, "orig", None) or err).strip().splitlines()
    first = message[0] if message else type(err).__name__
    password = url.password
    if password:
        first = first.replace(str(password), "***")
    low = first.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return DatabaseError(f"{where}: the server refused the user name or password")
    if "does not exist" in low and "database" in low:
        return DatabaseError(f"{where}: the database does not exist; create it first")
    if "timeout" in low or "timed out" in low:
        return DatabaseError(
            f"{where}: the server did not answer within {CONNECT_TIMEOUT_S} s; "
            "check the host and port, and that it is running"
        )
    if "connection refused" in low or "could not connect" in low or "connection failed" in low:
        return DatabaseError(
            f"{where}: cannot reach the server ({first}); check the host and port, "
            "and that it is running"
        )
    if "server closed the connection" in low or "terminating connection" in low:
        return DatabaseError(
            f"{where}: the server went away during the command; whether its last change "
            "was saved cannot be known: run 'learnpath log' to see"
        )
    return DatabaseError(f"database error on {where}: {first}")


def prepare(conn: Connection, url: URL) -> bool:
    """Create the schema on first use or migrate it; returns whether it was created.

    The schema version lives in the table learnpath_meta (PRAGMA user_version is
    SQLite's alone). Creation runs under an advisory lock, so that learners starting
    at the same moment do not both create it.
    """
    try:
        with conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
            exists = conn.execute(text("SELECT to_regclass('learnpath_meta') IS NOT NULL"))
            if not exists.scalar():
                # SQLModel (the schema's one definition) only when there is one to create.
                from sqlmodel import SQLModel

                from learnpath import store  # noqa: F401 - defines the tables

                SQLModel.metadata.create_all(conn)
                conn.execute(
                    text("INSERT INTO learnpath_meta (key, value) VALUES ('schema', :v)"),
                    {"v": str(SCHEMA_VERSION)},
                )
                return True
            version = int(
                conn.execute(
                    text("SELECT value FROM learnpath_meta WHERE key = 'schema'")
                ).scalar_one()
            )
            if version > SCHEMA_VERSION:
                raise DatabaseTooNew(
                    f"{shown(url)} was written by a newer learnpath (schema {version}, this "
                    f"one knows up to {SCHEMA_VERSION}); upgrade learnpath"
                )
            if version < SCHEMA_VERSION:
                from learnpath import store

                for target in range(version + 1, SCHEMA_VERSION + 1):
                    store.SERVER_MIGRATIONS[target](conn)
            if version < SCHEMA_VERSION:
                conn.execute(
                    text("UPDATE learnpath_meta SET value = :v WHERE key = 'schema'"),
                    {"v": str(SCHEMA_VERSION)},
                )
            return False
    except DBAPIError as err:
        raise translate(err, url) from None
