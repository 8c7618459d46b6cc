"""The codes the FHIR export uses: standard terminologies where a code exists, Sprintback's own otherwise.

Standard codes are used only where we are sure of them (each is a published, widely used code):
- LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported" for every NRS pain value;
- SNOMED CT 88225001 "Structure of hamstring muscles" for the body site, 7771000 "Left" and 24028007
  "Right" for laterality;
- ICD-10 S76.3 "Injury of muscle and tendon of the posterior muscle group at thigh level" for the condition;
- UCUM for every unit that UCUM has; a dimensionless score is UCUM's annotation `{score}`.
Everything else (the BAMIC grade, the mechanism, the strength and hop tests, the session fields) is a code
in the Sprintback code systems below, whose codes are the measure keys documented in docs/case-file.md.
"""

from __future__ import annotations

from sprintback.domain.measures import MEASURES

SB = "https://sprintback.org/fhir"
MEASURE_SYSTEM = f"{SB}/CodeSystem/measure"
BAMIC_SYSTEM = f"{SB}/CodeSystem/bamic-grade"
MECHANISM_SYSTEM = f"{SB}/CodeSystem/injury-mechanism"
SESSION_SYSTEM = f"{SB}/CodeSystem/session"
TAG_SYSTEM = f"{SB}/CodeSystem/tag"
CASE_FIELD_EXT = f"{SB}/StructureDefinition/case-field"
LATERALITY_EXT = f"{SB}/StructureDefinition/laterality"
MECHANISM_EXT = f"{SB}/StructureDefinition/injury-mechanism"
PHASE_EXT = f"{SB}/StructureDefinition/rehab-phase"
ATHLETE_ID_SYSTEM = f"{SB}/athlete-id"
CHECKIN_QUESTIONNAIRE = f"{SB}/Questionnaire/daily-checkin"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

PAIN_LOINC = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
HAMSTRING_SITE = {"system": SNOMED, "code": "88225001", "display": "Structure of hamstring muscles"}
LATERALITY = {
    "left": {"system": SNOMED, "code": "7771000", "display": "Left"},
    "right": {"system": SNOMED, "code": "24028007", "display": "Right"},
}
CONDITION_ICD10 = {
    "system": ICD10,
    "code": "S76.3",
    "display": "Injury of muscle and tendon of the posterior muscle group at thigh level",
}

# Measure unit (as written in domain/measures.py) -> UCUM code.
_UCUM = {
    "NRS 0-10": "{score}",
    "VAS 0-100": "{score}",
    "CR-10": "{score}",
    "deg": "deg",
    "N": "N",
    "N·m": "N.m",
    "Nm": "N.m",
    "N·s": "N.s",
    "N/s": "N/s",
    "cm": "cm",
    "s": "s",
    "m/s": "m/s",
    "%": "%",
    "% max speed": "%",
    "reps": "{repetitions}",
    "steps/min": "/min",
    "h": "h",
    "min": "min",
    "sessions": "{sessions}",
    "yes=1/no=0": "1",
    "m": "m",
}


def ucum(unit: str) -> str:
    """UCUM code for a measure's unit; an unknown unit becomes a UCUM annotation so it stays readable."""
    return _UCUM.get(unit, "{" + unit.replace("{", "(").replace("}", ")") + "}")


def measure_code(kind: str) -> dict[str, object]:
    """The CodeableConcept of a measure kind: LOINC for pains, always the Sprintback code too."""
    m = MEASURES.get(kind)
    label = m.label if m else kind
    codings: list[dict[str, str]] = []
    if m is not None and m.unit == "NRS 0-10":
        codings.append(PAIN_LOINC)
    codings.append({"system": MEASURE_SYSTEM, "code": kind, "display": label})
    return {"coding": codings, "text": label}


def quantity(value: float, unit: str) -> dict[str, object]:
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum(unit)}
