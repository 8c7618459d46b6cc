"""Which field of a response may reach whom: every field the platform answers with is classified here, once.

- **clinical**: health data and the engine's judgement of it (pain, notes, injury, baselines, the decision
  kind and its reasons). Only roles the access policy lets read clinical data get it (admin, clinician,
  the athlete themself).
- **training**: what the athlete may do and did (availability status, phase, running cap, sessions' minutes
  and RPE, the week plan's sessions and what changed). Coaches get these.
- **public**: identity and bookkeeping (ids, names, team, timestamps, page envelope, errors).

Why one table rather than each service hiding what it thinks is clinical: a field added to a response
without a line here fails `tests/unit/platform/test_field_policy.py`, which walks every response model,
and the coach-facing tests check that no clinical field of any response a coach gets holds a value. The
services call `withhold(kind, value)` for actors who may not read clinical data; the table is written out in
docs/platform.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from sprintback.services.access import Action, Actor, Scope, scope_of

T = TypeVar("T")


class Sensitivity(StrEnum):
    CLINICAL = "clinical"
    TRAINING = "training"
    PUBLIC = "public"


C, TR, P = Sensitivity.CLINICAL, Sensitivity.TRAINING, Sensitivity.PUBLIC

_RECORD_META = {"id": P, "recorded_at": P, "recorded_by": P, "supersedes_id": P}
_ATHLETE = {"id": P, "name": P, "sport": P, "position": P, "team_id": P}

# Response kind (an API response model's class name, or a document the plan / ICS faces emit) → field → class.
RESPONSE_FIELDS: dict[str, dict[str, Sensitivity]] = {
    "ErrorDetail": {"code": P, "message": P, "field": P, "details": P},
    "ErrorOut": {"error": P},
    "Page": {"items": P, "total": P, "limit": P, "offset": P},
    "UserOut": {"id": P, "username": P, "role": P, "display_name": P, "athlete_id": P, "team_ids": P, "active": P},
    "TokenOut": {"token": P, "token_type": P, "expires_at": P, "user": P},
    "TeamOut": {"id": P, "name": P},
    "AthleteOut": _ATHLETE,
    # A coach plans around availability and the running cap; the decision kind (refer, regress…) is clinical.
    "AvailabilityOut": {
        "status": TR, "phase": TR, "phase_name": TR, "decision": C, "running_max_pct": TR,
        "day_since_injury": TR, "cleared_on": TR,
    },
    "SquadEntryOut": {**_ATHLETE, "availability": TR},
    "InjuryOut": {
        "date": C, "side": C, "grade": C, "mechanism": C, "muscle": C, "previous_hsi": C, "recent_hsi": C,
        "notes": C, "physician_review_on": C,
    },
    "ProfileOut": {
        **_ATHLETE, "baselines": C, "pain_mode": C, "injury": C, "availability": TR, "clearances": C,
    },
    "MeasurementOut": {
        **_RECORD_META, "date": C, "kind": C, "unit": C, "value": C, "side": C, "pain": C, "note": C,
    },
    "CheckInOut": {
        **_RECORD_META, "date": C, "pain_rest": C, "pain_walking": C, "pain_exercise": C,
        "pain_next_morning": C, "soreness": C, "sleep_hours": C, "night_pain": C, "note": C,
    },
    # What was trained is training data; pain during it and the free-text note are clinical.
    "SessionOut": {
        **_RECORD_META, "date": TR, "kind": TR, "minutes": TR, "rpe": TR, "pain_during": C, "top_speed_pct": TR,
        "top_speed_m_s": TR, "completed": TR, "note": C, "load_au": TR,
    },
    "CreatedOut": {"ids": P},
    "ClearanceOut": {"id": P, "athlete_id": P, "date": TR, "engine_decision": C, "override_reason": C},
    "JobOut": {
        "id": P, "kind": P, "status": P, "athlete_id": P, "created_by": P, "created_at": P, "finished_at": P,
        "result": P, "error": P,
    },
    # Admin-only (route policy); the trail names ids and actions, never health values.
    "AuditOut": {
        "id": P, "at": P, "user_id": P, "username": P, "role": P, "action": P, "athlete_id": P, "outcome": P,
        "ip": P, "detail": P,
    },
    # GET …/plan (`sprintback-plan/1`) and plan.ics: the week is training data; why a day changed is not.
    "CasePlan": {
        "format": P, "athlete": P, "as_of": P, "decision": C, "clearance": TR, "reassessments": TR,
        "week_start": TR, "phase": TR, "running_max_pct": TR, "equipment": TR, "nordic_week": TR,
        "running_stage": TR, "running_m": TR, "notes": TR, "days": TR, "lessons": TR, "citations": P,
    },
    "DayAdjustment": {"decision": C, "reason": C, "rule": TR, "changes": TR, "evidence": TR},
}  # fmt: skip


def may_read_clinical(actor: Actor) -> bool:
    """Whether the role reads clinical data at all. Every route that returns athlete data has already passed
    an athlete-level check (view roster / read training), whose scope equals read clinical's for every role that
    has any; so this role-level test is exact for the athlete at hand."""
    return scope_of(actor.role, Action.READ_CLINICAL) is not Scope.NONE


def clinical_fields(kind: str) -> frozenset[str]:
    return frozenset(name for name, s in RESPONSE_FIELDS[kind].items() if s is Sensitivity.CLINICAL)


def _empty(value: Any) -> Any:
    """What a withheld field holds: the empty value of its type (so response schemas stay the same)."""
    if isinstance(value, str):
        return ""
    if isinstance(value, Mapping):
        return {}
    if isinstance(value, list):
        return []
    if isinstance(value, tuple):
        return ()
    return None


def withhold(kind: str, value: T) -> T:
    """`value` (a dataclass or a dict shaped like response `kind`) with every clinical field emptied."""
    hidden = clinical_fields(kind)
    if isinstance(value, dict):
        return {k: (_empty(v) if k in hidden else v) for k, v in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = {f.name for f in dataclasses.fields(value)} & hidden
        return dataclasses.replace(value, **{n: _empty(getattr(value, n)) for n in names})
    raise TypeError(f"cannot withhold fields of {type(value).__name__}")


def for_actor(actor: Actor, kind: str, value: T) -> T:
    """`value` as `actor` may see it."""
    return value if may_read_clinical(actor) else withhold(kind, value)
