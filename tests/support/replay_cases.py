"""Hypothesis strategies for cases that move through the phases (and sometimes back): what a stored replay
must reproduce day for day."""

from __future__ import annotations

from dataclasses import replace

from casebuilder import INJURED, OTHER, CaseBuilder, day
from hypothesis import strategies as st

from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Case, CheckIn, Measurement, Mechanism

nrs = st.integers(0, 10).map(float)
KINDS = [k for k in MEASURES if k not in ("team_sessions_full", "run_pain_free_pct", "session_rpe")]
PHASE_GATES = ("passes_protect", "passes_loading", "passes_strength", "passes_running", "passes_sport")


@st.composite
def noisy_checkin(draw: st.DrawFn, n: int) -> CheckIn:
    return CheckIn(
        day(n),
        pain_rest=draw(st.none() | nrs),
        pain_walking=draw(st.none() | nrs),
        pain_exercise=draw(st.none() | nrs),
        pain_next_morning=draw(st.none() | nrs),
        soreness=draw(st.none() | nrs),
        night_pain=draw(st.integers(0, 20)) == 0,  # rare, as in life
    )


@st.composite
def noisy_measurement(draw: st.DrawFn, last_day: int) -> Measurement:
    kind = MEASURES[draw(st.sampled_from(KINDS))]
    value = float(draw(st.integers(int(kind.minimum), int(kind.maximum))))
    side = draw(st.sampled_from([INJURED, OTHER])) if kind.bilateral else None
    return Measurement(day(draw(st.integers(0, last_day))), kind.key, value, side, draw(st.none() | nrs))


@st.composite
def progressing_cases(draw: st.DrawFn, max_days: int = 60) -> tuple[Case, int]:
    """A case whose phase gates are passed on rising days (so the replay changes phase), with noisy check-ins
    and measurements on top (so it deloads, regresses and refers too); and its last day."""
    last = draw(st.integers(4, max_days))
    b = CaseBuilder(
        grade=draw(st.sampled_from(["1a", "2b", "2c", "3b", "3c"])),
        mechanism=draw(st.sampled_from(list(Mechanism))),
        previous_hsi=draw(st.integers(0, 2)),
        baselines={"max_speed_m_s": 9.3},
    )
    if draw(st.booleans()):
        b.calm_days(0, last)
    gate_days = sorted(draw(st.lists(st.integers(4, last), max_size=len(PHASE_GATES))))
    for gate, n in zip(PHASE_GATES, gate_days, strict=False):
        getattr(b, gate)(n)
    case = b.build()
    by_day = {c.date: c for c in case.checkins}
    for n in draw(st.sets(st.integers(0, last), max_size=max(3, last // 4))):
        by_day[day(n)] = draw(noisy_checkin(n))
    noise = draw(st.lists(noisy_measurement(last), max_size=12))
    case = replace(
        case,
        checkins=tuple(sorted(by_day.values(), key=lambda c: c.date)),
        measurements=case.measurements + tuple(noise),
    )
    return case.validate(), last
