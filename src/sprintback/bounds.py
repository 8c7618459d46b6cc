"""How far a date may reach: the one definition of the bounds on every date that drives computation.

A decision for a day replays the case from the injury to that day, so the cost of a request grows with
the distance between the two. An unbounded `as_of` (9999-12-31) once held the database for ten minutes.
Every face (API query parameters and bodies, web forms, CLI options) and the services that accept
records check dates here, so the same limit gives the same words everywhere:

- a day that drives computation (`as_of`, the planned week, a replay's `--from`/`--to`, a clearance or
  report date) lies between the injury date, when it is known, or else `EARLIEST`, and today +
  `MAX_DAYS_AHEAD` (a year and a day: a season planned ahead, never a century);
- a recorded day (an injury, a check-in, a test, a session) lies between `EARLIEST` and tomorrow (a day
  of slack for time zones: a later date is a typo).

Stdlib only, and no clock: the caller passes today (the faces read the clock).
"""

from __future__ import annotations

from datetime import date, timedelta

from sprintback.domain.errors import InvalidCase

# The documented floor, for a date with no injury to anchor it: rehab records reach back years, not ages.
EARLIEST = date(2000, 1, 1)
MAX_DAYS_AHEAD = 366
RECORD_SLACK_DAYS = 1


class DateOutOfRange(InvalidCase):
    """A date outside the bounds above; every face answers it as bad input (HTTP 422, exit code 2). An
    InvalidCase, so whatever handles a bad record date before these bounds existed handles this one too."""

    code = "date_out_of_range"


def latest_day(today: date) -> date:
    """The last day any computation may be asked for."""
    return today + timedelta(days=MAX_DAYS_AHEAD)


def check_day(day: date, today: date, field: str, label: str, earliest: date | None = None) -> date:
    """`day` itself when it lies between `earliest` (default `EARLIEST`) and today + 366 days; else
    DateOutOfRange naming the field (`field` is its path, `label` its name in words, e.g. "the as-of date")."""
    floor = earliest if earliest is not None else EARLIEST
    last = latest_day(today)
    if day > last:
        raise DateOutOfRange(
            f"{label} {day.isoformat()} is too far ahead: it may be at most {MAX_DAYS_AHEAD} days after today "
            f"({last.isoformat()})",
            field,
        )
    if day < floor:
        anchor = "the injury date" if earliest is not None else "the earliest date Sprintback accepts"
        raise DateOutOfRange(f"{label} {day.isoformat()} is before {anchor} ({floor.isoformat()})", field)
    return day


def check_recorded_day(day: date, today: date, field: str, label: str = "the date") -> date:
    """A day something happened: from `EARLIEST` to tomorrow."""
    if day > today + timedelta(days=RECORD_SLACK_DAYS):
        raise DateOutOfRange(f"{label} {day.isoformat()} is in the future (today is {today.isoformat()})", field)
    if day < EARLIEST:
        raise DateOutOfRange(
            f"{label} {day.isoformat()} is before the earliest date Sprintback accepts ({EARLIEST.isoformat()})",
            field,
        )
    return day
