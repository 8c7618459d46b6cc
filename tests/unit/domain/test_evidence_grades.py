"""No threshold or dose is graded higher than its source supports (issue 8, item 1).

Grades: primary = outcome evidence in hamstring rehab or return to play; secondary = consensus, other
injuries, prevention or screening, extrapolations and derived numbers, or a figure read only on a secondary
page; practice-default = no source found. Each source declares its study type and the highest grade it
supports; these tests hold every evidence entry of the protocol and of the catalogue to that.
"""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from sprintback.catalogue_files import load_default_library
from sprintback.domain.errors import InvalidCatalogue, InvalidProtocol
from sprintback.domain.evidence import Evidence, EvidenceGrade, EvidenceType, SourceInfo
from sprintback.domain.prescription.library import build_library
from sprintback.domain.protocol import Protocol, parse_protocol
from sprintback.protocol_files import load_default_protocol


def protocol_evidence(p: Protocol) -> list[tuple[str, Evidence]]:
    out: list[tuple[str, Evidence]] = []
    for ph in p.phases:
        out += [(f"{ph.id}.{c.id}", c.evidence) for c in ph.exit_criteria]
        out += [(f"{ph.id}.min_days.{k}", r.evidence) for k, r in ph.min_days.by_grade.items()]
        out += [(f"{ph.id}.min_days.{m.value}", r.evidence) for m, r in ph.min_days.by_mechanism.items()]
    for h in p.history_rules:
        out += [(f"history.{c.id}", c.evidence) for c in h.add_criteria] + [("history", h.evidence)]
    pr, rf = p.pain, p.red_flags
    for name in ("limit_evidence", "regress_evidence", "morning_settle_evidence", "soreness_evidence"):
        out.append((f"pain_rules.{name}", getattr(pr, name)))
    for name in ("rising_pain_evidence", "night_pain_evidence", "refer_grades_evidence", "c_not_improving_evidence"):
        out.append((f"red_flags.{name}", getattr(rf, name)))
    return out


def honest(where: str, ev: Evidence, info: SourceInfo) -> None:
    assert ev.evidence_type is not None, f"{where}: no evidence_type"
    assert info.max_grade is not None and info.evidence_type is not None, f"{ev.source}: source without type/ceiling"
    assert ev.grade.rank <= info.max_grade.rank, f"{where}: {ev.grade} above {ev.source}'s {info.max_grade}"
    if ev.grade is EvidenceGrade.PRIMARY:
        assert ev.evidence_type.is_outcome_evidence and not ev.derived, where
    if ev.evidence_type is EvidenceType.NONE or info.evidence_type is EvidenceType.NONE:
        assert ev.grade is EvidenceGrade.PRACTICE_DEFAULT, where


def test_every_protocol_threshold_has_a_type_and_no_grade_above_its_source() -> None:
    p = load_default_protocol()
    entries = protocol_evidence(p)
    assert len(entries) >= 40
    for where, ev in entries:
        honest(where, ev, p.source_info[ev.source])


def test_consensus_screening_prevention_and_other_injury_sources_never_carry_primary() -> None:
    # Audit §1.5: Delphi items (zambaldi2017, vanderhorst2017, paton2023), screening cut-offs (bourne2015,
    # timmins2016, green2020) and the Achilles pain model (silbernagel2007) are not outcome evidence.
    p = load_default_protocol()
    not_outcome = {k for k, i in p.source_info.items() if i.evidence_type and not i.evidence_type.is_outcome_evidence}
    assert {
        "zambaldi2017",
        "vanderhorst2017",
        "paton2023",
        "bourne2015",
        "timmins2016",
        "silbernagel2007",
    } <= not_outcome
    for where, ev in protocol_evidence(p):
        if ev.source in not_outcome:
            assert ev.grade is not EvidenceGrade.PRIMARY, where


def test_every_catalogue_dose_and_lesson_is_graded_no_higher_than_its_source() -> None:
    lib = load_default_library()
    book = lib.doses
    entries: list[tuple[str, Evidence]] = []
    for rule in book.rules.values():
        doses = [*rule.by_phase.items(), *([("default", rule.default)] if rule.default else [])]
        entries += [(f"rules.{rule.id}.{k}", d.evidence) for k, d in doses]
    entries += [(f"adjustments.{k}", a.evidence) for k, a in book.adjustments.items()]
    entries += [(f"lesson.{les.id}", les.evidence) for les in lib.lessons]
    entries += [(f"reassessment.{t.id}", t.evidence) for t in book.reassessment_tests]
    entries += [
        ("nordic", book.nordic.evidence),
        ("running", book.running.evidence),
        ("running.volume", book.running.volume_evidence),
        ("high_speed", book.high_speed_evidence),
        ("volume_cap", book.volume_cap_evidence),
        ("sprint_exposure", book.sprint_exposure_evidence),
        ("team_sessions", book.team_sessions_evidence),
        ("maintenance.nordic", book.nordic_maintenance_evidence),
        ("reassessment", book.reassessment_evidence),
    ]
    for where, ev in entries:
        honest(where, ev, book.source_info[ev.source])


@pytest.fixture(scope="module")
def default_data() -> dict[str, Any]:
    return yaml.safe_load(resources.files("sprintback.protocols").joinpath("hamstring-default.yaml").read_text())


@pytest.mark.parametrize(
    ("path", "grade", "etype", "message"),
    [
        # A Delphi item graded primary (audit §1.5).
        ("max_sprint_pain_free", "primary", "consensus", "supports at most 'secondary'"),
        # An unverified recollection graded above practice-default.
        ("h_test_no_insecurity", "secondary", "rct", "supports at most 'practice-default'"),
        # Claiming outcome evidence for a screening cut-off from an outcome-capable source.
        ("jog_50_within_pain_rule", "secondary", "none", "only be graded practice-default"),
    ],
)
def test_a_grade_above_the_source_is_refused_naming_the_field(
    default_data: dict[str, Any], path: str, grade: str, etype: str, message: str
) -> None:
    data = copy.deepcopy(default_data)
    for i, ph in enumerate(data["phases"]):
        for j, c in enumerate(ph.get("exit_criteria") or []):
            if c["id"] == path:
                c["grade"], c["evidence_type"] = grade, etype
                where = f"phases[{i}].exit_criteria[{j}].grade"
    with pytest.raises(InvalidProtocol) as err:
        parse_protocol(data)
    assert err.value.field == where and message in err.value.message


def test_a_derived_number_cannot_be_primary(default_data: dict[str, Any]) -> None:
    data = copy.deepcopy(default_data)
    data["sources"]["pollock2022"]["max_grade"] = "primary"
    data["phases"][4]["min_days"]["by_grade"]["2c"]["grade"] = "primary"
    with pytest.raises(InvalidProtocol) as err:
        parse_protocol(data)
    assert err.value.field == "phases[4].min_days.by_grade.2c.grade" and "derived" in err.value.message


def test_a_catalogue_dose_graded_above_its_source_is_refused() -> None:
    files = resources.files("sprintback.catalogue")
    raw = {
        n: yaml.safe_load(files.joinpath(f"{n}.yaml").read_text())
        for n in ("exercises", "doses", "sessions", "education")
    }
    raw["doses"]["sprint_exposure"]["grade"] = "primary"  # malone2017: screening in a healthy squad
    with pytest.raises(InvalidCatalogue) as err:
        build_library(raw["exercises"], raw["doses"], raw["sessions"], raw["education"])
    assert err.value.field == "doses:sprint_exposure.grade"
