"""Validate one incoming record with the case file's own rules, naming fields relative to the request.

`Case.validate()` is the single place that knows valid ranges; here a one-record case is validated
and the case-file path (`checkins[0].pain_walking`) is re-rooted to the request's (`pain_walking`,
or `measurements[2].value` inside an assessment), so the message is the case file's, word for word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sprintback.bounds import check_recorded_day
from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Athlete, BamicGrade, Case, CheckIn, Injury, Measurement, SessionLog, Side

_PLACEHOLDER_INJURY = Injury(date.min, Side.LEFT, BamicGrade(1))
_PLACEHOLDER_ATHLETE = Athlete("-", "-")
_ATHLETE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def _rerooted(exc: InvalidCase, old: str, new: str) -> InvalidCase:
    f = exc.field or ""
    if f.startswith(old):
        rest = f[len(old) :].lstrip(".")
        sep = "" if rest.startswith("[") else "."
        f = f"{new}{sep}{rest}" if new and rest else (new or rest)
    return InvalidCase(exc.message, f)


def _recorded_day(day: date, today: date, field: str, label: str) -> None:
    """From 2000 to tomorrow (`sprintback.bounds`): a later date is a typo, an older one no rehab record."""
    check_recorded_day(day, today, field, label)


def check_checkin(c: CheckIn, today: date, prefix: str = "") -> None:
    _recorded_day(c.date, today, f"{prefix}.date" if prefix else "date", "the check-in date")
    try:
        Case(_PLACEHOLDER_ATHLETE, _PLACEHOLDER_INJURY, checkins=(c,)).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "checkins[0]", prefix) from None


def check_session(s: SessionLog, today: date, prefix: str = "") -> None:
    _recorded_day(s.date, today, f"{prefix}.date" if prefix else "date", "the session date")
    try:
        Case(_PLACEHOLDER_ATHLETE, _PLACEHOLDER_INJURY, sessions=(s,)).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "sessions[0]", prefix) from None


def check_measurements(ms: Sequence[Measurement], injury: Injury, today: date, prefix: str = "measurements") -> None:
    for i, m in enumerate(ms):
        _recorded_day(m.date, today, f"{prefix}[{i}].date", "the test date")
    try:
        Case(_PLACEHOLDER_ATHLETE, injury, measurements=tuple(ms)).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "measurements", prefix) from None


def check_injury(injury: Injury, today: date, prefix: str = "") -> None:
    _recorded_day(injury.date, today, f"{prefix}.date" if prefix else "date", "the injury date")
    review = injury.physician_review_on
    if review is not None:
        field = f"{prefix}.physician_review_on" if prefix else "physician_review_on"
        if review < injury.date:
            raise InvalidCase("the review cannot be before the injury", field)
        _recorded_day(review, today, field, "the physician review date")


def check_baselines(athlete: Athlete, prefix: str = "") -> None:
    try:
        Case(athlete, _PLACEHOLDER_INJURY).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "athlete", prefix) from None


def check_athlete_id(athlete_id: str, field: str = "id") -> None:
    """An id the store, URLs and file names can carry as it is."""
    if not _ATHLETE_ID.match(athlete_id):
        raise InvalidCase(f"{athlete_id!r}: an athlete id is 1-40 characters: letters, digits, '.', '_' or '-'", field)
