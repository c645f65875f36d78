"""The everyday commands, through the Typer app, against a real database per test."""

from __future__ import annotations

import json
import re

import pytest
import typer
from typer.testing import CliRunner

from learnpath.cli.app import app_for, build, command_name

# Every test here runs on the local SQLite file and on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

CS25_URL = (
    "https://www.youtube.com/watch?v=fKMB5UlVY1E&list=PLoROMvodv4rNiJRchCzutFw5ItR_Z27CM&index=26"
)
STEP_KEYS = [
    "number",
    "id",
    "section",
    "title",
    "type",
    "url",
    "minutes",
    "status",
    "started_at",
    "completed_at",
]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def steps_json(run):
    result = run("list", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_list_shows_both_sections_and_footer(run):
    result = run("list")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("Fundamentals") < out.index("Advanced Topics")
    assert "The Illustrated Transformer" in out
    assert "Stanford CS25: V4 I Overview of Transformers" in out
    assert "0/10 (0%)" in out


def test_list_json_is_the_documented_contract(run):
    items = steps_json(run)
    assert [i["number"] for i in items] == list(range(1, 11))
    assert all(list(i) == STEP_KEYS for i in items)
    assert items[7] == {
        "number": 8,
        "id": "stanford-cs25-v4-overview",
        "section": "Advanced Topics",
        "title": "Stanford CS25: V4 I Overview of Transformers",
        "type": "Video",
        "url": CS25_URL,
        "minutes": 77,
        "status": "todo",
        "started_at": None,
        "completed_at": None,
    }
    assert [i["section"] for i in items].count("Fundamentals") == 7


def test_list_filters_by_section_and_status(run):
    run("done", "2", "9")
    advanced = json.loads(run("list", "--section", "advanced", "--json").stdout)
    assert [i["number"] for i in advanced] == [8, 9, 10]
    done = json.loads(run("list", "--status", "done", "--json").stdout)
    assert [i["number"] for i in done] == [2, 9]
    both = json.loads(run("list", "-s", "Adv", "--status", "todo", "--json").stdout)
    assert [i["number"] for i in both] == [8, 10]
    table = run("list", "--status", "done")
    assert "The Illustrated Transformer" in table.stdout
    assert "Attention Is All You Need" not in table.stdout
    assert "2/10 (20%)" in table.stdout


def test_list_unknown_section_is_an_error_naming_the_sections(run):
    result = run("list", "--section", "nope")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no section matches 'nope'; the sections are: Fundamentals, Advanced Topics\n"
    )


def test_list_bad_status_is_a_usage_error(run):
    result = run("list", "--status", "finished")
    assert result.exit_code == 2


def test_show_json_adds_the_description(run):
    result = run("show", "8", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == [*STEP_KEYS, "description", "notes", "link"]
    assert data["link"] is None  # no link check has run
    assert data["description"].startswith("Der Stanford-Kurs CS25 bietet wöchentliche Vorträge")
    assert data == json.loads(run("show", "stanford-cs25-v4-overview", "--json").stdout)


def test_show_prints_the_whole_url_and_the_german_description(run):
    out = run("show", "8").stdout
    assert CS25_URL in out
    assert "Millionen von Aufrufen" in out.replace("\n", " ")
    assert "Advanced Topics" in out


def test_info_shows_intro_and_all_four_prerequisites(run):
    out = run("info").stdout.replace("\n", " ")
    out = re.sub(r"\s+", " ", out)
    assert "bahnbrechendsten Entwicklungen" in out
    for name in (
        "Grundkenntnisse in Maschinellem Lernen und Deep Learning",
        "Kenntnisse in Linearer Algebra und Statistik",
        "Vertrautheit mit Python und Bibliotheken wie TensorFlow oder PyTorch",
        "Grundlegendes Verständnis von Natural Language Processing (NLP)",
    ):
        assert name in out
    assert "strukturierte Einführung in die Welt der Transformers" in out


def test_done_marks_several_steps_and_records_events(run, sql):
    result = run("done", "1", "illustrated-transformer")
    assert result.exit_code == 0
    items = steps_json(run)
    assert [i["status"] for i in items[:3]] == ["done", "done", "todo"]
    assert ISO_UTC.match(items[0]["completed_at"])
    events = sql("SELECT step_id, action FROM event ORDER BY id")
    assert events == [
        ("hf-wie-funktionieren-transformer-modelle", "done"),
        ("illustrated-transformer", "done"),
    ]


def test_done_twice_keeps_first_timestamp(run, sql):
    run("done", "3")
    sql("UPDATE progress SET completed_at = '2020-01-01T00:00:00Z'")
    second = run("done", "3")
    assert second.exit_code == 0
    assert "already done" in second.stdout
    assert steps_json(run)[2]["completed_at"] == "2020-01-01T00:00:00Z"
    assert sql("SELECT count(*) FROM event") == [(1,)]


def test_one_bad_reference_changes_nothing(run, sql):
    result = run("done", "1", "2", "42")
    assert result.exit_code == 1
    assert result.stderr == "Error: there is no step 42; the steps are numbered 1 to 10\n"
    assert all(i["status"] == "todo" for i in steps_json(run))
    assert sql("SELECT count(*) FROM event") == [(0,)]


def test_undo_goes_back_to_todo_and_clears_times(run):
    run("done", "4")
    result = run("undo", "4")
    assert result.exit_code == 0
    step = steps_json(run)[3]
    assert (step["status"], step["started_at"], step["completed_at"]) == ("todo", None, None)
    again = run("undo", "4")
    assert again.exit_code == 0 and "already todo" in again.stdout


def test_same_step_named_twice_counts_once(run, sql):
    run("done", "1", "hf-wie-funktionieren-transformer-modelle", "1")
    assert sql("SELECT count(*) FROM event") == [(1,)]


def test_progress_json_contract(run):
    run("done", "1", "2", "8")
    run("skip", "4")
    data = json.loads(run("progress", "--json").stdout)
    activity = data.pop("activity")
    assert list(activity) == [
        "current_streak",
        "longest_streak",
        "last_activity",
        "done_this_week",
        "weekly",
    ]
    assert activity["current_streak"] == 1 and activity["done_this_week"] == 3
    assert len(activity["weekly"]) == 8 and activity["weekly"][-1]["done"] == 3
    assert ISO_UTC.match(activity["last_activity"])
    assert data == {
        "path": "transformers",
        "total": 10,
        "done": 3,
        "skipped": 1,
        "handled": 4,
        "percent": 40,
        "sections": [
            {"title": "Fundamentals", "total": 7, "done": 2, "skipped": 1}
            | {"handled": 3, "percent": 43},
            {"title": "Advanced Topics", "total": 3, "done": 1, "skipped": 0}
            | {"handled": 1, "percent": 33},
        ],
        "next": {
            "number": 3,
            "id": "3b1b-transformers-chapter-5",
            "section": "Fundamentals",
            "title": "Transformers, the tech behind LLMs | Deep Learning Chapter 5",
            "type": "Video",
            "url": "https://www.youtube.com/watch?v=wjZofJX0v4M",
            "minutes": 27,
            "status": "todo",
            "started_at": None,
            "completed_at": None,
        },
    }


def test_progress_shows_bars_minutes_and_next(run):
    run("done", "3", "8")
    out = run("progress").stdout
    assert "Fundamentals" in out and "Overall" in out
    assert "2/10" in out and "20%" in out
    # 27 + 77 minutes done; 26 + 116 + 45 left, of the five steps with a length.
    assert "Time: 1 h 44 min done, 3 h 07 min left (length known for 5 of 10 steps)" in out
    assert "Next: 1. Wie funktionieren Transformer-Modelle?" in out


def test_next_and_complete_path(run):
    assert "Next: 1. Wie funktionieren Transformer-Modelle?" in run("next").stdout
    run("done", *[str(n) for n in range(1, 11)])
    result = run("next")
    assert result.exit_code == 0
    assert "Path complete" in result.stdout
    assert json.loads(run("next", "--json").stdout) is None
    assert json.loads(run("progress", "--json").stdout)["percent"] == 100


def test_started_step_is_still_next(run):
    run("open", "1", "--no-browser")
    assert json.loads(run("next", "--json").stdout)["number"] == 1


def test_version(run):
    from learnpath import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"learnpath {__version__}\n"


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["list"], "list"),
        (["--path", "x", "done", "1"], "done"),
        (["--path=x", "show", "1"], "show"),
        (["--help"], None),
        (["--version"], None),
        ([], None),
        (["--path", "x"], None),
    ],
)
def test_command_name_is_found_past_global_options(args, name):
    assert command_name(args) == name


def test_a_single_command_app_behaves_as_the_whole_one():
    """main() builds only the command it runs; help and errors must not change."""
    runner = CliRunner()
    app = build()
    runner.invoke(app, ["list"])  # past the first run's welcome
    names = [c.name for c in typer.main.get_group(app).commands.values()]
    assert "list" in names and "done" in names
    for name in names:
        for args in ([name, "--help"], [name, "--no-such-option"]):
            whole = runner.invoke(app, args)
            single = runner.invoke(app_for(args), args)
            assert (single.exit_code, single.output) == (whole.exit_code, whole.output), args
    for args in (["--help"], ["nope"]):  # the whole app answers
        whole_names = [c.name for c in typer.main.get_group(app_for(args)).commands.values()]
        assert whole_names == names
    assert [c.name for c in typer.main.get_group(app_for(["done", "1"])).commands.values()] == [
        "done"
    ]
