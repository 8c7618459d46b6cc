"""What the planner answers: a week of days, each with sessions of prescribed items, and why."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sprintback.domain.prescription.doses import Dose
from sprintback.domain.protocol import Evidence

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


class DayLoad(StrEnum):
    HARD = "hard"
    EASY = "easy"
    REST = "rest"


def _evidence_dict(e: Evidence) -> dict[str, str]:
    return {"source": e.source, "grade": e.grade.value, "note": e.note}


@dataclass(frozen=True)
class PrescribedItem:
    exercise_id: str
    name: str
    family: str
    qualities: tuple[str, ...]
    dose: Dose
    cues: tuple[str, ...] = ()
    pct_max_speed: float | None = None  # running target, % of the athlete's max speed
    high_speed: bool = False
    run_stage: int | None = None
    strides: int = 0
    substituted_for: str | None = None
    note: str = ""

    @property
    def is_running(self) -> bool:
        return self.pct_max_speed is not None

    @property
    def running_m(self) -> float:
        if self.dose.distance_m is None or not self.is_running:
            return 0.0
        return self.dose.sets * self.dose.total_reps * self.dose.distance_m

    @property
    def minutes(self) -> float:
        """Estimated duration: work plus rest (a planning estimate, not a measurement)."""
        d = self.dose
        reps = d.sets * sum((lo + hi) / 2 for lo, hi in d.reps) / max(1, len(d.reps))
        if d.work_s:
            per_rep = d.work_s
        elif d.distance_m:
            per_rep = d.distance_m / 5.0  # about 5 m/s including the build-up
        else:
            per_rep = _tempo_seconds(d.tempo)
        rests = reps if d.distance_m else d.sets
        return (reps * per_rep + rests * d.rest_s) / 60.0

    def describe(self) -> str:
        d = self.dose
        one_rep = all(r == (1, 1) for r in d.reps)
        if one_rep:
            head = f"{d.sets}"  # 5 × 10 s, 2 × 20 m
        elif d.sets == 1:
            head = d.reps_text  # 7 × 100 m
        else:
            head = f"{d.sets} × {d.reps_text}"
        if d.work_s:
            head = _seconds(d.work_s) if one_rep and d.sets == 1 else f"{head} × {_seconds(d.work_s)}"
        elif d.distance_m:
            head += f" × {d.distance_m:g} m"
        elif d.sets == 1 and not one_rep:
            head += " reps"
        parts = [head]
        if self.pct_max_speed is not None:
            # A staged run has a target speed; drills like accelerations only have a ceiling.
            how = "at" if self.run_stage is not None else "effort capped at"
            parts.append(f"{how} {self.pct_max_speed:g}% of max speed")
        if d.tempo:
            parts.append(f"tempo {d.tempo}")
        if d.intensity and self.pct_max_speed is None:
            parts.append(d.intensity)
        if d.rest_s:
            parts.append(f"rest {_seconds(d.rest_s)}")
        if d.frequency:
            parts.append(d.frequency)
        if self.strides:
            parts.append(f"+ {self.strides} strides")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d = self.dose
        return {
            "exercise_id": self.exercise_id,
            "name": self.name,
            "family": self.family,
            "qualities": list(self.qualities),
            "sets": d.sets,
            "reps": d.reps_text,
            "reps_per_set": [list(r) for r in d.reps],
            "work_s": d.work_s,
            "distance_m": d.distance_m,
            "tempo": d.tempo,
            "intensity": d.intensity,
            "rest_s": d.rest_s,
            "frequency": d.frequency,
            "pct_max_speed": self.pct_max_speed,
            "high_speed": self.high_speed,
            "run_stage": self.run_stage,
            "strides": self.strides,
            "cues": list(self.cues),
            "substituted_for": self.substituted_for,
            "note": self.note,
            "volume": d.volume,
            "evidence": _evidence_dict(d.evidence),
            "summary": self.describe(),
        }


def _tempo_seconds(tempo: str) -> float:
    digits = [int(c) for c in tempo if c.isdigit()]
    return float(sum(digits) + tempo.upper().count("X")) if digits else 3.0


def _seconds(s: float) -> str:
    return f"{s / 60:g} min" if s >= 120 and s % 60 == 0 else f"{s:g} s"


@dataclass(frozen=True)
class DayAdjustment:
    """Why today's session differs from the plan: the engine's decision, its reason and the rule used."""

    decision: str
    reason: str
    rule: str
    evidence: Evidence
    changes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "reason": self.reason,
            "rule": self.rule,
            "changes": list(self.changes),
            "evidence": _evidence_dict(self.evidence),
        }


@dataclass(frozen=True)
class Session:
    title: str
    kind: str  # training | recovery | refer | maintenance | reassessment | team
    items: tuple[PrescribedItem, ...]
    notes: tuple[str, ...] = ()

    @property
    def minutes(self) -> int:
        return math.ceil(sum(i.minutes for i in self.items))

    @property
    def high_speed(self) -> bool:
        return any(i.high_speed for i in self.items)

    @property
    def volume(self) -> float:
        return sum(i.dose.volume for i in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "minutes": self.minutes,
            "high_speed": self.high_speed,
            "notes": list(self.notes),
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True)
class DayPlan:
    date: date
    load: DayLoad
    sessions: tuple[Session, ...]
    adjustment: DayAdjustment | None = None

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def high_speed(self) -> bool:
        return any(s.high_speed for s in self.sessions)

    @property
    def items(self) -> tuple[PrescribedItem, ...]:
        return tuple(i for s in self.sessions for i in s.items)

    @property
    def volume(self) -> float:
        return sum(s.volume for s in self.sessions)

    @property
    def running_m(self) -> float:
        return sum(i.running_m for i in self.items)

    @property
    def top_pct(self) -> float:
        return max((i.pct_max_speed for i in self.items if i.pct_max_speed is not None), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "weekday": self.weekday,
            "load": self.load.value,
            "high_speed": self.high_speed,
            "running_m": self.running_m,
            "adjustment": self.adjustment.to_dict() if self.adjustment else None,
            "sessions": [s.to_dict() for s in self.sessions],
        }


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    text: str
    phases: tuple[str, ...]
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "evidence": _evidence_dict(self.evidence),
        }


@dataclass(frozen=True)
class WeekPlan:
    week_start: date
    phase: str
    running_max_pct: float
    equipment: tuple[str, ...]
    days: tuple[DayPlan, ...]
    nordic_week: int | None
    running_stage: int | None
    notes: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    citations: dict[str, str]  # evidence key → citation, for every key used in the plan

    @property
    def running_m(self) -> float:
        return sum(d.running_m for d in self.days)

    @property
    def sessions(self) -> tuple[tuple[date, Session], ...]:
        return tuple((d.date, s) for d in self.days for s in d.sessions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "phase": self.phase,
            "running_max_pct": self.running_max_pct,
            "equipment": list(self.equipment),
            "nordic_week": self.nordic_week,
            "running_stage": self.running_stage,
            "running_m": self.running_m,
            "notes": list(self.notes),
            "days": [d.to_dict() for d in self.days],
            "lessons": [lesson.to_dict() for lesson in self.lessons],
            "citations": dict(self.citations),
        }
