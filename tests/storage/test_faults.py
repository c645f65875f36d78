"""Load and faults: many writers at once, processes killed mid-command, migrations.

Every case uses the real console script on a real database file; the figures are kept
small so that the suite stays quick (the closing note of issue 4 has bigger runs).
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from learnpath.storage import base, migrations
from learnpath.storage.sqlite import SqliteDatabase

from ..conftest import console_script, script_env

STEPS = [str(n) for n in range(1, 11)]
# What each event says the status became.
AFTER = {"done": "done", "undone": "todo", "started": "started", "skipped": "skipped"}


def _statuses(db_file: Path) -> dict[str, str]:
    with sqlite3.connect(db_file) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'step'").fetchone():
            return {}  # killed before the first run had created the schema
        rows = conn.execute(
            "SELECT s.step_id, coalesce(p.status, 'todo') FROM step s LEFT JOIN progress p"
            " ON p.path_id = s.path_id AND p.step_id = s.step_id"
            " WHERE s.path_id = 'transformers'"
        ).fetchall()
    return dict(rows)


def _events(db_file: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT step_id, action, at FROM event ORDER BY id").fetchall()


def _integrity(db_file: Path) -> str:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_concurrent_writers_lose_nothing(data_dir, db_file):
    workers, rounds = 8, 2
    script = " && ".join(
        f'"$LP" {verb} {" ".join(STEPS)}' for _ in range(rounds) for verb in ("done", "undo")
    )
    env = script_env(data_dir, LP=console_script())
    # Every worker starts on an empty data directory: creating the database races too.
    procs = [
        subprocess.Popen(
            ["sh", "-c", script],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert err == ""

    assert _integrity(db_file) == "ok"
    # Each event must move a step from the status the previous one left: a lost update
    # would show as done after done, or undone after undone.
    state = dict.fromkeys(_statuses(db_file), "todo")
    events = _events(db_file)
    for step_id, action, _ in events:
        assert state[step_id] != AFTER[action], f"{action} of {step_id} changed nothing"
        state[step_id] = AFTER[action]
    assert state == _statuses(db_file)
    # At least one worker's first done and last undo each changed every step.
    assert len(events) >= 2 * len(STEPS)


def _killed(args: list[str], env: dict[str, str], after: float) -> bool:
    """Run learnpath, SIGKILL it after ``after`` seconds; True if it was still running."""
    proc = subprocess.Popen(
        [console_script(), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(after)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def _assert_whole(db_file: Path) -> None:
    if not db_file.exists():
        return
    assert _integrity(db_file) == "ok"
    statuses = set(_statuses(db_file).values())
    assert len(statuses) <= 1, f"a command was half applied: {statuses}"


def _duration(commands: list[list[str]], env: dict[str, str]) -> float:
    """The median wall time of learnpath commands, each run to its end."""
    times = []
    for args in commands:
        began = time.monotonic()
        done = subprocess.run([console_script(), *args], env=env, capture_output=True)
        assert done.returncode == 0, done.stderr
        times.append(time.monotonic() - began)
    return sorted(times)[len(times) // 2]


def test_sigkill_at_any_moment_leaves_whole_commands(data_dir, db_file, tmp_path):
    """Kills at evenly spread moments of a command's measured run time: whatever a kill
    interrupts, the file is intact and every command is there whole or not at all.

    The moments come from the measured duration, not from chance, and the assertions
    are on what a kill must leave, so the test does not depend on how many kills land.
    A kill at moment 0 always lands (no process finishes before it has started).
    """
    env = script_env(data_dir)
    # The first run creates the schema and loads the path: measured in another data
    # directory, then killed at four moments across it.
    first = _duration([["done", *STEPS]], script_env(tmp_path / "measure"))
    landed = []
    for quarter in range(4):
        landed.append(_killed(["done", *STEPS], env, first * quarter / 4))
        _assert_whole(db_file)

    whole = _duration([["undo", *STEPS], ["done", *STEPS], ["undo", *STEPS]], env)
    # Then kills spread evenly over a whole command: start-up, the write transaction,
    # the end.
    for i in range(16):
        landed.append(_killed(["done" if i % 2 == 0 else "undo", *STEPS], env, whole * i / 16))
        _assert_whole(db_file)

    assert landed[0] and landed[4], "a kill at moment 0 must land"
    events = _events(db_file)
    assert len(events) % len(STEPS) == 0
    for start in range(0, len(events), len(STEPS)):
        batch = events[start : start + len(STEPS)]
        assert len({(action, at) for _, action, at in batch}) == 1
    # Whatever was killed, the next command works on the same file.
    done = subprocess.run([console_script(), "done", "1"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def staged_v2(monkeypatch):
    """This release's schema plus one more version, as the next release would have it."""
    monkeypatch.setattr(base, "SCHEMA_VERSION", base.SCHEMA_VERSION + 1)
    staged: dict = {}
    monkeypatch.setattr(migrations, "MIGRATIONS", staged)
    return staged


def _dump(file: Path) -> list[str]:
    with sqlite3.connect(file) as conn:
        return [*conn.iterdump(), str(conn.execute("PRAGMA user_version").fetchone()[0])]


def _older_database(run, db_file: Path) -> list[str]:
    assert run("done", "1").exit_code == 0
    return _dump(db_file)


def test_older_schema_is_backed_up_then_migrated(run, db_file, staged_v2):
    new = base.SCHEMA_VERSION
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(base, "SCHEMA_VERSION", new - 1)
        original = _older_database(run, db_file)
    staged_v2[new] = lambda conn: conn.exec_driver_sql("ALTER TABLE step ADD COLUMN level TEXT")

    SqliteDatabase.open(db_file).close()

    backup = db_file.with_name(f"learnpath.db.bak-v{new - 1}")
    assert _dump(backup) == original
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == new
        columns = [row[1] for row in conn.execute("PRAGMA table_info(step)")]
        assert "level" in columns
    assert _statuses(db_file)["hf-wie-funktionieren-transformer-modelle"] == "done"


def test_failed_migration_changes_nothing(run, db_file, staged_v2):
    new = base.SCHEMA_VERSION
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(base, "SCHEMA_VERSION", new - 1)
        _older_database(run, db_file)

    def half_done(conn):
        conn.exec_driver_sql("CREATE TABLE half (x)")
        conn.exec_driver_sql("INSERT INTO no_such_table VALUES (1)")

    staged_v2[new] = half_done
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == new - 1
        assert (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0]
            == 0
        )
    assert db_file.with_name(f"learnpath.db.bak-v{new - 1}").exists()


# The status each kind of event leaves a step in ('noted' leaves it as it was).
IMPLIED = {"done": "done", "undone": "todo", "started": "started", "skipped": "skipped"}


def test_the_log_and_the_progress_agree_after_any_concurrent_mix(data_dir, db_file, tmp_path):
    """10 processes, 80 commands at once: status changes, notes, reset, import, copy.

    Afterwards every step's status is the one its newest event implies, and the log
    lists events in the order they happened."""
    env = script_env(data_dir)
    lp = console_script()
    setup = [["done", "1", "2", "3"], ["export", "-o", str(tmp_path / "old.json")]]
    other_env = script_env(tmp_path / "other")
    for args in setup:
        assert subprocess.run([lp, *args], env=env, capture_output=True).returncode == 0
    made = subprocess.run([lp, "skip", "4", "5"], env=other_env, capture_output=True)
    assert made.returncode == 0
    other_db = str(tmp_path / "other" / "learnpath.db")
    mixes = [
        ["done 1 2 3", "undo 2", "note 1 eins", "start 4", "done 4", "skip 6", "undo 1", "done 7"],
        [
            "reset --yes",
            "done 5",
            "import OLD",
            "undo 5",
            "done 8 9",
            "reset --yes",
            "start 3",
            "done 10",
        ],
        [
            "copy --from OTHER",
            "done 2",
            "undo 3",
            "skip 1",
            "copy --to OTHER",
            "done 3",
            "note 3 x",
            "undo 4",
        ],
    ]
    workers = []
    for n in range(10):
        commands = mixes[n % 3][n % 8 :] + mixes[n % 3][: n % 8]
        script = " ; ".join(
            f'"$LP" {c.replace("OLD", str(tmp_path / "old.json")).replace("OTHER", other_db)}'
            for c in commands
        )
        workers.append(
            subprocess.Popen(
                ["sh", "-c", script + " ; true"],
                env={**env, "LP": lp},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert "Traceback" not in err and "busy" not in err, err

    with sqlite3.connect(db_file) as conn:
        events = conn.execute(
            "SELECT step_id, action, at FROM event WHERE path_id = 'transformers' ORDER BY at, id"
        ).fetchall()
    assert [at for _, _, at in events] == sorted(at for _, _, at in events)
    implied: dict[str, str] = {}
    for step_id, action, _ in events:
        if action in IMPLIED:
            implied[step_id] = IMPLIED[action]
    statuses = _statuses(db_file)
    assert {s: implied.get(s, "todo") for s in statuses} == statuses


def test_a_large_same_second_history_merges_while_another_command_writes(data_dir, tmp_path):
    """Merging is linear: 20,000 events in one second import, and a `done` started at
    the same time waits its turn and succeeds."""
    at = "2026-01-01T10:00:00Z"
    events = [
        {"uid": f"{n:032x}", "step_id": f"s{n % 2000}", "action": "done", "at": at}
        for n in range(20_000)
    ]
    notes = [
        {
            "uid": f"{n + 10**6:032x}",
            "step_id": "s1",
            "text": "gleich",
            "at": at,
            "cleared_at": None,
        }
        for n in range(2_000)
    ]
    backup = tmp_path / "big.json"
    backup.write_text(
        json.dumps(
            {
                "format": "learnpath-backup",
                "version": 2,
                "paths": [{"name": "elsewhere", "progress": [], "events": events, "notes": notes}],
            }
        ),
        encoding="utf-8",
    )
    env = script_env(data_dir)
    lp = console_script()
    assert subprocess.run([lp, "list"], env=env, capture_output=True).returncode == 0
    importing = subprocess.Popen(
        [lp, "import", str(backup)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    done = subprocess.run([lp, "done", "1"], env=env, capture_output=True, timeout=120)
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert done.returncode == 0, done.stderr
    assert b"20000 history entries" in out and b"2000 notes" in out
    again = subprocess.run([lp, "import", str(backup)], env=env, capture_output=True, timeout=120)
    assert b"Nothing to change" in again.stdout


def test_a_migration_that_finds_the_database_busy_waits_its_turn(run, db_file, monkeypatch):
    """Another process holds the write lock past the busy timeout: the migration is
    retried as any write is, and lands once the lock is released."""
    import threading

    assert run("done", "1").exit_code == 0
    with sqlite3.connect(db_file) as conn:
        conn.execute(f"PRAGMA user_version = {base.SCHEMA_VERSION - 1}")
    monkeypatch.setitem(migrations.MIGRATIONS, base.SCHEMA_VERSION, lambda conn: None)
    monkeypatch.setattr(base, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, holder.execute, ("COMMIT",))
    release.start()
    try:
        result = run("list")
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == base.SCHEMA_VERSION
