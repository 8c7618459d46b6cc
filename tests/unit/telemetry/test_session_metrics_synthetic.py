"""Sprint, HSR and acceleration detection on synthetic traces whose answers are known analytically."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintback.telemetry.acceleration import smoothed, smoothing_width
from sprintback.telemetry.efforts import threshold_efforts
from sprintback.telemetry.metrics import MetricSettings, session_metrics, valid_samples
from sprintback.telemetry.model import Trace

HZ = 10.0


def trace_of(speed: np.ndarray, **channels: np.ndarray) -> Trace:
    t = Trace(np.arange(len(speed)) / HZ)
    t.add("speed", speed)
    for k, v in channels.items():
        t.add(k, v)
    return t


def mono_exponential(vmax: float, tau: float, seconds: float) -> np.ndarray:
    t = np.arange(0, seconds, 1 / HZ)
    return vmax * (1 - np.exp(-t / tau))


def test_mono_exponential_sprint_reaches_its_max_and_counts_once() -> None:
    vmax, tau, duration = 9.0, 1.2, 12.0
    v = mono_exponential(vmax, tau, duration)
    m = session_metrics(trace_of(v), "running")
    last = duration - 1 / HZ
    assert m["max_speed_m_s"] == pytest.approx(vmax * (1 - math.exp(-last / tau)), rel=1e-9)
    assert m["max_speed_m_s"] == pytest.approx(vmax, rel=1e-3)
    assert m["sprint_count"] == 1
    # HSR distance = ∫ v dt while v ≥ 5.5 m/s: v crosses 5.5 at t* = −τ ln(1 − 5.5/vmax).
    t_star = -tau * math.log(1 - 5.5 / vmax)
    analytic = vmax * (duration - t_star) - vmax * tau * (math.exp(-t_star / tau) - math.exp(-duration / tau))
    assert m["hsr_m"] == pytest.approx(analytic, rel=0.02)


def test_initial_acceleration_of_mono_exponential_sprint_is_one_acceleration_effort() -> None:
    # a(t) = vmax/τ·e^(−t/τ) = 7.5 m/s² at start, above 3 m/s² for τ·ln(7.5/3) ≈ 1.1 s ≥ 0.5 s.
    m = session_metrics(trace_of(mono_exponential(9.0, 1.2, 8.0)), "running")
    assert m["accel_count"] == 1
    assert m["decel_count"] == 0


def test_sprint_dipping_between_exit_and_entry_threshold_stays_one_effort() -> None:
    v = np.concatenate([np.full(20, 3.0), np.full(15, 7.5), np.full(3, 6.8), np.full(15, 7.5), np.full(20, 3.0)])
    m = session_metrics(trace_of(v), "running", MetricSettings(accel_m_s2=100))
    assert m["sprint_count"] == 1


def test_sprint_dipping_briefly_below_exit_threshold_counts_twice() -> None:
    v = np.concatenate([np.full(20, 3.0), np.full(15, 7.5), np.full(3, 6.0), np.full(15, 7.5), np.full(20, 3.0)])
    assert session_metrics(trace_of(v), "running")["sprint_count"] == 2


def test_effort_shorter_than_minimum_dwell_is_not_a_sprint() -> None:
    v = np.concatenate([np.full(20, 3.0), np.full(8, 7.5), np.full(20, 3.0)])  # 0.8 s above 7 m/s
    assert session_metrics(trace_of(v), "running")["sprint_count"] == 0


def test_speed_band_distance_counts_only_time_at_or_above_threshold() -> None:
    v = np.concatenate([np.full(100, 4.0), np.full(50, 6.0), np.full(30, 8.0)])  # 10 s, 5 s, 3 s
    m = session_metrics(trace_of(v), "running")
    assert m["hsr_m"] == pytest.approx(6.0 * 5 + 8.0 * 3)
    assert m["sprint_m"] == pytest.approx(8.0 * 3)
    assert m["distance_m"] == pytest.approx(4.0 * 10 + 6.0 * 5 + 8.0 * 3)


def test_samples_faster_than_a_human_are_removed_not_counted() -> None:
    v = np.full(100, 5.0)
    v[50] = 30.0  # a GPS spike
    m = session_metrics(trace_of(v), "running")
    assert m["max_speed_m_s"] == 5.0
    assert m["removed_samples"] == 1
    assert m["sprint_count"] == 0


def test_poor_hdop_samples_are_removed() -> None:
    v = np.full(100, 5.0)
    v[10:20] = 9.0
    hdop = np.ones(100)
    hdop[10:20] = 20.0
    m = session_metrics(trace_of(v, hdop=hdop), "running")
    assert m["max_speed_m_s"] == 5.0
    assert m["removed_samples"] == 10


def test_percent_of_athlete_max_uses_the_athletes_own_max_speed() -> None:
    v = np.concatenate([np.full(50, 4.0), np.full(20, 8.55)])
    m = session_metrics(trace_of(v), "running", MetricSettings(athlete_max_speed_m_s=9.0))
    assert m["max_speed_pct"] == pytest.approx(95.0)
    assert m["above_pct_m"] == pytest.approx(8.55 * 2.0)


def test_gap_in_recording_is_not_turned_into_distance() -> None:
    t = Trace(np.array([0.0, 1.0, 2.0, 602.0, 603.0]))
    t.add("speed", np.array([3.0, 3.0, 3.0, 3.0, 3.0]))
    m = session_metrics(t, "running")
    assert m["distance_m"] == pytest.approx(3.0 * 4)  # 3 one-second samples + the last one; not 600 s


def test_ride_is_not_capped_at_human_speed_and_gets_no_running_metrics() -> None:
    t = trace_of(np.full(50, 14.0), cadence=np.full(50, 90.0), stance_time_balance=np.full(50, 50.0))
    m = session_metrics(t, "cycling")
    assert m["max_speed_m_s"] == 14.0
    assert "hsr_m" not in m and "sprint_count" not in m and "gct_balance_left_pct" not in m


def test_threshold_efforts_treats_missing_values_as_below() -> None:
    x = np.array([8, 8, 8, np.nan, 8, 8, 8], dtype=float)
    starts, ends = threshold_efforts(x, np.arange(7.0), 7.0, 6.5, 1.0)
    assert list(starts) == [0, 4]
    assert list(ends) == [3, 7]


def test_gct_balance_drift_is_last_third_minus_first_third() -> None:
    bal = np.concatenate([np.full(30, 50.0), np.full(30, 51.0), np.full(30, 53.0)])
    t = trace_of(np.full(90, 3.0), cadence=np.full(90, 170.0), stance_time_balance=bal)
    m = session_metrics(t, "running")
    assert m["gct_balance_left_pct"] == pytest.approx(51.333, abs=1e-3)
    assert m["gct_balance_drift_pct"] == pytest.approx(3.0)


def test_valid_samples_keeps_samples_with_missing_quality() -> None:
    t = trace_of(np.full(3, 5.0), hdop=np.array([1.0, np.nan, 9.0]))
    assert list(valid_samples(t)) == [True, True, False]


def efforts_by_loop(x: list[float], t: list[float], entry: float, exit_: float, dwell: float) -> list[tuple[int, int]]:
    """The definition written as the obvious state machine, sample by sample."""
    out, start = [], None
    for i, v in enumerate(x):
        if start is None and v >= entry:
            start = i
        elif start is not None and not v >= exit_:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(x)))
    return [(s, e) for s, e in out if t[min(e, len(x) - 1)] - t[s] >= dwell - 1e-9]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.0, 3.0, 6.0, 6.7, 7.2, 9.0, float("nan")]), min_size=1, max_size=80))
def test_vectorised_efforts_equal_the_sample_by_sample_state_machine(values: list[float]) -> None:
    x = np.array(values)
    t = np.arange(len(values)) / 10.0
    starts, ends = threshold_efforts(x, t, 7.0, 6.5, 0.3)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == efforts_by_loop(values, list(t), 7.0, 6.5, 0.3)
    d_starts, _ = threshold_efforts(-x, t, 7.0, 6.5, 0.3, falling=True)
    assert d_starts.tolist() == starts.tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0, 12, allow_nan=False), min_size=1, max_size=60),
    st.sampled_from([1, 3, 5, 7]),
    st.integers(0, 2**16),
)
def test_centred_moving_average_equals_the_windowed_mean_of_kept_samples(
    values: list[float], w: int, drop_seed: int
) -> None:
    x = np.array(values)
    ok = np.random.default_rng(drop_seed).random(len(x)) > 0.2
    t = np.arange(len(x)) * (0.5 / w)  # window 0.5 s → w samples
    got = smoothed(x, t, 0.5, ok)
    h = smoothing_width(t, 0.5) // 2
    for i in range(len(x)):
        window = [x[j] for j in range(max(0, i - h), min(len(x), i + h + 1)) if ok[j]]
        if window:
            assert got[i] == pytest.approx(sum(window) / len(window), abs=1e-9)
        else:
            assert np.isnan(got[i])


def test_dropped_sample_in_1hz_run_does_not_become_an_acceleration() -> None:
    t = Trace(np.arange(60.0))
    v = np.full(60, 4.0)
    v[30] = 40.0  # spike removed by cleaning; must not look like a stop and a restart
    t.add("speed", v)
    m = session_metrics(t, "running")
    assert (m["accel_count"], m["decel_count"], m["removed_samples"]) == (0, 0, 1)
