"""The schema, defined once as SQLModel tables, and the writes that need it.

Creating a database, migrating an older one and loading a path file into it happen
here, through SQLAlchemy. The everyday commands never import this module; they read
and write through db.py with the queries in queries.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Connection, Engine, Index, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import Field, SQLModel

from learnpath.db import BUSY_TIMEOUT_S, SCHEMA_VERSION, translate, utc_now
from learnpath.errors import DatabaseError, DatabaseTooNew

if TYPE_CHECKING:
    from learnpath.catalog import PathDef


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


class EventRow(SQLModel, table=True):
    """Every change of status, for history and streaks."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_learner_path_at", "learner", "path_id", "at"),
        # (v2) Streaks count the done events of one path from this index alone.
        Index("ix_event_learner_path_action_at", "learner", "path_id", "action", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner: str
    path_id: str
    step_id: str
    action: str  # started | done | skipped | undone
    at: str


class NoteRow(SQLModel, table=True):
    """A learner's note on a step (v2). Cleared notes stay as tombstones, so that
    merging an older backup cannot bring them back."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_step", "learner", "path_id", "step_id"),)

    id: int | None = Field(default=None, primary_key=True)
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


# Upgrades from one schema version to the next: MIGRATIONS[n] takes a database at
# version n - 1 to version n. Each is explicit DDL that keeps every row; a new database
# is created from the tables above instead. tests/schema/v<N>.sql holds the schema of
# each version, so a test can migrate every old one and compare with the tables.
_V2_TABLES = {
    "progress": (
        "CREATE TABLE progress (\n\tlearner VARCHAR NOT NULL, \n\tpath_id VARCHAR NOT NULL, "
        "\n\tstep_id VARCHAR NOT NULL, \n\tstatus VARCHAR NOT NULL, \n\tstarted_at VARCHAR, "
        "\n\tcompleted_at VARCHAR, \n\tupdated_at VARCHAR NOT NULL, "
        "\n\tPRIMARY KEY (learner, path_id, step_id)\n)",
        "path_id, step_id, status, started_at, completed_at, updated_at",
    ),
    "event": (
        "CREATE TABLE event (\n\tid INTEGER NOT NULL, \n\tlearner VARCHAR NOT NULL, "
        "\n\tpath_id VARCHAR NOT NULL, \n\tstep_id VARCHAR NOT NULL, "
        "\n\taction VARCHAR NOT NULL, \n\tat VARCHAR NOT NULL, \n\tPRIMARY KEY (id)\n)",
        "id, path_id, step_id, action, at",
    ),
    "setting": (
        'CREATE TABLE setting (\n\tlearner VARCHAR NOT NULL, \n\t"key" VARCHAR NOT NULL, '
        '\n\tvalue VARCHAR NOT NULL, \n\tPRIMARY KEY (learner, "key")\n)',
        '"key", value',
    ),
}


def _v2(conn: Connection) -> None:
    """Learners; notes on steps; per-section counts kept with the sections; indexes for
    long paths.

    Rows are copied, never dropped: the progress, history and settings already there
    become the current learner's. SQLite cannot add key or NOT NULL columns in place,
    so those tables are rebuilt around their rows. The DDL text matches what create_all
    writes, so that migrated and new databases have the same schema (tests compare).
    """
    from learnpath.config import learner

    who = learner()
    for table, (ddl, columns) in _V2_TABLES.items():
        conn.exec_driver_sql(f"ALTER TABLE {table} RENAME TO {table}_v1")
        conn.exec_driver_sql(ddl)
        conn.exec_driver_sql(
            f"INSERT INTO {table} (learner, {columns}) SELECT ?, {columns} FROM {table}_v1",
            (who,),
        )
        conn.exec_driver_sql(f"DROP TABLE {table}_v1")
    for ddl in (
        "ALTER TABLE path RENAME TO path_v1",
        "CREATE TABLE path (\n\tid VARCHAR NOT NULL, \n\ttitle VARCHAR NOT NULL, "
        "\n\tlanguage VARCHAR, \n\tdescription VARCHAR, \n\toverview VARCHAR, "
        "\n\tprerequisites VARCHAR NOT NULL, \n\tversion INTEGER, "
        "\n\tstep_count INTEGER NOT NULL, \n\tsource VARCHAR, \n\tsource_size BIGINT, "
        "\n\tsource_mtime_ns BIGINT, \n\tsource_hash VARCHAR, \n\tsynced_at VARCHAR NOT NULL, "
        "\n\tsource_text VARCHAR, \n\tPRIMARY KEY (id)\n)",
        # The stored copies' text comes in when each is next loaded: the hash is cleared.
        "INSERT INTO path SELECT *, NULL FROM path_v1",
        "UPDATE path SET source_hash = NULL, source_size = NULL WHERE id <> 'transformers'",
        "DROP TABLE path_v1",
        'CREATE TABLE learnpath_meta (\n\t"key" VARCHAR NOT NULL, \n\tvalue VARCHAR NOT NULL, '
        '\n\tPRIMARY KEY ("key")\n)',
        "CREATE INDEX ix_event_learner_path_at ON event (learner, path_id, at)",
        "CREATE INDEX ix_event_learner_path_action_at ON event (learner, path_id, action, at)",
        "CREATE TABLE note (\n\tid INTEGER NOT NULL, \n\tlearner VARCHAR NOT NULL, "
        "\n\tpath_id VARCHAR NOT NULL, \n\tstep_id VARCHAR NOT NULL, \n\ttext VARCHAR NOT NULL, "
        "\n\tat VARCHAR NOT NULL, \n\tcleared_at VARCHAR, \n\tPRIMARY KEY (id)\n)",
        "CREATE INDEX ix_note_step ON note (learner, path_id, step_id)",
        "CREATE INDEX ix_step_section ON step (path_id, section, minutes)",
        "ALTER TABLE section RENAME TO section_v1",
        "CREATE TABLE section (\n\tpath_id VARCHAR NOT NULL, \n\tposition INTEGER NOT NULL, "
        "\n\ttitle VARCHAR NOT NULL, \n\tdescription VARCHAR, \n\tstep_count INTEGER NOT NULL, "
        "\n\ttimed INTEGER NOT NULL, \n\tminutes INTEGER NOT NULL, "
        "\n\tPRIMARY KEY (path_id, position)\n)",
        """INSERT INTO section (path_id, position, title, description, step_count, timed, minutes)
        SELECT o.path_id, o.position, o.title, o.description,
               (SELECT COUNT(*) FROM step AS s
                WHERE s.path_id = o.path_id AND s.section = o.position),
               (SELECT COUNT(s.minutes) FROM step AS s
                WHERE s.path_id = o.path_id AND s.section = o.position),
               (SELECT COALESCE(SUM(s.minutes), 0) FROM step AS s
                WHERE s.path_id = o.path_id AND s.section = o.position)
        FROM section_v1 AS o""",
        "DROP TABLE section_v1",
    ):
        conn.exec_driver_sql(ddl)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _v2}
# A server's schema starts at version 2, the first that knew servers.
SERVER_MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def engine_for(file: Path) -> Engine:
    """An engine on ``file`` whose transactions start with BEGIN IMMEDIATE."""
    engine = create_engine(
        f"sqlite:///{file}", poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_S}
    )

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def prepare(file: Path) -> None:
    """Bring the database at ``file`` to SCHEMA_VERSION: create it, or migrate it."""
    engine = engine_for(file)
    try:
        with engine.begin() as conn:
            version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            if version == SCHEMA_VERSION:
                return  # another process got here first
            if version > SCHEMA_VERSION:
                raise DatabaseTooNew(
                    f"{file} was written by a newer learnpath (schema {version}); "
                    "upgrade learnpath. The file was left untouched."
                )
            if version == 0:
                tables = conn.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                ).scalar()
                if tables:
                    raise DatabaseError(
                        f"{file} is an SQLite database, but not learnpath's; it was left "
                        "untouched: move it aside or set LEARNPATH_DATA_DIR elsewhere"
                    )
                SQLModel.metadata.create_all(conn)
            else:
                _backup(file, version)
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[target](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except DBAPIError as err:
        raise translate(err.orig or err, file) from None
    finally:
        engine.dispose()


def _backup(file: Path, version: int) -> None:
    """Copy the database aside before a migration touches it."""
    target = file.with_name(f"{file.name}.bak-v{version}")
    src = sqlite3.connect(file)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def sync_path(
    db: Any,
    path_id: str,
    path: PathDef,
    *,
    source: str,
    size: int,
    mtime_ns: int,
    digest: str,
    source_text: str | None = None,
) -> None:
    """Load a validated path into the database in one transaction.

    Steps and sections are replaced wholesale and renumbered; progress and events are
    keyed by step id and are not touched, so moved steps keep their progress and
    removed ones keep their history for when they come back.
    """
    now = utc_now()
    sections = [
        {
            "path_id": path_id,
            "position": i,
            "title": s.title,
            "description": s.description,
            "step_count": len(s.steps),
            "timed": sum(1 for step in s.steps if step.minutes is not None),
            "minutes": sum(step.minutes or 0 for step in s.steps),
        }
        for i, s in enumerate(path.sections)
    ]
    steps = [
        {
            "path_id": path_id,
            "step_id": step.id,
            "number": number,
            "section": section,
            "title": step.title,
            "type": step.type,
            "url": step.url,
            "description": step.description,
            "minutes": step.minutes,
        }
        for number, (section, step) in enumerate(path.steps(), start=1)
    ]
    path_values = {
        "title": path.title,
        "language": path.language,
        "description": path.description,
        "overview": path.overview,
        "prerequisites": json.dumps(
            [{"title": p.title, "description": p.description} for p in path.prerequisites],
            ensure_ascii=False,
        ),
        "version": path.version,
        "step_count": len(steps),
        "source": source,
        "source_size": size,
        "source_mtime_ns": mtime_ns,
        "source_hash": digest,
        "synced_at": now,
        "source_text": source_text,
    }
    path_t = PathRow.__table__
    section_t = SectionRow.__table__
    step_t = StepRow.__table__
    # A server's engine is the open one; a local file gets its own for this one load.
    server = hasattr(db, "engine")
    engine = db.engine if server else engine_for(db.file)
    try:
        with engine.begin() as conn:
            if server:
                # Learners starting at the same moment would each insert the path; on a
                # server one waits for the other here (SQLite's BEGIN IMMEDIATE does this).
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242002)")
            updated = conn.execute(
                path_t.update().where(path_t.c.id == path_id).values(**path_values)
            ).rowcount
            if not updated:
                conn.execute(path_t.insert().values(id=path_id, **path_values))
            conn.execute(section_t.delete().where(section_t.c.path_id == path_id))
            conn.execute(step_t.delete().where(step_t.c.path_id == path_id))
            if sections:
                conn.execute(section_t.insert(), sections)
            if steps:
                conn.execute(step_t.insert(), steps)
    except DBAPIError as err:
        if server:
            from learnpath.server import translate as server_error

            raise server_error(err, engine.url) from None
        raise translate(err.orig or err, db.file) from None
    finally:
        if not server:
            engine.dispose()
