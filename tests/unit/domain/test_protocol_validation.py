"""A protocol is validated data: every error names the exact field."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from sprintback.domain.errors import InvalidProtocol
from sprintback.domain.protocol import EvidenceGrade, parse_protocol


@pytest.fixture(scope="module")
def default_data() -> dict[str, Any]:
    text = resources.files("sprintback.protocols").joinpath("hamstring-default.yaml").read_text()
    return yaml.safe_load(text)


def broken(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Copy `data` with the value at a dotted/indexed path replaced (None deletes it)."""
    out = copy.deepcopy(data)
    node: Any = out
    parts = path.replace("]", "").replace("[", ".").split(".")
    for p in parts[:-1]:
        node = node[int(p)] if p.isdigit() else node[p]
    last = parts[-1]
    if value is None:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return out


def test_default_protocol_has_six_phases_in_the_documented_order(default_data: dict[str, Any]) -> None:
    p = parse_protocol(default_data)
    assert [ph.id for ph in p.phases] == ["protect", "loading", "strength", "running", "sport", "return"]


def test_every_threshold_of_the_default_protocol_cites_a_known_source_and_grade(default_data: dict[str, Any]) -> None:
    p = parse_protocol(default_data)
    criteria = [c for ph in p.phases for c in ph.exit_criteria] + [c for h in p.history_rules for c in h.add_criteria]
    assert len(criteria) >= 20
    for c in criteria:
        assert p.sources.get(c.evidence.source)
        assert isinstance(c.evidence.grade, EvidenceGrade)
    # Numbers graded "practice-default" are the unverified ones; nothing unverified may claim "primary".
    unverified = {"practice-lsi90", "practice-vmax95", "practice-rom10", "heiderscheit2010-late", "sprintback-safety"}
    assert all(c.evidence.grade is EvidenceGrade.PRACTICE_DEFAULT for c in criteria if c.evidence.source in unverified)


def test_running_intensity_never_decreases_from_phase_to_phase(default_data: dict[str, Any]) -> None:
    caps = [ph.running_max_pct for ph in parse_protocol(default_data).phases]
    assert caps == sorted(caps)  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("path", "value", "field", "message"),
    [
        ("phases[3].exit_criteria[1].threshold", "ten", "phases[3].exit_criteria[1].threshold", "expected a number"),
        ("phases[2].exit_criteria[0].measure", "quad_force", "phases[2].exit_criteria[0].measure", "unknown measure"),
        (
            "phases[1].exit_criteria[0].source",
            "made-up-2024",
            "phases[1].exit_criteria[0].source",
            "unknown evidence key",
        ),
        ("phases[1].exit_criteria[0].grade", "gospel", "phases[1].exit_criteria[0].grade", "not one of"),
        ("phases[0].exit_criteria[0].comparator", "=>", "phases[0].exit_criteria[0].comparator", "not one of"),
        ("phases[0].exit_criteria[0].statistic", "lsi", "phases[0].exit_criteria[0].statistic", "per-leg"),
        ("phases[4].min_days.by_grade", {"5z": 3}, "phases[4].min_days.by_grade.5z", "not a BAMIC grade"),
        ("pain_rules.limits.threshold", 12, "pain_rules.limits.threshold", "outside 0–10"),
        ("phases[0].id", "loading", "phases[1].id", "duplicate phase id"),
        ("phases[0].name", None, "phases[0].name", "is required"),
        ("phases[0].colour", "red", "phases[0].colour", "unknown field"),
    ],
)
def test_a_broken_protocol_names_the_exact_field(
    default_data: dict[str, Any], path: str, value: Any, field: str, message: str
) -> None:
    with pytest.raises(InvalidProtocol) as err:
        parse_protocol(broken(default_data, path, value))
    assert err.value.field == field
    assert message in err.value.message


def test_the_last_phase_may_not_have_exit_criteria(default_data: dict[str, Any]) -> None:
    data = copy.deepcopy(default_data)
    data["phases"][-1]["exit_criteria"] = data["phases"][0]["exit_criteria"]
    with pytest.raises(InvalidProtocol, match="no exit criteria"):
        parse_protocol(data)


def test_a_clinic_can_tighten_a_threshold_and_the_engine_uses_it(default_data: dict[str, Any]) -> None:
    data = broken(default_data, "phases[2].exit_criteria[0].threshold", 95)
    p = parse_protocol(data)
    assert p.phases[2].exit_criteria[0].threshold == 95
