"""Hypothesis strategies for engine properties: cases that often pass a phase's gate, with random noise."""

from __future__ import annotations

from dataclasses import replace

from casebuilder import INJURED, OTHER, CaseBuilder, day
from hypothesis import strategies as st

from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import Case, CheckIn, Measurement
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
PHASES = [p.id for p in PROTOCOL.phases]
KINDS = [k for k in MEASURES if k not in ("team_sessions_full", "run_pain_free_pct", "session_rpe")]

nrs = st.integers(0, 10).map(float)


@st.composite
def checkins(draw: st.DrawFn, last_day: int) -> list[CheckIn]:
    out = []
    for n in sorted(draw(st.sets(st.integers(0, last_day), max_size=last_day + 1))):
        out.append(
            CheckIn(
                day(n),
                pain_rest=draw(st.none() | nrs),
                pain_walking=draw(st.none() | nrs),
                pain_exercise=draw(st.none() | nrs),
                pain_next_morning=draw(st.none() | nrs),
                soreness=draw(st.none() | nrs),
                night_pain=draw(st.integers(0, 20)) == 0,  # rare, as in life
            )
        )
    return out


@st.composite
def measurements(draw: st.DrawFn, last_day: int) -> list[Measurement]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        kind = MEASURES[draw(st.sampled_from(KINDS))]
        n = draw(st.integers(0, last_day))
        value = float(draw(st.integers(int(kind.minimum), int(kind.maximum))))
        pain = draw(st.none() | nrs)
        side = draw(st.sampled_from([INJURED, OTHER])) if kind.bilateral else None
        out.append(Measurement(day(n), kind.key, value, side, pain))
    return out


PASSES = {
    "protect": lambda b, n: b.passes_protect(n),
    "loading": lambda b, n: b.passes_loading(n),
    "strength": lambda b, n: b.passes_strength(n),
    "running": lambda b, n: b.passes_running(n),
    "sport": lambda b, n: b.passes_sport(n),
}


@st.composite
def cases(draw: st.DrawFn) -> tuple[Case, int, str]:
    """A case that often passes its phase's gate, with random noise on top."""
    last = draw(st.integers(6, 40))
    phase = draw(st.sampled_from(PHASES[:-1]))
    b = CaseBuilder(
        grade=draw(st.sampled_from(["1a", "2b", "2c", "3b", "3c"])),
        previous_hsi=draw(st.integers(0, 2)),
        baselines={"max_speed_m_s": 9.3},
    )
    if draw(st.booleans()):
        b.calm_days(0, last)
    PASSES[phase](b, last)
    case = b.build()
    noise_c = draw(checkins(last))
    noise_m = draw(measurements(last))
    by_day = {c.date: c for c in case.checkins}
    by_day.update({c.date: c for c in noise_c})
    case = replace(
        case,
        checkins=tuple(sorted(by_day.values(), key=lambda c: c.date)),
        measurements=case.measurements + tuple(noise_m),
    )
    return case.validate(), last, phase


def improve(m: Measurement) -> Measurement:
    kind = MEASURES[m.kind]
    if kind.direction is Direction.HIGHER:
        return replace(m, value=min(kind.maximum, m.value + max(1.0, 0.1 * (kind.maximum - kind.minimum))))
    if kind.direction is Direction.LOWER:
        return replace(m, value=max(kind.minimum, m.value - 1), pain=None if m.pain is None else max(0.0, m.pain - 1))
    assert kind.target is not None
    return replace(m, value=(m.value + kind.target) / 2)
