"""What reaches the terminal: text from path files is shown as typed, never interpreted."""

from __future__ import annotations

from learnpath.model import Action, Change, Listing, Progress, StepDetail, StepView
from learnpath.render.steps import changes, step_detail, step_table
from learnpath.text import readable
from learnpath.times import duration

HOSTILE = StepView(
    number=1,
    id="evil",
    section="[bold]Section[/bold]",
    title="[red]x[/red] :smile: \x1b[2J\x9b31m",
    type="[link=file:///etc]T[/link]",
    url="https://example.org/a?b=[c]",
    minutes=5,
    status="todo",
    started_at=None,
    completed_at=None,
    description="See [the docs](https://example.org) and `code` with **bold**.\x07",
)


def test_markup_in_titles_is_printed_as_typed(capsys):
    step_table(Listing([HOSTILE], Progress(path="p", title="t", sections=[], next=None)))
    out = capsys.readouterr().out
    assert "[red]x[/red] :smile:" in out
    assert "[bold]Section[/bold]" in out
    assert "[link=file:///etc]T[/link]" in out
    assert "\x1b" not in out and "\x9b" not in out


def test_show_keeps_markup_and_strips_controls(capsys):
    step_detail(StepDetail(HOSTILE, []))
    out = capsys.readouterr().out
    assert "[red]x[/red]" in out
    assert "See the docs (https://example.org) and code with bold." in out
    assert "\x07" not in out and "\x1b" not in out


def test_change_lines(capsys):
    changes([Change(HOSTILE, "todo", "todo")], Action.done)
    out = capsys.readouterr().out
    assert "[red]x[/red]" in out and "already done" in out


def test_readable_markdown():
    assert readable("[a](https://x.org)") == "a (https://x.org)"
    assert readable("[https://x.org](https://x.org)") == "https://x.org"
    assert readable("use `pip` and *care* or __strong__") == "use pip and care or strong"
    assert readable("snake_case_name stays") == "snake_case_name stays"
    assert readable("2 * 3 * 4") == "2 * 3 * 4"


def test_duration():
    assert [duration(m) for m in (None, 0, 45, 60, 116)] == [
        "",
        "0 min",
        "45 min",
        "1 h",
        "1 h 56 min",
    ]


def test_steps_are_named_in_runs_then_by_id():
    from learnpath.render.paths import step_names

    assert step_names([4]) == "step 4"
    assert step_names([7, 1, 2, 3, 5, 6, 9, 10]) == "steps 1-3, 5-7, 9, 10"
    assert step_names([1, 2, 3, 5, 6, 9]) == "steps 1-3, 5, 6, 9"
    assert step_names([2, "intro", 1]) == "steps 1, 2, 'intro'"
    many = step_names(list(range(1, 60, 2)))
    assert many == "steps 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23 and 18 more"
