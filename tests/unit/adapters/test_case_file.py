"""The case file format: shape errors and range errors both name the offending field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sprintback.casefile import case_from_dict, case_json_schema, case_to_dict, load_case
from sprintback.domain.errors import InvalidCase

DEMO = Path(__file__).parents[3] / "src/sprintback/demo/sam-2b-sprint.yaml"


def minimal(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "athlete": {"id": "a1", "name": "A"},
        "injury": {"date": "2026-03-02", "side": "left", "grade": "2b", "mechanism": "sprint"},
    }
    data.update(extra)
    return data


def test_minimal_case_loads() -> None:
    case = case_from_dict(minimal())
    assert str(case.injury.grade) == "2b" and case.measurements == ()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            minimal(measurements=[{"date": "2026-03-03", "kind": "pain_walking", "value": 14}]),
            "measurements[0].value",
            "14 is outside 0–10",
        ),
        (
            minimal(measurements=[{}, {}, {}, {"date": "2026-03-05", "kind": "pain_walking", "value": 14}]),
            "measurements[0].date",
            "Field required",
        ),
        (
            minimal(measurements=[{"date": "2026-03-03", "kind": "quad_force", "value": 1}]),
            "measurements[0].kind",
            "unknown measure kind",
        ),
        (
            minimal(measurements=[{"date": "2026-03-03", "kind": "iso_90_90_n", "value": 200}]),
            "measurements[0].side",
            "per leg",
        ),
        (
            minimal(measurements=[{"date": "2026-03-01", "kind": "pain_rest", "value": 1}]),
            "measurements[0].date",
            "before the injury date",
        ),
        (minimal(checkins=[{"date": "2026-03-03", "soreness": -1}]), "checkins[0].soreness", "outside 0–10"),
        (
            minimal(sessions=[{"date": "2026-03-03", "kind": "run", "minutes": 30, "top_speed_m_s": 14}]),
            "sessions[0].top_speed_m_s",
            "outside 0–12.5",
        ),
        (
            minimal(sessions=[{"date": "2026-03-03", "kind": "swim", "minutes": 30}]),
            "sessions[0].kind",
            "Input should be",
        ),
        (minimal(injury={"date": "2026-03-02", "side": "left", "grade": "5x"}), "injury.grade", "not a BAMIC grade"),
        (minimal(injury={"date": "2026-03-02", "side": "middle", "grade": "2b"}), "injury.side", "Input should be"),
        (
            minimal(athlete={"id": "a1", "name": "A", "baselines": {"max_speed_m_s": 20}}),
            "athlete.baselines.max_speed_m_s",
            "outside",
        ),
        (minimal(colour="red"), "colour", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_names_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidCase) as err:
        case_from_dict(data)
    assert err.value.field == field
    assert message in err.value.message


def test_the_issue_example_error_reads_as_documented() -> None:
    data = minimal(
        measurements=[{"date": "2026-03-03", "kind": "pain_rest", "value": 1}] * 3
        + [{"date": "2026-03-03", "kind": "pain_walking", "value": 14}]
    )
    with pytest.raises(InvalidCase) as err:
        case_from_dict(data)
    assert str(err.value) == "measurements[3].value: 14 is outside 0–10 NRS 0-10 for pain_walking"


def test_case_round_trips_through_its_dict_form() -> None:
    case = load_case(DEMO)
    assert case_from_dict(json.loads(json.dumps(case_to_dict(case)))) == case


def test_json_schema_describes_every_section() -> None:
    schema = case_json_schema()
    assert {"athlete", "injury", "measurements", "checkins", "sessions"} <= set(schema["properties"])
    assert schema["required"] == ["athlete", "injury"]


def test_unreadable_and_malformed_files_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("athlete: [unclosed\n")
    with pytest.raises(InvalidCase, match="not valid YAML at line"):
        load_case(bad)
    with pytest.raises(InvalidCase, match="cannot read"):
        load_case(tmp_path / "missing.yaml")
    j = tmp_path / "case.json"
    j.write_text("{")
    with pytest.raises(InvalidCase, match="not valid JSON"):
        load_case(j)


def test_intake_signs_round_trip_and_an_unknown_sign_names_its_field() -> None:
    data = case_to_dict(load_case(DEMO))
    data["injury"]["intake_signs"] = ["palpable_gap", "pop_at_ischium"]
    case = case_from_dict(json.loads(json.dumps(data)))
    assert [s.value for s in case.injury.intake_signs] == ["palpable_gap", "pop_at_ischium"]
    assert case_from_dict(case_to_dict(case)) == case
    data["injury"]["intake_signs"] = ["bruise"]
    with pytest.raises(InvalidCase) as err:
        case_from_dict(data)
    assert "injury.intake_signs" in str(err.value)
