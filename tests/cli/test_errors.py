"""Everything a user can get wrong: one clear line, the right exit code, nothing changed."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3

import pytest

from learnpath.storage import base

BAD_REFS = [
    ("0", "Error: there is no step 0; the steps are numbered 1 to 10\n"),
    ("11", "Error: there is no step 11; the steps are numbered 1 to 10\n"),
    ("-1", "Error: '-1' is not a step number; the steps are numbered 1 to 10\n"),
    ("2.5", "Error: '2.5' is not a step number; the steps are numbered 1 to 10\n"),
    ("", "Error: the step reference is empty; give a step number or id\n"),
    ("  ", "Error: the step reference is empty; give a step number or id\n"),
    (
        "x" * 5000,
        "Error: a step reference of 5000 characters is too long; give a step number or id\n",
    ),
    (
        "1; DROP TABLE progress; --",
        "Error: no step has the id '1; DROP TABLE progress; --'; "
        "'learnpath list --json' shows every step's number and id\n",
    ),
    (
        "unknown-step",
        "Error: no step has the id 'unknown-step'; 'learnpath list --json' shows every "
        "step's number and id\n",
    ),
    (
        "\x1b[31mred",
        "Error: no step has the id '[31mred'; 'learnpath list --json' shows every "
        "step's number and id\n",
    ),
]


@pytest.mark.parametrize(("ref", "message"), BAD_REFS)
@pytest.mark.parametrize("command", ["done", "undo", "show", "open"])
def test_bad_step_reference(run, db_file, command, ref, message):
    run("list")  # create the database first, so we can see that nothing changes
    before = _rows(db_file)
    result = run(command, ref)
    assert result.exit_code == 1
    assert result.stderr == message
    assert result.stdout == ""
    assert _rows(db_file) == before


def test_unknown_id_suggests_a_close_one(run):
    result = run("show", "illustrated")
    assert result.exit_code == 1
    assert "did you mean 'illustrated-transformer'?" in result.stderr


def _rows(db_file):
    with sqlite3.connect(db_file) as conn:
        return (
            conn.execute("SELECT * FROM progress").fetchall(),
            conn.execute("SELECT * FROM event").fetchall(),
        )


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "content",
    [
        # Seeded, so that every run tries the same bytes.
        random.Random(1).randbytes(8192),
        b"this is plainly not a database\n" * 100,
        b"SQLite format 3\x00" + b"\x10\x00" + random.Random(2).randbytes(200),
    ],
    ids=["random", "text", "bad-header"],
)
def test_corrupt_database_is_reported_and_left_untouched(run, db_file, content):
    db_file.parent.mkdir(parents=True)
    db_file.write_bytes(content)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db_file} is not a usable learnpath database")
    assert "move it aside" in result.stderr
    assert result.stderr.count("\n") == 1
    assert db_file.read_bytes() == content
    assert sorted(p.name for p in db_file.parent.iterdir()) == ["learnpath.db"]


def test_truncated_database_is_reported_and_left_untouched(run, db_file):
    run("done", "1")
    with sqlite3.connect(db_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in ("-wal", "-shm"):
        db_file.with_name(db_file.name + extra).unlink(missing_ok=True)
    data = db_file.read_bytes()
    db_file.write_bytes(data[: len(data) // 3])
    before = _digest(db_file)
    result = run("list")
    assert result.exit_code == 1
    assert "is not a usable learnpath database" in result.stderr
    assert _digest(db_file) == before


def test_directory_in_place_of_the_database(run, db_file):
    db_file.mkdir(parents=True)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {db_file} is a directory, not a database; move it aside and run learnpath again\n"
    )
    assert db_file.is_dir()


def test_foreign_sqlite_database_is_refused(run, db_file):
    db_file.parent.mkdir(parents=True)
    with sqlite3.connect(db_file) as conn:
        conn.execute("CREATE TABLE notes (x)")
    before = _digest(db_file)
    result = run("list")
    assert result.exit_code == 1
    assert "is an SQLite database, but not learnpath's" in result.stderr
    assert _digest(db_file) == before


def test_database_from_a_newer_learnpath_is_refused_untouched(run, db_file):
    run("list")
    with sqlite3.connect(db_file) as conn:
        conn.execute(f"PRAGMA user_version = {base.SCHEMA_VERSION + 1}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(db_file)
    result = run("progress")
    assert result.exit_code == 1
    assert "was written by a newer learnpath" in result.stderr
    assert "upgrade learnpath" in result.stderr
    assert _digest(db_file) == before


def test_data_directory_that_cannot_be_created(run, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    result = run("list", env={"LEARNPATH_DATA_DIR": str(blocker / "sub")})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot create the data directory {blocker / 'sub'}")
    assert "LEARNPATH_DATA_DIR" in result.stderr


def test_data_directory_that_is_a_file(run, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    result = run("list", env={"LEARNPATH_DATA_DIR": str(blocker)})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert str(blocker) in result.stderr


def test_locked_database_gives_a_clear_error(run, db_file, monkeypatch):
    run("list")
    monkeypatch.setattr(base, "BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setattr(base, "WRITE_RETRY_S", 0.3)
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("done", "1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the database {db_file} is busy in another learnpath process; "
        "try again in a moment\n"
    )
    assert json.loads(run("list", "--json").stdout)[0]["status"] == "todo"


def test_unknown_command_is_a_usage_error(run):
    assert run("frobnicate").exit_code == 2


def test_no_traceback_on_the_console_script(cli, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "learnpath.db").write_bytes(b"garbage" * 100)
    result = cli("list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1


def test_pretty_exceptions_never_show_local_variables():
    from learnpath.cli.app import build

    # A crash we did not foresee must not print the values of local variables (paths,
    # file contents) on the learner's screen.
    assert build().pretty_exceptions_show_locals is False
