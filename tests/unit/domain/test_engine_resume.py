"""Resuming a replay from a kept day gives exactly the days a full replay gives (what stored replays rely on)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from casebuilder import CaseBuilder, day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replay_cases import progressing_cases

from sprintback.domain.engine import ReplayPoint, point_after, replay, resume
from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Case
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(progressing_cases(), st.data())
def test_resuming_after_any_day_gives_the_rest_of_the_full_replay(data: tuple[Case, int], pick: st.DataObject) -> None:
    case, last = data
    full = replay(case, PROTOCOL, day(last))
    k = pick.draw(st.integers(0, len(full) - 1), label="last kept day")
    rest = resume(case, PROTOCOL, day(last), point_after(PROTOCOL, full[k]))
    assert rest == full[k + 1 :]
    assert rest == replay(case, PROTOCOL, day(last), start=day(k + 1))


@SETTINGS
@given(progressing_cases())
def test_resuming_one_day_at_a_time_is_the_full_replay(data: tuple[Case, int]) -> None:
    """A new day evaluated from yesterday's kept decision, every day, never drifts from the replay."""
    case, last = data
    days = replay(case, PROTOCOL, day(0))
    for n in range(1, last + 1):
        days += resume(case, PROTOCOL, day(n), point_after(PROTOCOL, days[-1]))
    assert days == replay(case, PROTOCOL, day(last))


def test_the_generated_cases_change_phase_and_regress_and_refer() -> None:
    """The strategy reaches the transitions a resume must carry over (else the properties prove little)."""
    kinds: Counter[str] = Counter()

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(progressing_cases())
    def collect(data: tuple[Case, int]) -> None:
        case, last = data
        kinds.update(d.kind.value for d in replay(case, PROTOCOL, day(last)))

    collect()
    assert kinds["progress"] and kinds["hold"] and kinds["deload"] and kinds["refer"]
    assert kinds["regress"] or kinds["clear"]


def test_the_point_after_a_progress_is_the_next_phase_from_the_next_day() -> None:
    case = CaseBuilder(grade="1a").calm_days(0, 6).passes_protect(5).build()
    days = replay(case, PROTOCOL, day(6))
    moved = next(d for d in days if d.kind.value == "progress")
    point = point_after(PROTOCOL, moved)
    assert point == ReplayPoint(
        moved.as_of + timedelta(days=1), moved.next_phase or "", moved.as_of + timedelta(days=1)
    )
    assert days[days.index(moved) + 1].phase == point.phase


def test_resume_refuses_a_day_before_the_injury_and_an_unknown_phase() -> None:
    case = CaseBuilder().build()
    with pytest.raises(InvalidCase) as before:
        resume(case, PROTOCOL, day(3), ReplayPoint(day(-1), "protect", day(0)))
    assert before.value.field == "as_of"
    with pytest.raises(InvalidCase) as unknown:
        resume(case, PROTOCOL, day(3), ReplayPoint(day(1), "no-such-phase", day(0)))
    assert unknown.value.field == "phase"
    assert resume(case, PROTOCOL, day(3), ReplayPoint(day(5), "protect", day(0))) == []
