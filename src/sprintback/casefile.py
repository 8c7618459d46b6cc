"""The case file: a documented YAML/JSON format for athlete, injury, measurements, check-ins, sessions.

Pydantic checks the shape (and gives the JSON Schema); the domain checks every value against its
measure kind. Either way the error names the offending field, e.g.
`measurements[3].value: 14 is outside 0–10 NRS 0-10 for pain_walking`.
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
    IntakeSign,
    Measurement,
    Mechanism,
    PainMode,
    SessionKind,
    SessionLog,
    Side,
)
from sprintback.protocol_files import read_yaml

MAX_CASE_FILE_BYTES = 5 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AthleteIn(_Strict):
    id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    sport: str | None = None
    position: str | None = None
    baselines: dict[str, float] = Field(
        default_factory=dict,
        description="Pre-injury values by measure kind; per leg as `kind.left` / `kind.right` "
        "(e.g. max_speed_m_s: 9.2, nordic_force_n.left: 380).",
    )
    birth_year: int | None = Field(None, ge=1900, le=2100, description="For the reinjury risk profile (age).")


class InjuryIn(_Strict):
    date: date
    side: Side
    grade: str = Field(description="BAMIC grade 0-4 with site a/b/c, e.g. '2b' (pollock2014).")
    mechanism: Mechanism = Mechanism.OTHER
    muscle: str = "biceps_femoris_long_head"
    previous_hsi: int = Field(0, ge=0, le=50, description="Previous hamstring strains (either side).")
    recent_hsi: bool = False
    notes: str = ""
    physician_review_on: dt.date | None = None
    intake_signs: list[IntakeSign] = Field(
        default_factory=list,
        description="Intake findings that suggest a proximal avulsion or tendon injury (refer for a surgical "
        "opinion at intake): " + ", ".join(s.value for s in IntakeSign) + ".",
    )


class CaseInjuryIn(InjuryIn):
    """The case file's injury: also the history the reinjury risk profile reads (not yet stored by the platform,
    so the API's injury body does not take these fields)."""

    previous_acl: bool | None = Field(None, description="Previous ACL injury (reinjury risk profile, green2020).")
    previous_calf_strain: bool | None = Field(None, description="Previous calf strain (reinjury risk profile).")


class MeasurementIn(_Strict):
    date: date
    kind: str = Field(description="A measure kind key: see `sprintback case schema` / docs/case-file.md.")
    value: float
    side: Side | None = None
    pain: float | None = Field(None, description="Pain during the test, NRS 0-10.")
    note: str = ""


_NRS = "NRS 0-10"


class CheckInIn(_Strict):
    date: date
    pain_rest: float | None = Field(None, description=_NRS)
    pain_walking: float | None = Field(None, description=_NRS)
    pain_exercise: float | None = Field(None, description=_NRS)
    pain_next_morning: float | None = Field(None, description=_NRS)
    soreness: float | None = Field(None, description=_NRS)
    sleep_hours: float | None = Field(None, description="Hours slept last night.")
    night_pain: bool = False
    note: str = ""


class SessionIn(_Strict):
    date: date
    kind: SessionKind
    minutes: float = Field(ge=0, le=600)
    rpe: float | None = Field(None, description="Session RPE, CR-10.")
    pain_during: float | None = Field(None, description=_NRS)
    top_speed_pct: float | None = Field(None, description="Top speed reached, % of the athlete's max speed.")
    top_speed_m_s: float | None = None
    completed: bool = True
    note: str = ""


class CaseFile(_Strict):
    """A Sprintback case file."""

    format: Literal["sprintback-case/1"] = "sprintback-case/1"
    athlete: AthleteIn
    injury: CaseInjuryIn
    pain_mode: PainMode | None = None
    measurements: list[MeasurementIn] = Field(default_factory=list)
    checkins: list[CheckInIn] = Field(default_factory=list)
    sessions: list[SessionIn] = Field(default_factory=list)


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def case_from_dict(data: Any) -> Case:
    """Validate a parsed case file and build the domain Case; raise InvalidCase naming the field."""
    if not isinstance(data, dict):
        raise InvalidCase(f"a case file is a mapping with athlete and injury, got {type(data).__name__}")
    try:
        cf = CaseFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        value = err.get("input")
        shown = f" (got {value!r})" if not isinstance(value, dict | list) and err["type"] != "missing" else ""
        raise InvalidCase(f"{err['msg']}{shown}", _path(tuple(err["loc"]))) from None
    return case_from_model(cf)


def case_from_model(cf: CaseFile) -> Case:
    a, i = cf.athlete, cf.injury
    case = Case(
        athlete=Athlete(a.id, a.name, a.sport, a.position, dict(a.baselines), a.birth_year),
        injury=Injury(
            date=i.date,
            side=i.side,
            grade=BamicGrade.parse(i.grade),
            mechanism=i.mechanism,
            muscle=i.muscle,
            previous_hsi=i.previous_hsi,
            recent_hsi=i.recent_hsi,
            notes=i.notes,
            physician_review_on=i.physician_review_on,
            previous_acl=i.previous_acl,
            previous_calf_strain=i.previous_calf_strain,
            intake_signs=tuple(dict.fromkeys(i.intake_signs)),
        ),
        measurements=tuple(Measurement(m.date, m.kind, m.value, m.side, m.pain, m.note) for m in cf.measurements),
        checkins=tuple(CheckIn(**c.model_dump()) for c in cf.checkins),
        sessions=tuple(SessionLog(**s.model_dump()) for s in cf.sessions),
        pain_mode=cf.pain_mode,
    )
    return case.validate()


def case_to_dict(case: Case) -> dict[str, Any]:
    """The inverse of case_from_dict (for exports and round-trip tests)."""
    inj = case.injury
    out: dict[str, Any] = {
        "format": "sprintback-case/1",
        "athlete": {
            "id": case.athlete.id,
            "name": case.athlete.name,
            "sport": case.athlete.sport,
            "position": case.athlete.position,
            "baselines": dict(case.athlete.baselines),
        },
        "injury": {
            "date": inj.date.isoformat(),
            "side": inj.side.value,
            "grade": str(inj.grade),
            "mechanism": inj.mechanism.value,
            "muscle": inj.muscle,
            "previous_hsi": inj.previous_hsi,
            "recent_hsi": inj.recent_hsi,
            "notes": inj.notes,
            "physician_review_on": inj.physician_review_on.isoformat() if inj.physician_review_on else None,
            "intake_signs": [s.value for s in inj.intake_signs],
        },
        "pain_mode": case.pain_mode.value if case.pain_mode else None,
        "measurements": [
            {
                "date": m.date.isoformat(),
                "kind": m.kind,
                "value": m.value,
                "side": m.side.value if m.side else None,
                "pain": m.pain,
                "note": m.note,
            }
            for m in case.measurements
        ],
        "checkins": [CheckInIn.model_validate(c.__dict__).model_dump(mode="json") for c in case.checkins],
        "sessions": [SessionIn.model_validate(s.__dict__).model_dump(mode="json") for s in case.sessions],
    }
    return out


def load_case(path: str | Path) -> Case:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_CASE_FILE_BYTES:
            raise InvalidCase(f"{size} bytes is larger than the {MAX_CASE_FILE_BYTES} byte limit", str(p))
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidCase(f"cannot read the case file: {exc.strerror}", str(p)) from None
    except UnicodeDecodeError:
        raise InvalidCase("the case file is not UTF-8 text", str(p)) from None
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidCase(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", str(p)) from None
    else:
        data = read_yaml(text, str(p), InvalidCase)
    return case_from_dict(data)


def case_json_schema() -> dict[str, Any]:
    return CaseFile.model_json_schema()
