"""Every view at 40, 60, 80 and 200 columns, and into a pipe: numbers that stay whole and
agree, titles that keep their room, URLs never broken, no padding at the ends of lines."""

from __future__ import annotations

import re
import subprocess

import pytest

from learnpath.model import percent

from ..conftest import console_script, script_env

WIDTHS = (40, 60, 80, 200)
VIEWS = (
    "",
    "list",
    "progress",
    "paths",
    "group",
    "next",
    "show 4",
    "log",
    "notes",
    "search Kapitel",
)
URL_4 = "https://www.youtube.com/watch?v=eMlx5fFNoYc"

# "3/10 (30%)", "3/10  30%": a count and the percentage printed beside it.
COUNT = re.compile(r"\b(\d+)/(\d+)\s+\(?(\d+)%")


@pytest.fixture
def studied(run):
    """Two steps done, one skipped, one started with a note, on the bundled path."""
    run("done", "1", "2")
    run("skip", "3")
    run("start", "4")
    run("note", "4", "Kapitel sechs: eine längere Notiz über Köpfe, die umbrechen muss")
    return run


def _view(run, view: str, width: int) -> str:
    result = run(*view.split(), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_each_view_fits_and_keeps_its_numbers_whole(studied, view, width):
    out = _view(studied, view, width)
    for line in out.splitlines():
        # A URL is never broken: its line may run past the edge, a terminal wraps it.
        assert len(line) <= width or "https://" in line, line
        assert "…" not in line, line  # nothing cut off
        assert line == line.rstrip(), line
    for handled, total, shown in COUNT.findall(out):
        assert int(shown) == percent(int(handled), int(total)), out
    expected = {
        "": ["3/10 (30%)"],
        "list": ["3/10 (30%), 1 of them skipped"],
        "progress": ["3/7", "43%", "0/3", "3/10", "30%", "1 skipped"],
        "paths": ["3/10", "30%"],
        "group": ["3/10", "30%"],
    }
    for figure in expected.get(view, []):
        assert figure in out, out
    if view in ("", "next", "show 4"):
        assert any(URL_4 in line for line in out.splitlines()), out


@pytest.mark.parametrize("width", WIDTHS)
def test_progress_keeps_every_count_beside_its_section(studied, width):
    lines = _view(studied, "progress", width).splitlines()
    fundamentals = next(line for line in lines if line.startswith("Fundamentals"))
    overall = next(line for line in lines if line.startswith("Overall"))
    assert re.search(r"3/7\s+43%\s+↷ 1$", fundamentals)
    assert re.search(r"3/10\s+30%\s+↷ 1 skipped$", overall)
    # The bars give way before any number does.
    assert ("━" in overall) == (width >= 60)


@pytest.mark.parametrize("width", WIDTHS)
def test_list_gives_titles_the_room_before_type_and_length(studied, width):
    out = _view(studied, "list", width)
    header = out.splitlines()[0].split()
    assert header[:2] == ["#", "Title"]
    assert ("Type" in header) == (width >= 60)
    assert ("Length" in header) == (width >= 40)
    row = next(line for line in out.splitlines() if line.startswith(" 1"))
    # The title column is at least 20 cells wide: the first words of step 1 stand whole.
    assert "Wie funktionieren" in row


def test_show_and_next_never_break_a_url_at_40_columns(studied):
    for view in ("show 4", "next"):
        out = _view(studied, view, 40)
        assert [line.strip() for line in out.splitlines() if "https://" in line] == [
            (f"URL      {URL_4}" if view == "show 4" else URL_4)
        ]


def _piped(data_dir, command: str) -> subprocess.CompletedProcess[str]:
    """``learnpath COMMAND`` through a real shell pipe, with no COLUMNS to go by."""
    env = script_env(data_dir)
    env.pop("COLUMNS", None)
    return subprocess.run(
        f"'{console_script()}' {command}",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_piped_output_is_one_row_per_step_without_wrapping_or_padding(studied, data_dir):
    grepped = _piped(data_dir, "list | grep Chapter")
    assert grepped.returncode == 0, grepped.stderr
    rows = grepped.stdout.splitlines()
    assert len(rows) == 2
    assert re.fullmatch(
        r" 3  ↷  Transformers, the tech behind LLMs \| Deep Learning Chapter 5 +Video +27 min",
        rows[0],
    )
    assert rows[1].startswith(" 4  ▸  Attention in transformers, step-by-step | Deep Learning")
    for command in ("list", "progress", "", "log", "notes", "group", "show 4"):
        out = _piped(data_dir, f"{command} | cat").stdout
        lines = out.splitlines()
        assert lines and all(line == line.rstrip() for line in lines), (command, out)
    longest = max(len(line) for line in _piped(data_dir, "list | cat").stdout.splitlines())
    assert longest > 80  # a long row stays one line instead of wrapping at 80


def test_columns_still_sets_the_width_of_piped_output(studied, data_dir):
    env = {"COLUMNS": "60"}
    out = subprocess.run(
        [console_script(), "list"], capture_output=True, text=True, env=script_env(data_dir, **env)
    ).stdout
    assert max(len(line) for line in out.splitlines()) <= 60


@pytest.mark.parametrize("width", [10, 20, 24, 30, 39])
def test_progress_in_a_very_narrow_terminal_keeps_titles_and_numbers_whole(studied, width):
    out = _view(studied, "progress", width)
    assert "…" not in out
    words = out.split()
    for figure in ("3/7", "43%", "0/3", "3/10", "30%"):
        assert figure in words, out
    if width >= 20:
        assert "Fundamentals" in words and "Overall" in words
