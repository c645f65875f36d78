"""Attacks on the learner's data through the commands (issue 12): merges that respect
resets, identity that keeps look-alike records apart, times that cannot break later
commands. On both backends where data is involved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("backend")


def statuses(run) -> dict[int, str]:
    return {s["number"]: s["status"] for s in json.loads(run("list", "--json").stdout)}


def test_a_reset_is_not_undone_by_copying_back_an_older_copy(run, tmp_path):
    run("done", "1", "2")
    other = tmp_path / "other.db"
    assert run("copy", "--to", str(other)).exit_code == 0
    assert run("reset", "--yes").exit_code == 0
    result = run("copy", "--from", str(other))
    assert result.exit_code == 0, result.stderr
    assert set(statuses(run).values()) == {"todo"}


def test_an_undo_is_not_undone_by_importing_an_older_backup(run, tmp_path):
    run("done", "3")
    backup = tmp_path / "b.json"
    run("export", "-o", str(backup))
    run("undo", "3")
    run("import", str(backup))
    assert statuses(run)[3] == "todo"


def test_restore_asks_first_and_writes_a_backup(run, tmp_path, data_dir):
    run("done", "1", "2")
    backup = tmp_path / "b.json"
    run("export", "-o", str(backup))
    run("reset", "--yes")
    refused = run("restore", str(backup))  # no answer on stdin: nothing happens
    assert refused.exit_code == 1 and set(statuses(run).values()) == {"todo"}
    before = len(list((data_dir / "backups").glob("*.json")))
    done = run("restore", str(backup), "--yes")
    assert done.exit_code == 0, done.stderr
    assert "2 steps changed" in done.stdout
    assert (statuses(run)[1], statuses(run)[2], statuses(run)[3]) == ("done", "done", "todo")
    assert len(list((data_dir / "backups").glob("*.json"))) == before + 1
    log = json.loads(run("log", "--json").stdout)
    assert [e["action"] for e in log[-2:]] == ["done", "done"]


def test_restore_of_a_path_the_backup_lacks_is_refused(run, tmp_path):
    backup = tmp_path / "b.json"
    backup.write_text(
        json.dumps({"format": "learnpath-backup", "version": 2, "paths": []}), encoding="utf-8"
    )
    result = run("restore", str(backup), "--yes")
    assert result.exit_code == 1
    assert "holds nothing for the path 'transformers'" in result.stderr


def test_look_alike_notes_and_events_survive_export_and_import(run, tmp_path, elsewhere):
    """Two identical notes and done/undo/done, all within a second, come back whole."""
    for args in (("done", "1"), ("undo", "1"), ("done", "1")):
        run(*args)
    run("note", "2", "gleich")
    run("note", "2", "gleich")
    backup = tmp_path / "b.json"
    run("export", "-o", str(backup))
    mine = json.loads(run("log", "--json").stdout)
    elsewhere()
    assert run("import", str(backup)).exit_code == 0
    assert json.loads(run("log", "--json").stdout) == mine
    assert [n["text"] for n in json.loads(run("show", "2", "--json").stdout)["notes"]] == [
        "gleich",
        "gleich",
    ]
    assert statuses(run)[1] == "done"


def _backup_with(tmp_path: Path, **fields: object) -> Path:
    row = {
        "step_id": "illustrated-transformer",
        "status": "done",
        "started_at": None,
        "completed_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        **fields,
    }
    data = {
        "format": "learnpath-backup",
        "version": 1,
        "paths": [{"name": "transformers", "progress": [row], "events": [], "notes": []}],
    }
    file = tmp_path / "hostile.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    return file


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"updated_at": "garbage"}, "progress[1].updated_at is not a UTC time"),
        ({"completed_at": "9999-12-31T23:59:59Z"}, "is more than a day in the future"),
        ({"updated_at": "0001-01-01T00:00:00Z"}, "is before the year 2000"),
        ({"updated_at": "2999-01-01T00:00:00Z"}, "is more than a day in the future"),
        ({"started_at": "2026-02-30T00:00:00Z"}, "is not a real date and time"),
        ({"status": "mastered"}, "progress[1].status is not one of"),
        ({"step_id": "x" * 300}, "progress[1].step_id is not an id"),
        ({"updated_by": "not hex!"}, "progress[1].updated_by is not a uid"),
    ],
)
def test_a_backup_with_a_bad_value_is_refused_whole_with_its_place(run, tmp_path, fields, message):
    before = run("list", "--json").stdout
    result = run("import", str(_backup_with(tmp_path, **fields)))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and message in result.stderr
    assert "path 'transformers'" in result.stderr
    assert run("list", "--json").stdout == before
    for command in (["list"], ["progress"], ["log"], ["show", "2"], []):
        assert run(*command).exit_code == 0


def test_a_deeply_nested_backup_is_refused_clearly(run, tmp_path):
    file = tmp_path / "deep.json"
    file.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    result = run("import", str(file))
    assert result.exit_code == 1 and "nested too deeply" in result.stderr


def test_a_damaged_time_in_the_database_is_shown_as_unknown(run, sql):
    run("done", "2")
    run("note", "2", "x")
    sql("UPDATE progress SET completed_at = 'garbage', started_at = '9999-99-99'")
    sql("UPDATE event SET at = 'garbage'")
    sql("UPDATE note SET at = '0001-01-01T00:00:00Z'")
    for command in (["show", "2"], ["log"], ["progress"], [], ["list"], ["group"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.stderr)
    assert "unknown" in run("log").stdout


def test_stored_values_never_reach_the_terminal_raw(run, sql):
    """A database row is untrusted too (a server's, a copied file's): escapes in its
    times or status are never printed, and an unknown status is shown, not a crash."""
    run("done", "2")
    osc52 = "\x1b]52;c;ZXZpbA==\x07"
    sql("UPDATE progress SET completed_at = ?, status = ?", (f"2026{osc52}", f"done{osc52}"))
    sql("UPDATE event SET action = ?", (f"done\x1b[2J{osc52}",))
    for command in (["show", "2"], ["log"], ["list"], ["progress"], ["next"], []):
        result = run(*command)
        assert result.exit_code == 0, (command, result.stderr)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, command


def test_markdown_structure_in_descriptions_never_becomes_sections_or_steps(run, tmp_path):
    hostile = (
        "Vorher.\n### Neu\n| Step | Title |\n|---|---|\n| 1 | [Falle](https://evil.example) |\n```"
    )
    file = tmp_path / "p.yaml"
    file.write_text(
        json.dumps(
            {
                "title": "P",
                "description": hostile,
                "sections": [
                    {
                        "title": "S",
                        "description": hostile,
                        "steps": [{"id": "a", "title": "A", "description": "x | y ### z"}],
                    },
                    {"title": "T", "steps": [{"id": "b", "title": "B"}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert run("add", str(file)).exit_code == 0
    exported = run("--path", "p", "export", "--format", "md").stdout
    markdown = tmp_path / "back.md"
    markdown.write_text(exported, encoding="utf-8")
    added = run("add", str(markdown), "--name", "back")
    assert added.exit_code == 0, added.stderr
    before = json.loads(run("--path", "p", "list", "--json").stdout)
    after = json.loads(run("--path", "back", "list", "--json").stdout)
    assert [(s["id"], s["section"], s["title"], s["url"]) for s in after] == [
        (s["id"], s["section"], s["title"], s["url"]) for s in before
    ]
    shown = json.loads(run("--path", "back", "show", "a", "--json").stdout)["description"]
    assert shown == "x | y ### z"


def test_an_oversized_markdown_file_is_refused_before_it_is_read(run, tmp_path, data_dir):
    from learnpath.pathfile.files import MAX_MARKDOWN_BYTES

    big = tmp_path / "big.md"
    with big.open("wb") as handle:  # sparse: its size says it all, nothing is read
        handle.truncate(MAX_MARKDOWN_BYTES + 1)
    result = run("add", str(big))
    assert result.exit_code == 1 and "markdown path files may be at most 16 MiB" in result.stderr
    assert not (data_dir / "paths").exists()
    assert [p["name"] for p in json.loads(run("paths", "--json").stdout)] == ["transformers"]


def test_a_refused_update_keeps_the_stored_copy_and_the_path(run, tmp_path, data_dir):
    good = tmp_path / "p.yaml"
    good.write_text("title: P\nsections:\n  - title: S\n    steps:\n      - {id: a, title: A}\n")
    assert run("add", str(good)).exit_code == 0
    stored = (data_dir / "paths" / "p.yaml").read_bytes()
    good.write_text("title: P\nsections: nope\n")
    assert run("add", str(good), "--update").exit_code == 1
    assert (data_dir / "paths" / "p.yaml").read_bytes() == stored
    assert run("--path", "p", "show", "a").exit_code == 0


def test_a_nul_in_a_backup_is_refused_alike_on_both_backends(run, tmp_path):
    data = {
        "format": "learnpath-backup",
        "version": 2,
        "paths": [
            {
                "name": "transformers",
                "notes": [
                    {
                        "uid": "ab" * 16,
                        "step_id": "a",
                        "text": "x\x00y",
                        "at": "2026-01-01T00:00:00Z",
                    }
                ],
            }
        ],
    }
    file = tmp_path / "nul.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", str(file))
    assert result.exit_code == 1 and "notes[1].text" in result.stderr


@pytest.mark.sqlite_only  # the other database is a local file made for the purpose
def test_copy_from_a_database_with_damaged_times_changes_nothing(run, tmp_path):
    other = tmp_path / "theirs"
    assert run("done", "1", env={"LEARNPATH_DATA_DIR": str(other)}).exit_code == 0
    import sqlite3

    with sqlite3.connect(other / "learnpath.db") as conn:
        conn.execute("UPDATE progress SET updated_at = '9999-12-31T23:59:59Z'")
    before = run("list", "--json").stdout
    result = run("copy", "--from", str(other / "learnpath.db"))
    assert result.exit_code == 1 and "more than a day in the future" in result.stderr
    assert run("list", "--json").stdout == before
