"""The priors are the published figures: the day-after-injury forecast of every published row lands inside its
published range, and the data file is validated like a protocol."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
import yaml

from sprintback.domain.errors import InvalidCase, InvalidProtocol
from sprintback.domain.forecast.config import PriorRow, parse_forecast_config
from sprintback.domain.forecast.model import forecast, select_prior
from sprintback.domain.models import Athlete, BamicGrade, Case, Injury, Mechanism, PainMode, Side
from sprintback.forecast_files import load_default_forecast_config
from sprintback.protocol_files import load_default_protocol

CONFIG = load_default_forecast_config()
PROTOCOL = load_default_protocol()
INJURY_DAY = date(2026, 3, 2)
PUBLISHED = [r for r in CONFIG.rows() if r.status == "published"]


def injury_for(row: PriorRow) -> tuple[Injury, PainMode]:
    """An injury this row describes: its first grade (a number gets site a), mechanism and pain rule."""
    key = row.grades[0] if row.grades else "2"
    grade = BamicGrade.parse(key if len(key) == 2 else f"{key}a")
    mechanism = row.mechanisms[0] if row.mechanisms else Mechanism.SPRINT
    mode = row.pain_modes[0] if row.pain_modes else PROTOCOL.pain.default_mode
    return Injury(INJURY_DAY, Side.LEFT, grade, mechanism), mode


def day_one(row: PriorRow) -> Any:
    injury, mode = injury_for(row)
    case = Case(Athlete("a1", "Test Athlete"), injury, pain_mode=mode)
    return forecast(case, PROTOCOL, CONFIG, INJURY_DAY + timedelta(days=1), programme=row.programme)


def test_every_programme_has_published_rows_and_the_default_has_the_pollock_c_grades() -> None:
    ids = {r.id for r in PUBLISHED}
    assert {"bamic-2c", "bamic-3c", "bamic-stretch", "askling2013-l-all", "askling2014-c"} <= ids
    assert all(any(r.programme == p for r in PUBLISHED) for p in CONFIG.programmes)


@pytest.mark.parametrize("row", PUBLISHED, ids=lambda r: r.id)
def test_day_one_median_lies_inside_the_published_range(row: PriorRow) -> None:
    injury, mode = injury_for(row)
    assert select_prior(CONFIG, injury, mode, row.programme).id == row.id  # the row is the one that applies
    f = day_one(row)
    lo, hi = row.range_days
    assert lo <= f.rts.p50 <= hi, f"{row.id}: day-1 p50 {f.rts.p50} outside {lo}-{hi} ({row.range_kind})"
    assert f.rts.p10 < f.rts.p50 < f.rts.p90


def test_2c_sprint_type_within_34_plus_minus_7_and_3c_within_48_plus_minus_17() -> None:
    two_c = day_one(next(r for r in PUBLISHED if r.id == "bamic-2c"))
    three_c = day_one(next(r for r in PUBLISHED if r.id == "bamic-3c"))
    assert 27 <= two_c.rts.p50 <= 41
    assert 31 <= three_c.rts.p50 <= 65
    assert three_c.rts.p50 > two_c.rts.p50


def test_derived_rows_say_how_and_are_graded_practice_default() -> None:
    derived = [r for r in CONFIG.rows() if r.status == "derived"]
    assert {r.id for r in derived} == {"bamic-1c", "bamic-3ab"}
    assert all(r.derivation and r.evidence.grade.value == "practice-default" for r in derived)


def test_the_slower_published_course_applies_when_two_rows_match() -> None:
    stretch_2c = Injury(INJURY_DAY, Side.LEFT, BamicGrade.parse("2c"), Mechanism.STRETCH)
    stretch_3c = Injury(INJURY_DAY, Side.LEFT, BamicGrade.parse("3c"), Mechanism.STRETCH)
    assert select_prior(CONFIG, stretch_2c, PainMode.THRESHOLD).id == "bamic-stretch"  # 43 > 34 days
    assert select_prior(CONFIG, stretch_3c, PainMode.THRESHOLD).id == "bamic-3c"  # 48 > 43 days


def test_grade_4_has_no_forecast_it_is_a_referral() -> None:
    case = Case(Athlete("a1", "A"), Injury(INJURY_DAY, Side.LEFT, BamicGrade.parse("4"), Mechanism.SPRINT))
    with pytest.raises(InvalidCase) as err:
        forecast(case, PROTOCOL, CONFIG, INJURY_DAY + timedelta(days=1))
    assert err.value.field == "injury.grade" and "referral" in str(err.value)


def _raw() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("sprintback.protocols").joinpath("forecast-default.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["programmes"]["bamic-criteria"]["rows"][0].update(source="nobody2099"),
         "programmes.bamic-criteria.rows[0].source"),
        (lambda d: d["programmes"]["bamic-criteria"]["rows"][0].pop("sd_days"),
         "programmes.bamic-criteria.rows[0].sd_days"),
        (lambda d: d["programmes"]["bamic-criteria"]["rows"][2].pop("derivation"),
         "programmes.bamic-criteria.rows[2].derivation"),
        (lambda d: d["programmes"]["bamic-criteria"]["rows"][2].update(grade="primary"),
         "programmes.bamic-criteria.rows[2].grade"),
        (lambda d: d["programmes"]["bamic-criteria"]["rows"][0].update(grades=["5x"]),
         "programmes.bamic-criteria.rows[0].grades[0]"),
        (lambda d: d.update(default_programme="magic"), "default_programme"),
        (lambda d: d["monitoring"]["drift"][0].update(measure="pain_rest"), "monitoring.drift[0].statistic"),
        (lambda d: d["reinjury_factors"][5].pop("threshold"), "reinjury_factors[5].threshold"),
    ],
)  # fmt: skip
def test_a_bad_forecast_file_names_the_field(edit: Any, field: str) -> None:
    data = copy.deepcopy(_raw())
    edit(data)
    with pytest.raises(InvalidProtocol) as err:
        parse_forecast_config(data)
    assert err.value.field == field
