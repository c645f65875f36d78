"""A learnpath database on a PostgreSQL server, for learners with several machines and
for study groups. Used only when a database URL is given; the local path never imports
this module.

The everyday queries are the same text as on SQLite (storage.queries), run through
SQLAlchemy. Every write is one transaction at REPEATABLE READ: two learnpath processes
changing the same row cannot both win, the later one is retried from the start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Self, TypeVar

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from learnpath.config import learner
from learnpath.errors import DatabaseError, LearnpathError
from learnpath.storage.base import SERVER_SCHEMA, Database, Params, PathSource, Row

if TYPE_CHECKING:
    from learnpath.pathfile.definition import PathDef

T = TypeVar("T")

CONNECT_TIMEOUT_S = 5
# No wait is unbounded: a lock held by another session (a table lock, the advisory
# lock taken on open) gives a clear error after this; a statement that does not end,
# after twice as long (so a wait for a lock is always reported as one).
WAIT_LIMIT_S = 8
# PostgreSQL's codes for "try again": a serialization failure and a deadlock.
_RETRY_CODES = {"40001", "40P01"}
# Taken while a path is loaded: learners starting at the same moment would each insert
# the path; one waits for the other (SQLite's BEGIN IMMEDIATE does this locally).
_LOAD_LOCK = 4242002


def shown(url: str | URL) -> str:
    """The URL as it may be printed: never with its password, in any form libpq takes
    (after the user name, or as ?password=...)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "the database URL"
    if "password" in parsed.query:
        parsed = parsed.difference_update_query(["password"])
        text = parsed.render_as_string(hide_password=True)
        return text + ("&" if "?" in text else "?") + "password=***"
    return scrub(parsed.render_as_string(hide_password=True), url)


def secrets(url: str | URL) -> list[str]:
    """Every form in which the URL's password could appear in a message."""
    from urllib.parse import quote, quote_plus

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return []
    given = [parsed.password, *_values(parsed.query.get("password"))]
    found = []
    for secret in given:
        if secret:
            found += [str(secret), quote(str(secret), safe=""), quote_plus(str(secret))]
    return sorted(set(found), key=len, reverse=True)


def scrub(message: str, url: str | URL) -> str:
    """``message`` with the URL's password, in any of its forms, replaced by ***."""
    for secret in secrets(url):
        message = message.replace(secret, "***")
    return message


def _values(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


class PostgresDatabase(Database):
    """A learnpath database on a server; the same contract as the local file."""

    local: ClassVar[bool] = False
    driver_errors: ClassVar[tuple[type[Exception], ...]] = (DBAPIError,)

    def __init__(self, engine: Engine, conn: Connection, directory: Path, who: str) -> None:
        super().__init__(shown(engine.url), directory, who, created=False)
        self.engine = engine
        self._conn = conn

    @classmethod
    def open(cls, url: str, directory: Path) -> PostgresDatabase:
        who = learner()
        engine = _engine(url)
        try:
            conn = engine.connect()
        except DBAPIError as err:
            engine.dispose()
            raise _translate(err, engine.url) from None
        db = cls(engine, conn, directory, who)
        try:
            db.created = db._prepare()
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self) -> bool:
        from learnpath.storage import migrations  # SQLModel only to create or migrate

        try:
            with self._conn.begin():
                return migrations.prepare_server(self._conn, self.name)
        except DBAPIError as err:
            raise self.translate(err) from None

    def close(self) -> None:
        self._conn.close()
        self.engine.dispose()

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        try:
            return self._conn.execute(text(sql), self.params(params)).mappings().first()
        except DBAPIError as err:
            raise self.translate(err) from None

    def rows(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        try:
            result = self._conn.execute(text(sql), self.params(params)).mappings()
            while batch := result.fetchmany(512):
                yield from batch
        except DBAPIError as err:
            raise self.translate(err) from None

    def execute(self, sql: str, params: Params | None = None) -> int:
        return self._conn.execute(text(sql), self.params(params)).rowcount

    def _transaction(self, work: Callable[[Self], T], commit: bool) -> T:
        self._conn.rollback()  # end the read transaction SQLAlchemy began on its own
        try:
            self._conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            result = work(self)
            if commit:
                self._conn.commit()
            else:
                self._conn.rollback()
            return result
        except BaseException:
            self._conn.rollback()
            raise

    def _transient(self, err: Exception) -> bool:
        return getattr(getattr(err, "orig", None), "sqlstate", None) in _RETRY_CODES

    def translate(self, err: Exception) -> LearnpathError:
        return _translate(err, self.engine.url)

    def load_path(
        self, path_id: str, definition: PathDef, source: PathSource, yaml_text: str | None
    ) -> None:
        from learnpath.storage import loader

        try:
            with self.engine.begin() as conn:
                conn.execute(text(f"SELECT pg_advisory_xact_lock({_LOAD_LOCK})"))
                loader.write_path(conn, path_id, definition, source, yaml_text)
        except DBAPIError as err:
            raise self.translate(err) from None


def _engine(url: str) -> Engine:
    if url.count("@") > 1 or "#" in url:
        # An '@' or '#' left unencoded in a password: the URL would be cut in the wrong
        # place, and connecting would look up a host named after part of the password.
        # Nothing of the URL is repeated here.
        raise DatabaseError(
            "the database URL has an '@' or '#' that is not percent-encoded (write %40, "
            "%23), or give the password in PGPASSWORD or a .pgpass file"
        )
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
        waits = f"-c lock_timeout={WAIT_LIMIT_S * 1000} -c statement_timeout={WAIT_LIMIT_S * 2000}"
        return create_engine(
            parsed,
            poolclass=NullPool,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "options": f"{waits} -c search_path={SERVER_SCHEMA}",
            },
        )
    except (NoSuchModuleError, ModuleNotFoundError, ImportError):
        raise DatabaseError(
            f"the driver for {shown(parsed)} is not installed; "
            'install it with: pip install "learnpath[postgres]"'
        ) from None


def _translate(err: BaseException, url: URL) -> DatabaseError:
    """A server error as one line a user can act on, without the password."""
    where = shown(url)
    message = str(getattr(err, "orig", None) or err).strip().splitlines()
    first = scrub(message[0] if message else type(err).__name__, url)
    low = first.lower()
    if "lock timeout" in low:
        return DatabaseError(
            f"{where}: another session has held a lock for more than {WAIT_LIMIT_S} s; "
            "nothing was changed: try again in a moment"
        )
    if "statement timeout" in low:
        return DatabaseError(
            f"{where}: the server did not finish within {WAIT_LIMIT_S * 2} s; nothing was "
            "changed: try again in a moment"
        )
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
