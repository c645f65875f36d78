"""Long paths: `list` shows a window, `--all` and `--json` everything."""

from __future__ import annotations

import json
import re

import pytest


def write_path(file, steps: int, per_section: int = 25) -> None:
    lines = ["title: Lang", "sections:"]
    for n in range(1, steps + 1):
        if (n - 1) % per_section == 0:
            lines += [f"  - title: Teil {(n - 1) // per_section + 1}", "    steps:"]
        lines += [f"      - id: s{n}", f"        title: Schritt {n}"]
        lines += [f"        type: {'Video' if n % 2 else 'Artikel'}"]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def long_path(run, tmp_path):
    file = tmp_path / "lang.yaml"
    write_path(file, 500)
    assert run("add", str(file)).exit_code == 0
    assert run("use", "lang").exit_code == 0
    return file


def numbers_shown(output: str) -> list[int]:
    return [int(m) for m in re.findall(r"^\s*(\d+)\s+[·✓▸↷]", output, re.MULTILINE)]


def test_list_shows_a_window_from_the_first_unfinished_step(run, long_path):
    assert run("done", *[f"s{n}" for n in range(1, 101)]).exit_code == 0
    result = run("list")
    assert result.exit_code == 0
    assert numbers_shown(result.stdout) == list(range(98, 138))
    # The section of the first row is named, though it began above the window.
    assert result.stdout.lstrip().splitlines()[1].strip() == "Teil 4"
    assert "100/500 (20%)" in result.stdout
    assert "showing steps 98–137 of 500; 'learnpath list --all' shows them all" in result.stdout


def test_list_all_and_json_give_every_step(run, long_path):
    assert numbers_shown(run("list", "--all").stdout) == list(range(1, 501))
    items = json.loads(run("list", "--json").stdout)
    assert [i["number"] for i in items] == list(range(1, 501))


def test_a_filtered_long_list_is_windowed_too(run, long_path):
    run("done", *[f"s{n}" for n in range(1, 301)])
    videos = run("list", "--status", "todo")
    shown = numbers_shown(videos.stdout)
    assert shown == list(range(301, 341))
    assert "showing matching steps 1–40 of 200" in videos.stdout
    done = run("list", "--status", "done")
    # Every match is finished: the window shows the last of them.
    assert numbers_shown(done.stdout) == list(range(261, 301))
    section = run("list", "--section", "Teil 20")
    assert numbers_shown(section.stdout) == list(range(476, 501))  # one section fits whole
    assert "showing" not in section.stdout


def test_a_finished_path_shows_its_last_rows(run, long_path):
    run("done", *[f"s{n}" for n in range(1, 501)])
    assert numbers_shown(run("list").stdout) == list(range(461, 501))


def test_list_all_on_a_terminal_goes_through_the_pager(long_path, data_dir, tmp_path):
    import os
    import pty
    import subprocess

    from ..conftest import console_script, script_env

    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > '{paged}'\n")
    pager.chmod(0o755)
    env = script_env(data_dir, PAGER=str(pager), TERM="xterm")
    env.pop("MANPAGER", None)
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [console_script(), "list", "--all"], stdin=child, stdout=child, stderr=child, env=env
    )
    os.close(child)
    screen = b""
    try:
        while chunk := os.read(main, 65536):  # the terminal must be read, or it fills up
            screen += chunk
    except OSError:  # EIO: the child closed the terminal
        pass
    finally:
        os.close(main)
    assert proc.wait(timeout=60) == 0
    assert b"Schritt 250" not in screen  # the rows went to the pager, not the screen
    assert numbers_shown(re.sub(r"\x1b\[[0-9;]*m", "", paged.read_text())) == list(range(1, 501))


def test_progress_shows_the_sections_around_the_current_one(run, long_path):
    run("done", *[f"s{n}" for n in range(1, 101)])  # sections 1-4 of 20 complete
    out = run("progress").stdout
    shown = re.findall(r"^Teil (\d+) ", out, re.MULTILINE)
    assert shown == [str(n) for n in range(3, 15)]
    assert "… 2 sections above" in out and "… 6 sections below" in out
    assert "'learnpath progress --all' shows every section." in out
    assert "100/500" in out  # the overall line counts every section
    every = run("progress", "--all").stdout
    assert re.findall(r"^Teil (\d+) ", every, re.MULTILINE) == [str(n) for n in range(1, 21)]
    assert "above" not in every and "below" not in every
    assert len(json.loads(run("progress", "--json").stdout)["sections"]) == 20


def test_search_shows_the_first_hits_with_a_count_and_json_gives_all(run, long_path):
    result = run("search", "Schritt")
    assert result.exit_code == 0
    assert numbers_shown(result.stdout) == list(range(1, 41))
    assert result.stdout.splitlines()[-1] == (
        "500 steps found, the first 40 shown ('--all' shows all, '--json' too)."
    )
    assert len(json.loads(run("search", "Schritt", "--json").stdout)) == 500
    everything = run("search", "Schritt", "--all")
    assert numbers_shown(everything.stdout) == list(range(1, 501))
    assert everything.stdout.splitlines()[-1] == "500 steps found."
