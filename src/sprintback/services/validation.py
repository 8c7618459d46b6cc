"""Validate one incoming record with the case file's own rules, naming fields relative to the request.

`Case.validate()` is the single place that knows valid ranges; here a one-record case is validated
and the case-file path (`checkins[0].pain_walking`) is re-rooted to the request's (`pain_walking`,
or `measurements[2].value` inside an assessment), so the message is the case file's, word for word.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Athlete, BamicGrade, Case, CheckIn, Injury, Measurement, SessionLog, Side

_PLACEHOLDER_INJURY = Injury(date.min, Side.LEFT, BamicGrade(1))
_PLACEHOLDER_ATHLETE = Athlete("-", "-")
# A record dated after tomorrow is a typo (a day of slack for time zones).
FUTURE_SLACK = timedelta(days=1)


def _rerooted(exc: InvalidCase, old: str, new: str) -> InvalidCase:
    f = exc.field or ""
    if f.startswith(old):
        rest = f[len(old) :].lstrip(".")
        sep = "" if rest.startswith("[") else "."
        f = f"{new}{sep}{rest}" if new and rest else (new or rest)
    return InvalidCase(exc.message, f)


def _not_future(day: date, today: date, field: str) -> None:
    if day > today + FUTURE_SLACK:
        raise InvalidCase(f"{day.isoformat()} is in the future (today is {today.isoformat()})", field)


def check_checkin(c: CheckIn, today: date, prefix: str = "") -> None:
    _not_future(c.date, today, f"{prefix}.date" if prefix else "date")
    try:
        Case(_PLACEHOLDER_ATHLETE, _PLACEHOLDER_INJURY, checkins=(c,)).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "checkins[0]", prefix) from None


def check_session(s: SessionLog, today: date, prefix: str = "") -> None:
    _not_future(s.date, today, f"{prefix}.date" if prefix else "date")
    try:
        Case(_PLACEHOLDER_ATHLETE, _PLACEHOLDER_INJURY, sessions=(s,)).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "sessions[0]", prefix) from None


def check_measurements(ms: Sequence[Measurement], injury: Injury, today: date, prefix: str = "measurements") -> None:
    for i, m in enumerate(ms):
        _not_future(m.date, today, f"{prefix}[{i}].date")
    try:
        Case(_PLACEHOLDER_ATHLETE, injury, measurements=tuple(ms)).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "measurements", prefix) from None


def check_injury(injury: Injury, today: date, prefix: str = "") -> None:
    _not_future(injury.date, today, f"{prefix}.date" if prefix else "date")
    if injury.physician_review_on is not None and injury.physician_review_on < injury.date:
        raise InvalidCase(
            "the review cannot be before the injury",
            f"{prefix}.physician_review_on" if prefix else "physician_review_on",
        )


def check_baselines(athlete: Athlete, prefix: str = "") -> None:
    try:
        Case(athlete, _PLACEHOLDER_INJURY).validate()
    except InvalidCase as exc:
        raise _rerooted(exc, "athlete", prefix) from None
