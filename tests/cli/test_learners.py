"""Learners: one database, several people, each with their own progress, notes and path."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ..conftest import BUNDLED, SCHEMAS

SCHEMA_DIR = SCHEMAS

# Every test here runs on the local SQLite file and on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


def as_(name: str) -> dict[str, str]:
    return {"LEARNPATH_LEARNER": name}


def statuses(run, who: str) -> dict[int, str]:
    out = run("list", "--json", env=as_(who)).stdout
    return {s["number"]: s["status"] for s in json.loads(out) if s["status"] != "todo"}


def test_each_learner_has_their_own_progress_notes_and_path(run, tmp_path):
    run("done", "1", "2", env=as_("anna"))
    run("skip", "5", env=as_("ben"))
    run("note", "1", "Annas Notiz", env=as_("anna"))
    assert statuses(run, "anna") == {1: "done", 2: "done"}
    assert statuses(run, "ben") == {5: "skipped"}
    assert json.loads(run("show", "1", "--json", env=as_("ben")).stdout)["notes"] == []
    assert {e["action"] for e in json.loads(run("log", "--json", env=as_("ben")).stdout)} == {
        "skipped"
    }
    extra = tmp_path / "zwei.yaml"
    extra.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    run("add", str(extra), env=as_("anna"))
    run("use", "zwei", env=as_("anna"))
    assert run("next", "--json", env=as_("anna")).stdout.count("Zwei") == 0  # step title A
    assert json.loads(run("progress", "--json", env=as_("anna")).stdout)["path"] == "zwei"
    assert json.loads(run("progress", "--json", env=as_("ben")).stdout)["path"] == "transformers"
    # A path belongs to the database: ben sees the one anna added.
    assert "zwei" in run("paths", env=as_("ben")).stdout


def test_the_login_name_is_the_default_learner(run, monkeypatch):
    monkeypatch.setenv("LOGNAME", "zoe")
    run("done", "3")
    assert [m["learner"] for m in json.loads(run("group", "--json").stdout)] == ["zoe"]


@pytest.mark.parametrize("name", ["a\x1bb", "x" * 65])
def test_an_unusable_learner_name_is_refused(run, name):
    result = run("list", env=as_(name))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: LEARNPATH_LEARNER must be")


def test_group_shows_everyone_on_the_active_path(run):
    run("done", "1", "2", "3", env=as_("anna"))
    run("done", "1", env=as_("ben"))
    run("skip", "2", env=as_("ben"))
    run("note", "4", "nur eine Notiz", env=as_("carla"))
    members = json.loads(run("group", "--json", env=as_("anna")).stdout)
    assert [m["learner"] for m in members] == ["anna", "ben", "carla"]
    anna, ben, carla = members
    assert list(anna) == [
        "learner",
        "done",
        "skipped",
        "handled",
        "total",
        "percent",
        "streak",
        "last_activity",
        "current",
    ]
    assert (anna["done"], anna["total"], anna["percent"], anna["streak"]) == (3, 10, 30, 1)
    assert anna["current"] == {
        "number": 4,
        "title": json.loads(run("show", "4", "--json").stdout)["title"],
    }
    assert (ben["done"], ben["percent"], ben["current"]["number"]) == (1, 20, 3)
    assert (ben["skipped"], ben["handled"]) == (1, 2)  # the count beside 20%
    assert (carla["done"], carla["streak"], carla["current"]["number"]) == (0, 0, 1)
    table = run("group", env=as_("anna")).stdout
    assert "anna" in table and "carla" in table and "30%" in table


def test_a_path_others_use_is_removed_only_with_force(run, tmp_path):
    extra = tmp_path / "zwei.yaml"
    extra.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    run("add", str(extra), env=as_("anna"))
    run("use", "zwei", env=as_("ben"))
    run("done", "1", env=as_("ben"))
    refused = run("remove", "zwei", "--yes", env=as_("anna"))
    assert refused.exit_code == 1
    assert "other learners have progress on 'zwei' (ben); use --force" in refused.stderr
    assert run("remove", "zwei", "--yes", "--force", env=as_("anna")).exit_code == 0
    # ben's active path is gone: he is back on the bundled one, not stuck with an error.
    assert json.loads(run("progress", "--json", env=as_("ben")).stdout)["path"] == "transformers"


@pytest.mark.sqlite_only
def test_an_old_database_becomes_the_current_learners(run, db_file):
    db_file.parent.mkdir(parents=True)
    with sqlite3.connect(db_file) as conn:
        conn.executescript((SCHEMA_DIR / "v1.sql").read_text(encoding="utf-8"))
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO progress VALUES ('transformers', 'attention-is-all-you-need', 'done',"
            " NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
        conn.execute(
            "INSERT INTO event (path_id, step_id, action, at) VALUES ('transformers', "
            "'attention-is-all-you-need', 'done', '2026-01-01T00:00:00Z')"
        )
        conn.execute("INSERT INTO setting VALUES ('active_path', 'transformers')")
    assert statuses(run, "dora") == {6: "done"}
    assert statuses(run, "emil") == {}
    assert len(json.loads(run("log", "--json", env=as_("dora")).stdout)) == 1


def test_the_database_keeps_the_newest_bundled_content(run, tmp_path, monkeypatch):
    from learnpath.core import session as session_mod

    file = tmp_path / "transformers.yaml"
    text = BUNDLED.read_text(encoding="utf-8")
    monkeypatch.setattr(session_mod, "bundled_path_file", lambda: file)

    def release(version: int, title: str) -> None:
        file.write_text(
            text.replace("version: 1", f"version: {version}").replace(
                "title: Transformers", f"title: {title}", 1
            ),
            encoding="utf-8",
        )

    release(3, "Neu")
    assert json.loads(run("paths", "--json").stdout)[0]["title"] == "Neu"
    release(2, "Alt")  # an older learnpath on the same database
    older = run("paths", "--json")
    assert json.loads(older.stdout)[0]["title"] == "Neu"
    # It says what happened, once, on stderr (never into the JSON).
    assert "holds version 3 of the path 'transformers', newer than this" in older.stderr
    assert "newer" not in run("paths", "--json").stderr
    release(4, "Neuer")
    assert json.loads(run("paths", "--json").stdout)[0]["title"] == "Neuer"
