"""The daily companion: start and skip, notes, history and streaks, search, backups."""

from __future__ import annotations

import json

import pytest

# Every test here runs on the local SQLite file and on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

NOTE = "Sehr [red]gut[/red] erklärt\x1b[2J"


def statuses(run) -> dict[int, str]:
    return {s["number"]: s["status"] for s in json.loads(run("list", "--json").stdout)}


# -- statuses ---------------------------------------------------------------------------


def test_start_and_skip_and_where_you_stand(run):
    result = run("skip", "1", "2")
    assert result.exit_code == 0
    assert "Fundamentals: 2/7 (29%), path: 2/10 (20%)" in result.stdout
    assert run("start", "3").stdout.splitlines()[-1] == "Fundamentals: 2/7 (29%), path: 2/10 (20%)"
    done = run("done", "8")
    assert done.stdout.splitlines()[-1] == "Advanced Topics: 1/3 (33%), path: 3/10 (30%)"
    assert [statuses(run)[n] for n in (1, 2, 3, 8)] == [
        "skipped",
        "skipped",
        "started",
        "done",
    ]
    progress = json.loads(run("progress", "--json").stdout)
    assert (progress["done"], progress["skipped"], progress["percent"]) == (1, 2, 30)
    assert json.loads(run("next", "--json").stdout)["number"] == 3  # skipped ones passed over
    out = run("progress").stdout
    assert "↷ 2" in out and "↷ 2 skipped" in out


def test_start_leaves_a_done_step_done_and_bad_refs_change_nothing(run):
    run("done", "1")
    assert "left as it is" in run("start", "1").stdout
    assert statuses(run)[1] == "done"
    assert run("skip", "2", "99").exit_code == 1
    assert statuses(run)[2] == "todo"


def test_the_last_step_brings_a_congratulation(run):
    run("done", *[str(n) for n in range(1, 9)])
    run("skip", "9")
    last = run("done", "10")
    assert "Congratulations: you have finished Transformers, all 10 steps!" in last.stdout
    assert "Congratulations" not in run("done", "10").stdout  # nothing new finished


def test_a_path_finished_mostly_by_skipping_is_not_congratulated(run):
    run("skip", *[str(n) for n in range(1, 10)])
    last = run("done", "10")
    assert "Congratulations" not in last.stdout
    assert "Every step of Transformers is handled: 1 done, 9 skipped." in last.stdout
    assert json.loads(run("progress", "--json").stdout)["percent"] == 100


# -- notes ------------------------------------------------------------------------------


def test_notes_are_kept_shown_as_typed_and_cleared(run):
    run("list")  # past the first run's welcome
    assert run("note", "2", NOTE).stdout == "Noted on step 2.\n"
    run("note", "illustrated-transformer", "zweite", "Notiz")
    shown = run("show", "2").stdout
    assert "Notes (2)" in shown and "Sehr [red]gut[/red] erklärt" in shown
    assert "\x1b" not in shown
    notes = json.loads(run("show", "2", "--json").stdout)["notes"]
    assert [n["text"] for n in notes] == ["Sehr [red]gut[/red] erklärt[2J", "zweite Notiz"]
    assert "The Illustrated Transformer ✎" in run("list").stdout
    assert run("note", "2", "--clear", "--yes").stdout == "Cleared 2 notes.\n"
    assert json.loads(run("show", "2", "--json").stdout)["notes"] == []
    assert "✎" not in run("list").stdout


@pytest.mark.parametrize(
    "args", [["note", "2"], ["note", "2", "x", "--clear"], ["note", "2", "--edit", "--clear"]]
)
def test_note_needs_exactly_one_of_text_edit_clear(run, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "give the note's TEXT, or --edit, or --clear" in result.stderr


def test_an_empty_note_is_refused(run):
    result = run("note", "2", " \x07 ")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: the note is empty; write its text after the step\n",
    )


def test_notes_are_edited_in_the_learners_editor(cli, tmp_path):
    cli("note", "2", "erste Zeile")
    cli("note", "2", "zweite Zeile")
    before = json.loads(cli("show", "2", "--json").stdout)["notes"]
    # A real editor process: sed edits the file in place, as a person would.
    edited = cli("note", "2", "--edit", env={"EDITOR": "sed -i s/zweite/dritte/"})
    assert edited.stdout == "Notes saved: 1 changed, 1 kept. Step 2 has 2 notes.\n"
    notes = json.loads(cli("show", "2", "--json").stdout)["notes"]
    assert [n["text"] for n in notes] == ["erste Zeile", "dritte Zeile"]
    assert notes[0] == before[0]
    unchanged = cli("note", "2", "--edit", env={"EDITOR": "true"})
    assert unchanged.stdout == "Notes left as they were.\n"
    failed = cli("note", "2", "--edit", env={"EDITOR": "false"})
    assert failed.returncode == 1
    assert failed.stderr == "Error: the editor 'false' exited with 1; nothing was changed\n"
    one_gone = cli("note", "2", "--edit", env={"EDITOR": "sed -i /erste/d"})
    assert one_gone.stdout == "Notes saved: 1 deleted, 1 kept. Step 2 has 1 note.\n"
    emptied = cli("note", "2", "--edit", env={"EDITOR": "sed -i /Zeile/d"})
    assert emptied.stdout == "Notes saved: 1 deleted. Step 2 has no notes.\n"


# -- history ----------------------------------------------------------------------------


def test_log_lists_what_happened_in_order(run):
    run("done", "1")
    run("skip", "2")
    run("note", "2", "kenne ich")
    run("undo", "1")
    entries = json.loads(run("log", "--json").stdout)
    assert [(e["number"], e["action"]) for e in entries] == [
        (1, "done"),
        (2, "skipped"),
        (2, "noted"),
        (1, "undone"),
    ]
    assert list(entries[0]) == ["at", "path", "step", "number", "title", "action"]
    assert entries[0]["title"] == "Wie funktionieren Transformer-Modelle?"
    table = run("log").stdout
    assert "skipped" in table and "noted" in table
    assert json.loads(run("log", "--since", "2999-01-01", "--json").stdout) == []
    assert len(json.loads(run("log", "--since", "2000-01-01", "--json").stdout)) == 4


def test_log_across_paths_and_a_bad_date(run, tmp_path):
    file = tmp_path / "zwei.yaml"
    file.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    run("add", str(file))
    run("done", "1")
    run("--path", "zwei", "done", "1")
    assert {e["path"] for e in json.loads(run("log", "--json").stdout)} == {"transformers"}
    every = json.loads(run("log", "--all-paths", "--json").stdout)
    assert {e["path"] for e in every} == {"transformers", "zwei"}
    bad = run("log", "--since", "letzte Woche")
    assert bad.exit_code == 2 and "write it as YYYY-MM-DD" in bad.stderr


# -- search -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Vorträge", "Vortrage", "vortraege", "VORTRÄGE"])
def test_search_ignores_case_and_accents(run, query):
    hits = json.loads(run("search", query, "--json").stdout)
    assert [(h["number"], h["matched"]) for h in hits] == [(8, ["description"])]


def test_search_finds_notes_and_types_across_paths(run, tmp_path):
    run("note", "5", "Unbedingt nachprogrammieren")
    assert [h["number"] for h in json.loads(run("search", "nachprogr", "--json").stdout)] == [5]
    papers = json.loads(run("search", "paper", "--json").stdout)
    assert any("type" in h["matched"] for h in papers)
    file = tmp_path / "zwei.yaml"
    file.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: Vorträge\n")
    run("add", str(file))
    every = json.loads(run("search", "vortrage", "--all-paths", "--json").stdout)
    assert sorted(h["path"] for h in every) == ["transformers", "zwei"]
    assert run("search", "gibtesnicht").stdout == "No step matches.\n"
    assert run("search", "  ").exit_code == 1


# -- export, import, reset ---------------------------------------------------------------


def _learner_state(run) -> tuple[object, ...]:
    steps = json.loads(run("list", "--json").stdout)
    notes = {
        s["id"]: [n["text"] for n in json.loads(run("show", s["id"], "--json").stdout)["notes"]]
        for s in steps
    }
    return [(s["id"], s["status"], s["started_at"], s["completed_at"]) for s in steps], notes


def test_a_backup_restores_everything_in_a_new_data_directory(run, tmp_path, elsewhere):
    extra = tmp_path / "zwei.yaml"
    extra.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    run("add", str(extra))
    run("--path", "zwei", "done", "1")
    run("done", "1", "2")
    run("skip", "4")
    run("start", "5")
    run("note", "2", NOTE)
    run("note", "3", "eins")
    run("note", "3", "--clear", "--yes")
    before = _learner_state(run)
    backup = tmp_path / "backup.json"
    assert run("export", "-o", str(backup)).exit_code == 0

    elsewhere()
    dry = run("import", str(backup), "--dry-run")
    assert dry.stdout.splitlines() == [
        "Importing it would:",
        "  add the path 'zwei'",
        "  mark done on 'transformers': steps 1, 2",
        "  mark skipped on 'transformers': step 4",
        "  mark started on 'transformers': step 5",
        # The path is not there yet, so its step is named by its id.
        "  mark done on 'zwei': step 'a'",
        "  add 7 history entries and 1 note",
        "Nothing was changed: this was a dry run.",
    ]
    assert run("paths", "--json").stdout.count('"name"') == 1  # nothing added yet
    first = run("import", str(backup))
    assert first.exit_code == 0
    assert first.stdout.splitlines()[:2] == ["Imported:", "  added the path 'zwei'"]
    assert _learner_state(run) == before
    assert json.loads(run("--path", "zwei", "list", "--json").stdout)[0]["status"] == "done"
    again = run("import", str(backup))
    assert again.stdout.startswith("Nothing to change")
    assert len(json.loads(run("log", "--all-paths", "--json").stdout)) == 7


def test_import_keeps_the_newer_local_change_and_cleared_notes(run, tmp_path, sql):
    run("done", "1")
    run("note", "2", "alt")
    backup = tmp_path / "old.json"
    run("export", "-o", str(backup))
    run("undo", "1")  # later, on this machine:
    sql("UPDATE progress SET updated_at = '2999-01-01T00:00:00Z'")
    run("note", "2", "--clear", "--yes")
    result = run("import", str(backup))
    assert result.stdout.splitlines() == [
        "Nothing to change.",
        "Kept the newer status of step 1 on 'transformers'.",
    ]
    assert statuses(run)[1] == "todo"
    assert json.loads(run("show", "2", "--json").stdout)["notes"] == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"format": "something-else"}',
        b"[1, 2]",
        b'{"format": "learnpath-backup", "version": 1, "paths": [{"name": "x", "progress": [{}]}]}',
        b'{"format": "learnpath-backup", "version": 99, "paths": []}',
        b"\xff\xfe",
        # A damaged path definition beside a good one: neither is added.
        b'{"format": "learnpath-backup", "version": 1, "paths": ['
        b'{"name": "gut", "definition": "title: G\\nsections: []\\n"},'
        b'{"name": "kaputt", "definition": "title: [\\n"}]}',
    ],
)
def test_a_file_that_is_not_a_backup_changes_nothing(run, tmp_path, content, data_dir):
    run("done", "1")
    file = tmp_path / "x.json"
    file.write_bytes(content)

    def state() -> tuple[str, str, str, list[str]]:
        stored = (
            sorted(p.name for p in (data_dir / "paths").glob("*"))
            if (data_dir / "paths").exists()
            else []
        )
        return (
            run("paths", "--json").stdout,
            run("list", "--json").stdout,
            run("log", "--all-paths", "--json").stdout,
            stored,
        )

    before = state()
    result = run("import", str(file))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert state() == before


def test_markdown_export_is_read_back_by_add(run, tmp_path):
    run("done", "2")
    md = tmp_path / "transformers.md"
    assert run("export", "--format", "md", "-o", str(md)).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert "| Step | Id | Title | Type | Length | Description | Status |" in text
    assert "| done |" in text
    assert run("add", str(md), "--name", "kopie").exit_code == 0

    def shape(args: list[str]) -> list[tuple]:
        return [
            (s["id"], s["title"], s["url"], s["type"], s["minutes"], s["section"])
            for s in json.loads(run(*args, "list", "--json").stdout)
        ]

    assert shape(["--path", "kopie"]) == shape([])
    assert run("--path", "kopie", "info").stdout == run("info").stdout


def test_reset_writes_a_backup_first_and_can_be_undone(run, data_dir):
    run("done", "1", "2")
    run("note", "2", "bleibt")
    refused = run("reset")  # no answer on stdin: nothing happens
    assert refused.exit_code == 1
    assert statuses(run)[1] == "done"
    result = run("reset", "--yes")
    assert result.exit_code == 0
    saved = next((data_dir / "backups").glob("learnpath-*.json"))
    assert str(saved) in result.stdout.replace("\n", "")
    assert set(statuses(run).values()) == {"todo"}
    assert len(json.loads(run("show", "2", "--json").stdout)["notes"]) == 1  # notes stay
    assert "'learnpath restore" in result.stdout and "brings it back" in result.stdout
    # A merge never undoes the newer reset; restoring on purpose does.
    run("import", str(saved))
    assert set(statuses(run).values()) == {"todo"}
    restored = run("restore", str(saved), "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert statuses(run)[1] == "done" and statuses(run)[2] == "done"


# -- comfort ----------------------------------------------------------------------------


def test_no_command_shows_the_dashboard(run):
    run("done", "1")
    result = run()
    assert result.exit_code == 0
    out = result.stdout
    assert "Transformers" in out and "1/10 (10%)" in out
    assert "Next: 2. The Illustrated Transformer" in out
    assert "https://jalammar.github.io/illustrated-transformer/" in out
    assert "learnpath done N" in out and "'learnpath --help' lists every command." in out
    assert "Daily work:" in run("--help").stdout  # the commands, in their groups


def test_the_first_run_welcomes_and_json_stays_clean(run):
    first = json.loads(run("list", "--json").stdout)  # no welcome mixed into JSON
    assert len(first) == 10
    assert "Welcome" not in run("list").stdout  # not the first run any more


def test_welcome_on_the_very_first_run(run):
    out = run("next").stdout
    assert out.startswith("Welcome to learnpath!\nYour path is Transformers, 10 steps.")
    assert "learnpath open 1" in out
    assert "Welcome" not in run("next").stdout


def test_shell_completion_offers_steps_and_paths(cli):
    cli("list")

    def complete(line: str) -> list[str]:
        words = line.split()
        env = {
            "_LEARNPATH_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
        return cli(env=env).stdout.split()

    assert complete("learnpath done ill") == ["illustrated-transformer"]
    assert complete("learnpath show 1") == ["1", "10"]
    assert complete("learnpath use tr") == ["transformers"]


def test_a_large_path_comes_back_whole_from_a_backup_or_not_at_all(run, tmp_path, elsewhere):
    """A path past pathfile.streaming's size is read in a child while it is written:
    the same steps and progress arrive, and a damaged step near its end leaves
    nothing behind."""
    from learnpath.pathfile.streaming import MIN_BYTES

    from ..pathfile.test_streaming import path_file

    big = tmp_path / "big.yaml"
    big.write_bytes(path_file(7_500))
    assert big.stat().st_size > MIN_BYTES
    run("add", str(big))
    run("--path", "big", "done", "1-5", "7499")
    before = run("--path", "big", "list", "--all", "--json").stdout
    backup = tmp_path / "backup.json"
    run("export", "-o", str(backup))

    elsewhere()
    result = run("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert "added the path 'big'" in result.stdout
    assert run("--path", "big", "list", "--all", "--json").stdout == before

    damaged = tmp_path / "damaged.json"
    url = "https://example.org/7498"
    damaged.write_text(backup.read_text().replace(url, url.replace("https", "ftp")))
    elsewhere()
    result = run("import", str(damaged))
    assert result.exit_code == 1
    assert "the backup's 'big'" in result.stderr and "sections[" in result.stderr
    assert run("paths", "--json").stdout.count('"name"') == 1  # the bundled path alone
    assert not (tmp_path / "elsewhere2" / "paths" / "big.yaml").exists()
