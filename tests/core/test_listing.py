"""The window `list` shows on a long path, and the whole list on a short one."""

from __future__ import annotations

import pytest

from learnpath.core.listing import listing, matching, matching_json
from learnpath.core.status import Action, change
from learnpath.model import WINDOW_ROWS, json_text, window_bounds


@pytest.mark.parametrize(
    ("anchor", "count", "expected"),
    [
        (1, 10, (1, 10)),  # short paths are shown whole
        (1, WINDOW_ROWS + 10, (1, WINDOW_ROWS + 10)),  # a quarter more: still whole
        (1, WINDOW_ROWS + 11, (1, WINDOW_ROWS)),
        (1, 500, (1, 40)),
        (2, 500, (1, 40)),
        (100, 500, (97, 136)),  # starts a few rows before the anchor
        (500, 500, (461, 500)),  # never past the end
        (480, 500, (461, 500)),
        (0, 0, (1, 0)),
    ],
)
def test_window_bounds(anchor, count, expected):
    assert window_bounds(anchor, count) == expected


def _numbers(found) -> list[int]:
    return [s.number for s in found.steps]


def test_a_short_path_is_listed_whole(tiny):
    found = listing(tiny)
    assert _numbers(found) == [1, 2, 3, 4, 5]
    assert (found.before, found.after, found.filtered) == (0, 0, False)


def test_a_long_path_shows_a_window_from_the_first_unfinished_step(long_path):
    change(long_path, [str(n) for n in range(1, 101)], Action.done)
    found = listing(long_path)
    assert _numbers(found) == list(range(98, 98 + WINDOW_ROWS))
    assert (found.before, found.after) == (97, 200 - 137)
    assert found.progress.done == 100


def test_everything_lists_every_step(long_path):
    assert len(_numbers(listing(long_path, everything=True))) == 200


def test_a_filtered_long_list_is_windowed_too(long_path):
    change(long_path, [str(n) for n in range(1, 151)], Action.done)
    found = listing(long_path, status="done")
    assert found.filtered and len(_numbers(found)) == WINDOW_ROWS
    assert found.before + len(_numbers(found)) + found.after == 150


def test_a_finished_path_shows_its_last_rows(long_path):
    change(long_path, [str(n) for n in range(1, 201)], Action.skip)
    assert _numbers(listing(long_path))[-1] == 200


@pytest.mark.parametrize(
    ("section", "status"), [(None, None), ("zweiter", None), (None, "done"), ("erster", "todo")]
)
def test_json_of_steps_is_the_same_whoever_writes_it(tiny, section, status):
    """`list --json` takes each step's JSON from the database where it can (SQLite's
    json_object); it must be exactly what the standard library writes from to_json."""
    change(tiny, ["1", "4"], Action.done)
    built = list(matching_json(tiny, section, status))
    written = [json_text(s.to_json()) for s in matching(tiny, section, status)]
    assert built == written and built
