"""Dose rules as data: per-phase set/rep/tempo rules, the Nordic table, running stages, day
adjustments, volume cap and maintenance settings (catalogue/doses.yaml).

Every dose carries an Evidence (source key + grade); `parse_dose_book` rejects unknown keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.evidence import SourceInfo
from sprintback.domain.prescription._fields import FieldReader, read_evidence, read_sources
from sprintback.domain.prescription.running import RunningStages, parse_running_stages
from sprintback.domain.protocol import Evidence

RepRange = tuple[int, int]

# What a `hold` day does: keep the phase's session (the engine's hold = "stay in this phase"), or
# repeat last week's dose (no in-phase step that day).
HOLD_MODES = ("as_planned", "repeat_last_week")


def format_reps(reps: tuple[RepRange, ...]) -> str:
    """`(5,5),(5,5)` → "5"; three "6-8" → "6–8"; 12/10/8 → "12/10/8"."""
    labels = [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in reps]
    return labels[0] if len(set(labels)) == 1 else "/".join(labels)


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: tuple[RepRange, ...]  # one range per set
    evidence: Evidence
    work_s: float | None = None  # hold or continuous seconds per rep
    distance_m: float | None = None
    tempo: str = ""
    intensity: str = ""
    rest_s: float = 0
    frequency: str = ""

    @property
    def reps_text(self) -> str:
        return format_reps(self.reps)

    @property
    def total_reps(self) -> int:
        return sum(hi for _, hi in self.reps)

    @property
    def volume(self) -> float:
        """One number for "how much": reps × (seconds or metres when given)."""
        unit = self.work_s or self.distance_m or 1.0
        return self.total_reps * unit

    def with_sets(self, sets: int) -> Dose:
        sets = max(1, sets)
        reps = (self.reps * ((sets // len(self.reps)) + 1))[:sets]
        return replace(self, sets=sets, reps=reps)

    def scaled(self, factor: float) -> Dose:
        """Less volume: fewer sets when there are several, else fewer reps, else shorter work."""
        if self.sets >= 2:
            sets = max(1, round(self.sets * factor))
            if sets < self.sets:
                return self.with_sets(sets)
        if self.total_reps >= 2:
            reps = tuple((max(1, math.floor(lo * factor)), max(1, math.floor(hi * factor))) for lo, hi in self.reps)
            if sum(hi for _, hi in reps) < self.total_reps:
                return replace(self, reps=reps)
        if self.work_s:
            return replace(self, work_s=round(self.work_s * factor))
        if self.distance_m:
            return replace(self, distance_m=round(self.distance_m * factor))
        return self


@dataclass(frozen=True)
class DoseRule:
    id: str
    by_phase: Mapping[str, Dose]
    default: Dose | None
    staged: bool = False  # dose comes from the running stage
    table: bool = False  # dose comes from the Nordic table

    def for_phase(self, phase: str) -> Dose:
        dose = self.by_phase.get(phase, self.default)
        if dose is None:
            raise KeyError(f"dose rule {self.id!r} has no entry for phase {phase!r} and no default")
        return dose


@dataclass(frozen=True)
class NordicWeek:
    week: int
    sessions: int
    reps: tuple[RepRange, ...]

    @property
    def sets(self) -> int:
        return len(self.reps)


@dataclass(frozen=True)
class NordicTable:
    weeks: tuple[NordicWeek, ...]
    maintenance: NordicWeek
    evidence: Evidence
    tempo: str
    rest_s: float

    def week(self, n: int) -> NordicWeek:
        """Week n (1-based) of Nordic work; after the table, the last week's dose continues."""
        n = max(1, n)
        for w in self.weeks:
            if w.week == n:
                return w
        return self.weeks[-1]

    def dose(self, week: NordicWeek) -> Dose:
        return Dose(
            sets=week.sets,
            reps=week.reps,
            evidence=self.evidence,
            tempo=self.tempo,
            intensity="bodyweight (or as assisted)",
            rest_s=self.rest_s,
        )


@dataclass(frozen=True)
class Adjustment:
    kind: str
    note: str
    evidence: Evidence
    volume_factor: float = 1.0
    drop_families: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    mode: str = ""  # hold only: as_planned | repeat_last_week


@dataclass(frozen=True)
class ReassessmentTest:
    id: str
    label: str
    evidence: Evidence


@dataclass(frozen=True)
class DoseBook:
    sources: Mapping[str, str]  # evidence key → citation
    rules: Mapping[str, DoseRule]
    nordic: NordicTable
    running: RunningStages
    high_speed_above_pct: float
    high_speed_evidence: Evidence
    volume_cap_pct: float
    volume_cap_evidence: Evidence
    adjustments: Mapping[str, Adjustment]
    sprint_exposure_pct: float
    sprint_exposure_per_week: int
    sprint_exposure_evidence: Evidence
    team_sessions_before_match: int
    team_sessions_evidence: Evidence
    nordic_maintenance_evidence: Evidence
    reassessment_interval_months: int
    reassessment_horizon_months: int
    reassessment_evidence: Evidence
    reassessment_tests: tuple[ReassessmentTest, ...]
    source_info: Mapping[str, SourceInfo] = field(default_factory=dict)  # study type and grade ceiling

    def is_high_speed(self, pct: float | None) -> bool:
        return pct is not None and pct > self.high_speed_above_pct


# ------------------------------------------------------------------------------------------------
# Parsing


def _reps(r: FieldReader, sets: int) -> tuple[RepRange, ...]:
    def one(item: FieldReader) -> RepRange:
        if isinstance(item.data, str) and "-" in item.data:
            lo_s, _, hi_s = item.data.partition("-")
            try:
                lo, hi = int(lo_s), int(hi_s)
            except ValueError:
                raise item.fail(f"expected a number or a range like 6-8, got {item.data!r}") from None
            if not 1 <= lo <= hi:
                raise item.fail("a range runs from low to high, both at least 1")
            return (lo, hi)
        n = item.integer(1, 1000)
        return (n, n)

    if isinstance(r.data, list):
        reps = tuple(one(i) for i in r.items())
        if len(reps) != sets:
            raise r.fail(f"give one entry per set ({sets} sets, {len(reps)} entries)")
        return reps
    return (one(r),) * sets


_DOSE_KEYS = {
    "sets",
    "reps",
    "work_s",
    "distance_m",
    "tempo",
    "intensity",
    "rest_s",
    "frequency",
    "source",
    "grade",
    "note",
    "evidence_type",
    "derived",
}


def parse_dose(r: FieldReader, sources: Mapping[str, SourceInfo]) -> Dose:
    r.only(_DOSE_KEYS)
    sets = r.req("sets").integer(1, 50)

    def num(key: str) -> float | None:
        c = r.opt(key)
        return c.number(0, 100_000) if c else None

    def txt(key: str) -> str:
        c = r.opt(key)
        return c.text() if c else ""

    return Dose(
        sets=sets,
        reps=_reps(r.req("reps"), sets),
        evidence=read_evidence(r, sources),
        work_s=num("work_s"),
        distance_m=num("distance_m"),
        tempo=txt("tempo"),
        intensity=txt("intensity"),
        rest_s=num("rest_s") or 0.0,
        frequency=txt("frequency"),
    )


def _rule(rule_id: str, r: FieldReader, sources: Mapping[str, SourceInfo], phases: tuple[str, ...]) -> DoseRule:
    by_phase: dict[str, Dose] = {}
    default = None
    staged = table = False
    for key, child in r.entries():
        if key == "default":
            default = parse_dose(child, sources)
        elif key == "staged":
            staged = child.boolean()
        elif key == "table":
            table = child.boolean()
        elif key in phases:
            by_phase[key] = parse_dose(child, sources)
        else:
            raise child.fail(f"{key!r} is not a phase ({', '.join(phases)}), `default`, `staged` or `table`")
    if default is None and set(by_phase) != set(phases):
        raise r.fail("give a `default` or an entry for every phase", "default")
    return DoseRule(rule_id, by_phase, default, staged, table)


def _nordic_week(r: FieldReader, week: int) -> NordicWeek:
    reps_r = r.req("reps")
    if not isinstance(reps_r.data, list) or not reps_r.data:
        raise reps_r.fail("list the reps of each set")
    return NordicWeek(week, r.req("sessions").integer(1, 14), _reps(reps_r, len(reps_r.data)))


def _nordic(r: FieldReader, sources: Mapping[str, SourceInfo]) -> NordicTable:
    r.only({"source", "grade", "note", "evidence_type", "derived", "tempo", "rest_s", "weeks", "maintenance"})
    weeks = []
    for i, w in enumerate(r.req("weeks").items()):
        w.only({"week", "sessions", "reps"})
        n = w.req("week").integer(1, 520)
        if n != i + 1:
            raise w.fail(f"weeks must run 1, 2, 3…; expected {i + 1}", "week")
        weeks.append(_nordic_week(w, n))
    maint = r.req("maintenance")
    maint.only({"sessions", "reps"})
    tempo = r.opt("tempo")
    return NordicTable(
        weeks=tuple(weeks),
        maintenance=_nordic_week(maint, 0),
        evidence=read_evidence(r, sources),
        tempo=tempo.text() if tempo else "",
        rest_s=r.req("rest_s").number(0, 600),
    )


def _adjustments(r: FieldReader, sources: Mapping[str, SourceInfo], exercise_ids: set[str]) -> dict[str, Adjustment]:
    out: dict[str, Adjustment] = {}
    for kind in ("deload", "regress", "hold", "refer"):
        a = r.req(kind)
        a.only(
            {"volume_factor", "drop_families", "keep", "mode", "source", "grade", "note", "evidence_type", "derived"}
        )
        mode_r = a.opt("mode")
        mode = mode_r.text() if mode_r else ""
        if kind == "hold" and mode not in HOLD_MODES:
            raise a.fail(f"hold needs `mode`: one of {', '.join(HOLD_MODES)}", "mode")
        vf = a.opt("volume_factor")
        keep = a.opt("keep").texts() if a.opt("keep") else ()  # type: ignore[union-attr]
        for i, k in enumerate(keep):
            if k not in exercise_ids:
                raise InvalidCatalogue(f"unknown exercise id {k!r}", a.join("keep") + f"[{i}]")
        drops = a.opt("drop_families")
        out[kind] = Adjustment(
            kind=kind,
            note=a.req("note").text(),
            evidence=read_evidence(a, sources),
            volume_factor=vf.number(0.1, 1.0) if vf else 1.0,
            drop_families=drops.texts() if drops else (),
            keep=keep,
            mode=mode,
        )
    return out


def parse_dose_book(data: Any, phases: tuple[str, ...], exercise_ids: set[str]) -> DoseBook:
    """Validate doses.yaml; raise InvalidCatalogue naming the exact field."""
    root = FieldReader(data, "", InvalidCatalogue)
    root.only(
        {
            "sources",
            "high_speed",
            "volume_cap",
            "adjustments",
            "rules",
            "nordic",
            "running",
            "sprint_exposure",
            "team_sessions",
            "maintenance",
        }
    )
    sources = read_sources(root.req("sources"))
    rules = {k: _rule(k, v, sources, phases) for k, v in root.req("rules").entries()}
    hs, cap = root.req("high_speed"), root.req("volume_cap")
    hs.only({"above_pct", "source", "grade", "note", "evidence_type", "derived"})
    cap.only({"weekly_increase_max_pct", "applies_to", "source", "grade", "note", "evidence_type", "derived"})
    se, team = root.req("sprint_exposure"), root.req("team_sessions")
    se.only({"min_pct", "per_week", "source", "grade", "note", "evidence_type", "derived"})
    team.only({"before_match_min", "source", "grade", "note", "evidence_type", "derived"})
    maint = root.req("maintenance")
    maint.only({"nordic_source", "nordic_grade", "nordic_evidence_type", "reassessment"})
    re_r = maint.req("reassessment")
    re_r.only({"interval_months", "horizon_months", "source", "grade", "note", "evidence_type", "derived", "tests"})
    tests = []
    for t in re_r.req("tests").items():
        t.only({"id", "label", "source", "grade", "note", "evidence_type", "derived"})
        tests.append(ReassessmentTest(t.req("id").text(), t.req("label").text(), read_evidence(t, sources)))
    return DoseBook(
        sources={k: v.citation for k, v in sources.items()},
        source_info=sources,
        rules=rules,
        nordic=_nordic(root.req("nordic"), sources),
        running=parse_running_stages(root.req("running"), sources, exercise_ids),
        high_speed_above_pct=hs.req("above_pct").number(0, 100),
        high_speed_evidence=read_evidence(hs, sources),
        volume_cap_pct=cap.req("weekly_increase_max_pct").number(0, 100),
        volume_cap_evidence=read_evidence(cap, sources),
        adjustments=_adjustments(root.req("adjustments"), sources, exercise_ids),
        sprint_exposure_pct=se.req("min_pct").number(0, 110),
        sprint_exposure_per_week=se.req("per_week").integer(0, 14),
        sprint_exposure_evidence=read_evidence(se, sources),
        team_sessions_before_match=team.req("before_match_min").integer(0, 14),
        team_sessions_evidence=read_evidence(team, sources),
        nordic_maintenance_evidence=read_evidence(maint, sources, "nordic_"),
        reassessment_interval_months=re_r.req("interval_months").integer(1, 24),
        reassessment_horizon_months=re_r.req("horizon_months").integer(1, 60),
        reassessment_evidence=read_evidence(re_r, sources),
        reassessment_tests=tuple(tests),
    )
