"""Running stages by % of the athlete's max speed (hickey2020-running) and how a week picks one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sprintback.domain.evidence import SourceInfo
from sprintback.domain.prescription._fields import FieldReader, read_evidence
from sprintback.domain.protocol import Evidence


@dataclass(frozen=True)
class RunningStage:
    stage: int
    pct: float
    exercise: str
    reps: int
    distance_m: float
    rest_s: float
    strides: int
    description: str


@dataclass(frozen=True)
class RunningStages:
    stages: tuple[RunningStage, ...]
    bands: tuple[float, ...]  # upper edges of the hickey2020-running bands
    evidence: Evidence
    volume_evidence: Evidence

    def band_of(self, pct: float) -> int:
        for i, edge in enumerate(self.bands):
            if pct <= edge:
                return i
        return len(self.bands) - 1

    def allowed(self, cap: float) -> tuple[RunningStage, ...]:
        return tuple(s for s in self.stages if s.pct <= cap)

    def stage_for(self, cap: float, weeks_in_phase: int) -> RunningStage | None:
        """The stage for this week: the first stage of the cap's band, one more per week in the phase,
        never above the cap (hickey2020-running)."""
        allowed = self.allowed(cap)
        if not allowed:
            return None
        band = self.band_of(allowed[-1].pct)
        in_band = [s for s in allowed if self.band_of(s.pct) == band]
        return in_band[min(max(0, weeks_in_phase), len(in_band) - 1)]

    def band_below(self, cap: float) -> float:
        """The cap one band lower (regress), 0 when already in the lowest band."""
        allowed = self.allowed(cap)
        if not allowed:
            return 0.0
        band = self.band_of(allowed[-1].pct)
        return self.bands[band - 1] if band > 0 else 0.0


def parse_running_stages(r: FieldReader, sources: Mapping[str, SourceInfo], exercise_ids: set[str]) -> RunningStages:
    r.only(
        {
            "source",
            "grade",
            "note",
            "evidence_type",
            "bands",
            "volume_source",
            "volume_grade",
            "volume_evidence_type",
            "stages",
        }
    )
    bands = tuple(b.number(0, 110) for b in r.req("bands").items())
    if list(bands) != sorted(bands) or not bands:
        raise r.fail("bands must be increasing % of max speed", "bands")
    stages: list[RunningStage] = []
    for i, s in enumerate(r.req("stages").items()):
        s.only({"stage", "pct", "exercise", "reps", "distance_m", "rest_s", "strides", "description"})
        ex = s.req("exercise").text()
        if ex not in exercise_ids:
            raise s.fail(f"unknown exercise id {ex!r}", "exercise")
        pct = s.req("pct").number(0, 110)
        if stages and pct <= stages[-1].pct:
            raise s.fail("stages must rise in % of max speed", "pct")
        if pct > bands[-1]:
            raise s.fail(f"{pct:g}% is above the top band ({bands[-1]:g}%)", "pct")
        stages.append(
            RunningStage(
                stage=s.req("stage").integer(1, 50),
                pct=pct,
                exercise=ex,
                reps=s.req("reps").integer(1, 100),
                distance_m=s.req("distance_m").number(1, 10_000),
                rest_s=s.req("rest_s").number(0, 900),
                strides=s.req("strides").integer(0, 20),
                description=s.req("description").text(),
            )
        )
        if stages[-1].stage != i + 1:
            raise s.fail(f"stages must be numbered 1, 2, 3…; expected {i + 1}", "stage")
    return RunningStages(tuple(stages), bands, read_evidence(r, sources), read_evidence(r, sources, "volume_"))
