"""A learnpath database on a PostgreSQL server, for learners with several machines and
for study groups. Used only when a database URL is given; the local path never imports
this module.

The everyday queries are the same text as on SQLite (storage.queries), run through
psycopg directly: SQLAlchemy (and SQLModel) load only to create or migrate the schema,
as on the local side, since importing them and building an engine cost more than the
whole command otherwise. Every write is one transaction at REPEATABLE READ: two
learnpath processes changing the same row cannot both win, the later one is retried
from the start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar
from urllib.parse import parse_qsl, quote, quote_plus, unquote

import psycopg
from psycopg.rows import dict_row

from learnpath.config import learner
from learnpath.errors import DatabaseError, LearnpathError
from learnpath.storage.base import (
    SCHEMA_VERSION,
    SERVER_SCHEMA,
    Database,
    Params,
    PathSource,
    Row,
    Work,
)

if TYPE_CHECKING:
    from learnpath.pathfile.content import PathContent
    from learnpath.pathfile.definition import PathDef

T = TypeVar("T")

CONNECT_TIMEOUT_S = 5
# No wait is unbounded: a lock held by another session (a table lock, the advisory
# lock taken on open) gives a clear error after this; a statement that does not end,
# after twice as long (so a wait for a lock is always reported as one).
WAIT_LIMIT_S = 8
# PostgreSQL's codes for "try again": a serialization failure, a deadlock, and a unique
# key another transaction committed after ours took its snapshot. A transaction's
# snapshot is taken at its first statement, before it waits for the load lock, so a
# learner who waited for another's load of the same path does not see that path's row,
# and inserts it again; run again, it sees the row.
_RETRY_CODES = {"40001", "40P01", "23505"}
# Taken while a path is loaded: learners starting at the same moment would each insert
# the path; one waits for the other (SQLite's BEGIN IMMEDIATE does this locally).
_LOAD_LOCK = 4242002

# How a database URL is read: SQLAlchemy's form (scheme+driver://user:password@host:
# port/database?key=value), so URLs that worked before keep working.
_URL = re.compile(
    r"(?P<scheme>[\w+]+)://"
    r"(?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?"
    r"(?:(?:\[(?P<ipv6host>[^/?]+)\]|(?P<ipv4host>[^/:?]+))?(?::(?P<port>[^/?]*))?)?"
    r"(?:/(?P<database>[^?]*))?"
    r"(?:\?(?P<query>.*))?",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class ServerUrl:
    """A database URL, decoded."""

    scheme: str  # postgresql+psycopg
    username: str | None
    password: str | None
    host: str | None
    port: int | None
    database: str | None
    query: tuple[tuple[str, str], ...]

    @property
    def backend(self) -> str:
        return self.scheme.partition("+")[0]

    @property
    def driver(self) -> str:
        return self.scheme.partition("+")[2]

    def shown(self) -> str:
        """The URL as it may be printed: the password as ***, wherever it was given."""
        text = f"{self.scheme}://"
        if self.username is not None:
            text += _quote_part(self.username)
            if self.password is not None:
                text += ":***"
            text += "@"
        if self.host:
            text += f"[{self.host}]" if ":" in self.host else self.host
        if self.port is not None:
            text += f":{self.port}"
        if self.database is not None:
            text += f"/{self.database}"
        pairs = sorted((k, v) for k, v in self.query if k != "password")
        if any(k == "password" for k, _ in self.query):
            pairs.append(("password", "***"))
        if pairs:
            text += "?" + "&".join(
                f"{quote_plus(k)}={v if k == 'password' else quote_plus(v)}" for k, v in pairs
            )
        return text

    def connect_args(self) -> dict[str, Any]:
        """psycopg's keyword arguments (libpq's), as SQLAlchemy's dialect made them."""
        args: dict[str, Any] = dict(self.query)
        for key, value in (
            ("host", self.host),
            ("port", self.port),
            ("user", self.username),
            ("password", self.password),
            ("dbname", self.database),
        ):
            if value is not None:
                args[key] = value
        return args


def _quote_part(text: str) -> str:
    return re.sub(r"[:@/]", lambda m: f"%{ord(m.group(0)):X}", text)


def parse_url(url: str) -> ServerUrl:
    """The URL decoded; ValueError when it cannot be read."""
    found = _URL.fullmatch(url.strip())
    if found is None:
        raise ValueError(url)
    parts = found.groupdict()
    port = parts["port"]
    return ServerUrl(
        scheme=parts["scheme"],
        username=unquote(parts["username"]) if parts["username"] is not None else None,
        password=unquote(parts["password"]) if parts["password"] is not None else None,
        host=parts["ipv6host"] or parts["ipv4host"],
        port=int(port) if port else None,
        database=unquote(parts["database"]) if parts["database"] else None,
        query=tuple(parse_qsl(parts["query"] or "", keep_blank_values=True)),
    )


def shown(url: str | ServerUrl) -> str:
    """The URL as it may be printed: never with its password, in any form libpq takes
    (after the user name, or as ?password=...)."""
    try:
        parsed = url if isinstance(url, ServerUrl) else parse_url(url)
    except ValueError:
        return "the database URL"
    return scrub(parsed.shown(), url)


def secrets(url: str | ServerUrl) -> list[str]:
    """Every form in which the URL's password could appear in a message."""
    try:
        parsed = url if isinstance(url, ServerUrl) else parse_url(url)
    except ValueError:
        return []
    given = [parsed.password, *(v for k, v in parsed.query if k == "password")]
    found = []
    for secret in given:
        if secret:
            found += [secret, quote(secret, safe=""), quote_plus(secret)]
    return sorted(set(found), key=len, reverse=True)


def scrub(message: str, url: str | ServerUrl) -> str:
    """``message`` with the URL's password, in any of its forms, replaced by ***."""
    for secret in secrets(url):
        message = message.replace(secret, "***")
    return message


_SOURCE_TEXT = "UPDATE path SET source_text = convert_from(:text, 'UTF8') WHERE id = :path"


@cache
def _pyformat(sql: str) -> str:
    """A query of storage.queries (named :params) in psycopg's style (%(params)s)."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


class PostgresDatabase(Database):
    """A learnpath database on a server; the same contract as the local file."""

    local: ClassVar[bool] = False
    driver_errors: ClassVar[tuple[type[Exception], ...]] = (psycopg.Error,)
    load_lock: ClassVar[str] = f"SELECT pg_advisory_xact_lock({_LOAD_LOCK})"

    def __init__(self, url: ServerUrl, conn: psycopg.Connection[Any], directory: Path) -> None:
        super().__init__(shown(url), directory, learner(), created=False)
        self.url = url
        self._conn = conn

    @classmethod
    def open(cls, url: str, directory: Path) -> PostgresDatabase:
        learner()  # a name that cannot be used is refused before anything is opened
        parsed = _checked(url)
        try:
            conn = psycopg.connect(**_connect_args(parsed), row_factory=dict_row)
        except psycopg.Error as err:
            raise _translate(err, parsed) from None
        db = cls(parsed, conn, directory)
        try:
            db.created = db._prepare()
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self) -> bool:
        """Whether the schema was created now. A schema of this version is seen with
        one query; creating or migrating one loads SQLAlchemy (storage.migrations)."""
        try:
            if self._current():
                return False
            from learnpath.storage import migrations  # SQLModel only to create or migrate

            engine = migrations.server_engine(lambda: psycopg.connect(**_connect_args(self.url)))
            try:
                with engine.begin() as conn:
                    return migrations.prepare_server(conn, self.name)
            finally:
                engine.dispose()
        except psycopg.Error as err:
            raise self.translate(err) from None
        except Exception as err:  # SQLAlchemy's wrapper of a psycopg error
            if isinstance(getattr(err, "orig", None), psycopg.Error):
                raise self.translate(err) from None
            raise

    def _current(self) -> bool:
        table = f"{SERVER_SCHEMA}.learnpath_meta"
        try:
            exists = self._conn.execute("SELECT to_regclass(%s) IS NOT NULL AS ok", [table])
            if not (row := exists.fetchone()) or not row["ok"]:
                return False
            found = self._conn.execute(
                "SELECT value FROM learnpath_meta WHERE key = 'schema'"
            ).fetchall()
            return [r["value"] for r in found] == [str(SCHEMA_VERSION)]
        finally:
            self._conn.rollback()

    def close(self) -> None:
        self._conn.close()

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        try:
            return self._conn.execute(_pyformat(sql), self.params(params)).fetchone()
        except psycopg.Error as err:
            raise self.translate(err) from None

    def rows(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        try:
            cursor = self._conn.execute(_pyformat(sql), self.params(params))
            while batch := cursor.fetchmany(512):
                yield from batch
        except psycopg.Error as err:
            raise self.translate(err) from None

    def execute(self, sql: str, params: Params | None = None) -> int:
        return self._conn.execute(_pyformat(sql), self.params(params)).rowcount

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_pyformat(sql), rows)

    def store_source_text(self, path_id: str, text: bytes | None) -> None:
        # Sent as bytes and made text by the server: the file as read, not a str twice
        # its size.
        self.execute(_SOURCE_TEXT, {"path": path_id, "text": text})

    def load_path(
        self,
        path_id: str,
        definition: PathDef | PathContent,
        source: PathSource,
        yaml_text: bytes | None,
        before: Work | None = None,
    ) -> None:
        from learnpath.storage import loader

        loader.load(self, path_id, definition, source, yaml_text, before)

    def _transaction(self, work: Callable[[Self], T], commit: bool) -> T:
        self._conn.rollback()  # end the read transaction psycopg began on its own
        try:
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            result = work(self)
            if commit:
                self._conn.commit()
            else:
                self._conn.rollback()
            return result
        except BaseException:
            with suppress(psycopg.Error):  # the connection is gone: so is the transaction
                self._conn.rollback()
            raise

    def _transient(self, err: Exception) -> bool:
        return getattr(err, "sqlstate", None) in _RETRY_CODES

    def translate(self, err: Exception) -> LearnpathError:
        return _translate(err, self.url)


def _checked(url: str) -> ServerUrl:
    if url.count("@") > 1 or "#" in url:
        # An '@' or '#' left unencoded in a password: the URL would be cut in the wrong
        # place, and connecting would look up a host named after part of the password.
        # Nothing of the URL is repeated here.
        raise DatabaseError(
            "the database URL has an '@' or '#' that is not percent-encoded (write %40, "
            "%23), or give the password in PGPASSWORD or a .pgpass file"
        )
    try:
        parsed = parse_url(url)
    except ValueError:
        raise DatabaseError(
            "the database URL cannot be read; write it as "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
        ) from None
    if parsed.backend not in ("postgresql", "postgres"):
        raise DatabaseError(
            f"{shown(parsed)}: only PostgreSQL URLs (postgresql+psycopg://...) are supported; "
            "leave LEARNPATH_DATABASE_URL unset for the local database"
        )
    if parsed.driver not in ("", "psycopg"):
        raise DatabaseError(
            f"the driver for {shown(parsed)} is not installed; "
            'install it with: pip install "learnpath[postgres]"'
        )
    return parsed


def _connect_args(url: ServerUrl) -> dict[str, Any]:
    waits = f"-c lock_timeout={WAIT_LIMIT_S * 1000} -c statement_timeout={WAIT_LIMIT_S * 2000}"
    return url.connect_args() | {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "options": f"{waits} -c search_path={SERVER_SCHEMA}",
    }


def _translate(err: BaseException, url: ServerUrl) -> DatabaseError:
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
