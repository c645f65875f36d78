"""Step references: numbers, ids, and the messages for everything else."""

from __future__ import annotations

import pytest

from learnpath.core.steps import check_section, info, next_step, resolve, step, steps
from learnpath.errors import StepNotFound


@pytest.mark.parametrize(("ref", "expected"), [("1", "a"), ("5", "e"), (" 2 ", "b"), ("d", "d")])
def test_a_step_is_named_by_number_or_id(tiny, ref, expected):
    assert step(tiny, ref).id == expected


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("0", "there is no step 0; the steps are numbered 1 to 5"),
        ("6", "there is no step 6; the steps are numbered 1 to 5"),
        ("-1", "'-1' is not a step number; the steps are numbered 1 to 5"),
        ("1.5", "'1.5' is not a step number"),
        ("", "the step reference is empty"),
        ("x" * 201, "a step reference of 201 characters is too long"),
    ],
)
def test_bad_references_say_what_is_wrong(tiny, ref, message):
    with pytest.raises(StepNotFound, match=message.replace("(", r"\(").replace(".", r"\.")):
        step(tiny, ref)


def test_an_unknown_id_suggests_a_close_one(bundled):
    with pytest.raises(StepNotFound, match="did you mean 'illustrated-transformer'"):
        step(bundled, "ilustrated-transformer")


def test_control_characters_in_a_reference_are_not_echoed(tiny):
    with pytest.raises(StepNotFound) as caught:
        step(tiny, "evil\x1b[2J")
    assert "\x1b" not in str(caught.value)


def test_resolve_keeps_the_given_order_once_each(tiny):
    assert [s.id for s in resolve(tiny, ["c", "1", "3", "a"])] == ["c", "a"]


def test_steps_filter_by_section_and_status(tiny):
    from learnpath.core.status import Action, change

    change(tiny, ["d"], Action.done)
    assert [s.id for s in steps(tiny, section="zweiter")] == ["d", "e"]
    assert [s.id for s in steps(tiny, status="done")] == ["d"]
    assert [s.id for s in steps(tiny, section="erster", status="done")] == []


def test_an_unknown_section_names_the_sections(tiny):
    with pytest.raises(StepNotFound, match="the sections are: Erster Teil, Zweiter Teil"):
        check_section(tiny, "Dritter")


def test_the_next_step_skips_done_and_skipped_ones(tiny):
    from learnpath.core.status import Action, change

    change(tiny, ["a"], Action.done)
    change(tiny, ["b"], Action.skip)
    change(tiny, ["c"], Action.start)
    found = next_step(tiny)
    assert found is not None and found.id == "c"


def test_info_of_the_bundled_path(bundled):
    about = info(bundled)
    assert about.title == "Transformers" and about.step_count == 10
    assert len(about.prerequisites) == 4
