"""Build cases for tests in the clinic's words: `CaseBuilder(grade="2b").walk_pain(day=3, nrs=4)`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

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

INJURY_DAY = date(2026, 3, 2)
INJURED = Side.LEFT
OTHER = Side.RIGHT


def day(n: int) -> date:
    return INJURY_DAY + timedelta(days=n)


class CaseBuilder:
    def __init__(
        self,
        grade: str = "2b",
        mechanism: Mechanism = Mechanism.SPRINT,
        previous_hsi: int = 0,
        pain_mode: PainMode | None = None,
        baselines: dict[str, float] | None = None,
    ) -> None:
        self.athlete = Athlete("a1", "Test Athlete", "football", baselines=baselines or {})
        self.injury = Injury(INJURY_DAY, INJURED, BamicGrade.parse(grade), mechanism, previous_hsi=previous_hsi)
        self.pain_mode = pain_mode
        self.measurements: list[Measurement] = []
        self.checkins: dict[date, CheckIn] = {}
        self.sessions: list[SessionLog] = []

    # -- generic ------------------------------------------------------------------------------
    def measure(
        self, n: int, kind: str, value: float, side: Side | None = None, pain: float | None = None
    ) -> CaseBuilder:
        self.measurements.append(Measurement(day(n), kind, value, side, pain))
        return self

    def pair(self, n: int, kind: str, injured: float, other: float, pain: float | None = None) -> CaseBuilder:
        self.measure(n, kind, injured, INJURED, pain)
        return self.measure(n, kind, other, OTHER, None if pain is None else 0)

    def checkin(self, n: int, **fields: float | bool) -> CheckIn:
        current = self.checkins.get(day(n), CheckIn(day(n)))
        self.checkins[day(n)] = replace(current, **fields)  # type: ignore[arg-type]
        return self.checkins[day(n)]

    def calm_days(self, first: int, last: int) -> CaseBuilder:
        """Daily check-ins with no pain at all: nothing for the pain rules to object to."""
        for n in range(first, last + 1):
            self.checkin(n, pain_rest=0, pain_walking=0, pain_next_morning=0, soreness=1)
        return self

    def session(self, n: int, kind: SessionKind, minutes: float = 30, **fields: float | bool) -> CaseBuilder:
        self.sessions.append(SessionLog(day(n), kind, minutes, **fields))  # type: ignore[arg-type]
        return self

    def run(self, n: int, pct: float, pain: float = 0) -> CaseBuilder:
        return self.session(n, SessionKind.RUN, 30, rpe=5, pain_during=pain, top_speed_pct=pct)

    # -- phase-passing data (evidence-based gates of the default protocol) ---------------------
    def passes_protect(self, n: int) -> CaseBuilder:
        self.checkin(n, pain_walking=0)
        self.measure(n, "pain_slow_jog", 0)
        return self.pair(n, "iso_90_90_n", 200, 300, pain=0)

    def passes_loading(self, n: int) -> CaseBuilder:
        self.pair(n, "iso_90_90_n", 260, 300, pain=0)
        return self.run(n, 50)

    def passes_strength(self, n: int) -> CaseBuilder:
        self.pair(n, "iso_90_90_n", 280, 300, pain=0)
        self.pair(n, "iso_0_15_n", 190, 205, pain=0)  # outer range, pain-free, before the >= 90% stages
        self.pair(n, "ake_deg", 70, 75)
        return self.run(n, 70)

    def passes_running(self, n: int) -> CaseBuilder:
        self.run(n, 90)
        self.measure(n, "pain_change_of_direction", 0)
        self.measure(n, "h_test_insecurity", 0)
        self.pair(n, "nordic_force_n", 330, 350)
        return self.pair(n, "single_leg_hop_cm", 160, 170)

    def passes_sport(self, n: int) -> CaseBuilder:
        """Every return-to-sport criterion, tested over days n-3..n."""
        for k in range(n - 3, n + 1):  # 4 maximal test days, both angles, pain-free
            self.pair(k, "iso_90_90_n", 285, 300, pain=0)
            self.pair(k, "iso_0_15_n", 200, 210, pain=0)
        self.session(n - 3, SessionKind.TEAM_LIGHT, 60, rpe=4, pain_during=0)
        self.session(n - 3, SessionKind.SPORT_SPECIFIC, 45, rpe=8, pain_during=0, top_speed_pct=96)
        self.session(n - 2, SessionKind.TEAM_MODERATE, 70, rpe=6, pain_during=0)
        self.session(n - 2, SessionKind.SPRINT, 40, rpe=7, pain_during=0, top_speed_pct=97, top_speed_m_s=9.1)
        self.session(n - 2, SessionKind.TEAM, 80, rpe=7, pain_during=0)
        self.session(n - 1, SessionKind.TEAM, 80, rpe=7, pain_during=0)
        self.measure(n, "pain_change_of_direction", 0)
        self.pair(n, "single_leg_hop_cm", 162, 170)
        self.pair(n, "ake_deg", 72, 75)
        self.pair(n, "pslr_deg", 85, 88)
        self.pair(n, "nordic_force_n", 340, 350)
        for kind in ("palpation_pain", "h_test_insecurity", "pain_max_sprint"):
            self.measure(n, kind, 0)
        return self.measure(n, "athlete_ready", 1)

    def build(self) -> Case:
        return Case(
            self.athlete,
            self.injury,
            tuple(self.measurements),
            tuple(sorted(self.checkins.values(), key=lambda c: c.date)),
            tuple(self.sessions),
            self.pain_mode,
        ).validate()
