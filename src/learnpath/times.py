"""Time, in one place: stored as UTC ISO 8601, shown in the learner's local time.

Standard library only. Every module that reads, writes or shows a time uses these
functions, so that the stored format and the shown one are decided here alone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

# How times are stored: UTC, to the microsecond, with a Z (2026-11-24T15:50:50.123456Z).
# One fixed width, so that stored times sort as text in the order they happened.
STORED = "%Y-%m-%dT%H:%M:%S.%fZ"
# How times are shown to people: local, to the minute.
SHOWN = "%Y-%m-%d %H:%M"
# What a time from outside (a backup, another database) may look like before it is
# stored: UTC with a Z, to the second or finer. Bounded, so matching is linear.
_GIVEN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z", re.ASCII)
# The earliest time learnpath accepts, and how far ahead of the clock a time may be.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)


def utc_now() -> str:
    """The current time as stored: UTC ISO 8601, to the microsecond."""
    return datetime.now(UTC).strftime(STORED)


def stored_time(text: object, now: datetime | None = None) -> str:
    """A time from outside as it is stored; ValueError saying what is wrong with it.

    Refused: anything but UTC ISO 8601 with a Z, times before 2000, and times more
    than a day ahead of ``now`` (by default the clock), which would win every later
    merge.
    """
    if not isinstance(text, str) or not _GIVEN.fullmatch(text):
        raise ValueError("is not a UTC time such as 2026-11-24T15:50:50Z")
    whole, _, fraction = text[:-1].partition(".")
    micro = (fraction + "000000")[:6]
    try:
        # _GIVEN fixed the form (ASCII digits); this checks the date and time are real.
        moment = datetime.fromisoformat(whole).replace(microsecond=int(micro), tzinfo=UTC)
    except ValueError:
        raise ValueError("is not a real date and time") from None
    if moment < EARLIEST:
        raise ValueError("is before the year 2000")
    if moment > (now or datetime.now(UTC)) + AHEAD:
        raise ValueError("is more than a day in the future")
    # The stored form (STORED), written out directly: a backup holds a time per record,
    # and strftime was most of the time of reading a large one.
    return f"{whole}.{micro}Z"


def file_stamp() -> str:
    """The current UTC time for a file name: 20261124T155050Z."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_utc(at: str) -> datetime:
    """A stored time as an aware datetime; ValueError when it is not one."""
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def minute_start(minute: str) -> str:
    """The stored time at which a minute ('2026-11-24T15:50', a stored time's first 16
    characters) begins."""
    return f"{minute}:00.000000Z"


def to_local(moment: datetime) -> datetime:
    """``moment`` in the learner's local time zone, or in UTC when $TZ names a zone that
    cannot be used (an unknown name, an offset past 24 hours): never an error."""
    try:
        return moment.astimezone()
    except (ValueError, OverflowError, OSError):
        return moment.astimezone(UTC)


def local_today() -> date:
    """Today in the learner's time zone (in UTC when $TZ cannot be used), the same day
    that local_day gives for a time stored now."""
    return to_local(datetime.now(UTC)).date()


def local_day(at: str, tz: tzinfo | None = None) -> date:
    """The learner's calendar day (in ``tz``, default the local zone) of a stored time."""
    moment = parse_utc(at)
    return (moment.astimezone(tz) if tz else to_local(moment)).date()


def local_time(at: str | None) -> str:
    """A stored time as the learner's local 'YYYY-MM-DD HH:MM'; '-' when there is none.

    Stored data is not trusted to be well formed: a time that cannot be shown (damaged,
    or out of range in the local zone) is 'unknown', never a crash.
    """
    if not at:
        return "-"
    try:
        return to_local(parse_utc(at)).strftime(SHOWN)
    except (ValueError, OverflowError, OSError):
        return "unknown"


def day_start_utc(text: str, tz: tzinfo | None = None) -> str:
    """'YYYY-MM-DD' (the start of that day in ``tz``, default local) as a stored time.

    Raises ValueError for anything else.
    """
    day = date.fromisoformat(text.strip())
    if tz is None:
        try:
            start = datetime(day.year, day.month, day.day).astimezone()  # local midnight
        except (ValueError, OverflowError, OSError):  # a $TZ that cannot be used: UTC
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
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
