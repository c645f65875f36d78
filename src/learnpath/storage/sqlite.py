"""The local database: one SQLite file, through the standard library's sqlite3.

Opening checks that the file is a learnpath database of our schema version; creating
or migrating one (storage.migrations, through SQLAlchemy) happens only when needed, so
everyday commands never load SQLAlchemy.
"""

from __future__ import annotations

import codecs
import functools
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Self, TypeVar

from learnpath.config import learner
from learnpath.errors import (
    CorruptDatabase,
    DatabaseError,
    DatabaseLocked,
    DataDirError,
    LearnpathError,
)
from learnpath.storage import base, ddl
from learnpath.storage import queries as q
from learnpath.storage.base import (
    Database,
    Params,
    PathSource,
    Row,
    Work,
    check_version,
    retry,
)

if TYPE_CHECKING:
    from learnpath.pathfile.content import PathContent
    from learnpath.pathfile.definition import PathDef

T = TypeVar("T")
_UNTOUCHED = ". The file was left untouched."
# How much of a stored path file is read at a time (Database.source_text).
_TEXT_PIECE = 1 << 20


class SqliteDatabase(Database):
    """One open learnpath database file."""

    driver_errors: ClassVar[tuple[type[Exception], ...]] = (sqlite3.Error,)
    keeps_counts: ClassVar[bool] = True

    def __init__(self, file: Path, conn: sqlite3.Connection, created: bool, who: str) -> None:
        super().__init__(str(file), file.parent, who, created)
        self.file = file
        self._conn = conn

    @classmethod
    def open(cls, file: Path) -> SqliteDatabase:
        """Open (creating or migrating when needed) the database at ``file``."""
        who = learner()  # a name that cannot be used is refused before anything is opened
        if file.is_dir():
            raise CorruptDatabase(
                f"{file} is a directory, not a database; move it aside and run learnpath again"
            )
        if file.exists() and not _writable(file):
            return _open_read_only(file, who)
        ensure_dir(file.parent)
        created = not file.exists()
        conn = None
        try:
            conn = _connect(file)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            # Reading the schema catches a truncated or damaged file before any write.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as err:
            if conn is not None:
                conn.close()
            # A full disk has no room for the WAL index an ordinary open creates: the
            # file can still be read.
            if not created and _disk_full(err):
                return _open_read_only(file, who)
            raise _translate(err, file) from None
        try:
            if version == 0:
                version = cls(file, conn, created, who).write(_create_schema)
            outdated = check_version(version, str(file), _UNTOUCHED)
        except LearnpathError:
            conn.close()
            raise
        if outdated:
            conn.close()
            _prepare(file)
            try:
                conn = _connect(file)
            except sqlite3.Error as err:
                raise _translate(err, file) from None
        _use_wal(conn)
        return cls(file, conn, created, who)

    def close(self) -> None:
        self._conn.close()

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        try:
            row: sqlite3.Row | None = self._conn.execute(sql, self.params(params)).fetchone()
            return row
        except sqlite3.Error as err:
            raise self.translate(err) from None

    @functools.cached_property
    def builds_json(self) -> bool:
        return _has_json(self._conn)

    def source_text(self, path_id: str) -> Iterator[str]:
        row = self.one(q.SOURCE_TEXT_ROWID, {"path": path_id})
        try:
            yield from _pieces(self._conn, row["id"]) if row is not None else ()
        except sqlite3.Error as err:
            raise self.translate(err) from None

    def rows(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        try:
            cursor = self._conn.execute(sql, self.params(params))
            while batch := cursor.fetchmany(512):
                yield from batch
        except sqlite3.Error as err:
            raise self.translate(err) from None

    def execute(self, sql: str, params: Params | None = None) -> int:
        return self._conn.execute(sql, self.params(params)).rowcount

    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        self._conn.executemany(sql, rows)

    def store_source_text(self, path_id: str, text: bytes | None) -> None:
        params = {"path": path_id, "size": None if text is None else len(text)}
        self.execute(q.SOURCE_SPACE, params)
        if text is not None and (row := self.one(q.SOURCE_TEXT_ROWID, params)) is not None:
            _write_pieces(self._conn, row["id"], text)

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
        # BEGIN IMMEDIATE takes the write lock at once, so a write never has to upgrade
        # a read lock (which is where SQLite gives up with "locked" without waiting).
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(self)
            self._conn.execute("COMMIT" if commit else "ROLLBACK")
            return result
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _transient(self, err: Exception) -> bool:
        return _busy(err)

    def translate(self, err: Exception) -> LearnpathError:
        return _translate(err, self.file)


def _open_read_only(file: Path, who: str) -> SqliteDatabase:
    """Open a database that may not be written: for reading, with no WAL switch.

    SQLite reads a WAL-mode file read-only only when it may create the file's
    shared-memory index beside it; in a read-only directory it is opened as
    immutable instead, which is safe there: nothing can write it either.
    """
    conn = None
    for query in ("mode=ro", "immutable=1"):
        try:
            conn = _connect(file, query)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.Error as err:
            if conn is not None:
                conn.close()
            if query == "immutable=1":
                raise _translate(err, file) from None
    assert conn is not None
    if check_version(version, str(file), _UNTOUCHED):
        conn.close()
        raise DataDirError(
            f"{file} was written by an older learnpath and must be migrated, which "
            "cannot be done where it may not be written; make it writable first"
        )
    db = SqliteDatabase(file, conn, created=False, who=who)
    db.read_only = True
    return db


def _write_pieces(conn: sqlite3.Connection, rowid: int, text: bytes) -> None:
    """Fill the room made for an added path's file a piece at a time: bound whole, a
    30 MiB file would be copied twice more on its way into the row. SQLite keeps it as
    a BLOB in the text column; _pieces reads either."""
    with conn.blobopen("path", "source_text", rowid) as blob:
        whole = memoryview(text)
        for start in range(0, len(text), _TEXT_PIECE):
            blob.write(whole[start : start + _TEXT_PIECE])


def _has_json(conn: sqlite3.Connection) -> bool:
    """Whether SQLite has json_object: built in from 3.38, optional before."""
    try:
        conn.execute("SELECT json_object('a', 1)").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


def _pieces(conn: sqlite3.Connection, rowid: int) -> Iterator[str]:
    """The stored YAML of the path row ``rowid``, read and decoded a piece at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with conn.blobopen("path", "source_text", rowid, readonly=True) as blob:
        while piece := blob.read(_TEXT_PIECE):
            yield decoder.decode(piece)
    yield decoder.decode(b"", final=True)


def _create_schema(db: SqliteDatabase) -> int:
    """(Database.write) Give a new, empty file the current schema (ddl.CREATE); returns
    its schema version after. Plain sqlite3: a first run does not load SQLAlchemy.
    Another process creating it at the same moment waits, then finds it made."""
    row = db.one("PRAGMA user_version")
    if row is not None and row["user_version"]:
        return int(row["user_version"])
    tables = db.one(q.USER_TABLES)
    if tables is not None and tables["n"]:
        raise DatabaseError(
            f"{db.file} is an SQLite database, but not learnpath's; it was left "
            "untouched: move it aside or set LEARNPATH_DATA_DIR elsewhere"
        )
    for statement in ddl.CREATE:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {base.SCHEMA_VERSION}")
    return base.SCHEMA_VERSION


def _busy(err: BaseException | None) -> bool:
    """Whether another process holds the file (a retry may succeed)."""
    low = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and ("locked" in low or "busy" in low)


def _prepare(file: Path) -> None:
    """Migrate the file; SQLAlchemy is loaded only for this."""
    from sqlalchemy.exc import DBAPIError

    from learnpath.storage import migrations

    def busy(err: Exception) -> bool:
        return isinstance(err, DBAPIError) and _busy(err.orig)

    try:
        # Another process may be mid-write, or migrating too: wait as any write does.
        retry(lambda: migrations.prepare_file(file), busy)
    except DBAPIError as err:
        raise _translate(err.orig or err, file) from None


def _translate(err: BaseException, file: Path) -> LearnpathError:
    """Turn a sqlite3 error into the error a user can act on."""
    text = str(err)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return DatabaseLocked(
            f"the database {file} is busy in another learnpath process; try again in a moment"
        )
    if any(s in low for s in ("not a database", "malformed", "encrypted", "corrupt")):
        return CorruptDatabase(
            f"{file} is not a usable learnpath database ({text}); it was left untouched: "
            f"move it aside (mv '{file}' '{file}.broken') and run learnpath again to start "
            "afresh, or restore it from a backup"
        )
    if _disk_full(err):
        return DataDirError(
            f"no space left on the device for {file} (or it cannot be written); free some "
            "space and try again: nothing was changed"
        )
    if "readonly" in low or "read-only" in low:
        return DataDirError(
            f"cannot write {file}: it or its directory is read-only (or its disk is full); "
            "fix the permissions or free some space, or set LEARNPATH_DATA_DIR to a "
            "writable directory"
        )
    if "unable to open" in low:
        return DataDirError(
            f"cannot open the database {file}; check that {file.parent} is a writable "
            "directory, or set LEARNPATH_DATA_DIR to one"
        )
    return DatabaseError(f"database error in {file}: {text}")


def ensure_dir(directory: Path) -> None:
    """Create the data directory, or say clearly why it cannot be used."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise DataDirError(
            f"the data directory {directory} is a file; remove it or set LEARNPATH_DATA_DIR"
        ) from None
    except OSError as err:
        raise DataDirError(
            f"cannot create the data directory {directory} ({err.strerror}); "
            "set LEARNPATH_DATA_DIR to a writable directory"
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DataDirError(
            f"the data directory {directory} is not writable; fix its permissions or set "
            "LEARNPATH_DATA_DIR to a writable directory"
        )


def _connect(file: Path, query: str = "") -> sqlite3.Connection:
    """A connection to ``file``; ``query`` opens it by URI (mode=ro, immutable=1)."""
    # isolation_level=None: transactions are ours alone (BEGIN IMMEDIATE in _transaction).
    target = f"{file.as_uri()}?{query}" if query else str(file)
    conn = sqlite3.connect(
        target, timeout=base.BUSY_TIMEOUT_S, isolation_level=None, uri=bool(query)
    )
    conn.row_factory = sqlite3.Row
    return conn


def _disk_full(err: BaseException) -> bool:
    low = str(err).lower()
    return "disk is full" in low or "disk i/o error" in low


def _writable(file: Path) -> bool:
    """Whether the file and its directory may be written (a journal goes beside it)."""
    return os.access(file, os.W_OK) and os.access(file.parent, os.W_OK | os.X_OK)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL, which lets readers go on while one process writes.

    The mode is stored in the file, so this is one cheap read on every later call. The
    switch needs the file to itself: SQLite reports busy at once (no waiting, as that
    could deadlock) when another process is mid-write, as on a first run started in many
    terminals together. Then the file stays in rollback mode, which is just as safe,
    and a later call switches it. Any other failure here (a read-only file, say) shows
    up, translated, at the statement that really needs to write.
    """
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass
