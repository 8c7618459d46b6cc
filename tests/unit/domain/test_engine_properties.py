"""Properties of the engine that must hold for every case (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from casebuilder import day
from engine_strategies import cases, improve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintback.domain.decision import Decision, ReasonStatus
from sprintback.domain.engine import evaluate, evaluate_in_phase, replay
from sprintback.domain.models import Case
from sprintback.domain.protocol import DecisionKind
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
