"""Reading the command line (issue 13): options are never data, global options go
anywhere, help is grouped and reachable every way, a closed pipe is no error."""

from __future__ import annotations

import json
import subprocess

import pytest
import typer

from learnpath.cli.app import COMMANDS, build
from learnpath.cli.group import SECTIONS

from ..conftest import console_script, script_env

NAMES = [name for name, _, _, _ in COMMANDS]


@pytest.mark.parametrize("name", NAMES)
def test_an_unknown_option_is_a_usage_error_for_every_command(run, name):
    result = run(name, "--no-such-option")
    assert result.exit_code == 2
    assert "No such option: --no-such-option" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "1", "--cler"], "No such option: --cler (Possible options: --clear)"),
        (["note", "1", "--force", "hi"], "No such option: --force"),
        (["done", "1", "--json"], "No such option: --json"),
    ],
)
def test_options_are_never_taken_as_data(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    shown = json.loads(run("show", "1", "--json").stdout)
    assert shown["status"] == "todo" and shown["notes"] == []


@pytest.mark.parametrize("args", [["done", "-1"], ["show", "-1", "--json"], ["skip", "2", "-3"]])
def test_a_negative_step_number_still_gets_our_own_message(run, args):
    result = run(*args)
    assert result.exit_code == 1
    assert "is not a step number; the steps are numbered 1 to 10" in result.stderr


def test_global_options_work_after_the_command_too(run, tmp_path):
    file = tmp_path / "p.yaml"
    file.write_text("title: P\nsections:\n  - title: S\n    steps:\n      - {id: a, title: A}\n")
    assert run("add", str(file)).exit_code == 0
    before = run("--path", "p", "list", "--json").stdout
    assert run("list", "--path", "p", "--json").stdout == before
    assert run("list", "--json", "--path=p").stdout == before
    assert json.loads(before)[0]["id"] == "a"
    assert run("done", "a", "--path", "p").exit_code == 0


def test_help_is_grouped_with_the_daily_commands_first(run):
    out = run("--help").stdout
    titles = [title for title, _ in SECTIONS]
    assert [out.index(f"\n{t}:\n") for t in titles] == sorted(
        out.index(f"\n{t}:\n") for t in titles
    )
    daily = out[out.index("Daily work:") :].splitlines()[1:5]
    assert [line.split()[0] for line in daily] == ["next", "list", "open", "done"]
    assert sorted(n for _, names in SECTIONS for n in names) == sorted(NAMES)


def test_descriptions_are_not_cut_on_a_wide_screen(run):
    out = run("--help", env={"COLUMNS": "200"}).stdout
    assert "Mark steps skipped: ones you know already." in out
    assert not [line for line in out.splitlines() if line.endswith("...") and "Usage" not in line]


@pytest.mark.parametrize("name", NAMES)
def test_help_comes_every_way(run, name):
    long = run(name, "--help")
    assert long.exit_code == 0
    assert run(name, "-h").stdout == long.stdout
    assert run("help", name).stdout == long.stdout


def test_help_without_a_command_and_with_a_typo(run):
    assert run("help").stdout == run("--help").stdout == run("-h").stdout
    wrong = run("help", "lst")
    assert wrong.exit_code == 2 and "Did you mean 'list'?" in wrong.stderr


def test_every_argument_and_option_has_help():
    group = typer.main.get_group(build())
    for name, command in group.commands.items():
        for param in command.params:
            assert getattr(param, "help", None), (name, param.name)


def test_a_closed_pipe_is_no_error(data_dir):
    env = script_env(data_dir)
    subprocess.run([console_script(), "list"], env=env, capture_output=True)
    for args in (["list", "--all"], ["log"], ["--help"]):
        proc = subprocess.Popen(
            [console_script(), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(1)
        proc.stdout.close()  # as `| head -c 1` does
        err = proc.stderr.read()
        assert proc.wait(timeout=60) in (0, -13), args  # -13: ended by SIGPIPE, as `yes`
        assert err == b"", args
