"""A case as a FHIR R5 Bundle (read back by `fhir_import.case_from_bundle`).

Per athlete, one `collection` Bundle: Patient; Condition (the injury: hamstring body site, laterality, BAMIC
grade as the stage, onset, mechanism); an Observation per measurement and per pre-injury baseline (UCUM units,
laterality, test pain as a component); a derived Observation per same-day left/right pair with the two legs
and the limb symmetry index as components; the daily check-in Questionnaire and one QuestionnaireResponse per
check-in; an Observation per training session; a CarePlan with today's phase and decision; a
ClinicalImpression per clinician clearance.

The case-file format (docs/case-file.md) is the single source of the fields: every field that has no FHIR
element of its own travels in a `case-field` extension (its path and its JSON value), so the import rebuilds
the same case, and the same decisions, from any Bundle this module wrote, and new case-file fields round-trip
without a change here. Codes: `fhir_codes.py`.
"""

from __future__ import annotations

import json
import types
import typing
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sprintback.casefile import CheckInIn, SessionIn, case_to_dict
from sprintback.domain.decision import Decision
from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.reports import fhir_codes as c

FORMAT_NOTE = "Sprintback case export (FHIR R5)"
DERIVED_TAG = {"system": c.TAG_SYSTEM, "code": "derived", "display": "Derived from other Observations in this Bundle"}
BASELINE_TAG = {"system": c.TAG_SYSTEM, "code": "pre-injury-baseline", "display": "Pre-injury baseline"}
_SESSION_CODE = {"system": c.SESSION_SYSTEM, "code": "training-session", "display": "Training session"}
_ATHLETE_FIELDS_MAPPED = {"id", "name", "baselines"}
_INJURY_FIELDS_MAPPED = {"date", "side", "grade", "mechanism", "notes"}


def _uuid(athlete_id: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{c.SB}/{athlete_id}/{key}')}"


def _case_fields(prefix: str, values: Mapping[str, Any], skip: set[str]) -> list[dict[str, Any]]:
    """Fields without a FHIR element of their own, as `case-field` extensions (path + JSON value)."""
    out = []
    for name, value in values.items():
        if name in skip or value is None:
            continue
        out.append(
            {
                "url": c.CASE_FIELD_EXT,
                "extension": [
                    {"url": "path", "valueString": f"{prefix}{name}"},
                    {"url": "value", "valueString": json.dumps(value, sort_keys=True)},
                ],
            }
        )
    return out


def _laterality(side: str) -> dict[str, Any]:
    return {"url": c.LATERALITY_EXT, "valueCodeableConcept": {"coding": [c.LATERALITY[side]], "text": side}}


def _subject(ref: str) -> dict[str, str]:
    return {"reference": ref}


def case_bundle(
    case: Case,
    protocol: Protocol,
    decisions: Sequence[Decision],
    now: datetime,
    clearances: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The FHIR R5 Bundle (as JSON-ready dict) of one athlete's case; `decisions` is the replay up to today."""
    data = case_to_dict(case)
    aid = case.athlete.id
    patient_ref = _uuid(aid, "Patient")
    condition_ref = _uuid(aid, "Condition")
    entries: list[tuple[str, dict[str, Any]]] = [
        (patient_ref, _patient(data["athlete"])),
        (condition_ref, _condition(data, patient_ref, decisions)),
    ]
    for key, value in sorted(data["athlete"]["baselines"].items()):
        entries.append((_uuid(aid, f"baseline/{key}"), _baseline(key, value, patient_ref)))
    measurement_refs: list[str] = []
    for i, m in enumerate(data["measurements"]):
        ref = _uuid(aid, f"measurement/{i}")
        measurement_refs.append(ref)
        entries.append((ref, _measurement(m, patient_ref, condition_ref)))
    entries += _symmetry_pairs(aid, data["measurements"], measurement_refs, case.injury.side.value, patient_ref)
    entries.append((_uuid(aid, "Questionnaire"), checkin_questionnaire()))
    for i, ci in enumerate(data["checkins"]):
        entries.append((_uuid(aid, f"checkin/{i}"), _checkin_response(ci, patient_ref)))
    for i, s in enumerate(data["sessions"]):
        entries.append((_uuid(aid, f"session/{i}"), _session(s, patient_ref)))
    if decisions:
        entries.append((_uuid(aid, "CarePlan"), _care_plan(protocol, decisions[-1], patient_ref, condition_ref, data)))
    for n, cl in enumerate(clearances):
        entries.append((_uuid(aid, f"clearance/{n}"), _clearance(cl, patient_ref, condition_ref, protocol)))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{c.SB}/{aid}/Bundle")),
        "meta": {"tag": [{"system": c.TAG_SYSTEM, "code": "sprintback-case", "display": FORMAT_NOTE}]},
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [{"fullUrl": ref, "resource": res} for ref, res in entries],
    }


def _patient(athlete: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": c.ATHLETE_ID_SYSTEM, "value": athlete["id"]}],
        "name": [{"text": athlete["name"]}],
        "extension": _case_fields("athlete.", athlete, _ATHLETE_FIELDS_MAPPED),
    }


def _condition(data: Mapping[str, Any], patient_ref: str, decisions: Sequence[Decision]) -> dict[str, Any]:
    inj = data["injury"]
    side = inj["side"]
    resolved = bool(decisions) and decisions[-1].kind.value == "clear"
    extension = [
        _laterality(side),
        {
            "url": c.MECHANISM_EXT,
            "valueCodeableConcept": {"coding": [{"system": c.MECHANISM_SYSTEM, "code": inj["mechanism"]}]},
        },
        *_case_fields("injury.", inj, _INJURY_FIELDS_MAPPED),
        *_case_fields("", {"pain_mode": data.get("pain_mode")}, set()),
    ]
    res: dict[str, Any] = {
        "resourceType": "Condition",
        "extension": extension,
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": "resolved" if resolved else "active",
                }
            ]
        },
        "verificationStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]
        },
        "code": {
            "coding": [c.CONDITION_ICD10],
            "text": f"Hamstring strain injury, {side}, BAMIC {inj['grade']} ({inj['mechanism']}-type)",
        },
        "bodySite": [{"coding": [c.HAMSTRING_SITE], "text": f"{side.capitalize()} hamstring muscles"}],
        "subject": _subject(patient_ref),
        "onsetDateTime": inj["date"],
        "stage": [
            {
                "summary": {
                    "coding": [{"system": c.BAMIC_SYSTEM, "code": inj["grade"], "display": f"BAMIC {inj['grade']}"}]
                },
                "type": {"text": "British Athletics Muscle Injury Classification (pollock2014)"},
            }
        ],
    }
    if inj.get("notes"):
        res["note"] = [{"text": inj["notes"]}]
    return res


def _split_key(key: str) -> tuple[str, str | None]:
    kind, _, side = key.partition(".")
    return kind, side or None


def _baseline(key: str, value: float, patient_ref: str) -> dict[str, Any]:
    kind, side = _split_key(key)
    unit = MEASURES[kind].unit if kind in MEASURES else ""
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": {"tag": [BASELINE_TAG]},
        "status": "final",
        "category": [{"coding": [{"system": c.OBS_CATEGORY, "code": "exam"}]}],
        "code": c.measure_code(kind),
        "subject": _subject(patient_ref),
        "valueQuantity": c.quantity(value, unit),
    }
    if side:
        res["extension"] = [_laterality(side)]
    return res


def _measurement(m: Mapping[str, Any], patient_ref: str, condition_ref: str) -> dict[str, Any]:
    kind = m["kind"]
    unit = MEASURES[kind].unit if kind in MEASURES else ""
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": c.OBS_CATEGORY, "code": "exam"}]}],
        "code": c.measure_code(kind),
        "subject": _subject(patient_ref),
        "focus": [{"reference": condition_ref}],
        "effectiveDateTime": m["date"],
        "valueQuantity": c.quantity(m["value"], unit),
    }
    if m.get("side"):
        res["extension"] = [_laterality(m["side"])]
        res["bodySite"] = {"coding": [c.HAMSTRING_SITE], "text": f"{m['side'].capitalize()} hamstring muscles"}
    if m.get("pain") is not None:
        res["component"] = [
            {
                "code": {"coding": [c.PAIN_LOINC], "text": "Pain during the test"},
                "valueQuantity": c.quantity(m["pain"], "NRS 0-10"),
            }
        ]
    if m.get("note"):
        res["note"] = [{"text": m["note"]}]
    return res


def _symmetry_pairs(
    aid: str, measurements: Sequence[Mapping[str, Any]], refs: Sequence[str], injured: str, patient_ref: str
) -> list[tuple[str, dict[str, Any]]]:
    """One derived Observation per (day, kind) measured on both legs: left and right as components and the
    limb symmetry index (injured ÷ uninjured × 100, inverted for lower-is-better kinds)."""
    latest: dict[tuple[str, str], dict[str, tuple[float, str]]] = {}
    for m, ref in zip(measurements, refs, strict=True):
        if m.get("side"):
            latest.setdefault((m["date"], m["kind"]), {})[m["side"]] = (m["value"], ref)
    out = []
    for (day, kind), legs in sorted(latest.items()):
        if set(legs) != {"left", "right"} or kind not in MEASURES:
            continue
        mk = MEASURES[kind]
        inj, other = legs[injured][0], legs["right" if injured == "left" else "left"][0]
        components = [
            {
                "code": {"coding": [c.LATERALITY[side]], "text": f"{mk.label}, {side}"},
                "valueQuantity": c.quantity(legs[side][0], mk.unit),
            }
            for side in ("left", "right")
        ]
        lsi = None
        if mk.direction is Direction.HIGHER and other > 0:
            lsi = inj / other * 100
        elif mk.direction is Direction.LOWER and inj > 0:
            lsi = other / inj * 100
        if lsi is not None:
            components.append(
                {
                    "code": {
                        "coding": [{"system": c.MEASURE_SYSTEM, "code": "limb-symmetry-index"}],
                        "text": "Limb symmetry index (injured vs uninjured)",
                    },
                    "valueQuantity": c.quantity(round(lsi, 1), "%"),
                }
            )
        out.append(
            (
                _uuid(aid, f"pair/{day}/{kind}"),
                {
                    "resourceType": "Observation",
                    "meta": {"tag": [DERIVED_TAG]},
                    "status": "final",
                    "category": [{"coding": [{"system": c.OBS_CATEGORY, "code": "exam"}]}],
                    "code": c.measure_code(kind),
                    "subject": _subject(patient_ref),
                    "effectiveDateTime": day,
                    "bodySite": {"coding": [c.HAMSTRING_SITE], "text": "Both hamstrings"},
                    "derivedFrom": [{"reference": legs[s][1]} for s in ("left", "right")],
                    "component": components,
                },
            )
        )
    return out


def _item_type(annotation: Any) -> str:
    """FHIR Questionnaire item type for a case-file field's Python type."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) else annotation
    if base is bool:
        return "boolean"
    if base is int:
        return "integer"
    if base is float:
        return "decimal"
    if base is date:
        return "date"
    return "string"


def _field_text(name: str) -> str:
    m = MEASURES.get(name)
    return m.label + (f" ({m.unit})" if m else "") if m else name.replace("_", " ").capitalize()


def checkin_questionnaire() -> dict[str, Any]:
    """The daily check-in as a Questionnaire, one item per case-file check-in field."""
    items = [
        {"linkId": name, "text": _field_text(name), "type": _item_type(f.annotation)}
        for name, f in CheckInIn.model_fields.items()
        if name != "date"
    ]
    return {
        "resourceType": "Questionnaire",
        "url": c.CHECKIN_QUESTIONNAIRE,
        "name": "SprintbackDailyCheckin",
        "title": "Sprintback daily check-in",
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def _answer(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


def _checkin_response(ci: Mapping[str, Any], patient_ref: str) -> dict[str, Any]:
    items = []
    for name in CheckInIn.model_fields:
        value = ci.get(name)
        if name == "date" or value is None or value == "":
            continue  # unanswered stays unanswered: never a default "no"
        items.append({"linkId": name, "text": _field_text(name), "answer": [_answer(value)]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": c.CHECKIN_QUESTIONNAIRE,
        "status": "completed",
        "subject": _subject(patient_ref),
        "authored": ci["date"],
        "item": items,
    }


def _session(s: Mapping[str, Any], patient_ref: str) -> dict[str, Any]:
    units = {"minutes": "min", "rpe": "CR-10", "pain_during": "NRS 0-10", "top_speed_pct": "%", "top_speed_m_s": "m/s"}
    components = []
    for name in SessionIn.model_fields:
        value = s.get(name)
        if name == "date" or value is None or value == "":
            continue
        code: dict[str, Any] = {"coding": [{"system": c.SESSION_SYSTEM, "code": name}], "text": _field_text(name)}
        if name == "pain_during":
            code["coding"].insert(0, c.PAIN_LOINC)
        comp: dict[str, Any] = {"code": code}
        if isinstance(value, bool):
            comp["valueBoolean"] = value
        elif isinstance(value, int | float):
            comp["valueQuantity"] = c.quantity(value, units.get(name, "1"))
        elif name == "kind":
            comp["valueCodeableConcept"] = {"coding": [{"system": f"{c.SESSION_SYSTEM}/kind", "code": value}]}
        else:
            comp["valueString"] = str(value)
        components.append(comp)
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": c.OBS_CATEGORY, "code": "activity"}]}],
        "code": {"coding": [_SESSION_CODE], "text": f"Training session: {s['kind']}"},
        "subject": _subject(patient_ref),
        "effectiveDateTime": s["date"],
        "component": components,
    }


def _care_plan(
    protocol: Protocol, d: Decision, patient_ref: str, condition_ref: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    phase = next((p for p in protocol.phases if p.id == d.phase), None)
    goals = "; ".join(phase.goals) if phase else ""
    cap = f" Running up to {phase.running_max_pct:g}% of max speed." if phase and phase.running_max_pct else ""
    return {
        "resourceType": "CarePlan",
        "extension": [
            {
                "url": c.PHASE_EXT,
                "valueCodeableConcept": {
                    "coding": [{"system": f"{c.SB}/CodeSystem/phase", "code": d.phase, "display": d.phase_name}]
                },
            }
        ],
        "status": "completed" if d.kind.value == "clear" else "active",
        "intent": "plan",
        "title": f"Hamstring rehabilitation ({protocol.name} v{protocol.version}): {d.phase_name}",
        "description": f"Phase: {d.phase_name}. {goals}.{cap}".strip(),
        "subject": _subject(patient_ref),
        "period": {"start": data["injury"]["date"]},
        "addresses": [{"reference": {"reference": condition_ref}}],
        "activity": [{"performedActivity": [{"concept": {"text": goal}}]} for goal in (phase.goals if phase else ())],
        "note": [{"time": f"{d.as_of.isoformat()}T00:00:00Z", "text": f"{d.as_of}: {d.kind.value}. {d.summary}"}],
    }


def _clearance(cl: Mapping[str, Any], patient_ref: str, condition_ref: str, protocol: Protocol) -> dict[str, Any]:
    when = cl["date"].isoformat() if isinstance(cl.get("date"), date) else str(cl.get("date"))
    who = cl.get("recorded_by") or ""
    parts = [f"Cleared for return to sport on {when}"]
    if who:
        parts.append(f"by {who}")
    parts.append(f"(engine decision that day: {cl.get('engine_decision', 'unknown')}; protocol {protocol.name} "
                 f"v{protocol.version})")  # fmt: skip
    res: dict[str, Any] = {
        "resourceType": "ClinicalImpression",
        "status": "completed",
        "description": "Return-to-sport clearance",
        "subject": _subject(patient_ref),
        "effectiveDateTime": when,
        "problem": [{"reference": condition_ref}],
        "summary": " ".join(parts),
    }
    notes = [t for t in (cl.get("override_reason"), cl.get("note")) if t]
    if notes:
        res["note"] = [{"text": t} for t in notes]
    return res
