"""Times from outside are stored in one form, whatever precision they were given in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnpath.times import STORED, stored_time

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 26)),
    st.integers(min_value=0, max_value=9),
)
def test_a_given_time_is_stored_to_the_microsecond(moment, digits):
    given_text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{moment.microsecond:06d}000"[:digits]
    if digits:
        given_text += "." + fraction
    expected = moment.replace(microsecond=int((fraction + "000000")[:6]), tzinfo=UTC)
    assert stored_time(given_text + "Z", NOW) == expected.strftime(STORED)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-02-30T10:00:00Z", "not a real date"),
        ("2026-01-01T24:00:00Z", "not a real date"),
        ("2026-01-01T10:00:60Z", "not a real date"),
        ("\u0662\u0660\u0662\u0666-01-01T10:00:00Z", "not a UTC time"),  # Arabic digits
        ("2026-01-01 10:00:00Z", "not a UTC time"),
        ("2026-01-01T10:00:00+00:00", "not a UTC time"),
        ("1999-12-31T23:59:59.999999Z", "before the year 2000"),
        ("2026-11-26T12:00:00.000001Z", "in the future"),
        (20261125, "not a UTC time"),
    ],
)
def test_a_time_that_is_not_one_is_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        stored_time(text, NOW)
