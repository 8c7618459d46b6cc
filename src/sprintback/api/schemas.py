"""Request and response bodies. Units are in field names (`_m_s`, `_n`, `_pct`) or in the description.

Input models for dated records reuse the case file's (`sprintback.casefile`), so the API accepts
exactly what a case file holds, and the domain's range checks name the same fields.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from sprintback.casefile import CheckInIn, InjuryIn, MeasurementIn, SessionIn
from sprintback.domain.models import PainMode

T = TypeVar("T")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable kind: invalid_case, permission_denied, not_found, …")
    message: str
    field: str | None = Field(description="Path of the offending field, e.g. `measurements[0].value`.")
    details: list[dict[str, Any]] | None = Field(None, description="422 from request parsing: every problem found.")


class ErrorOut(BaseModel):
    """Every error answer has this body."""

    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Items matching, over all pages.")
    limit: int
    offset: int


class LoginIn(_In):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    display_name: str
    athlete_id: str | None
    team_ids: list[str]
    active: bool


class TokenOut(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    token_type: str = "bearer"
    expires_at: datetime
    user: UserOut


class UserIn(_In):
    username: str = Field(min_length=2, max_length=80)
    password: str = Field(min_length=10, max_length=1024)
    role: str = Field(description="admin | clinician | coach | athlete")
    display_name: str = Field("", max_length=200)
    athlete_id: str | None = Field(None, description="Required for an athlete account: the athlete it is.")
    teams: list[str] = Field(default_factory=list, max_length=100, description="Team ids or names (staff).")


class TeamIn(_In):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=120)


class TeamOut(BaseModel):
    id: str
    name: str


class AthleteIn(_In):
    id: str = Field("", max_length=40, description="Optional; generated when empty.")
    name: str = Field(min_length=1, max_length=200)
    team: str = Field(min_length=1, max_length=120, description="Team id or name.")
    sport: str | None = Field(None, max_length=80)
    position: str | None = Field(None, max_length=80)
    baselines: dict[str, float] = Field(
        default_factory=dict,
        max_length=200,
        description="Pre-injury values by measure kind, per leg as `kind.left`/`kind.right` "
        "(e.g. `max_speed_m_s`: 9.2, `nordic_force_n.left`: 380).",
    )
    pain_mode: PainMode | None = None
    injury: InjuryIn | None = None


class AvailabilityOut(BaseModel):
    status: str = Field(description="available | restricted | unavailable")
    phase: str | None
    phase_name: str | None
    decision: str | None = Field(
        description="The engine's decision today: progress, hold, regress, deload, refer, clear."
    )
    running_max_pct: float | None = Field(description="Highest running intensity allowed today, % of max speed.")
    day_since_injury: int | None
    cleared_on: dt.date | None


class AthleteOut(BaseModel):
    id: str
    name: str
    sport: str | None
    position: str | None
    team_id: str | None


class SquadEntryOut(AthleteOut):
    availability: AvailabilityOut


class InjuryOut(BaseModel):
    date: dt.date
    side: str
    grade: str = Field(description="BAMIC grade (pollock2014), e.g. 2b.")
    mechanism: str
    muscle: str
    previous_hsi: int
    recent_hsi: bool
    notes: str
    physician_review_on: dt.date | None
    intake_signs: list[str] = Field(default_factory=list, description="Intake findings (IntakeSign values).")


class ProfileOut(AthleteOut):
    baselines: dict[str, float] = Field(description="Empty for coaches (clinical).")
    pain_mode: str | None
    injury: InjuryOut | None = Field(description="Current injury; null for coaches (clinical).")
    availability: AvailabilityOut
    clearances: list[dict[str, Any]]


class AssessmentIn(_In):
    measurements: list[MeasurementIn] = Field(min_length=1, max_length=500)


class CorrectionIn(_In):
    value: float | None = Field(None, description="The corrected value, in the measure kind's unit.")
    note: str = Field("", max_length=2000)
    retract: bool = Field(False, description="True: the measurement was wrong and has no replacement.")


class RecordMeta(BaseModel):
    id: int
    recorded_at: datetime
    recorded_by: str
    supersedes_id: int | None = Field(description="The row this one corrects, if any.")


# A stored record is its case-file shape plus who recorded it when: the fields come from the case file's model
# (itself checked against the domain dataclass, tests/unit/platform/test_one_shape_per_record.py), so a new field
# appears in the answers without being written here again.
class MeasurementOut(RecordMeta, MeasurementIn):
    unit: str = Field(description="The measure kind's unit.")


class CheckInOut(RecordMeta, CheckInIn):
    pass


class SessionOut(RecordMeta, SessionIn):
    load_au: float | None = Field(description="sRPE × minutes, arbitrary units (foster1998).")


class CreatedOut(BaseModel):
    ids: list[int]


class ClearanceIn(_In):
    as_of: dt.date | None = Field(None, description="Date of the clearance (default today).")
    note: str = Field("", max_length=4000)
    override_reason: str = Field("", max_length=4000, description="Required when the engine does not say clear.")


class ClearanceOut(BaseModel):
    id: int
    athlete_id: str
    date: dt.date
    engine_decision: str
    override_reason: str


class ReportIn(_In):
    as_of: dt.date | None = Field(None, description="Report as of this day (default today).")
    format: Literal["html", "pdf"] = Field("html", description="The HTML report, or the PDF (text, charts, tables).")
    document: Literal["case_report", "clearance_certificate", "home_programme"] = Field(
        "case_report",
        description="The case report; the latest clearance's certificate; or this week's home programme (PDF only).",
    )


class AliasIn(_In):
    alias: str = Field(min_length=1, max_length=200, description="Device serial or the name a file uses.")


class JobOut(BaseModel):
    id: str
    kind: str
    status: str = Field(description="queued | running | done | failed")
    athlete_id: str | None
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    result: dict[str, Any] | None
    error: str | None


class AuditOut(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    username: str
    role: str
    action: str
    athlete_id: str | None
    outcome: str
    ip: str | None
    detail: str


__all__ = ["CheckInIn", "InjuryIn", "MeasurementIn", "SessionIn"]
