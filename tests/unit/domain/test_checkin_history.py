"""CheckinHistory answers what a plain scan of the check-ins answers, in any order, with repeated dates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sprintback.domain.models import CheckIn
from sprintback.domain.rules import CheckinHistory

START = date(2026, 3, 1)

checkins = st.lists(
    st.builds(
        CheckIn,
        date=st.integers(0, 20).map(lambda n: START + timedelta(days=n)),
        pain_rest=st.none() | st.integers(0, 10).map(float),
        night_pain=st.booleans(),
        note=st.text(max_size=3),  # tells apart two check-ins of one day
    ),
    max_size=30,
)


def plain_latest(cs: list[CheckIn], as_of: date, max_age: int) -> CheckIn | None:
    recent = [c for c in cs if as_of - timedelta(days=max_age) <= c.date <= as_of]
    return max(recent, key=lambda c: c.date) if recent else None  # max keeps the first of equal dates


def plain_rest_before(cs: list[CheckIn], day: date) -> CheckIn | None:
    earlier = [c for c in cs if c.date < day and c.pain_rest is not None]
    return max(earlier, key=lambda c: c.date) if earlier else None


@settings(max_examples=300, deadline=None)
@given(checkins, st.integers(-2, 24), st.integers(0, 3))
def test_bisection_answers_equal_a_plain_scan(cs: list[CheckIn], offset: int, max_age: int) -> None:
    history = CheckinHistory(cs)
    as_of = START + timedelta(days=offset)
    assert history.latest(as_of, max_age) is plain_latest(cs, as_of, max_age)
    assert history.latest_rest_before(as_of) is plain_rest_before(cs, as_of)
    first = as_of - timedelta(days=1)
    assert sorted(map(id, history.between(first, as_of))) == sorted(id(c) for c in cs if first <= c.date <= as_of)
