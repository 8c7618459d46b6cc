"""One event, one consequence; better data never makes a stricter decision; the engine is a pure function of
(case, protocol, as_of). Hypothesis properties over replays."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

from casebuilder import INJURED, CaseBuilder, day
from engine_strategies import cases, improve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintback.domain.decision import Decision, ReasonStatus
from sprintback.domain.engine import evaluate, evaluate_in_phase, replay
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Case, CheckIn, SessionKind
from sprintback.domain.protocol import DecisionKind
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STRICTNESS = {
    DecisionKind.PROGRESS: 0,
    DecisionKind.CLEAR: 0,
    DecisionKind.HOLD: 1,
    DecisionKind.DELOAD: 2,
    DecisionKind.REGRESS: 3,
    DecisionKind.REFER: 4,
}
nrs = st.integers(0, 10).map(float)


def recovering(last: int) -> CaseBuilder:
    """A 2b sprint-type strain that passes one phase after another, checking in calmly every day."""
    b = CaseBuilder(baselines={"max_speed_m_s": 9.3}).calm_days(0, last)
    for n in range(0, last + 1, 2):
        b.passes_protect(n).passes_loading(n).passes_strength(n).passes_running(n)
    return b


@st.composite
def one_painful_day(draw: st.DrawFn) -> tuple[Case, int, int]:
    last = draw(st.integers(12, 30))
    b = recovering(last)
    n = draw(st.integers(1, last))
    b.checkin(
        n,
        pain_exercise=draw(nrs),
        pain_next_morning=draw(nrs),
        soreness=draw(nrs),
        pain_rest=draw(nrs),
        pain_walking=draw(st.integers(0, 2).map(float)),
    )
    if draw(st.booleans()):
        b.session(n, SessionKind.RUN, 30, rpe=6, pain_during=draw(nrs), top_speed_pct=70)
    return b.build(), last, n


@SETTINGS
@given(one_painful_day())
def test_one_painful_day_causes_at_most_one_step_back(data: tuple[Case, int, int]) -> None:
    case, last, _ = data
    days = replay(case, PROTOCOL, day(last))
    assert sum(d.kind is DecisionKind.REGRESS for d in days) <= 1
    # ... and never more than one phase below where the athlete was the day before it.
    index = [PROTOCOL.phase_index(d.phase) for d in days]
    assert all(b >= a - 1 for a, b in itertools.pairwise(index))


@SETTINGS
@given(one_painful_day(), st.integers(1, 3))
def test_a_step_back_is_re_earned_on_new_days(data: tuple[Case, int, int], gap: int) -> None:
    """After a step back, climbing again needs observations recorded after it: never two phases in two days on
    the tests from before the step back."""
    case, last, n = data
    b_case = replace(case, checkins=(*case.checkins, CheckIn(day(n) + timedelta(days=gap), pain_exercise=8)))
    days = replay(b_case.validate(), PROTOCOL, day(last) + timedelta(days=3))
    for k, d in enumerate(days):
        if d.kind is DecisionKind.REGRESS:
            after = days[k + 1 : k + 3]
            ups = [x for x in after if x.kind in (DecisionKind.PROGRESS, DecisionKind.CLEAR)]
            assert len(ups) <= 1, [(x.as_of, x.kind) for x in after]


def _fresh_trigger_days(days: list[Decision], case: Case) -> None:
    """Each fired pain rule rests on an observation no earlier firing of that rule used."""
    by_field = {"soreness": "soreness", "pain_next_morning_settled": "pain_next_morning"}
    last_fired: dict[str, date] = {}
    ex_days = {o.date for o in case.observations(days[-1].as_of) if o.kind == "pain_exercise"}
    for d in days:
        for r in d.reasons:
            if r.status is not ReasonStatus.TRIGGERED or r.kind != "pain_rule":
                continue
            before = last_fired.get(r.id, date.min)
            if r.id in by_field:
                field = by_field[r.id]
                fresh = [c for c in case.checkins if before < c.date <= d.as_of and getattr(c, field) is not None]
            elif r.id.startswith("pain_exercise"):
                fresh = [x for x in ex_days if before < x <= d.as_of]
            else:
                continue
            assert fresh, f"{r.id} fired again on {d.as_of} on data from {before} or earlier"
            last_fired[r.id] = d.as_of


@SETTINGS
@given(cases())
def test_an_observation_that_fired_a_rule_never_fires_it_again(data: tuple[Case, int, str]) -> None:
    case, last, _ = data
    _fresh_trigger_days(replay(case, PROTOCOL, day(last)), case)


@SETTINGS
@given(one_painful_day())
def test_the_painful_day_fires_each_rule_once(data: tuple[Case, int, int]) -> None:
    case, last, _ = data
    _fresh_trigger_days(replay(case, PROTOCOL, day(last)), case)


@SETTINGS
@given(cases(), st.data())
def test_improving_the_latest_test_never_makes_the_decision_stricter(
    data: tuple[Case, int, str], pick: st.DataObject
) -> None:
    case, last, phase = data
    latest: dict[tuple[str, object], int] = {}
    for i, m in enumerate(case.measurements):
        if MEASURES[m.kind].bilateral and m.side is not INJURED:
            continue  # a stronger *uninjured* leg lowers the symmetry: not an improvement of the injury
        key = (m.kind, m.side)
        if key not in latest or case.measurements[latest[key]].date <= m.date:
            latest[key] = i
    if not latest:
        return
    i = pick.draw(st.sampled_from(sorted(latest.values())))
    ms = list(case.measurements)
    better = improve(ms[i])
    if MEASURES[better.kind].bilateral:
        # Between-leg imbalance is symmetric: an injured leg far stronger than the other is an imbalance too,
        # so "better" means closer to the uninjured leg, never past it.
        other = [m.value for m in ms if m.kind == better.kind and m.side is not INJURED and m.date == better.date]
        if other and MEASURES[better.kind].higher_is_better:
            better = replace(better, value=max(ms[i].value, min(better.value, max(other))))
    ms[i] = better
    before = evaluate_in_phase(case, PROTOCOL, day(last), phase)
    after = evaluate_in_phase(replace(case, measurements=tuple(ms)), PROTOCOL, day(last), phase)
    assert STRICTNESS[after.kind] <= STRICTNESS[before.kind], (ms[i], before.kind, after.kind)


@SETTINGS
@given(cases(), st.integers(1, 3))
def test_lower_symptoms_today_never_make_the_decision_stricter(data: tuple[Case, int, str], drop: int) -> None:
    case, last, phase = data

    def calmer(c: CheckIn) -> CheckIn:
        if c.date != day(last):
            return c
        lower = {f: max(0.0, v - drop) for f in CheckIn.MEASURE_FIELDS if (v := getattr(c, f)) is not None}
        return replace(c, **lower, sleep_hours=c.sleep_hours, night_pain=False)

    before = evaluate_in_phase(case, PROTOCOL, day(last), phase)
    after = evaluate_in_phase(replace(case, checkins=tuple(map(calmer, case.checkins))), PROTOCOL, day(last), phase)
    assert STRICTNESS[after.kind] <= STRICTNESS[before.kind], (before.kind, after.kind)


@SETTINGS
@given(cases())
def test_every_day_of_a_replay_is_the_decision_of_that_day_alone(data: tuple[Case, int, str]) -> None:
    """A pure function of (case, protocol, as_of): what is recorded after a day never changes that day."""
    case, last, _ = data
    days = replay(case, PROTOCOL, day(last))
    for k in sorted({0, len(days) // 2, len(days) - 1}):
        assert evaluate(case, PROTOCOL, days[k].as_of) == days[k]
