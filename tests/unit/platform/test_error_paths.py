"""Field paths in error bodies read like the case file's."""

from __future__ import annotations

from datetime import date

import pytest

from sprintback.api.errors import field_path, status_for
from sprintback.domain.errors import InvalidCase, NotFound, PermissionDenied
from sprintback.domain.models import BamicGrade, CheckIn, Injury, Measurement, Side
from sprintback.services.errors import Conflict, NotAuthenticated, RateLimited
from sprintback.services.validation import check_checkin, check_measurements


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("body", "measurements", 0, "value"), "measurements[0].value"),
        (("query", "limit"), "limit"),
        (("body",), "body"),
        (("body", "injury", "grade"), "injury.grade"),
    ],
)
def test_pydantic_locations_become_case_file_paths(loc: tuple[str | int, ...], path: str) -> None:
    assert field_path(loc) == path


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (InvalidCase("x"), 422), (NotAuthenticated("x"), 401), (PermissionDenied("x"), 403), (NotFound("x"), 404),
        (Conflict("x"), 409), (RateLimited("x"), 429),
    ],
)  # fmt: skip
def test_each_error_kind_has_its_status(exc: Exception, status: int) -> None:
    assert status_for(exc) == status  # type: ignore[arg-type]


def test_checkin_error_is_rooted_at_the_request_body() -> None:
    with pytest.raises(InvalidCase) as exc:
        check_checkin(CheckIn(date(2026, 11, 20), soreness=11), today=date(2026, 11, 25))
    assert exc.value.field == "soreness"
    assert exc.value.message == "11 is outside 0–10 NRS 0-10 for soreness"


def test_third_measurement_error_keeps_its_index() -> None:
    injury = Injury(date(2026, 11, 1), Side.LEFT, BamicGrade.parse("2b"))
    ms = [Measurement(date(2026, 11, 20), "pain_walking", 1)] * 2 + [Measurement(date(2026, 11, 20), "pslr_deg", 60)]
    with pytest.raises(InvalidCase) as exc:
        check_measurements(ms, injury, date(2026, 11, 25))
    assert exc.value.field == "measurements[2].side"
