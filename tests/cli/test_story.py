"""Status commands and messages that tell one story (issue 13): ranges and sections,
no silent downgrade, where you stand after every change, honest counts and messages."""

from __future__ import annotations

import json

import pytest

from ..conftest import FIXTURES

pytestmark = pytest.mark.usefixtures("backend")


def statuses(run) -> dict[int, str]:
    return {s["number"]: s["status"] for s in json.loads(run("list", "--json").stdout)}


def test_status_commands_take_ranges_and_sections(run):
    assert run("done", "1-3").exit_code == 0
    assert run("skip", "4-5", "9").exit_code == 0
    assert run("start", "--section", "advanced").exit_code == 0
    assert statuses(run) == {
        1: "done", 2: "done", 3: "done", 4: "skipped", 5: "skipped",
        6: "todo", 7: "todo", 8: "started", 9: "started", 10: "started",
    }  # fmt: skip


def test_a_range_past_the_end_changes_nothing(run):
    result = run("done", "1", "9-12")
    assert result.exit_code == 1 and "'9-12' is not a range of steps" in result.stderr
    assert set(statuses(run).values()) == {"todo"}


def test_a_status_command_needs_steps_or_a_section(run):
    result = run("done")
    assert result.exit_code == 2 and "give the steps" in result.stderr


def test_skip_never_downgrades_a_done_step(run):
    run("done", "2")
    before = json.loads(run("show", "2", "--json").stdout)["completed_at"]
    result = run("skip", "2")
    assert "left done: 'learnpath undo' it first" in result.stdout.replace("\n", " ")
    after = json.loads(run("show", "2", "--json").stdout)
    assert (after["status"], after["completed_at"]) == ("done", before)


def test_undo_says_where_you_stand(run):
    run("done", "1", "2")
    assert "path: 1/10" in run("undo", "2").stdout


def test_a_step_done_twice_counts_once_this_week(run):
    for verb in ("done", "undo", "done"):
        run(verb, "1")
    activity = json.loads(run("progress", "--json").stdout)["activity"]
    assert activity["done_this_week"] == 1


def test_an_empty_path_is_not_complete(run):
    assert run("add", str(FIXTURES / "empty.md")).exit_code == 0
    for args in (["next"], ["progress"]):
        out = run("--path", "empty", *args).stdout
        assert "This path has no steps yet." in out and "complete" not in out, args


def test_an_empty_log_says_since_when(run):
    run("done", "1")
    assert "Nothing has happened since 2030-01-01." in run("log", "--since", "2030-01-01").stdout


def test_reset_with_nothing_to_reset_writes_nothing(run, data_dir):
    result = run("reset", "--yes")
    assert result.exit_code == 0 and "Nothing to reset" in result.stdout
    assert not (data_dir / "backups").exists()


def test_no_time_done_is_claimed_for_steps_of_unknown_length(run):
    run("done", "1", "2")  # neither has a length
    out = run("progress").stdout
    assert "0 min done" not in out and "left" in out


def test_a_misspelt_field_gets_a_suggestion(run, tmp_path):
    file = tmp_path / "typo.yaml"
    file.write_text(
        "title: T\nsections:\n  - title: S\n    steps:\n      - {title: A, minuts: 5}\n"
    )
    out = run("check", str(file)).stdout
    assert "minuts: is not a known field; did you mean 'minutes'?" in out


@pytest.mark.parametrize("args", [["use", "transformer"], ["--path", "transfomers", "list"]])
def test_a_misspelt_path_name_gets_a_suggestion(run, args):
    result = run(*args)
    assert result.exit_code == 1 and "did you mean 'transformers'?" in result.stderr


def test_an_empty_markdown_file_is_one_problem(run, tmp_path):
    file = tmp_path / "leer.md"
    file.write_text("")
    result = run("check", str(file))
    assert result.stdout.count("\n") == 1 and "no '# Title' line" in result.stdout


def test_removing_the_active_path_says_which_is_active_now(run, tmp_path):
    file = tmp_path / "p.yaml"
    file.write_text("title: P\nsections:\n  - title: S\n    steps:\n      - {id: a, title: A}\n")
    run("add", str(file))
    run("use", "p")
    out = run("remove", "p", "--yes").stdout
    assert "The active path is now 'transformers'." in out


def test_next_suggests_open_only_for_a_step_with_a_link(run, tmp_path):
    file = tmp_path / "p.yaml"
    file.write_text("title: P\nsections:\n  - title: S\n    steps:\n      - {id: a, title: A}\n")
    run("add", str(file))
    for args in (["next"], []):
        assert "learnpath open" not in run("--path", "p", *args).stdout, args
    assert "learnpath open 1" in run("next").stdout


def test_log_takes_a_limit_of_the_newest_entries(run):
    for n in ("1", "2", "3"):
        run("done", n)
    newest = json.loads(run("log", "-n", "2", "--json").stdout)
    assert [e["number"] for e in newest] == [2, 3]  # the newest two, oldest first
    assert run("log", "--limit", "-1").exit_code == 2


@pytest.mark.sqlite_only  # a terminal matters here, not the backend
def test_a_long_log_goes_through_the_pager_on_a_terminal(data_dir, tmp_path):
    """As `list --all` does; the pager is a script that records what it was given."""
    import os
    import pty
    import subprocess

    from ..conftest import console_script, script_env

    env = script_env(data_dir)
    for chunk in (range(1, 6), range(6, 11)):
        args = [str(n) for n in chunk]
        for verb in ("done", "undo", "done", "undo", "done"):
            subprocess.run(
                [console_script(), verb, *args], env=env, check=True, capture_output=True
            )
    seen = tmp_path / "paged.txt"
    pager = tmp_path / "pager"
    pager.write_text(f"#!/bin/sh\ncat > {seen}\n")
    pager.chmod(0o755)
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [console_script(), "log"],
        env=env | {"PAGER": str(pager), "TERM": "xterm"},
        stdin=follower,
        stdout=follower,
        stderr=follower,
        timeout=60,
    )
    os.close(follower)
    os.close(leader)
    assert proc.returncode == 0
    assert seen.read_text().count("done") >= 30


def test_note_clear_asks_first_and_without_an_answer_changes_nothing(run):
    run("note", "2", "eins")
    run("note", "2", "zwei")
    refused = run("note", "2", "--clear")  # no terminal, no --yes: nothing goes
    assert refused.exit_code == 1
    assert "eins" in refused.stderr and "zwei" in refused.stderr  # it said what would go
    assert len(json.loads(run("show", "2", "--json").stdout)["notes"]) == 2
    assert run("note", "2", "--clear", "--yes").exit_code == 0
    assert json.loads(run("show", "2", "--json").stdout)["notes"] == []


def test_notes_lists_every_note_of_the_path_newest_first(run):
    run("note", "2", "eins")
    run("note", "3", "zwei")
    listed = json.loads(run("notes", "--json").stdout)
    assert [(n["number"], n["text"]) for n in listed] == [(3, "zwei"), (2, "eins")]
    assert list(listed[0]) == ["step", "number", "title", "at", "text"]
    assert "zwei" in run("notes").stdout
