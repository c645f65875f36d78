"""Faults of the machine around learnpath (issue 12): odd encodings and time zones,
copies from places that hold nothing, what an interrupted migration left behind."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from learnpath.storage import base

from ..conftest import console_script, script_env


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_any_output_encoding_prints_what_it_can_after_saving(cli, data_dir, encoding):
    env = script_env(data_dir, PYTHONIOENCODING=encoding)
    for args in (["done", "2"], ["list"], ["show", "4"], ["progress"], ["log"], []):
        # Bytes in that encoding, with what it cannot show replaced.
        result = subprocess.run([console_script(), *args], env=env, capture_output=True)
        assert result.returncode == 0, (args, result.stderr)
        assert b"Traceback" not in result.stderr
        result.stdout.decode(encoding)
    assert json.loads(cli("show", "2", "--json").stdout)["status"] == "done"


def test_a_c_locale_works(cli):
    result = cli("list", env={"LC_ALL": "C", "LANG": "C"})
    assert result.returncode == 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("tz", ["UTC+25", "Mars/Olympus", "", ":/nonexistent"])
def test_an_unusable_time_zone_falls_back_to_utc(cli, tz):
    cli("done", "1")
    env = {"TZ": tz}
    for args in (["log"], ["progress"], ["show", "1"], ["log", "--since", "2026-01-01"], []):
        result = cli(*args, env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "unknown" not in result.stdout, args
    assert "Streak: 1 day" in cli("progress", env=env).stdout


def test_copy_from_a_file_that_does_not_exist_creates_nothing(run, tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    result = run("copy", "--from", str(missing))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite:///file::memory:?cache=shared"])
def test_an_in_memory_database_is_refused(run, url):
    for direction in ("--from", "--to"):
        result = run("copy", direction, url)
        assert result.exit_code == 1 and "in-memory database" in result.stderr


def test_a_source_with_only_other_learners_says_so(run, tmp_path):
    other = tmp_path / "theirs"
    env = {"LEARNPATH_DATA_DIR": str(other), "LEARNPATH_LEARNER": "alice"}
    assert run("done", "1", env=env).exit_code == 0
    result = run("copy", "--from", str(other / "learnpath.db"))
    assert result.exit_code == 1
    assert "only for other learners (alice)" in result.stderr


def test_a_garbage_backup_left_by_a_migration_does_not_block_the_next(run, db_file, monkeypatch):
    assert run("done", "1").exit_code == 0
    old = base.SCHEMA_VERSION
    with sqlite3.connect(db_file) as conn:
        conn.execute(f"PRAGMA user_version = {old - 1}")  # as if not yet migrated
    leftover = db_file.with_name(f"learnpath.db.bak-v{old - 1}")
    leftover.write_bytes(b"garbage from an interrupted copy" * 100)
    # The current migration would find its tables there already: stage an empty one.
    from learnpath.storage import migrations

    monkeypatch.setitem(migrations.MIGRATIONS, old, lambda conn: None)
    result = run("list")
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(leftover) as conn:  # a real copy now
        assert conn.execute("SELECT count(*) FROM progress").fetchone()[0] == 1
    assert not list(Path(db_file.parent).glob(".learnpath.db.bak-*"))
