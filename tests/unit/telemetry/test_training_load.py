"""EWMA acute:chronic ratio (williams2017), monotony and strain (foster1998), ACWR danger (gabbett2016)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sprintback.domain.load import (
    ACWR_WARMUP_DAYS,
    daily_totals,
    ewma_acwr,
    ewma_lambda,
    session_load,
    weekly_loads,
)

D0 = date(2024, 1, 1)


def test_session_load_is_rpe_times_minutes() -> None:
    assert session_load(6, 45) == 270


def test_ewma_lambdas_are_two_over_n_plus_one() -> None:
    assert ewma_lambda(7) == pytest.approx(0.25)
    assert ewma_lambda(28) == pytest.approx(2 / 29)


def test_first_day_ewma_values_follow_the_recurrence() -> None:
    days = ewma_acwr({D0: 400.0}, D0, D0 + timedelta(days=1))
    assert days[0].acute == pytest.approx(100.0)
    assert days[0].chronic == pytest.approx(400 * 2 / 29)
    assert days[1].acute == pytest.approx(75.0)  # rest day: decay by (1 − λ)
    assert days[1].load == 0.0


def test_steady_load_gives_ratio_towards_one_and_spike_is_flagged() -> None:
    loads = {D0 + timedelta(days=i): 300.0 for i in range(60)}
    steady = ewma_acwr(loads)
    assert steady[-1].acwr == pytest.approx(1.0, abs=0.05)
    assert not steady[-1].danger
    for i in range(60, 67):
        loads[D0 + timedelta(days=i)] = 900.0  # a week at triple load
    spiked = ewma_acwr(loads)
    assert spiked[-1].acwr is not None and spiked[-1].acwr > 1.5
    assert spiked[-1].danger


def test_no_ratio_before_any_chronic_load() -> None:
    days = ewma_acwr({D0 + timedelta(days=3): 100.0}, D0, D0 + timedelta(days=3))
    assert days[0].acwr is None and not days[0].danger


def test_monotony_and_strain_by_hand() -> None:
    week = [100.0, 200.0, 0.0, 300.0, 100.0, 0.0, 300.0]  # mean 1000/7, population SD by hand below
    loads = {D0 + timedelta(days=i): v for i, v in enumerate(week)}
    mean = 1000 / 7
    sd = (sum((x - mean) ** 2 for x in week) / 7) ** 0.5
    (w,) = weekly_loads(loads, D0, 1)
    assert w.total == 1000
    assert w.monotony == pytest.approx(mean / sd)
    assert w.strain == pytest.approx(1000 * mean / sd)


def test_weekly_change_is_flagged_only_against_a_given_limit() -> None:
    loads = {D0: 100.0, D0 + timedelta(days=7): 150.0}
    w = weekly_loads(loads, D0, 2, change_limit_pct=30)
    assert w[1].change_pct == pytest.approx(50.0)
    assert w[1].change_flag
    assert not weekly_loads(loads, D0, 2)[1].change_flag


def test_daily_totals_add_sessions_of_the_same_day() -> None:
    assert daily_totals([(D0, 1.0), (D0, 2.0)]) == {D0: 3.0}


def test_no_danger_on_day_one_of_an_empty_chronic_average() -> None:
    # Without a warm-up, a first session gives acute/chronic = (2/8)/(2/29) = 3.6: "danger" on day 1.
    days = ewma_acwr({D0: 500.0}, D0, D0 + timedelta(days=40))
    assert all(d.acwr is None and not d.danger for d in days[: ACWR_WARMUP_DAYS - 1])
    assert days[ACWR_WARMUP_DAYS - 1].acwr is not None
    assert ACWR_WARMUP_DAYS == 28


def test_a_ratio_of_exactly_the_danger_line_is_flagged_as_the_comment_says() -> None:
    loads = {D0 + timedelta(days=i): 300.0 for i in range(60)}
    last = ewma_acwr(loads)[-1]
    assert last.acwr is not None
    assert ewma_acwr(loads, danger=last.acwr)[-1].danger  # ≥, not >
    assert not ewma_acwr(loads, danger=last.acwr + 0.01)[-1].danger
