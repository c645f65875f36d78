"""Time, in one place: stored as UTC ISO 8601, shown in the learner's local time.

Standard library only. Every module that reads, writes or shows a time uses these
functions, so that the stored format and the shown one are decided here alone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

# How times are stored: UTC, to the second, with a Z (2026-11-24T15:50:50Z).
STORED = "%Y-%m-%dT%H:%M:%SZ"
# How times are shown to people: local, to the minute.
SHOWN = "%Y-%m-%d %H:%M"


def utc_now() -> str:
    """The current time as stored: UTC ISO 8601, to the second."""
    return datetime.now(UTC).strftime(STORED)


def file_stamp() -> str:
    """The current UTC time for a file name: 20261124T155050Z."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_utc(at: str) -> datetime:
    """A stored time as an aware datetime."""
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def local_day(at: str, tz: tzinfo | None = None) -> date:
    """The learner's calendar day (in ``tz``, default the local zone) of a stored time."""
    return parse_utc(at).astimezone(tz).date()


def local_time(at: str | None) -> str:
    """A stored time as the learner's local 'YYYY-MM-DD HH:MM'; '-' when there is none."""
    if not at:
        return "-"
    return parse_utc(at).astimezone().strftime(SHOWN)


def day_start_utc(text: str, tz: tzinfo | None = None) -> str:
    """'YYYY-MM-DD' (the start of that day in ``tz``, default local) as a stored time.

    Raises ValueError for anything else.
    """
    day = date.fromisoformat(text.strip())
    if tz is None:
        start = datetime(day.year, day.month, day.day).astimezone()  # local midnight
    else:
        start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return start.astimezone(UTC).strftime(STORED)


def duration(minutes: int | None) -> str:
    """A length for people: '45 min', '1 h', '1 h 56 min'; '' when unknown."""
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
