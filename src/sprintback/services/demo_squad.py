"""The demo squad: two teams, twelve athletes at different phases, with dated, real-looking histories.

Deterministic: the same `today` always gives the same squad (fixed seeds; every date is relative to
`today`, which the face passes in). The figures only imitate clinical courses — recovery spans per
BAMIC grade are in the range pollock2022 reports (e.g. 2c 34 days, 3c 48 days) — so that the engine
places the athletes in different phases; they are not evidence of anything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
    Measurement,
    Mechanism,
    SessionKind,
    SessionLog,
    Side,
)
from sprintback.services import accounts
from sprintback.services.access import CLI_OPERATOR
from sprintback.store.uow import Store, UnitOfWork

DEMO_PASSWORD = "sprintback-demo-squad"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    teams: tuple[str, ...] = ()
    athlete_id: str | None = None
    display_name: str = ""


@dataclass(frozen=True)
class _Plan:
    id: str
    name: str
    team: str
    sport: str
    position: str
    days_ago: int
    grade: str
    mechanism: Mechanism
    side: Side
    recovery_days: int  # span over which this athlete's values normalise
    previous_hsi: int = 0
    red_flag: bool = False  # pain rising again with night pain in the last days
    cleared_days_ago: int | None = None


TEAMS = (("harbour-fc", "Harbour FC"), ("city-athletics", "City Athletics"))

DEMO_SQUAD = (
    _Plan("sam-rivera", "Sam Rivera", "harbour-fc", "football", "winger", 4, "2b", Mechanism.SPRINT, Side.LEFT, 26),
    _Plan("jonas-berg", "Jonas Berg", "harbour-fc", "football", "striker", 9, "1a", Mechanism.SPRINT, Side.RIGHT, 14),
    _Plan("ali-haddad", "Ali Haddad", "harbour-fc", "football", "full-back", 15, "2a", Mechanism.SPRINT, Side.LEFT, 20),
    _Plan("lucas-moreau", "Lucas Moreau", "harbour-fc", "football", "midfielder", 21, "2b", Mechanism.STRETCH,
          Side.RIGHT, 30, previous_hsi=1),
    _Plan("kofi-mensah", "Kofi Mensah", "harbour-fc", "football", "winger", 28, "2b", Mechanism.SPRINT, Side.RIGHT, 34),
    _Plan("dan-okafor", "Dan Okafor", "harbour-fc", "football", "centre-back", 12, "2c", Mechanism.SPRINT, Side.LEFT,
          34, red_flag=True),
    _Plan("mia-tanaka", "Mia Tanaka", "city-athletics", "athletics", "100 m", 6, "1b", Mechanism.SPRINT, Side.LEFT, 16),
    _Plan("ella-novak", "Ella Novak", "city-athletics", "athletics", "200 m", 18, "2b", Mechanism.SPRINT,
          Side.RIGHT, 26),
    _Plan("sara-lind", "Sara Lind", "city-athletics", "athletics", "long jump", 25, "3b", Mechanism.SPRINT, Side.LEFT,
          36, previous_hsi=2),
    _Plan("noah-fischer", "Noah Fischer", "city-athletics", "athletics", "hurdles", 36, "2c", Mechanism.SPRINT,
          Side.RIGHT, 34),
    _Plan("zoe-adams", "Zoe Adams", "city-athletics", "athletics", "400 m", 44, "3b", Mechanism.SPRINT, Side.LEFT, 56),
    _Plan("ivan-petrov", "Ivan Petrov", "city-athletics", "athletics", "triple jump", 75, "2b", Mechanism.STRETCH,
          Side.RIGHT, 32, cleared_days_ago=30),
)  # fmt: skip

USERS = (
    DemoUser("admin", "admin", display_name="Demo administrator"),
    DemoUser("maria", "clinician", ("harbour-fc",), display_name="Maria Costa (physio, Harbour FC)"),
    DemoUser("lena", "clinician", ("city-athletics",), display_name="Lena Vogel (physio, City Athletics)"),
    DemoUser("coach", "coach", ("harbour-fc",), display_name="Harbour FC head coach"),
    DemoUser("sam", "athlete", athlete_id="sam-rivera", display_name="Sam Rivera"),
)


def _clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def build_case(plan: _Plan, today: date, seed: int) -> Case:
    """One athlete's history up to `today`, validated like a case file."""
    rnd = random.Random(seed)
    start = today - timedelta(days=plan.days_ago)
    vmax = round(rnd.uniform(8.6, 9.8), 2)
    strength = rnd.uniform(260, 340)
    nordic = rnd.uniform(330, 420)
    ake = rnd.uniform(72, 84)
    baselines = {"max_speed_m_s": vmax, f"nordic_force_n.{plan.side.value}": round(nordic)}
    athlete = Athlete(plan.id, plan.name, plan.sport, plan.position, baselines)
    injury = Injury(
        start, plan.side, BamicGrade.parse(plan.grade), plan.mechanism, previous_hsi=plan.previous_hsi,
        recent_hsi=plan.previous_hsi > 0, notes=_NOTES[plan.mechanism],
    )  # fmt: skip
    checkins: list[CheckIn] = []
    measurements: list[Measurement] = []
    sessions: list[SessionLog] = []
    other = plan.side.other
    for d in range(plan.days_ago + 1):
        day = start + timedelta(days=d)
        r = _clamp(d / plan.recovery_days, 0, 1)
        flare = plan.red_flag and d >= plan.days_ago - 3
        if rnd.random() > 0.1 or d == plan.days_ago:  # most days have a check-in
            checkins.append(_checkin(rnd, day, r, flare, d, plan.days_ago))
        if d % 3 == 1 or d == plan.days_ago:
            measurements += _assessment(rnd, day, r, plan.side, other, strength, nordic, ake, vmax)
        if d >= 1 and rnd.random() > 0.25:
            sessions += _sessions(rnd, day, r, vmax, flare)
    return Case(athlete, injury, tuple(measurements), tuple(checkins), tuple(sessions)).validate()


def _checkin(rnd: random.Random, day: date, r: float, flare: bool, d: int, last: int) -> CheckIn:
    noise = rnd.choice((0, 0, 0, 1))
    walking = _clamp(round(5 * (1 - r / 0.3)) + (noise if r < 0.3 else 0), 0, 10)
    rest = _clamp(round(3 * (1 - r / 0.2)), 0, 10)
    exercise = _clamp(round(4 * (1 - r / 0.6)) + noise, 0, 10)
    if flare:  # pain climbing again over the last days, with night pain: a red flag
        rise = 3 + (d - (last - 3))
        walking, rest, exercise = rise, rise - 1, rise + 1
    return CheckIn(
        date=day, pain_rest=rest, pain_walking=walking, pain_exercise=exercise,
        pain_next_morning=_clamp(exercise - 1, 0, 10), soreness=_clamp(round(3 * (1 - r)) + noise, 0, 10),
        sleep_hours=round(rnd.uniform(6.5, 8.5), 1), night_pain=flare,
    )  # fmt: skip


def _assessment(
    rnd: random.Random, day: date, r: float, side: Side, other: Side, strength: float, nordic: float, ake: float,
    vmax: float,
) -> list[Measurement]:  # fmt: skip
    test_pain = _clamp(round(3 * (1 - r / 0.4)), 0, 10)
    ratio = _clamp(0.55 + 0.47 * r + rnd.uniform(-0.03, 0.03), 0.3, 1.02)
    out = [
        Measurement(day, "iso_90_90_n", round(strength * ratio), side, test_pain),
        Measurement(day, "iso_90_90_n", round(strength * rnd.uniform(0.98, 1.02)), other, 0),
        Measurement(day, "ake_deg", round(ake - 25 * (1 - r) + rnd.uniform(-2, 2)), side),
        Measurement(day, "ake_deg", round(ake + rnd.uniform(-2, 2)), other),
        Measurement(day, "palpation_pain", _clamp(round(5 * (1 - r / 0.8)), 0, 10)),
    ]
    if r < 0.6:
        out.append(Measurement(day, "pain_slow_jog", _clamp(round(4 * (1 - r / 0.25)), 0, 10)))
    if r >= 0.35:
        nr = _clamp(0.6 + 0.45 * r, 0.3, 1.03)
        out += [
            Measurement(day, "nordic_force_n", round(nordic * nr), side),
            Measurement(day, "nordic_force_n", round(nordic * rnd.uniform(0.98, 1.03)), other),
            Measurement(day, "single_leg_hop_cm", round(150 * _clamp(0.6 + 0.42 * r, 0, 1.02)), side),
            Measurement(day, "single_leg_hop_cm", round(150 * rnd.uniform(0.98, 1.02)), other),
            Measurement(day, "iso_0_15_n", round(strength * 0.8 * ratio), side, test_pain),
            Measurement(day, "iso_0_15_n", round(strength * 0.8), other, 0),
            Measurement(day, "pslr_deg", round(85 - 20 * (1 - r)), side),
            Measurement(day, "pslr_deg", 85, other),
        ]
    if r >= 0.5:
        out.append(Measurement(day, "h_test_insecurity", _clamp(round(60 * (1 - r) / 0.5 - 20), 0, 100)))
    if r >= 0.7:  # planned cutting from the running phase (aspetar2015: painless before team training)
        out.append(Measurement(day, "pain_change_of_direction", 0 if r >= 0.75 else 1))
    if r >= 0.75:
        out.append(Measurement(day, "pain_max_sprint", 0 if r >= 0.85 else 2))
    if r >= 0.9:
        out.append(Measurement(day, "athlete_ready", 1))
    return out


def _sessions(rnd: random.Random, day: date, r: float, vmax: float, flare: bool) -> list[SessionLog]:
    out = [SessionLog(day, SessionKind.REHAB, rnd.choice((30, 40, 45)), rpe=round(3 + 3 * r), pain_during=0)]
    if flare:
        return out
    if 0.15 <= r < 0.75:
        pct = round(_clamp(35 + 70 * r, 0, 95))
        out.append(SessionLog(day, SessionKind.RUN, 25, rpe=round(3 + 4 * r), pain_during=0, top_speed_pct=pct))
    elif r >= 0.75:
        speed = round(vmax * _clamp(0.86 + 0.16 * r, 0, 1.0), 2)
        out.append(
            SessionLog(day, SessionKind.SPRINT, 30, rpe=7, pain_during=0, top_speed_pct=round(100 * speed / vmax),
                       top_speed_m_s=speed)
        )  # fmt: skip
        # Graded return to team training (aspetar2015): light, then in-between with a sport-specific
        # session under fatigue (zambaldi2017), then full sessions.
        if 0.85 <= r < 0.9:
            out.append(SessionLog(day, SessionKind.TEAM_LIGHT, 60, rpe=4, pain_during=0))
        elif 0.9 <= r < 0.95:
            out.append(SessionLog(day, SessionKind.TEAM_MODERATE, 70, rpe=6, pain_during=0))
            out.append(SessionLog(day, SessionKind.SPORT_SPECIFIC, 45, rpe=8, pain_during=0, top_speed_pct=95))
        elif r >= 0.95:
            out.append(SessionLog(day, SessionKind.TEAM, 75, rpe=6, pain_during=0))
    return out


_NOTES = {
    Mechanism.SPRINT: "Sharp pain in the posterior thigh during high-speed running; stopped at once.",
    Mechanism.STRETCH: "Felt a pull at extreme hip flexion with extended knee (slide tackle / split).",
    Mechanism.OTHER: "",
}


def seed_demo(store: Store, today: date, now: datetime) -> tuple[DemoUser, ...]:
    """Create the demo teams, athletes with their histories, and demo accounts (all or nothing per step)."""
    cases = [(p, build_case(p, today, seed=1000 + i)) for i, p in enumerate(DEMO_SQUAD)]

    def _write(uow: UnitOfWork) -> None:
        for team_id, name in TEAMS:
            uow.accounts.add_team(team_id, name)
        for plan, case in cases:
            uow.records.add_athlete(case.athlete, plan.team, None, now)
            uow.records.add_injury(plan.id, case.injury, "maria" if plan.team == "harbour-fc" else "lena", now)
            by = "maria" if plan.team == "harbour-fc" else "lena"
            for m in case.measurements:
                uow.records.add_measurement(plan.id, m, by, now)
            for c in case.checkins:
                uow.records.add_checkin(plan.id, c, plan.id, now, supersedes_id=None)
            for s in case.sessions:
                uow.records.add_session(plan.id, s, plan.id, now)
            if plan.cleared_days_ago is not None:
                cleared = today - timedelta(days=plan.cleared_days_ago)
                uow.records.add_clearance(plan.id, cleared, "clear", "", "Cleared after criteria met.", by, now)
            uow.telemetry.add_alias(f"{plan.id}-gps", plan.id)

    store.run(_write)
    for u in USERS:
        accounts.create_user(
            store, CLI_OPERATOR, u.username, DEMO_PASSWORD, u.role, now, u.display_name, u.athlete_id, list(u.teams)
        )
    return USERS
