"""The one contract every database backend keeps, and what they share.

The core speaks to a ``Database`` only: a few ways to read rows, one way to write (a
transaction that lands whole or not at all, retried while another writer is in the
way), and loading a path definition. Each backend turns its own driver's errors into
learnpath's errors, so nothing above this package ever sees a driver exception.
"""

from __future__ import annotations

import copy
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, Self, TypeVar

from learnpath.errors import DatabaseTooNew, LearnpathError

if TYPE_CHECKING:
    from learnpath.pathfile.content import PathContent
    from learnpath.pathfile.definition import PathDef

SCHEMA_VERSION = 8
# What a write changed, for Database.recount.
Recount = Literal["step", "learner", "path"]
# On a server, learnpath's tables live in a schema of their own, apart from whatever
# else shares the database (tables named `event` or `setting`, say).
SERVER_SCHEMA = "learnpath"
# How long one statement waits for another process's lock, and how long a whole
# write transaction keeps retrying while the database still says another is in the way.
BUSY_TIMEOUT_S = 5.0
WRITE_RETRY_S = 15.0

T = TypeVar("T")
Params = Mapping[str, Any]


class Row(Protocol):
    """A result row, read by column name (sqlite3.Row and SQLAlchemy's RowMapping)."""

    def __getitem__(self, key: str, /) -> Any: ...

    def keys(self) -> Collection[str]: ...


@dataclass(slots=True)
class PathSource:
    """Where a path's definition was read from, to tell a changed file cheaply."""

    source: str  # the file's path; empty for a definition that lives in the database alone
    size: int
    mtime_ns: int
    digest: str  # sha256 of the content


def check_version(found: int, where: str, untouched: str = "") -> bool:
    """Whether a database at schema ``found`` needs migrating; DatabaseTooNew when it
    was written by a newer learnpath (then it is left untouched, which ``untouched``
    may say)."""
    if found > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"{where} was written by a newer learnpath (schema {found}, this one knows up "
            f"to {SCHEMA_VERSION}); upgrade learnpath{untouched}"
        )
    return found < SCHEMA_VERSION


# Work done inside a transaction, given the database it runs on.
Work = Callable[["Database"], None]


class Database(ABC):
    """One open learnpath database, local or on a server, as one learner sees it.

    Progress, events, notes and settings belong to a learner: every statement gets
    :learner filled in unless it names another (as `group` does, via ``as_learner``).
    """

    # Whether this is the learner's own file on this machine. A shared database (a
    # server) is the truth about paths: no machine reads a local file that its rows
    # name, since any learner could have named any file.
    local: ClassVar[bool] = True
    # The driver's exception classes, which ``write`` retries or translates.
    driver_errors: ClassVar[tuple[type[Exception], ...]] = ()
    # A statement that starts every load of a path, so that two processes loading the
    # same path at once wait for each other (SQLite's BEGIN IMMEDIATE already does).
    load_lock: ClassVar[str] = ""
    # Whether the learners' counts per section are kept in section_tally (storage.tally,
    # the local database) or counted from the progress rows on every read.
    keeps_counts: ClassVar[bool] = False

    def __init__(self, name: str, directory: Path, learner: str, created: bool) -> None:
        self.name = name  # how messages name it: a file, or a URL without its password
        self.directory = directory  # the data directory: stored paths, backups
        self.learner = learner
        self.created = created  # this call created it: the learner's very first run
        # Opened where nothing may be written (a read-only disk or directory): every
        # read works, a write is refused with a clear line, and nothing tries to write
        # on its own (syncing a changed path file waits for a writable database).
        self.read_only = False
        # Steps whose status changed in the write under way, as (learner, path, step
        # id): their sections are recounted once, when the work is done (``write``).
        # Shared with the copies as_learner makes, which write in the same transaction.
        self._changed_steps: set[tuple[str, str, str]] = set()

    def as_learner(self, learner: str) -> Self:
        """The same open database, reading and writing as another learner."""
        other = copy.copy(self)
        other.learner = learner
        return other

    @property
    def builds_json(self) -> bool:
        """Whether queries.STEPS_JSON runs here (SQLite's json_object)."""
        return False

    def recount(self, path: str, scope: Recount, step_id: str = "") -> None:
        """Bring the per-section counts kept for ``path`` (storage.tally) up to date,
        inside the caller's write: "step" after the status of ``step_id`` changed (its
        section is recounted at the end of the write, once however many of its steps
        changed), "learner" after the learner's progress on the path changed wholesale
        (a merge), "path" after its steps changed (a load, a removal). A backend that
        keeps no counts (a server) has nothing to do."""
        if not self.keeps_counts:
            return
        if scope == "step":
            self._changed_steps.add((self.learner, path, step_id))
            return
        from learnpath.storage import tally

        for statement in tally.RECOUNTS[scope]:
            self.execute(statement, {"path": path})

    def source_text(self, path_id: str) -> Iterator[str]:
        """The YAML an added path was loaded from (nothing for the bundled one), in
        pieces: a backup writes a 100,000-step path's 30 MiB without holding it whole
        where the backend can (SQLite)."""
        from learnpath.storage import queries as q

        row = self.one(q.SOURCE_TEXT, {"path": path_id})
        if row is not None and row["source_text"] is not None:
            yield row["source_text"]

    def params(self, params: Params | None) -> dict[str, Any]:
        return {"learner": self.learner, **(params or {})}

    @abstractmethod
    def one(self, sql: str, params: Params | None = None) -> Row | None:
        """The first row of a query, or None."""

    @abstractmethod
    def rows(self, sql: str, params: Params | None = None) -> Iterator[Row]:
        """Rows one by one, so a long path is never held in memory twice."""

    @abstractmethod
    def execute(self, sql: str, params: Params | None = None) -> int:
        """Run one statement (inside ``write``); the number of rows it changed."""

    @abstractmethod
    def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement (inside ``write``) once per row, the rows taken as they come."""

    @abstractmethod
    def store_source_text(self, path_id: str, text: bytes | None) -> None:
        """Keep an added path's file (UTF-8, no byte-order mark; None for the bundled
        path) with its row, inside the caller's ``write``."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def load_path(
        self,
        path_id: str,
        definition: PathDef | PathContent,
        source: PathSource,
        yaml_text: bytes | None,
        before: Work | None = None,
    ) -> None:
        """Put a validated definition, or a file's content as it is parsed
        (pathfile.content), in place of the path's steps, in one transaction
        (storage.loader.load). ``yaml_text`` is the YAML of an added path (UTF-8, no
        byte-order mark), kept so that it travels with the database. ``before`` runs
        first in the same transaction (an update moving progress to new step ids)."""

    @abstractmethod
    def _transaction(self, work: Callable[[Self], T], commit: bool) -> T:
        """Run ``work`` in one transaction; driver errors escape as they are."""

    @abstractmethod
    def _transient(self, err: Exception) -> bool:
        """Whether ``err`` means another writer was in the way, so a retry may succeed."""

    @abstractmethod
    def translate(self, err: Exception) -> LearnpathError:
        """A driver error as the error a user can act on."""

    def write(self, work: Callable[[Self], T], commit: bool = True) -> T:
        """Run ``work`` in one write transaction: all of it lands, or none of it.

        With ``commit`` false the transaction is rolled back at the end: a dry run that
        sees exactly what the real one would. While the database reports another writer
        in the way, the whole transaction is retried with a jittered pause, for up to
        WRITE_RETRY_S.
        """

        def whole(db: Self) -> T:
            self._changed_steps.clear()  # what a failed attempt noted was rolled back
            result = work(db)
            if self._changed_steps:
                _recount_sections(self, self._changed_steps)
            return result

        try:
            return retry(lambda: self._transaction(whole, commit), self._transient)
        except self.driver_errors as err:
            raise self.translate(err) from None


def _recount_sections(db: Database, changed: set[tuple[str, str, str]]) -> None:
    """Recount, once each, the sections of the steps whose status changed in the write
    under way (Database.recount), and forget them."""
    from learnpath.storage import tally

    sections = set()
    for learner, path, step_id in changed:
        row = db.one(tally.STEP_SECTION, {"path": path, "step_id": step_id})
        if row is not None:  # a step the path no longer has counts nowhere
            sections.add((learner, path, row["section"]))
    for learner, path, section in sorted(sections):
        for statement in tally.RECOUNT_SECTION:
            db.execute(statement, {"learner": learner, "path": path, "section": section})
    changed.clear()


def retry(attempt: Callable[[], T], transient: Callable[[Exception], bool]) -> T:
    """``attempt()``, tried again with a jittered, growing pause while it fails with an
    error ``transient`` accepts (another writer in the way), for up to WRITE_RETRY_S.
    The last error escapes as it is. The one retry loop of every backend."""
    deadline = time.monotonic() + WRITE_RETRY_S
    pause = 0.01
    while True:
        try:
            return attempt()
        except Exception as err:
            if not (transient(err) and time.monotonic() < deadline):
                raise
        import random  # only under contention: not worth loading on every call

        time.sleep(pause * (1 + random.random()))
        pause = min(pause * 2, 0.25)
