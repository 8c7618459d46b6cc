"""Properties of the engine that must hold for every case (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from casebuilder import INJURED, OTHER, CaseBuilder, day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintback.domain.decision import Decision, ReasonStatus
from sprintback.domain.engine import evaluate, evaluate_in_phase, replay
from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import Case, CheckIn, Measurement
from sprintback.domain.protocol import DecisionKind
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
PHASES = [p.id for p in PROTOCOL.phases]
KINDS = [k for k in MEASURES if k not in ("team_sessions_full", "run_pain_free_pct", "session_rpe")]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


def gate_reasons_all_met(d: Decision) -> bool:
    return all(r.met for r in d.reasons if r.kind in ("criterion", "history", "min_days", "pain_rule"))


@SETTINGS
@given(cases())
def test_never_progress_or_clear_with_an_unmet_criterion_or_a_broken_pain_rule(data: tuple[Case, int, str]) -> None:
    case, last, phase = data
    d = evaluate_in_phase(case, PROTOCOL, day(last), phase)
    if d.kind in (DecisionKind.PROGRESS, DecisionKind.CLEAR):
        assert gate_reasons_all_met(d)
        assert not any(r.status is ReasonStatus.TRIGGERED for r in d.reasons)
    if any(r.status is ReasonStatus.NOT_MEASURED and r.kind != "red_flag" for r in d.reasons):
        assert d.kind not in (DecisionKind.PROGRESS, DecisionKind.CLEAR)


@SETTINGS
@given(cases())
def test_every_day_of_a_replay_obeys_the_gate(data: tuple[Case, int, str]) -> None:
    case, last, _ = data
    for d in replay(case, PROTOCOL, day(last)):
        if d.kind in (DecisionKind.PROGRESS, DecisionKind.CLEAR):
            assert gate_reasons_all_met(d), d.as_of


def improve(m: Measurement) -> Measurement:
    kind = MEASURES[m.kind]
    if kind.direction is Direction.HIGHER:
        return replace(m, value=min(kind.maximum, m.value + max(1.0, 0.1 * (kind.maximum - kind.minimum))))
    if kind.direction is Direction.LOWER:
        return replace(m, value=max(kind.minimum, m.value - 1), pain=None if m.pain is None else max(0.0, m.pain - 1))
    assert kind.target is not None
    return replace(m, value=(m.value + kind.target) / 2)


@SETTINGS
@given(cases(), st.data())
def test_improving_one_measure_never_turns_a_progress_into_a_regress(
    data: tuple[Case, int, str], pick: st.DataObject
) -> None:
    case, last, phase = data
    before = evaluate_in_phase(case, PROTOCOL, day(last), phase)
    if not case.measurements:
        return
    i = pick.draw(st.integers(0, len(case.measurements) - 1))
    ms = list(case.measurements)
    ms[i] = improve(ms[i])
    after = evaluate_in_phase(replace(case, measurements=tuple(ms)), PROTOCOL, day(last), phase)
    if before.kind in (DecisionKind.PROGRESS, DecisionKind.CLEAR):
        assert after.kind is not DecisionKind.REGRESS


@SETTINGS
@given(cases())
def test_improving_todays_pain_never_turns_a_progress_into_a_regress(data: tuple[Case, int, str]) -> None:
    case, last, phase = data
    before = evaluate_in_phase(case, PROTOCOL, day(last), phase)
    calmer = tuple(
        replace(c, pain_exercise=None if c.pain_exercise is None else max(0.0, c.pain_exercise - 2))
        for c in case.checkins
    )
    after = evaluate_in_phase(replace(case, checkins=calmer), PROTOCOL, day(last), phase)
    if before.kind is DecisionKind.PROGRESS:
        assert after.kind is not DecisionKind.REGRESS


@SETTINGS
@given(cases())
def test_same_input_same_output(data: tuple[Case, int, str]) -> None:
    case, last, _ = data
    first = evaluate(case, PROTOCOL, day(last))
    assert evaluate(case, PROTOCOL, day(last)) == first
    assert evaluate(case, PROTOCOL, day(last)).to_dict() == first.to_dict()
    # Replaying and evaluating agree on every day.
    days = replay(case, PROTOCOL, day(last))
    assert days[-1] == first
    assert [d.as_of for d in days] == [case.injury.date + timedelta(days=k) for k in range(len(days))]


@SETTINGS
@given(cases())
def test_a_decision_never_looks_into_the_future(data: tuple[Case, int, str]) -> None:
    case, last, _ = data
    earlier = day(last) - timedelta(days=3)
    if earlier < case.injury.date:
        return
    future_free = replace(
        case,
        measurements=tuple(m for m in case.measurements if m.date <= earlier),
        checkins=tuple(c for c in case.checkins if c.date <= earlier),
        sessions=tuple(s for s in case.sessions if s.date <= earlier),
    )
    assert evaluate(case, PROTOCOL, earlier) == evaluate(future_free, PROTOCOL, earlier)
