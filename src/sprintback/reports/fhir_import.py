"""A FHIR R5 Bundle written by `reports.fhir.case_bundle`, read back into a case (`sprintback import-fhir`).

The Bundle is first checked against the FHIR R5 models (fhir.resources); then each resource gives back its part
of the case file, and the case file is validated as any other is, so an error names the field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sprintback.casefile import case_from_dict
from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Case
from sprintback.reports import fhir_codes as c
from sprintback.reports.fhir import BASELINE_TAG, DERIVED_TAG

MAX_BUNDLE_BYTES = 50 * 1024 * 1024


def validate_bundle(bundle: Mapping[str, Any]) -> None:
    """Check the Bundle against the FHIR R5 models (fhir.resources); InvalidCase names the first bad element."""
    from fhir.resources.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(dict(bundle))
    except ValidationError as exc:
        err = exc.errors()[0]
        path = ".".join(str(p) for p in err["loc"])
        raise InvalidCase(f"not a valid FHIR R5 Bundle: {err['msg']}", path or "bundle") from None


def _ext_value(resource: Mapping[str, Any], url: str) -> Any:
    for e in resource.get("extension", []):
        if e.get("url") == url:
            concept = e.get("valueCodeableConcept")
            return concept["coding"][0]["code"] if concept else e.get("valueString")
    return None


def _fields_from(resource: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for e in resource.get("extension", []):
        if e.get("url") != c.CASE_FIELD_EXT:
            continue
        parts = {x["url"]: x.get("valueString") for x in e.get("extension", [])}
        if parts.get("path") is None or parts.get("value") is None:
            raise InvalidCase("a case-field extension needs a path and a value", "extension")
        out[parts["path"]] = json.loads(parts["value"])
    return out


def _code(concept: Mapping[str, Any], system: str) -> str | None:
    return next((cd["code"] for cd in concept.get("coding", []) if cd.get("system") == system), None)


_SIDE_BY_SNOMED = {coding["code"]: side for side, coding in c.LATERALITY.items()}


def _side(resource: Mapping[str, Any]) -> str | None:
    code = _ext_value(resource, c.LATERALITY_EXT)
    return None if code is None else _SIDE_BY_SNOMED.get(code, code)


def _tagged(resource: Mapping[str, Any], tag: Mapping[str, str]) -> bool:
    return any(t.get("code") == tag["code"] for t in resource.get("meta", {}).get("tag", []))


def _answer_value(answer: Mapping[str, Any]) -> Any:
    for key in ("valueBoolean", "valueInteger", "valueDecimal", "valueString", "valueDate"):
        if key in answer:
            return answer[key]
    raise InvalidCase("an answer needs a boolean, integer, decimal, string or date value", "answer")


def case_dict_from_bundle(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """The case file (docs/case-file.md) held in a Bundle written by `case_bundle`."""
    if bundle.get("resourceType") != "Bundle":
        raise InvalidCase("a FHIR Bundle is expected", "resourceType")
    validate_bundle(bundle)
    athlete: dict[str, Any] = {"baselines": {}}
    injury: dict[str, Any] = {}
    case: dict[str, Any] = {"format": "sprintback-case/1", "measurements": [], "checkins": [], "sessions": []}
    for n, entry in enumerate(bundle.get("entry", [])):
        res = entry.get("resource", {})
        kind = res.get("resourceType")
        where = f"entry[{n}]"
        if kind == "Patient":
            ident = next(
                (i["value"] for i in res.get("identifier", []) if i.get("system") == c.ATHLETE_ID_SYSTEM), None
            )
            if ident is None:
                raise InvalidCase("the Patient has no Sprintback athlete identifier", f"{where}.identifier")
            athlete["id"] = ident
            athlete["name"] = (res.get("name") or [{}])[0].get("text", "")
            athlete.update({k.removeprefix("athlete."): v for k, v in _fields_from(res).items()})
        elif kind == "Condition":
            injury["date"] = res.get("onsetDateTime")
            injury["side"] = _side(res)
            injury["mechanism"] = _ext_value(res, c.MECHANISM_EXT) or "other"
            stage = (res.get("stage") or [{}])[0].get("summary", {})
            injury["grade"] = _code(stage, c.BAMIC_SYSTEM)
            injury["notes"] = (res.get("note") or [{}])[0].get("text", "")
            for path, value in _fields_from(res).items():
                if path.startswith("injury."):
                    injury[path.removeprefix("injury.")] = value
                else:
                    case[path] = value
        elif kind == "Observation" and not _tagged(res, DERIVED_TAG):
            _observation_into(res, case, athlete, where)
        elif kind == "QuestionnaireResponse":
            ci: dict[str, Any] = {"date": str(res.get("authored", ""))[:10]}
            for item in res.get("item", []):
                ci[item["linkId"]] = _answer_value((item.get("answer") or [{}])[0])
            case["checkins"].append(ci)
    if "id" not in athlete:
        raise InvalidCase("the Bundle holds no Patient", "entry")
    if not injury:
        raise InvalidCase("the Bundle holds no Condition (the injury)", "entry")
    case["athlete"] = athlete
    case["injury"] = injury
    return case


def _observation_into(res: Mapping[str, Any], case: dict[str, Any], athlete: dict[str, Any], where: str) -> None:
    code = res.get("code", {})
    if _code(code, c.SESSION_SYSTEM) == "training-session":
        s: dict[str, Any] = {"date": res.get("effectiveDateTime")}
        for comp in res.get("component", []):
            name = _code(comp["code"], c.SESSION_SYSTEM)
            if name is None:
                continue
            if "valueQuantity" in comp:
                s[name] = comp["valueQuantity"]["value"]
            elif "valueCodeableConcept" in comp:
                s[name] = comp["valueCodeableConcept"]["coding"][0]["code"]
            elif "valueBoolean" in comp:
                s[name] = comp["valueBoolean"]
            else:
                s[name] = comp.get("valueString", "")
        case["sessions"].append(s)
        return
    kind = _code(code, c.MEASURE_SYSTEM)
    if kind is None:
        return  # an Observation from another system: not part of a Sprintback case
    value = res.get("valueQuantity", {}).get("value")
    if value is None:
        raise InvalidCase(f"the {kind} Observation has no valueQuantity", f"{where}.valueQuantity")
    side = _side(res)
    if _tagged(res, BASELINE_TAG):
        athlete["baselines"][f"{kind}.{side}" if side else kind] = value
        return
    m: dict[str, Any] = {"date": res.get("effectiveDateTime"), "kind": kind, "value": value, "side": side}
    for comp in res.get("component", []):
        if _code(comp["code"], c.LOINC) == c.PAIN_LOINC["code"]:
            m["pain"] = comp["valueQuantity"]["value"]
    m["note"] = (res.get("note") or [{}])[0].get("text", "")
    case["measurements"].append(m)


def case_from_bundle(bundle: Mapping[str, Any]) -> Case:
    """The domain Case held in a Bundle written by `case_bundle` (validated as any case file is)."""
    return case_from_dict(case_dict_from_bundle(bundle))
