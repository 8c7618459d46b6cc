"""The FHIR R5 export: valid Bundles with the codes a hospital system reads, and a lossless round trip."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from importlib import resources

import pytest
from fhir.resources.bundle import Bundle

from sprintback.casefile import case_to_dict, load_case
from sprintback.domain.engine import replay
from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Case
from sprintback.protocol_files import load_default_protocol
from sprintback.reports import fhir_codes as c
from sprintback.reports.fhir import case_bundle
from sprintback.reports.fhir_import import case_from_bundle
from sprintback.services.demo_squad import DEMO_SQUAD, build_case

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PROTOCOL = load_default_protocol()


def _demo_case() -> Case:
    with resources.as_file(resources.files("sprintback.demo").joinpath("sam-2b-sprint.yaml")) as p:
        return load_case(p)


def _last_day(case: Case) -> date:
    days = [case.injury.date, *(m.date for m in case.measurements), *(ci.date for ci in case.checkins)]
    return max([*days, *(s.date for s in case.sessions)])


def _bundle(case: Case, clearances: list[dict[str, object]] | None = None) -> dict[str, object]:
    return case_bundle(case, PROTOCOL, replay(case, PROTOCOL, _last_day(case)), NOW, clearances or [])


def _resources(bundle: dict[str, object], kind: str) -> list[dict[str, object]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]  # type: ignore[index]


def _every_case() -> list[tuple[str, Case]]:
    cases = [("bundled demo case", _demo_case())]
    cases += [(p.id, build_case(p, date(2026, 11, 25), seed=1000 + i)) for i, p in enumerate(DEMO_SQUAD)]
    return cases


@pytest.mark.parametrize(("name", "case"), _every_case(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_demo_case_exports_a_valid_bundle_and_comes_back_with_the_same_decisions(name: str, case: Case) -> None:
    bundle = json.loads(json.dumps(_bundle(case)))  # through JSON, as a file or an HTTP body would carry it
    Bundle.model_validate(bundle)
    back = case_from_bundle(bundle)
    assert case_to_dict(back) == case_to_dict(case)
    end = _last_day(case)
    assert [d.to_dict() for d in replay(back, PROTOCOL, end)] == [d.to_dict() for d in replay(case, PROTOCOL, end)]


def test_the_condition_names_the_hamstring_its_side_the_bamic_grade_onset_and_mechanism() -> None:
    case = _demo_case()
    (cond,) = _resources(_bundle(case), "Condition")
    assert cond["onsetDateTime"] == case.injury.date.isoformat()
    assert cond["bodySite"][0]["coding"][0] == c.HAMSTRING_SITE
    assert cond["code"]["coding"][0]["code"] == "S76.3"
    assert cond["stage"][0]["summary"]["coding"][0] == {
        "system": c.BAMIC_SYSTEM, "code": str(case.injury.grade), "display": f"BAMIC {case.injury.grade}"
    }  # fmt: skip
    exts = {e["url"]: e for e in cond["extension"]}
    assert exts[c.LATERALITY_EXT]["valueCodeableConcept"]["coding"][0] == c.LATERALITY[case.injury.side.value]
    assert exts[c.MECHANISM_EXT]["valueCodeableConcept"]["coding"][0]["code"] == case.injury.mechanism.value


def test_each_measurement_is_an_observation_with_its_ucum_unit_side_and_test_pain() -> None:
    case = _demo_case()
    bundle = _bundle(case)
    observations = [
        o for o in _resources(bundle, "Observation")
        if o.get("effectiveDateTime") and not o.get("meta") and o["category"][0]["coding"][0]["code"] == "exam"
    ]  # fmt: skip
    assert len(observations) == len(case.measurements)
    for obs, m in zip(observations, case.measurements, strict=True):
        assert obs["valueQuantity"]["value"] == m.value
        assert obs["valueQuantity"]["system"] == c.UCUM
        assert obs["code"]["coding"][-1]["code"] == m.kind
        if m.side:
            (ext,) = [e for e in obs["extension"] if e["url"] == c.LATERALITY_EXT]
            assert ext["valueCodeableConcept"]["coding"][0] == c.LATERALITY[m.side.value]
        pains = [x for x in obs.get("component", []) if x["code"]["coding"][0] == c.PAIN_LOINC]
        assert [x["valueQuantity"]["value"] for x in pains] == ([m.pain] if m.pain is not None else [])


def test_pain_measures_carry_the_loinc_pain_code_and_forces_newtons() -> None:
    assert c.measure_code("pain_walking")["coding"][0] == c.PAIN_LOINC  # type: ignore[index]
    assert c.quantity(300, "N")["code"] == "N"
    assert c.quantity(4, "NRS 0-10")["code"] == "{score}"


def test_a_same_day_left_right_pair_has_both_legs_and_the_lsi_as_components() -> None:
    case = _demo_case()
    pairs = [
        o
        for o in _resources(_bundle(case), "Observation")
        if o.get("meta", {}).get("tag", [{}])[0].get("code") == "derived"
    ]
    assert pairs, "the demo case measures isometric strength on both legs"
    pair = next(p for p in pairs if p["code"]["coding"][-1]["code"] == "iso_90_90_n")
    day = date.fromisoformat(pair["effectiveDateTime"])
    legs = {m.side.value: m.value for m in case.measurements if m.kind == "iso_90_90_n" and m.date == day and m.side}
    comps = {x["code"]["text"]: x["valueQuantity"]["value"] for x in pair["component"]}
    injured, other = legs[case.injury.side.value], legs[case.injury.side.other.value]
    assert comps["Limb symmetry index (injured vs uninjured)"] == round(injured / other * 100, 1)
    assert len(pair["derivedFrom"]) == 2


def test_a_checkin_answers_only_what_was_answered_so_unanswered_stays_unanswered() -> None:
    case = _demo_case()
    bundle = _bundle(case)
    (questionnaire,) = _resources(bundle, "Questionnaire")
    assert {i["linkId"] for i in questionnaire["item"]} >= {"pain_rest", "soreness", "night_pain"}
    responses = _resources(bundle, "QuestionnaireResponse")
    assert len(responses) == len(case.checkins)
    for resp, ci in zip(responses, case.checkins, strict=True):
        answered = {i["linkId"] for i in resp["item"]}
        for name in ("pain_rest", "pain_walking", "pain_exercise", "pain_next_morning", "soreness", "sleep_hours"):
            assert (name in answered) == (getattr(ci, name) is not None)


def test_the_clearance_is_a_clinical_impression_with_who_when_and_the_override_reason() -> None:
    case = _demo_case()
    cl = {"date": date(2026, 11, 20), "engine_decision": "hold", "override_reason": "Match fitness shown in training",
          "note": "Discussed with the athlete", "recorded_by": "maria"}  # fmt: skip
    (imp,) = _resources(_bundle(case, [cl]), "ClinicalImpression")
    assert imp["effectiveDateTime"] == "2026-11-20"
    assert "maria" in imp["summary"] and "hold" in imp["summary"]
    assert [n["text"] for n in imp["note"]] == ["Match fitness shown in training", "Discussed with the athlete"]


def test_the_care_plan_names_the_phase_and_the_protocol() -> None:
    case = _demo_case()
    d = replay(case, PROTOCOL, _last_day(case))[-1]
    (plan,) = _resources(_bundle(case), "CarePlan")
    assert d.phase_name in plan["title"] and PROTOCOL.version in plan["title"]
    assert plan["activity"], "the phase's goals are the plan's activities"


def test_a_bundle_with_a_broken_grade_is_refused_naming_the_field() -> None:
    bundle = copy.deepcopy(_bundle(_demo_case()))
    cond = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    cond["stage"][0]["summary"]["coding"][0]["code"] = "7z"
    with pytest.raises(InvalidCase) as err:
        case_from_bundle(bundle)
    assert err.value.field == "injury.grade"


def test_something_that_is_not_a_fhir_bundle_is_refused() -> None:
    with pytest.raises(InvalidCase, match="Bundle"):
        case_from_bundle({"resourceType": "Patient"})
    broken = copy.deepcopy(_bundle(_demo_case()))
    obs = next(e["resource"] for e in broken["entry"] if e["resource"]["resourceType"] == "Observation")
    obs["valueQuantity"] = {"value": "strong"}  # a decimal that is not a number
    with pytest.raises(InvalidCase, match="FHIR R5"):
        case_from_bundle(broken)
