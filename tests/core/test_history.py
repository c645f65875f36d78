"""History through the core: the log, streaks in local days, weekly counts, the group."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone

from learnpath.core.history import group, log
from learnpath.core.notes import add_note
from learnpath.core.session import Session
from learnpath.core.status import Action, change
from learnpath.core.streaks import activity, summarize
from learnpath.times import day_start_utc


def _at(day: date, hour: int = 12) -> tuple[str, int]:
    return f"{day.isoformat()}T{hour:02d}:00:00Z", 1


def test_streaks_count_local_days():
    today = date(2026, 11, 25)  # a Wednesday
    done = [_at(today - timedelta(days=n)) for n in (0, 1, 2, 5, 6, 7, 8)]
    act = summarize(done, done[0][0], today, UTC)
    assert (act.current_streak, act.longest_streak, act.done_this_week) == (3, 4, 3)
    assert [n for _, n in act.weekly][-2:] == [4, 3]
    assert act.weekly[-1][0] == date(2026, 11, 23)  # weeks start on Monday


def test_a_streak_survives_until_a_whole_day_is_missed():
    today = date(2026, 11, 25)
    yesterday = [_at(today - timedelta(days=1)), _at(today - timedelta(days=2))]
    assert summarize(yesterday, None, today, UTC).current_streak == 2
    older = [_at(today - timedelta(days=2))]
    assert summarize(older, None, today, UTC).current_streak == 0


def test_days_are_the_learners_not_utc():
    today = date(2026, 11, 25)
    # 23:30 UTC on the 24th is already the 25th in Berlin (UTC+1), still the 24th in UTC.
    late = [("2026-11-24T23:30:00Z", 1), ("2026-11-23T12:00:00Z", 1)]
    berlin = timezone(timedelta(hours=1))
    assert summarize(late, None, today, UTC).current_streak == 2
    assert summarize(late, None, today, berlin).current_streak == 1
    assert summarize(late, None, today, berlin).longest_streak == 1


def test_the_log_lists_every_change_in_order(tiny):
    change(tiny, ["a"], Action.start)
    change(tiny, ["a"], Action.done)
    add_note(tiny, "a", "gut")
    change(tiny, ["b"], Action.skip)
    entries = list(log(tiny))
    assert [(e.step, e.action, e.number) for e in entries] == [
        ("a", "started", 1),
        ("a", "done", 1),
        ("a", "noted", 1),
        ("b", "skipped", 2),
    ]


def test_the_log_from_a_day_on_leaves_older_events_out(tiny):
    change(tiny, ["a"], Action.done)
    assert list(log(tiny, since=day_start_utc("2999-01-01", UTC))) == []
    assert len(list(log(tiny, since=day_start_utc("2000-01-01", UTC)))) == 1


def test_the_log_of_every_path(tiny):
    change(tiny, ["a"], Action.done)
    change(tiny.on("transformers"), ["1"], Action.done)
    assert {e.path for e in log(tiny)} == {"tiny"}
    assert {e.path for e in log(tiny, all_paths=True)} == {"tiny", "transformers"}


def test_activity_counts_steps_done_today(tiny):
    change(tiny, ["a", "b"], Action.done)
    act = activity(tiny)
    assert (act.current_streak, act.longest_streak, act.done_this_week) == (1, 1, 2)
    assert act.last_activity is not None


def test_the_group_shows_every_learner_with_activity(tiny):
    change(tiny, ["a", "b"], Action.done)
    other = Session(tiny.db.as_learner("zoe"), tiny.path)
    change(other, ["a"], Action.skip)
    members = {m.learner: m for m in group(tiny)}
    assert sorted(members) == sorted([tiny.db.learner, "zoe"])
    mine, zoe = members[tiny.db.learner], members["zoe"]
    assert (mine.done, mine.skipped, mine.total, zoe.done, zoe.skipped) == (2, 0, 5, 0, 1)
    assert zoe.current is not None and (zoe.current.number, zoe.current.title) == (2, "Beta")


def test_the_group_says_what_each_learners_own_progress_says(tiny, tmp_path):
    """Read for everyone at once, each member is what the learner's own `progress`
    shows: counts of steps the path still has, the step they are on, streak, last."""
    from learnpath.core.paths import add
    from learnpath.core.progress import progress

    from .conftest import TINY

    def learner(name: str) -> Session:
        return Session(tiny.db.as_learner(name), tiny.path)

    change(learner("ann"), ["a", "b", "e"], Action.done)
    change(learner("ben"), ["c"], Action.start)
    change(learner("ben"), ["a", "d"], Action.done)
    change(learner("max"), ["a", "b", "c", "d", "e"], Action.skip)
    change(learner("max"), ["e"], Action.undo)
    add_note(learner("eve"), "c", "nur eine Notiz")
    shorter = tmp_path / "shorter.yaml"
    shorter.write_text(TINY.replace("      - {id: e, title: Epsilon}\n", ""), encoding="utf-8")
    add(tiny, shorter, "tiny", update=True)  # ann's done step e is gone from the path
    change(learner("max"), ["d"], Action.undo)
    change(learner("max"), ["d"], Action.done)

    members = group(tiny)
    assert [m.learner for m in members] == ["ann", "ben", "eve", "max"]
    for m in members:
        own, act = progress(learner(m.learner)), activity(learner(m.learner))
        assert (m.done, m.skipped, m.total, m.percent) == (
            own.done,
            own.skipped,
            own.total,
            own.percent,
        )
        assert (m.current and m.current.number) == (own.next and own.next.number)
        assert (m.current and m.current.title) == (own.next and own.next.title)
        assert (m.streak, m.last_activity) == (act.current_streak, act.last_activity)
    assert [(m.done, m.skipped) for m in members] == [(2, 0), (2, 0), (0, 0), (1, 3)]
    assert members[-1].current is None  # max has handled every step there is
