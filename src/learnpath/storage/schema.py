"""The schema, defined once as SQLModel tables.

Creating a database (storage.migrations) and loading a path (storage.loader) use these
tables through SQLAlchemy; everyday queries (storage.queries) are plain SQL text that a
test runs against a database created from them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel


class PathRow(SQLModel, table=True):
    """A learning path loaded from its file."""

    __tablename__ = "path"

    id: str = Field(primary_key=True)
    title: str
    language: str | None = None
    description: str | None = None
    overview: str | None = None
    # A JSON array of {"title", "description"}: shown whole, never queried.
    prerequisites: str = "[]"
    version: int | None = None
    step_count: int = 0
    source: str | None = None
    # The cheap change check: when size and mtime match, the file is not read at all.
    source_size: int | None = Field(default=None, sa_type=BigInteger)
    source_mtime_ns: int | None = Field(default=None, sa_type=BigInteger)
    source_hash: str | None = None
    synced_at: str
    # (v2) The YAML of an added path, so that it travels with the database (a server's
    # learners, backups, copies). Null for the bundled path, which every release has.
    # SQLite holds it as a BLOB of UTF-8 since learnpath writes it in pieces
    # (Database.store_source_text); rows written before hold TEXT. Both read the same.
    source_text: str | None = None


class SectionRow(SQLModel, table=True):
    """A section of a path, in path order."""

    __tablename__ = "section"

    path_id: str = Field(primary_key=True)
    position: int = Field(primary_key=True)
    title: str
    description: str | None = None
    # Counted when the path is loaded (v2), so that `progress` never counts 100,000 steps.
    step_count: int = 0
    timed: int = 0  # steps whose length is known
    minutes: int = 0  # their total length


class StepRow(SQLModel, table=True):
    """A step as the path file has it now; rows are replaced on every sync."""

    __tablename__ = "step"
    __table_args__ = (
        Index("ix_step_number", "path_id", "number", unique=True),
        # A covering index (v2): per-section counts are read from the index alone, so
        # a 100,000-step path does not have its wide rows (descriptions) read.
        Index("ix_step_section", "path_id", "section", "minutes"),
    )

    path_id: str = Field(primary_key=True)
    step_id: str = Field(primary_key=True)
    # Positions 1..N across sections, recomputed whenever the path changes.
    number: int
    section: int
    title: str
    type: str | None = None
    url: str | None = None
    description: str | None = None
    minutes: int | None = None


class StepTextRow(SQLModel, table=True):
    """(v4) A step's text as search reads it (text.search_text: folded, and with umlauts
    written out), kept beside the step so that searching 100,000 steps is one scan in
    SQL instead of folding every text in Python on every search. Written with the step.

    (v5) Keyed by step number, and on SQLite stored in that order (WITHOUT ROWID): the
    scan meets the steps in the order they are shown, so the first screen of hits comes
    without sorting every hit, and each hit finds its step by the number's index.
    """

    __tablename__ = "step_text"
    __table_args__ = {"sqlite_with_rowid": False}

    path_id: str = Field(primary_key=True)
    number: int = Field(primary_key=True)
    title: str
    description: str
    type: str


class SectionTallyRow(SQLModel, table=True):
    """(v8) A learner's counts in one section of a path, as the progress rows give them
    (storage.tally): kept in the local database only, and recounted by every write that
    changes them, so that `list` and `progress` read a row per section instead of every
    done step. A server counts on every read (LOCAL_ONLY)."""

    __tablename__ = "section_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    learner: str = Field(primary_key=True)
    path_id: str = Field(primary_key=True)
    section: int = Field(primary_key=True)
    done: int
    skipped: int
    started: int
    minutes_done: int
    minutes_handled: int


# Tables a server does not create (prepare_server).
LOCAL_ONLY = ("section_tally",)


class ProgressRow(SQLModel, table=True):
    """A learner's status of one step, keyed by step id so it survives any reordering.

    Rows are never deleted when a step leaves the path: a step that comes back finds
    its history.
    """

    __tablename__ = "progress"

    # (v2) Whose progress: $LEARNPATH_LEARNER, or the login name.
    learner: str = Field(primary_key=True)
    path_id: str = Field(primary_key=True)
    step_id: str = Field(primary_key=True)
    status: str = "todo"  # todo | started | done | skipped
    started_at: str | None = None
    completed_at: str | None = None
    updated_at: str
    # (v3) The uid of the event that set this status. With updated_at it orders any two
    # versions of the row the same way on every machine, so merges converge.
    updated_by: str | None = None


class EventRow(SQLModel, table=True):
    """Every change of status, for history and streaks."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_learner_path_at", "learner", "path_id", "at"),
        # (v2) Streaks count the done events of one path from this index alone.
        Index("ix_event_learner_path_action_at", "learner", "path_id", "action", "at"),
        Index("ix_event_uid", "learner", "uid", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    # (v3) Names this event everywhere it is copied, so that merging adds it once and
    # two events alike in every other way stay two.
    uid: str
    learner: str
    path_id: str
    step_id: str
    action: str  # started | done | skipped | undone | noted
    at: str


class NoteRow(SQLModel, table=True):
    """A learner's note on a step (v2). Cleared notes stay as tombstones, so that
    merging an older backup cannot bring them back."""

    __tablename__ = "note"
    __table_args__ = (
        Index("ix_note_step", "learner", "path_id", "step_id"),
        Index("ix_note_uid", "learner", "uid", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str  # (v3) as an event's: one note, wherever it is copied
    learner: str
    path_id: str
    step_id: str
    text: str
    at: str
    cleared_at: str | None = None


class MetaRow(SQLModel, table=True):
    """Facts about the database itself; on a server, its schema version (SQLite keeps
    that in PRAGMA user_version)."""

    __tablename__ = "learnpath_meta"

    key: str = Field(primary_key=True)
    value: str


class SettingRow(SQLModel, table=True):
    """A learner's small named settings, such as the active path."""

    __tablename__ = "setting"

    learner: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    value: str


class PathOriginRow(SQLModel, table=True):
    """(v6) Where an added path comes from, to read it again (`learnpath update`): a
    URL or a local file, with what the server said about the copy last read (its ETag
    and Last-Modified, sent back to ask whether it changed) and the hash of that copy."""

    __tablename__ = "path_origin"

    path_id: str = Field(primary_key=True)
    origin: str
    etag: str | None = None
    modified: str | None = None
    digest: str
    read_at: str


class LinkCheckRow(SQLModel, table=True):
    """(v7) What `check --links` last found at each step's URL on an added path: `list`
    marks a broken one, `show` says what was found and when. Nothing is changed or
    removed because of it."""

    __tablename__ = "link_check"

    path_id: str = Field(primary_key=True)
    step_id: str = Field(primary_key=True)
    url: str
    status: str  # ok, redirected, broken, unknown, unreachable
    http_status: int | None = None
    final_url: str | None = None
    detail: str | None = None
    checked_at: str
