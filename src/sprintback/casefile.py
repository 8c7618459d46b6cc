"""The case file: a documented YAML/JSON format for athlete, injury, measurements, check-ins, sessions.

Pydantic checks the shape (and gives the JSON Schema); the domain checks every value against its
measure kind. Either way the error names the offending field, e.g.
`measurements[3].value: 14 is outside 0–10 NRS 0-10 for pain_walking`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sprintback.core.text import Count, Day, Flag, Number, Text
from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
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
    id: Text = Field(min_length=1, max_length=100)
    name: Text = Field(min_length=1, max_length=200)
    sport: Text | None = None
    position: Text | None = None
    baselines: dict[Text, Number] = Field(
        default_factory=dict,
        description="Pre-injury values by measure kind; per leg as `kind.left` / `kind.right` "
        "(e.g. max_speed_m_s: 9.2, nordic_force_n.left: 380).",
    )


class InjuryIn(_Strict):
    date: Day
    side: Side
    grade: Text = Field(description="BAMIC grade 0-4 with site a/b/c, e.g. '2b' (pollock2014).")
    mechanism: Mechanism = Mechanism.OTHER
    muscle: Text = "biceps_femoris_long_head"
    previous_hsi: Count = Field(0, ge=0, le=50, description="Previous hamstring strains (either side).")
    recent_hsi: Flag = False
    notes: Text = ""
    physician_review_on: Day | None = None


class MeasurementIn(_Strict):
    date: Day
    kind: Text = Field(description="A measure kind key: see `sprintback case schema` / docs/case-file.md.")
    value: Number
    side: Side | None = None
    pain: Number | None = Field(None, description="Pain during the test, NRS 0-10.")
    note: Text = ""


class CheckInIn(_Strict):
    date: Day
    pain_rest: Number | None = None
    pain_walking: Number | None = None
    pain_exercise: Number | None = None
    pain_next_morning: Number | None = None
    soreness: Number | None = None
    sleep_hours: Number | None = None
    night_pain: Flag = False
    note: Text = ""


class SessionIn(_Strict):
    date: Day
    kind: SessionKind
    minutes: Number = Field(ge=0, le=600)
    rpe: Number | None = Field(None, description="Session RPE, CR-10.")
    pain_during: Number | None = None
    top_speed_pct: Number | None = Field(None, description="Top speed reached, % of the athlete's max speed.")
    top_speed_m_s: Number | None = None
    completed: Flag = True
    note: Text = ""


class CaseFile(_Strict):
    """A Sprintback case file."""

    format: Literal["sprintback-case/1"] = "sprintback-case/1"
    athlete: AthleteIn
    injury: InjuryIn
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
        athlete=Athlete(a.id, a.name, a.sport, a.position, dict(a.baselines)),
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
