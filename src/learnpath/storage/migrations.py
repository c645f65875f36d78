"""Creating the schema, and migrating an older one, on SQLite and on a server.

Migrations are small named steps that keep every row: MIGRATIONS[n] takes a SQLite
database at version n - 1 to version n. A new database is created from the tables in
storage.schema instead. Locally, SQLAlchemy is loaded only for this and for loading a
path (storage.loader); a server's backend uses it throughout.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from learnpath.errors import DatabaseError
from learnpath.storage import base
from learnpath.storage import schema as _schema  # defines the tables
from learnpath.storage.base import SERVER_SCHEMA, check_version

# tests/storage/schema/v<N>.sql holds the schema of each version, so a test can migrate every
# old one and compare it with a new database.
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


# What v2 does after rebuilding the learner tables, in order.
_V2_STATEMENTS = (
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
)


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
    for statement in _V2_STATEMENTS:
        conn.exec_driver_sql(statement)


# v3: events and notes get uids, progress the uid of the event behind it, and every
# time gets microseconds (one fixed width, so times sort as text in order).
_V3_TABLES = {
    "progress": (
        "CREATE TABLE progress (\n\tlearner VARCHAR NOT NULL, \n\tpath_id VARCHAR NOT NULL, "
        "\n\tstep_id VARCHAR NOT NULL, \n\tstatus VARCHAR NOT NULL, \n\tstarted_at VARCHAR, "
        "\n\tcompleted_at VARCHAR, \n\tupdated_at VARCHAR NOT NULL, \n\tupdated_by VARCHAR, "
        "\n\tPRIMARY KEY (learner, path_id, step_id)\n)",
        "learner, path_id, step_id, status, started_at, completed_at, updated_at",
    ),
    "event": (
        "CREATE TABLE event (\n\tid INTEGER NOT NULL, \n\tuid VARCHAR NOT NULL, "
        "\n\tlearner VARCHAR NOT NULL, \n\tpath_id VARCHAR NOT NULL, "
        "\n\tstep_id VARCHAR NOT NULL, \n\taction VARCHAR NOT NULL, \n\tat VARCHAR NOT NULL, "
        "\n\tPRIMARY KEY (id)\n)",
        "id, learner, path_id, step_id, action, at",
    ),
    "note": (
        "CREATE TABLE note (\n\tid INTEGER NOT NULL, \n\tuid VARCHAR NOT NULL, "
        "\n\tlearner VARCHAR NOT NULL, \n\tpath_id VARCHAR NOT NULL, "
        "\n\tstep_id VARCHAR NOT NULL, \n\ttext VARCHAR NOT NULL, \n\tat VARCHAR NOT NULL, "
        "\n\tcleared_at VARCHAR, \n\tPRIMARY KEY (id)\n)",
        "id, learner, path_id, step_id, text, at, cleared_at",
    ),
}
_V3_INDEXES = (
    "CREATE INDEX ix_event_learner_path_at ON event (learner, path_id, at)",
    "CREATE INDEX ix_event_learner_path_action_at ON event (learner, path_id, action, at)",
    "CREATE INDEX ix_note_step ON note (learner, path_id, step_id)",
)
_V3_TIMES = {
    "progress": ("started_at", "completed_at", "updated_at"),
    "event": ("at",),
    "note": ("at", "cleared_at"),
    "path": ("synced_at",),
}


def _v3(conn: Connection) -> None:
    """Uids for events and notes, the event behind each status, microsecond times.

    SQLite cannot add a NOT NULL column in place, so the three tables are rebuilt around
    their rows (uids filled in after, from each row's content), as v2 did.
    """
    for table, (ddl, columns) in _V3_TABLES.items():
        conn.exec_driver_sql(f"ALTER TABLE {table} RENAME TO {table}_v2")
        conn.exec_driver_sql(ddl)
        uid = ", uid" if table != "progress" else ""
        placeholder = ", ''" if table != "progress" else ""
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({columns}{uid}) SELECT {columns}{placeholder} FROM {table}_v2"
        )
        conn.exec_driver_sql(f"DROP TABLE {table}_v2")
    for statement in _V3_INDEXES:
        conn.exec_driver_sql(statement)
    _v3_content(conn)


def _v3_server(conn: Connection) -> None:
    """The same as _v3 on a server, where columns can be added in place."""
    conn.exec_driver_sql("ALTER TABLE progress ADD COLUMN updated_by VARCHAR")
    for table in ("event", "note"):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN uid VARCHAR NOT NULL DEFAULT ''")
        conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN uid DROP DEFAULT")
    _v3_content(conn)


def _v3_content(conn: Connection) -> None:
    """Times to microseconds, and a uid from its content for every event and note."""
    from learnpath.ids import LegacyUids

    for table, columns in _V3_TIMES.items():
        for column in columns:
            conn.exec_driver_sql(
                f"UPDATE {table} SET {column} = substr({column}, 1, 19) || '.000000Z' "
                f"WHERE length({column}) = 20"
            )
    for table, fields in (("event", "action, at"), ("note", "text, at")):
        uids = LegacyUids()
        rows = conn.exec_driver_sql(
            f"SELECT id, learner, path_id, step_id, {fields} FROM {table} ORDER BY id"
        ).all()
        updates = [{"id": row[0], "uid": uids(table, *row[1:])} for row in rows]
        if updates:
            conn.execute(text(f"UPDATE {table} SET uid = :uid WHERE id = :id"), updates)
    conn.exec_driver_sql("CREATE UNIQUE INDEX ix_event_uid ON event (learner, uid)")
    conn.exec_driver_sql("CREATE UNIQUE INDEX ix_note_uid ON note (learner, uid)")


_V4_TABLE = (
    "CREATE TABLE step_text (\n\tpath_id VARCHAR NOT NULL, \n\tstep_id VARCHAR NOT NULL, "
    "\n\ttitle VARCHAR NOT NULL, \n\tdescription VARCHAR NOT NULL, "
    "\n\ttype VARCHAR NOT NULL, \n\tPRIMARY KEY (path_id, step_id)\n)"
)


def _v4(conn: Connection) -> None:
    """Every step's text as search reads it (schema.StepTextRow), filled in from the
    steps there are; the same on SQLite and on a server."""
    from learnpath.storage.loader import search_rows

    conn.exec_driver_sql(_V4_TABLE)
    columns = ("path_id", "step_id", "number", "title", "description", "type")
    result = conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM step")
    insert = text(
        "INSERT INTO step_text (path_id, step_id, title, description, type) "
        "VALUES (:path_id, :step_id, :title, :description, :type)"
    )
    while batch := result.fetchmany(5000):
        rows = [dict(zip(columns, row, strict=True)) for row in batch]
        folded = search_rows(rows)
        conn.execute(insert, [next(folded) | {"step_id": row["step_id"]} for row in rows])


_V5_TABLE = (
    "CREATE TABLE step_text (\n\tpath_id VARCHAR NOT NULL, \n\tnumber INTEGER NOT NULL, "
    "\n\ttitle VARCHAR NOT NULL, \n\tdescription VARCHAR NOT NULL, "
    "\n\ttype VARCHAR NOT NULL, \n\tPRIMARY KEY (path_id, number)\n)"
)


def _v5(conn: Connection) -> None:
    """step_text keyed by step number, in that order on SQLite (schema.StepTextRow).
    The folded texts are copied as they are, through a temporary table, so the new
    table is created under its own name with its own key on both backends."""
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE step_text_v5 AS "
        "SELECT t.path_id, s.number, t.title, t.description, t.type "
        "FROM step_text AS t JOIN step AS s ON s.path_id = t.path_id AND s.step_id = t.step_id"
    )
    conn.exec_driver_sql("DROP TABLE step_text")
    # As SQLAlchemy writes it for the table (sqlite_with_rowid), byte for byte: the
    # schema of a migrated file is the schema of a new one.
    sqlite = conn.dialect.name == "sqlite"
    conn.exec_driver_sql(_V5_TABLE + ("\n WITHOUT ROWID\n\n" if sqlite else ""))
    conn.exec_driver_sql(
        "INSERT INTO step_text (path_id, number, title, description, type) "
        "SELECT path_id, number, title, description, type FROM step_text_v5"
    )
    conn.exec_driver_sql("DROP TABLE step_text_v5")


def _v6(conn: Connection) -> None:
    """Where added paths come from (schema.PathOriginRow): a new, empty table, as the
    tables create it; paths added before have no origin until they are added again."""
    from learnpath.storage.schema import PathOriginRow

    PathOriginRow.__table__.create(conn)  # type: ignore[attr-defined]  # SQLModel's table


def _v7(conn: Connection) -> None:
    """What link checks found (schema.LinkCheckRow): a new, empty table."""
    from learnpath.storage.schema import LinkCheckRow

    LinkCheckRow.__table__.create(conn)  # type: ignore[attr-defined]  # SQLModel's table


def _v8(conn: Connection) -> None:
    """Per-section counts kept in the local database (storage.tally): the table, and
    every learner's counts on every path, from their progress rows."""
    from learnpath.storage import tally

    conn.exec_driver_sql(tally.CREATE)
    for (path,) in conn.exec_driver_sql("SELECT id FROM path").all():
        conn.execute(text(tally.COUNT_PATH), {"path": path})


def _v8_server(conn: Connection) -> None:
    """Nothing: a server keeps no counts (storage.tally says why)."""


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
    8: _v8,
}
# A server's schema starts at version 2, the first that knew servers.
SERVER_MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    3: _v3_server,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
    8: _v8_server,
}


def server_engine(connect: Callable[[], Any]) -> Engine:
    """An engine on a server whose connections ``connect`` makes (psycopg's, with
    learnpath's options), to create or migrate the schema."""
    return create_engine("postgresql+psycopg://", creator=connect, poolclass=NullPool)


def engine_for(file: Path) -> Engine:
    """An engine on ``file`` whose transactions start with BEGIN IMMEDIATE."""
    engine = create_engine(
        f"sqlite:///{file}", poolclass=NullPool, connect_args={"timeout": base.BUSY_TIMEOUT_S}
    )

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def prepare_file(file: Path) -> None:
    """Bring the SQLite database at ``file`` (of an older schema version) to the current
    schema. A new file is created by storage.sqlite, from storage.ddl.

    Either lands whole or not at all, after a copy of the old file is written beside it
    (``NAME.bak-v<N>``). Driver errors escape as SQLAlchemy's DBAPIError.
    """
    engine = engine_for(file)
    try:
        with engine.begin() as conn:
            version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            if not check_version(version, str(file), ". The file was left untouched."):
                return  # another process got here first
            _backup(file, version)
            for target in range(version + 1, base.SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {base.SCHEMA_VERSION}")
    finally:
        engine.dispose()


def _backup(file: Path, version: int) -> None:
    """Copy the database aside before a migration touches it.

    The copy is made in a new file and renamed into place, so that whatever an earlier,
    interrupted migration left under that name (half a copy, garbage) cannot stop it.
    """
    target = file.with_name(f"{file.name}.bak-v{version}")
    fresh = file.with_name(f".{file.name}.bak-v{version}.{os.getpid()}")
    fresh.unlink(missing_ok=True)
    src = sqlite3.connect(file)
    dst = sqlite3.connect(fresh)
    try:
        src.backup(dst)
    except BaseException:
        dst.close()
        fresh.unlink(missing_ok=True)
        raise
    finally:
        dst.close()
        src.close()
    os.replace(fresh, target)


def _move_from_public(conn: Connection) -> None:
    """Move an installation made before learnpath had a schema of its own out of
    `public`, table by table (indexes and rows go with them)."""
    old = conn.execute(text("SELECT to_regclass('public.learnpath_meta') IS NOT NULL"))
    new = conn.execute(text(f"SELECT to_regclass('{SERVER_SCHEMA}.learnpath_meta') IS NOT NULL"))
    if not old.scalar() or new.scalar():
        return
    for table in SQLModel.metadata.tables:
        if conn.execute(text(f"SELECT to_regclass('public.{table}') IS NOT NULL")).scalar():
            conn.execute(text(f"ALTER TABLE public.{table} SET SCHEMA {SERVER_SCHEMA}"))


def prepare_server(conn: Connection, where: str) -> bool:
    """Create the schema on a server on first use, or migrate it; whether it was created.

    The schema version lives in the table learnpath_meta (PRAGMA user_version is
    SQLite's alone). This runs under an advisory lock, so that learners starting at the
    same moment do not both create it.
    """
    conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SERVER_SCHEMA}"))
    _move_from_public(conn)
    exists = conn.execute(text(f"SELECT to_regclass('{SERVER_SCHEMA}.learnpath_meta') IS NOT NULL"))
    if not exists.scalar():
        tables = SQLModel.metadata.tables
        SQLModel.metadata.create_all(
            conn, [t for name, t in tables.items() if name not in _schema.LOCAL_ONLY]
        )
        conn.execute(
            text("INSERT INTO learnpath_meta (key, value) VALUES ('schema', :v)"),
            {"v": str(base.SCHEMA_VERSION)},
        )
        return True
    found = conn.execute(text("SELECT value FROM learnpath_meta WHERE key = 'schema'")).all()
    if len(found) != 1 or not str(found[0][0]).isdigit():
        shown = repr(found[0][0])[:20] if found else "none"
        raise DatabaseError(
            f"{where}: learnpath's table learnpath_meta is damaged (its schema version is "
            f"{shown}); it was left untouched: restore the database from a backup"
        )
    version = int(found[0][0])
    if check_version(version, where):
        for target in range(version + 1, base.SCHEMA_VERSION + 1):
            SERVER_MIGRATIONS[target](conn)
        conn.execute(
            text("UPDATE learnpath_meta SET value = :v WHERE key = 'schema'"),
            {"v": str(base.SCHEMA_VERSION)},
        )
    return False
