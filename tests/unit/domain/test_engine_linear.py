"""The indexed engine (linear in days) decides every day exactly as the plain full-scan reference does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from casebuilder import INJURED, CaseBuilder, day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plain_engine import PlainObservationIndex, plain_pain_rising

from sprintback.domain import engine, rules
from sprintback.domain.engine import replay
from sprintback.domain.models import Case, SessionKind
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
nrs = st.integers(0, 10).map(float)


@st.composite
def busy_cases(draw: st.DrawFn) -> tuple[Case, int]:
    """Daily symptoms that rise and fall, repeated maximal tests with and without pain, team sessions."""
    last = draw(st.integers(10, 60))
    b = CaseBuilder(grade=draw(st.sampled_from(["1a", "2b", "2c", "3c"])), baselines={"max_speed_m_s": 9.3})
    for n in range(last + 1):
        if draw(st.integers(0, 5)):
            b.checkin(n, pain_rest=draw(nrs), pain_walking=draw(nrs), pain_exercise=draw(nrs), soreness=draw(nrs))
        if draw(st.booleans()):
            b.pair(n, "iso_90_90_n", draw(st.integers(150, 320)), 300, pain=draw(st.sampled_from([0.0, 0.0, 2.0])))
        if draw(st.integers(0, 3)) == 0:
            b.session(n, SessionKind.TEAM, 60, rpe=6, pain_during=draw(nrs), completed=draw(st.booleans()))
        if draw(st.booleans()):
            b.run(n, draw(st.sampled_from([50.0, 70.0, 90.0, 97.0])), pain=draw(st.sampled_from([0.0, 3.0, 5.0])))
    b.passes_protect(draw(st.integers(0, last)))
    b.passes_sport(draw(st.integers(4, last)))
    return b.build(), last


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(busy_cases())
def test_the_indexed_replay_equals_the_full_scan_reference(data: tuple[Case, int]) -> None:
    case, last = data
    fast = replay(case, PROTOCOL, day(last))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "ObservationIndex", PlainObservationIndex)
        mp.setattr(rules, "_pain_rising", plain_pain_rising)
        plain = replay(case, PROTOCOL, day(last))
    assert fast == plain
    assert [d.as_of for d in fast] == [case.injury.date + timedelta(days=k) for k in range(last + 1)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from([None, 0.0, 1.0, 3.0, 6.0])), max_size=40),
    st.integers(0, 32),
    st.integers(0, 32),
)
def test_counts_and_runs_from_the_prefix_tables_equal_a_scan(
    tests: list[tuple[int, float | None]], since: int, as_of: int
) -> None:
    from sprintback.domain.criteria import ObservationIndex
    from sprintback.domain.models import Observation

    obs = [Observation(day(n), "iso_90_90_n", 250, INJURED, pain) for n, pain in tests]
    usable = lambda o: o.pain is not None and o.pain <= 4  # noqa: E731 - the pain rule in threshold mode
    meets = lambda o: o.pain == 0  # noqa: E731
    args = ("iso_90_90_n", INJURED, day(as_of), day(since), "pain-free", usable, meets)
    assert ObservationIndex(obs).tally(*args) == PlainObservationIndex(obs).tally(*args)
