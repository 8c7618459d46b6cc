"""The one rule for how far a date may reach (`sprintback.bounds`), at its edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sprintback.bounds import EARLIEST, MAX_DAYS_AHEAD, DateOutOfRange, check_day, check_recorded_day

TODAY = date(2026, 11, 25)


def test_a_computing_date_may_reach_a_year_and_a_day_ahead_and_back_to_the_floor() -> None:
    last = TODAY + timedelta(days=MAX_DAYS_AHEAD)
    assert check_day(last, TODAY, "as_of", "the as-of date") == last
    assert check_day(EARLIEST, TODAY, "as_of", "the as-of date") == EARLIEST
    with pytest.raises(DateOutOfRange) as ahead:
        check_day(last + timedelta(days=1), TODAY, "as_of", "the as-of date")
    assert ahead.value.field == "as_of"
    assert ahead.value.message.startswith("the as-of date 2027-11-27 is too far ahead")
    with pytest.raises(DateOutOfRange, match="before the earliest date"):
        check_day(EARLIEST - timedelta(days=1), TODAY, "as_of", "the as-of date")


def test_with_an_injury_the_floor_is_the_injury_date() -> None:
    injured = date(2026, 10, 5)
    assert check_day(injured, TODAY, "--from", "the first day", earliest=injured) == injured
    with pytest.raises(DateOutOfRange, match=r"before the injury date \(2026-10-05\)"):
        check_day(injured - timedelta(days=1), TODAY, "--from", "the first day", earliest=injured)


def test_a_recorded_day_may_be_tomorrow_but_not_later() -> None:
    assert check_recorded_day(TODAY + timedelta(days=1), TODAY, "date") == TODAY + timedelta(days=1)
    with pytest.raises(DateOutOfRange, match="is in the future"):
        check_recorded_day(TODAY + timedelta(days=2), TODAY, "date", "the check-in date")
    with pytest.raises(DateOutOfRange, match="the injury date 1999-12-31 is before"):
        check_recorded_day(date(1999, 12, 31), TODAY, "injury.date", "the injury date")
