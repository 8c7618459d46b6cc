"""Minimum healing time before a gate, by BAMIC grade and by injury mechanism.

A phase's floor for an injury is the larger of its grade floor (most specific key wins: "3c", then
"3", then "c", then "default") and its mechanism floor (sprint- or stretch-type, from a given BAMIC
number up). Each floor carries its own evidence and, when derived, the arithmetic. `monotonicity_problem`
refuses a protocol in which a more severe injury could pass a gate sooner than a milder one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sprintback.domain.evidence import Evidence
from sprintback.domain.models import BamicGrade, Injury, Mechanism

# Every grade the case file accepts: 0-4 with no suffix or a (myofascial), b (musculotendinous),
# c (intratendinous) (pollock2014).
ALL_GRADES: tuple[BamicGrade, ...] = tuple(BamicGrade(n, s) for n in range(5) for s in (None, "a", "b", "c"))
# The two mechanisms askling2013 compares; "other" (not recorded) takes the sprint-type floor.
MECHANISMS: tuple[Mechanism, ...] = (Mechanism.SPRINT, Mechanism.STRETCH)


def _severity(g: BamicGrade) -> tuple[int, int]:
    return g.number, 1 if g.intratendinous else 0


def milder_or_equal(a: BamicGrade, b: BamicGrade) -> bool:
    """The partial order used for monotonicity: a higher number with the same or a worse site, or the same
    number with an intratendinous ('c') site, is the more severe injury (pollock2022: grade and 'c' both
    lengthen return). a and b sites (and no suffix) rank the same: no source separates them."""
    (na, ca), (nb, cb) = _severity(a), _severity(b)
    return na <= nb and ca <= cb


@dataclass(frozen=True)
class DaysRule:
    days: int
    evidence: Evidence


@dataclass(frozen=True)
class Floor:
    """The answer for one injury: the days needed and which rules set them."""

    days: int
    evidence: Evidence | None
    rule: str


@dataclass(frozen=True)
class MinimumDays:
    by_grade: Mapping[str, DaysRule] = field(default_factory=dict)  # "default", "3c", "3", "c"
    by_mechanism: Mapping[Mechanism, DaysRule] = field(default_factory=dict)  # sprint, stretch
    mechanism_from_grade: int = 1  # the mechanism floor applies from this BAMIC number up

    @property
    def defined(self) -> bool:
        return bool(self.by_grade or self.by_mechanism)

    def grade_rule(self, g: BamicGrade) -> tuple[str, DaysRule] | None:
        for key in (str(g), str(g.number), g.site or "", "default"):
            if key and key in self.by_grade:
                return key, self.by_grade[key]
        return None

    def mechanism_rule(self, g: BamicGrade, mechanism: Mechanism) -> tuple[Mechanism, DaysRule] | None:
        if g.number < self.mechanism_from_grade:
            return None
        m = Mechanism.STRETCH if mechanism is Mechanism.STRETCH else Mechanism.SPRINT
        rule = self.by_mechanism.get(m)
        return (m, rule) if rule is not None else None

    def days_for(self, g: BamicGrade, mechanism: Mechanism) -> int:
        return self.for_grade(g, mechanism).days

    def for_injury(self, injury: Injury) -> Floor:
        return self.for_grade(injury.grade, injury.mechanism)

    def for_grade(self, g: BamicGrade, mechanism: Mechanism) -> Floor:
        parts: list[tuple[int, Evidence, str]] = []
        by_grade = self.grade_rule(g)
        if by_grade is not None:
            key, rule = by_grade
            label = "grades without their own figure" if key == "default" else f"grade {key}"
            parts.append((rule.days, rule.evidence, f"{label}: {rule.days} d ({rule.evidence.source})"))
        by_mech = self.mechanism_rule(g, mechanism)
        if by_mech is not None:
            m, rule = by_mech
            how = f"{m.value}-type" if m is mechanism else "mechanism not recorded: the sprint-type floor"
            parts.append((rule.days, rule.evidence, f"{how}: {rule.days} d ({rule.evidence.source})"))
        if not parts:
            return Floor(0, None, "no minimum set")
        days, evidence, _ = max(parts, key=lambda p: p[0])
        text = "; ".join(p[2] for p in parts)
        return Floor(days, evidence, text + ("; the larger applies" if len(parts) > 1 else ""))


def grade_pairs() -> Iterator[tuple[BamicGrade, BamicGrade]]:
    """Every (milder, more severe) pair of distinct grades."""
    for a in ALL_GRADES:
        for b in ALL_GRADES:
            if a != b and milder_or_equal(a, b):
                yield a, b


def monotonicity_problem(md: MinimumDays) -> tuple[str, str] | None:
    """(field, message) when a more severe grade, or stretch- vs sprint-type, would get a shorter floor."""
    for g in ALL_GRADES:
        sprint, stretch = md.days_for(g, Mechanism.SPRINT), md.days_for(g, Mechanism.STRETCH)
        if stretch < sprint:
            return "by_mechanism.stretch", (
                f"a stretch-type {g} injury would wait {stretch} d, less than a sprint-type one ({sprint} d); "
                "stretch-type injuries return later (askling2013)"
            )
    for mild, severe in grade_pairs():
        for m in MECHANISMS:
            a, b = md.days_for(mild, m), md.days_for(severe, m)
            if b < a:
                rule = md.grade_rule(severe)
                key = rule[0] if rule else "default"
                return f"by_grade.{key}", (
                    f"BAMIC {severe} ({m.value}-type) would wait {b} d, less than the milder {mild} ({a} d): "
                    "a higher grade is never looser than a lower one"
                )
    return None
