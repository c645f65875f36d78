"""Progress arithmetic: counts, percentages, minutes, and where a change leaves you."""

from __future__ import annotations

import pytest

from learnpath.core.progress import progress, stand
from learnpath.core.status import Action, change
from learnpath.model import SectionProgress, percent


@pytest.mark.parametrize(
    ("handled", "total", "expected"),
    [(0, 0, 0), (0, 10, 0), (1, 200, 1), (3, 7, 43), (199, 200, 99), (10, 10, 100)],
)
def test_percent_never_rounds_to_done_or_to_nothing(handled, total, expected):
    assert percent(handled, total) == expected


def test_counts_per_section_and_overall(tiny):
    change(tiny, ["a"], Action.done)
    change(tiny, ["b"], Action.skip)
    change(tiny, ["d"], Action.start)
    p = progress(tiny)
    first, second = p.sections
    assert (first.total, first.done, first.skipped, first.started) == (3, 1, 1, 0)
    assert (second.total, second.done, second.skipped, second.started) == (2, 0, 0, 1)
    assert (p.total, p.done, p.skipped, p.started, p.percent) == (5, 1, 1, 1, 40)
    assert first.percent == 67


def test_minutes_done_and_left(tiny):
    change(tiny, ["a"], Action.done)  # 10 min
    change(tiny, ["b"], Action.skip)  # 20 min, handled but not studied
    p = progress(tiny)
    assert (p.minutes_done, p.minutes_left, p.timed) == (10, 30, 3)


def test_the_next_step_is_in_the_first_unfinished_section(tiny):
    change(tiny, ["a", "b", "c"], Action.done)
    p = progress(tiny)
    assert p.next is not None and p.next.id == "d"


def test_a_finished_path_has_no_next_step(tiny):
    change(tiny, ["1", "2", "3", "4", "5"], Action.done)
    p = progress(tiny)
    assert (p.next, p.percent) == (None, 100)


def test_stand_after_the_last_step_says_the_path_is_finished(tiny):
    change(tiny, ["1", "2", "3", "4"], Action.done)
    last = change(tiny, ["5"], Action.done)
    where = stand(tiny, last)
    assert where.just_completed
    assert where.section is not None and where.section.title == "Zweiter Teil"


def test_stand_on_an_unchanged_step_is_not_a_completion(tiny):
    change(tiny, ["1", "2", "3", "4", "5"], Action.done)
    again = change(tiny, ["5"], Action.done)
    assert not stand(tiny, again).just_completed


def test_the_section_window_is_around_the_current_section(long_path):
    change(long_path, [str(n) for n in range(1, 101)], Action.done)  # sections of 25
    p = progress(long_path)
    assert len(p.sections) == 8
    assert p.section_window() == (1, 8)  # few sections: all of them


def test_section_window_on_many_sections():
    from learnpath.model import Progress

    sections = [SectionProgress(f"S{i}", 1, 1 if i < 30 else 0, 0, 0, 0, 0, 0) for i in range(60)]
    p = Progress(path="p", title="P", sections=sections, next=None)
    assert p.section_window() == (29, 40)  # from two before the current one (the 31st)
