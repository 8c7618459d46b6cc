"""What the engine answers: a decision with one reason per criterion or rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sprintback.domain.protocol import DecisionKind, Evidence


class ReasonStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_MEASURED = "not_measured"  # missing data never passes a criterion
    TRIGGERED = "triggered"  # a global rule (pain, soreness, red flag) fired
    OK = "ok"  # a global rule was checked and did not fire


@dataclass(frozen=True)
class Reason:
    """One criterion or rule, with what was observed, the threshold, and the evidence behind it."""

    id: str
    label: str
    status: ReasonStatus
    evidence: Evidence
    citation: str
    observed: float | None = None
    threshold: str = ""
    detail: str = ""  # e.g. "reference: pre-injury baseline 9.1 m/s" or "last measured 12 days ago"
    measure: str | None = None
    kind: str = "criterion"  # criterion | min_days | pain_rule | red_flag | history

    @property
    def met(self) -> bool:
        return self.status in (ReasonStatus.MET, ReasonStatus.OK)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "status": self.status.value,
            "met": self.met,
            "measure": self.measure,
            "observed": self.observed,
            "threshold": self.threshold,
            "detail": self.detail,
            "source": self.evidence.source,
            "grade": self.evidence.grade.value,
            "evidence_type": self.evidence.evidence_type.value if self.evidence.evidence_type else None,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Decision:
    as_of: date
    kind: DecisionKind
    phase: str  # the phase the athlete is in on `as_of`
    phase_name: str
    next_phase: str | None  # where a progress/regress leads (from tomorrow)
    day_since_injury: int
    summary: str
    reasons: tuple[Reason, ...]
    measure_next: tuple[str, ...] = ()  # measure kinds still needed to decide
    phase_entered: date | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def unmet(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.met)

    def key_reason(self) -> Reason | None:
        """The reason that most stands in the way: a fired rule (red flag, pain), else the first criterion
        not met, else the first not measured; None when nothing does."""
        for status in (ReasonStatus.TRIGGERED, ReasonStatus.NOT_MET, ReasonStatus.NOT_MEASURED):
            for r in self.reasons:
                if r.status is status:
                    return r
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "decision": self.kind.value,
            "phase": self.phase,
            "phase_name": self.phase_name,
            "phase_entered": self.phase_entered.isoformat() if self.phase_entered else None,
            "next_phase": self.next_phase,
            "day_since_injury": self.day_since_injury,
            "summary": self.summary,
            "measure_next": list(self.measure_next),
            "reasons": [r.to_dict() for r in self.reasons],
        }
