"""The schema: created from the SQLModel tables, versioned, and every everyday query fits it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpath.model import json_text
from learnpath.storage import learners, migrations, queries, sources, tally
from learnpath.storage.base import SCHEMA_VERSION
from learnpath.storage.sqlite import SqliteDatabase

from ..conftest import SCHEMAS

SCHEMA_DIR = SCHEMAS


def schema_of(file: Path) -> str:
    with sqlite3.connect(file) as conn:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY type DESC, name"
        ).fetchall()
    return "".join(f"{sql};\n" for (sql,) in rows)


def test_new_database_matches_the_schema_snapshot(db_file):
    """A schema change must come with a new version, a migration and a new snapshot."""
    SqliteDatabase.open(db_file).close()
    snapshot = SCHEMA_DIR / f"v{SCHEMA_VERSION}.sql"
    assert schema_of(db_file) == snapshot.read_text(encoding="utf-8")
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_sqlmodel_tables_create_the_schema_a_new_file_gets(tmp_path, db_file):
    """A new file is made from storage.ddl, without SQLAlchemy; the models (which create
    a server's schema and drive the migrations) must say the same to the character."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from learnpath.storage import schema  # noqa: F401 - the tables, registered

    engine = create_engine(f"sqlite:///{tmp_path / 'models.db'}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    SqliteDatabase.open(db_file).close()
    assert schema_of(tmp_path / "models.db") == schema_of(db_file)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_old_schema_migrates_to_the_current_one(tmp_path, db_file, version):
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript((SCHEMA_DIR / f"v{version}.sql").read_text(encoding="utf-8"))
        conn.execute(f"PRAGMA user_version = {version}")
        learner = ("learner",) if version >= 2 else ()
        conn.execute(
            f"INSERT INTO progress ({''.join(c + ', ' for c in learner)}path_id, step_id, "
            "status, started_at, completed_at, updated_at) "
            f"VALUES ({''.join(chr(39) + 'tester' + chr(39) + ', ' for _ in learner)}"
            "'transformers', 'attention', 'done', NULL, "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
        if version == 1:  # v2 keeps per-section counts: the migration must compute them
            conn.execute("INSERT INTO section VALUES ('p', 0, 'S', NULL)")
            conn.executemany(
                "INSERT INTO step VALUES ('p', ?, ?, 0, 'T', NULL, NULL, NULL, ?)",
                [("a", 1, 10), ("b", 2, None), ("c", 3, 5)],
            )
    SqliteDatabase.open(db_file).close()
    SqliteDatabase.open(old).close()
    assert schema_of(old) == schema_of(db_file)
    assert old.with_name(f"old.db.bak-v{version}").exists()
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT step_id, status FROM progress").fetchall() == [
            ("attention", "done")
        ]
        if version == 1:
            counts = "SELECT title, step_count, timed, minutes FROM section"
            assert conn.execute(counts).fetchall() == [("S", 3, 2, 15)]


def _v2_history(file: Path) -> None:
    """A version-2 database whose history has records alike in everything but their row:
    done, undo, done in one second, and the same note twice in one second."""
    with sqlite3.connect(file) as conn:
        conn.executescript((SCHEMA_DIR / "v2.sql").read_text(encoding="utf-8"))
        conn.execute("PRAGMA user_version = 2")
        at = "2026-01-01T10:00:00Z"
        conn.executemany(
            "INSERT INTO event (learner, path_id, step_id, action, at) "
            "VALUES ('me', 'p', 'a', ?, ?)",
            [("done", at), ("undone", at), ("done", at)],
        )
        conn.executemany(
            "INSERT INTO note (learner, path_id, step_id, text, at) "
            "VALUES ('me', 'p', 'a', 'x', ?)",
            [(at,), (at,)],
        )
        conn.execute("INSERT INTO progress VALUES ('me', 'p', 'a', 'done', NULL, ?, ?)", (at, at))


def test_v3_gives_every_old_event_and_note_its_own_uid_and_microseconds(tmp_path):
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    for file in (first, second):
        _v2_history(file)
        SqliteDatabase.open(file).close()
    uids = []
    for file in (first, second):
        with sqlite3.connect(file) as conn:
            events = conn.execute("SELECT uid, action, at FROM event ORDER BY id").fetchall()
            notes = conn.execute("SELECT uid, at FROM note ORDER BY id").fetchall()
            progress = conn.execute("SELECT updated_at, completed_at FROM progress").fetchall()
        assert [(a, at) for _, a, at in events] == [
            ("done", "2026-01-01T10:00:00.000000Z"),
            ("undone", "2026-01-01T10:00:00.000000Z"),
            ("done", "2026-01-01T10:00:00.000000Z"),
        ]
        assert len({u for u, _, _ in events}) == 3 and len({u for u, _ in notes}) == 2
        assert progress == [("2026-01-01T10:00:00.000000Z", "2026-01-01T10:00:00.000000Z")]
        uids.append(([u for u, _, _ in events], [u for u, _ in notes]))
    # The same old history gets the same uids wherever it is migrated.
    assert uids[0] == uids[1]


def test_v4_keeps_every_steps_text_as_search_reads_it(tmp_path):
    old = tmp_path / "v3.db"
    with sqlite3.connect(old) as conn:
        conn.executescript((SCHEMA_DIR / "v3.sql").read_text(encoding="utf-8"))
        conn.execute("PRAGMA user_version = 3")
        conn.execute("INSERT INTO section VALUES ('p', 0, 'S', NULL, 1, 0, 0)")
        conn.execute(
            "INSERT INTO step VALUES ('p', 'a', 1, 0, 'Vorträge', 'Video', NULL, NULL, NULL)"
        )
    SqliteDatabase.open(old).close()
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT * FROM step_text").fetchall() == [
            ("p", 1, "vortrage\nvortraege", "", "video")
        ]


def test_migrations_cover_every_version():
    assert sorted(migrations.MIGRATIONS) == list(range(2, SCHEMA_VERSION + 1))


QUERY_PARAMS = {
    "path": "transformers",
    "number": 1,
    "step_id": "illustrated-transformer",
    "source": "/x.yaml",
    "size": 1,
    "mtime_ns": 2**62,  # nanosecond mtimes need a 64-bit column
    "status": "done",
    "started_at": None,
    "completed_at": "2026-01-01T00:00:00Z",
    "now": "2026-01-01T00:00:00Z",
    "action": "done",
    "key": "active_path",
    "value": "transformers",
    "bundled": "transformers",
    "learner": "tester",
    "first": 1,
    "section": 0,
    "all_paths": 0,
    "since": "",
    "text": "x",
    "pattern": "%trans%",
    "id": 1,
    "cleared_at": None,
    "last": 10,
    "uid": "0123456789abcdef",
    "note_uid": "fedcba9876543210",
    "limit": 5,
    # What loading a path writes (storage.loader), into a path of its own.
    "path_id": "new-path",
    "title": "T",
    "language": "de",
    "description": "",
    "overview": None,
    "prerequisites": "[]",
    "version": 1,
    "step_count": 1,
    "source_size": 2**40,
    "source_mtime_ns": 2**62,
    "source_hash": "ab",
    "synced_at": "2026-01-01T00:00:00.000000Z",
    "source_text": None,
    "position": 0,
    "timed": 0,
    "minutes": 0,
    "type": "",
    "url": None,
    # Where a path comes from (path_origin), and moving a step's progress to a new id.
    "origin": "https://example.org/p.yaml",
    "etag": '"abc"',
    "modified": "Wed, 25 Nov 2026 07:00:00 GMT",
    "digest": "ab",
    "old": "attention",
    "new": "attention-2",
    "checked_url": "https://example.org/a",
    "http_status": 404,
    "final_url": None,
    "detail": None,
}


@pytest.mark.parametrize(
    "name",
    sorted(
        f"{module.__name__.rsplit('.', 1)[-1]}.{n}"
        for module in (queries, learners, sources, tally)
        for n in dir(module)
        if n.isupper()
        and not n.startswith("_")
        and isinstance(getattr(module, n), str)
        # the table itself (storage.ddl), and a part of statements, not one
        and (module, n) not in ((tally, "CREATE"), (queries, "SECTION_COUNTS"))
    ),
)
def test_every_everyday_query_runs_on_the_sqlmodel_schema(run, db_file, name):
    run("list")  # a database created from storage.ddl, loaded by storage.loader
    module, _, constant = name.partition(".")
    modules = {"queries": queries, "learners": learners, "sources": sources, "tally": tally}
    sql = getattr(modules[module], constant)
    params = QUERY_PARAMS | ({"path": "new-path"} if constant.startswith("INSERT_") else {})
    with sqlite3.connect(db_file) as conn:
        cursor = conn.execute(sql, params)
        cursor.fetchall()
        conn.rollback()


def test_everyday_commands_do_not_import_sqlalchemy(cli):
    """Start-up cost: SQLAlchemy and pydantic load only when a path file must be read,
    Rich only when there is something to draw (never for --json), Textual only for
    browse."""
    assert cli("list").returncode == 0  # first run: creates and loads
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from learnpath.cli.app import run\n"
        "run(sys.argv[1:])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'yaml', 'rich',"
        " 'textual') if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    for args in (
        ["list"],
        ["progress"],
        ["next"],
        ["done", "1"],
        ["undo", "1"],
        ["show", "2"],
        ["open", "2", "--no-browser"],
        ["info"],
        ["list", "--json"],
        ["progress", "--json"],
        ["next", "--json"],
        ["show", "2", "--json"],
        ["paths", "--json"],
    ):
        out = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env={**os.environ},
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        expected = "HEAVY=" if "--json" in args else "HEAVY=rich"
        assert out.stdout.rstrip().endswith(expected), (args, out.stdout[-200:])


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(exclude_categories=("Cs",))),
    number=st.integers(-(2**63), 2**63 - 1) | st.none(),
)
def test_sqlites_json_object_writes_what_the_standard_library_writes(text, number):
    """queries.STEPS_JSON has SQLite build each step's JSON (json_object): for any text
    (control characters, quotes, backslashes, any plane) and any integer or null, it
    must be character for character what model.json_text writes."""
    with sqlite3.connect(":memory:") as conn:
        (built,) = conn.execute("SELECT json_object('t', ?, 'n', ?)", (text, number)).fetchone()
    assert built == json_text({"t": text, "n": number})
