"""`learnpath browse` through Textual's pilot: every key and flow, on both backends, with
the same core functions, events and errors as the commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnpath.core.history import log
from learnpath.core.notes import detail
from learnpath.core.status import Action, change
from learnpath.core.steps import step
from learnpath.tui.app import BrowseApp
from learnpath.tui.steplist import StepList

from .conftest import screen_text


def _app(session, **kw) -> BrowseApp:
    return BrowseApp(session, poll=kw.pop("poll", 0))


def _current(app: BrowseApp) -> int:
    found = app.query_one(StepList).current
    assert found is not None
    return found.number


def _message(app: BrowseApp) -> str:
    return str(app.query_one("#message").render())


async def test_it_opens_on_the_first_step_to_do_with_its_details(tiny):
    change(tiny, ["a", "b"], Action.done)
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _current(pilot.app) == 3
        shown = screen_text(pilot.app)
        assert "Kleiner Pfad  2/5 steps, 40%" in shown
        assert "Erster Teil" in shown and "Zweiter Teil" in shown
        assert "Gamma" in shown and "Step 3 · Erster Teil · Video" in shown


async def test_moving_with_arrows_and_j_k_skips_the_section_headings(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "j", "down")
        assert _current(pilot.app) == 4  # past the heading of "Zweiter Teil"
        await pilot.press("k", "up")
        assert _current(pilot.app) == 2
        await pilot.press("end")
        assert _current(pilot.app) == 5
        await pilot.press("home")
        assert _current(pilot.app) == 1
        await pilot.pause()
        assert "Alpha" in screen_text(pilot.app)


@pytest.mark.parametrize(
    ("key", "status", "event"),
    [("d", "done", "done"), ("s", "skipped", "skipped"), ("t", "started", "started")],
)
async def test_a_key_changes_the_status_as_the_command_does(tiny, key, status, event):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", key)
        await pilot.pause()
        assert step(tiny, "b").status == status
        assert [(e.step, e.action) for e in log(tiny)] == [("b", event)]
        assert _message(pilot.app) == f"Step 2 is {status} now."
        assert f"{status}" in screen_text(pilot.app)


async def test_u_takes_a_step_back_to_todo_as_undo_does(tiny):
    change(tiny, ["a"], Action.done)
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("home", "u")
        await pilot.pause()
        assert step(tiny, "a").status == "todo"
        assert [e.action for e in log(tiny)] == ["done", "undone"]
        assert "0/5 steps" in screen_text(pilot.app)


async def test_a_step_already_done_is_left_as_it_is(tiny):
    change(tiny, ["a"], Action.done)
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("home", "t")
        await pilot.pause()
        assert step(tiny, "a").status == "done"
        assert "was already done" in _message(pilot.app)


async def test_n_adds_a_note_and_escape_cancels_one(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"Gut erklärt", "enter")
        await pilot.pause()
        assert [n.text for n in detail(tiny, "a").notes] == ["Gut erklärt"]
        assert "Notes (1)" in screen_text(pilot.app)
        await pilot.press("n", *"verworfen", "escape", "d")
        await pilot.pause()
        assert len(detail(tiny, "a").notes) == 1
        assert step(tiny, "a").status == "done"  # the keys work again after Escape


async def test_slash_narrows_to_the_hits_enter_selects_escape_shows_all(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"vortraege")
        await pilot.pause()
        lister = pilot.app.query_one(StepList)
        assert [s.number for s in lister.steps] == [4]
        assert _message(pilot.app).startswith("1 found;")
        await pilot.press("enter")
        assert _current(pilot.app) == 4
        await pilot.press("d")
        await pilot.pause()
        assert step(tiny, "d").status == "done"
        await pilot.press("escape")
        await pilot.pause()
        assert len(lister.steps) == 5 and _current(pilot.app) == 4


async def test_search_finds_notes_and_an_empty_one_shows_everything(tiny):
    from learnpath.core.notes import add_note

    add_note(tiny, "e", "Wiederholen")
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"wiederh")
        await pilot.pause()
        assert [s.number for s in pilot.app.query_one(StepList).steps] == [5]
        await pilot.press(*["backspace"] * 7)
        await pilot.pause()
        assert len(pilot.app.query_one(StepList).steps) == 5


async def test_open_starts_the_step_and_runs_the_browser(tiny, tmp_path, monkeypatch):
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert opened.read_text().strip() == "https://example.org/a"
        assert step(tiny, "a").status == "started"
        assert _message(pilot.app) == "Opened step 1 in the browser."


async def test_over_ssh_the_url_is_shown_to_copy(tiny, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Open it yourself: https://example.org/a" in _message(pilot.app)
        assert step(tiny, "a").status == "started"


async def test_an_error_is_a_line_in_the_view(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "o")  # step 2 has no URL
        await pilot.pause()
        assert _message(pilot.app).startswith("Error: step 2 (b) has no URL")
        assert step(tiny, "b").status == "todo"


async def test_p_switches_path_for_this_run(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert "Switch to the path" in screen_text(pilot.app)
        await pilot.press("up", "enter")  # from this path to the bundled one, listed first
        await pilot.pause()
        assert pilot.app.session.path == "transformers"
        assert "Transformers" in screen_text(pilot.app)


async def test_r_and_the_poll_show_what_another_process_changed(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        change(tiny, ["a", "b"], Action.done)  # as another terminal would
        await pilot.press("r")
        await pilot.pause()
        assert "2/5 steps" in screen_text(pilot.app)
    async with BrowseApp(tiny, poll=0.05).run_test(size=(100, 30)) as pilot:
        change(tiny, ["c"], Action.skip)
        await pilot.pause(0.3)
        assert "3/5 steps" in screen_text(pilot.app)


async def test_question_mark_lists_every_key_and_q_quits(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(pilot.app)
        assert "learnpath browse: keys" in shown and "back to todo" in shown
        await pilot.press("escape", "q")
        await pilot.pause()
    assert pilot.app.return_code == 0


async def test_a_click_selects_a_step(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click(StepList, offset=(5, 5))  # the heading, then steps 1-3, heading
        await pilot.pause()
        assert _current(pilot.app) == 4


async def test_it_fits_50_by_16(tiny):
    async with _app(tiny).run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        shown = screen_text(pilot.app)
        assert "Kleiner Pfad" in shown and "Alpha" in shown and "Step 1" in shown


async def test_ten_thousand_steps_open_and_scroll(tmp_path: Path, bundled):
    from learnpath.core.paths import add

    from ..core.conftest import write_path

    add(bundled, write_path(tmp_path / "big.yaml", 10_000), "big", update=False)
    async with _app(bundled.on("big")).run_test(size=(100, 30)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        assert _current(pilot.app) == 10_000 and "Schritt 10000" in screen_text(pilot.app)
        await pilot.press("pageup", "pageup")
        assert _current(pilot.app) < 10_000 - 40


async def test_what_is_typed_into_the_input_line_shows(tiny):
    async with _app(tiny).run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"sichtbar")
        await pilot.pause()
        assert "sichtbar" in screen_text(pilot.app)


async def test_a_note_goes_to_the_step_the_prompt_named(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"für Alpha")
        lister = pilot.app.query_one(StepList)
        lister.cursor = 3  # the cursor moves on (a click, say) while the prompt is open
        await pilot.pause()
        pilot.app.query_one("PromptLine").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [n.text for n in detail(tiny, "a").notes] == ["für Alpha"]
        assert detail(tiny, "c").notes == []


async def test_a_blank_note_is_refused_as_the_command_refuses_it(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "space", "space", "enter")
        await pilot.pause()
        assert _message(pilot.app).startswith("Error: ")
        assert detail(tiny, "a").notes == []


async def test_a_change_elsewhere_keeps_the_search_narrowed(tiny):
    async with BrowseApp(tiny, poll=0.05).run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"gamma")
        await pilot.pause()
        change(tiny, ["a"], Action.done)  # another terminal
        await pilot.pause(0.3)
        assert [s.number for s in pilot.app.query_one(StepList).steps] == [3]
        assert "1/5 steps" in screen_text(pilot.app)


async def test_nothing_found_shows_no_step_and_escape_goes_back(tiny):
    async with _app(tiny).run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "slash", *"zzz")
        await pilot.pause()
        assert "No step matches the search" in screen_text(pilot.app)
        await pilot.press("escape")
        await pilot.pause()
        assert _current(pilot.app) == 2  # where the search began


async def test_the_first_step_to_do_is_in_view_on_a_long_path(long_path):
    change(long_path, [f"s{n}" for n in range(1, 41)], Action.done)
    async with _app(long_path).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _current(pilot.app) == 41
        list_lines = screen_text(pilot.app).splitlines()[1:11]
        assert any("Schritt 41" in line for line in list_lines)


async def test_resizing_chooses_the_layout_for_the_new_size(tiny):
    async with _app(tiny).run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        assert not pilot.app.query_one("#body").has_class("narrow")
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        assert pilot.app.query_one("#body").has_class("narrow")


async def test_a_long_title_gives_way_to_the_numbers(tiny, tmp_path):
    from learnpath.core.paths import add

    from ..core.conftest import TINY

    long = tmp_path / "long-title.yaml"
    long.write_text(TINY.replace("Kleiner Pfad", "Ein sehr langer Titel " * 4), "utf-8")
    add(tiny, long, "lang", update=False)
    async with _app(tiny.on("lang")).run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        assert "0/5 steps, 0%" in screen_text(pilot.app).splitlines()[0]


async def test_over_ssh_a_long_url_shows_whole_in_a_small_terminal(tiny, tmp_path, monkeypatch):
    from learnpath.core.paths import add

    url = "https://example.org/" + "sehr-langer-pfad/" * 4 + "ende"
    file = tmp_path / "u.yaml"
    file.write_text(
        f"title: U\nsections:\n  - title: S\n    steps:\n      - {{title: A, url: '{url}'}}\n"
    )
    add(tiny, file, "u", update=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    async with _app(tiny.on("u")).run_test(size=(50, 16)) as pilot:
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "ende" in screen_text(pilot.app)
