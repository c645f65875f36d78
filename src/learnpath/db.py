"""The everyday connection: the standard library's sqlite3, no SQLAlchemy.

Opening checks the file is a learnpath database of our schema version; creating or
migrating one is store.py's job and happens only when needed.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from learnpath.config import learner
from learnpath.errors import (
    CorruptDatabase,
    DatabaseError,
    DatabaseLocked,
    DatabaseTooNew,
    DataDirError,
    LearnpathError,
)

SCHEMA_VERSION = 2
# How long one statement waits for another process's lock, and how long a whole
# write transaction keeps retrying when SQLite still reports busy.
BUSY_TIMEOUT_S = 5.0
WRITE_RETRY_S = 15.0

T = TypeVar("T")


def utc_now() -> str:
    """The current time as UTC ISO 8601, to the second: 2026-11-24T15:50:50Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def translate(err: Exception, file: Path) -> LearnpathError:
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
    if "readonly" in low or "read-only" in low:
        return DataDirError(
            f"cannot write {file}: it or its directory is read-only; fix the permissions "
            f"or set LEARNPATH_DATA_DIR to a writable directory"
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


def _connect(file: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write never has to
    # upgrade a read lock (which is where SQLite gives up with "locked" at once).
    conn = sqlite3.connect(file, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


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


class Database:
    """One open learnpath database file."""

    def __init__(
        self, file: Path, conn: sqlite3.Connection, created: bool = False, learner: str = ""
    ) -> None:
        self.file = file
        self.directory = file.parent  # the data directory: stored paths, backups
        self._conn = conn
        self.created = created  # this call made the file: the learner's very first run
        # Whose data this connection reads and writes: every query gets it as :learner
        # unless it names another (as `group` does).
        self.learner = learner

    def as_learner(self, learner: str) -> Database:
        """The same open database, reading and writing as another learner."""
        return Database(self.file, self._conn, self.created, learner)

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        return {"learner": self.learner, **(params or {})}

    @classmethod
    def open(cls, file: Path) -> Database:
        """Open (creating or migrating when needed) the database at ``file``."""
        who = learner()  # a name that cannot be used is refused before anything is opened
        if file.is_dir():
            raise CorruptDatabase(
                f"{file} is a directory, not a database; move it aside and run learnpath again"
            )
        ensure_dir(file.parent)
        created = not file.exists()
        try:
            conn = _connect(file)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            # Reading the schema catches a truncated or damaged file before any write.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as err:
            raise translate(err, file) from None
        if version > SCHEMA_VERSION:
            conn.close()
            raise DatabaseTooNew(
                f"{file} was written by a newer learnpath (schema {version}, this one knows "
                f"up to {SCHEMA_VERSION}); upgrade learnpath. The file was left untouched."
            )
        if version < SCHEMA_VERSION:
            conn.close()
            from learnpath import store  # SQLAlchemy is needed only to create or migrate

            store.prepare(file)
            try:
                conn = _connect(file)
            except sqlite3.Error as err:
                raise translate(err, file) from None
        _use_wal(conn)
        return cls(file, conn, created, who)

    def close(self) -> None:
        self._conn.close()

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> sqlite3.Row | None:
        try:
            return self._conn.execute(sql, self._params(params)).fetchone()
        except sqlite3.Error as err:
            raise translate(err, self.file) from None

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[sqlite3.Row]:
        """Rows one by one, so a long path is never held in memory twice."""
        try:
            cursor = self._conn.execute(sql, self._params(params))
            while batch := cursor.fetchmany(512):
                yield from batch
        except sqlite3.Error as err:
            raise translate(err, self.file) from None

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        """Run one statement (inside ``write``); returns the number of rows changed."""
        return self._conn.execute(sql, self._params(params)).rowcount

    def write(self, work: Callable[[Database], T], commit: bool = True) -> T:
        """Run ``work`` in one write transaction: all of it lands, or none of it.

        With ``commit`` false the transaction is rolled back at the end: a dry run that
        sees exactly what the real one would.

        SQLite's busy timeout covers most waiting; when it still reports busy, the whole
        transaction is retried with a jittered pause until WRITE_RETRY_S have passed.
        """
        deadline = time.monotonic() + WRITE_RETRY_S
        pause = 0.01
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(self)
                    self._conn.execute("COMMIT" if commit else "ROLLBACK")
                    return result
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as err:
                low = str(err).lower()
                if ("locked" in low or "busy" in low) and time.monotonic() < deadline:
                    import random  # only under contention: not worth loading on every call

                    time.sleep(pause * (1 + random.random()))
                    pause = min(pause * 2, 0.25)
                    continue
                raise translate(err, self.file) from None
            except sqlite3.Error as err:
                raise translate(err, self.file) from None
