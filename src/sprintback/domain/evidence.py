"""Evidence behind a threshold or dose: where the number comes from, how strong it is, and what kind.

Grades (docs/protocol.md, issue 8):
- `primary`: outcome evidence in hamstring-strain rehabilitation or return to play (a trial or cohort of
  injured athletes), read in the paper itself;
- `secondary`: consensus (Delphi), other injuries (e.g. Silbernagel's Achilles pain model), prevention or
  screening studies, extrapolations and derived numbers, or a figure read only on a page about the paper;
- `practice-default`: no source found; a configurable clinic default, not evidence.

`evidence_type` says what kind of study stands behind the number, so a Delphi item or a screening cut-off
is never read as outcome evidence. A source may declare the highest grade it can support (`max_grade`);
`check_evidence` refuses a threshold graded above it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class EvidenceGrade(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    PRACTICE_DEFAULT = "practice-default"

    @property
    def rank(self) -> int:
        return {"primary": 2, "secondary": 1, "practice-default": 0}[self.value]


class EvidenceType(StrEnum):
    RCT = "rct"  # randomised trial in injured athletes
    COHORT = "cohort"  # observational outcome cohort of injured athletes
    CONSENSUS = "consensus"  # Delphi or expert consensus
    REVIEW = "review"  # clinical commentary or narrative review (recommendations)
    SCREENING = "screening"  # prospective risk-factor study in (mostly) uninjured athletes
    PREVENTION = "prevention"  # prevention trial in healthy athletes
    OTHER_INJURY = "other-injury"  # evidence from another injury (e.g. Achilles tendinopathy)
    EXTRAPOLATED = "extrapolated"  # carried over from another context (e.g. ACL batteries)
    NONE = "none"  # no source found: practice default or a safety net

    @property
    def is_outcome_evidence(self) -> bool:
        return self in (EvidenceType.RCT, EvidenceType.COHORT)


@dataclass(frozen=True)
class Evidence:
    source: str  # key into the file's `sources`
    grade: EvidenceGrade
    note: str = ""
    evidence_type: EvidenceType | None = None
    derived: str = ""  # how a derived number was computed from the published figures


@dataclass(frozen=True)
class SourceInfo:
    """A citation with what it can support: its study type and the highest grade it may carry."""

    citation: str
    evidence_type: EvidenceType | None = None
    max_grade: EvidenceGrade | None = None


def evidence_problem(ev: Evidence, info: SourceInfo | None) -> tuple[str, str] | None:
    """(field, message) when the grade claims more than the source or the evidence type support."""
    if info is not None and info.max_grade is not None and ev.grade.rank > info.max_grade.rank:
        return "grade", (
            f"{ev.source!r} supports at most {info.max_grade.value!r} (its entry in `sources`), not {ev.grade.value!r}"
        )
    t = ev.evidence_type
    if ev.grade is EvidenceGrade.PRIMARY:
        if t is not None and not t.is_outcome_evidence:
            return "grade", f"evidence type {t.value!r} is not outcome evidence: grade it secondary or practice-default"
        if ev.derived:
            return "grade", "a derived number is an extrapolation from the published figures: grade it secondary"
    if t is EvidenceType.NONE and ev.grade is not EvidenceGrade.PRACTICE_DEFAULT:
        return "grade", "evidence type 'none' (no source found) can only be graded practice-default"
    return None


def parse_source_entry(value: object) -> tuple[SourceInfo | None, str]:
    """A `sources` entry is a citation text or {citation, evidence_type, max_grade}; (info, error)."""
    if isinstance(value, str):
        return (SourceInfo(value.strip()), "") if value.strip() else (None, "expected a non-empty citation")
    if not isinstance(value, Mapping):
        return None, "expected a citation text or a mapping with `citation`"
    extra = sorted(set(value) - {"citation", "evidence_type", "max_grade"})
    if extra:
        return None, f"unknown field {extra[0]!r} (allowed: citation, evidence_type, max_grade)"
    citation = value.get("citation")
    if not isinstance(citation, str) or not citation.strip():
        return None, "`citation` is required"
    try:
        etype = EvidenceType(value["evidence_type"]) if value.get("evidence_type") is not None else None
        top = EvidenceGrade(value["max_grade"]) if value.get("max_grade") is not None else None
    except ValueError as exc:
        return None, str(exc)
    return SourceInfo(citation.strip(), etype, top), ""
