"""The telescoped acceleration (no whole-trace moving mean) against the straightforward definition:
np.diff(smoothed(speed)) / np.diff(t), on random traces with dropped samples, short traces, irregular time,
gaps and values that sit exactly on the thresholds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprintback.telemetry.acceleration import _accel_decel_counts, _fast_acceleration, smoothed, smoothing_width
from sprintback.telemetry.efforts import threshold_efforts
from sprintback.telemetry.metrics import DEFAULT_SETTINGS, session_metrics, valid_samples
from sprintback.telemetry.model import Trace

S = DEFAULT_SETTINGS
speeds = st.one_of(
    st.floats(0, 14, allow_nan=False),
    st.sampled_from([float("nan"), 12.6, 30.0, float("inf")]),  # dropped: missing or not humanly possible
    st.just(-float("inf")),  # garbage that the ceiling keeps: the exact slow path must take over
    st.integers(0, 104).map(lambda k: k * 0.125),  # exact binary values: accelerations exactly on thresholds
)
steps = st.one_of(
    st.sampled_from([0.1, 0.125]),
    st.floats(0.05, 0.2),  # irregular sampling
    st.sampled_from([7.0, 0.0]),  # a gap; time not advancing
)


@st.composite
def traces(draw: st.DrawFn) -> Trace:
    n = draw(st.integers(1, 120))
    v = np.array(draw(st.lists(speeds, min_size=n, max_size=n)))
    regular = draw(st.booleans())
    dt = (
        np.full(n, draw(st.sampled_from([0.1, 0.125])))
        if regular
        else np.array(draw(st.lists(steps, min_size=n, max_size=n)))
    )
    tr = Trace(np.concatenate(([0.0], np.cumsum(dt[1:]))))
    tr.add("speed", v)
    if draw(st.booleans()):
        tr.add("hdop", np.array(draw(st.lists(st.sampled_from([0.8, 0.8, 0.8, 9.0]), min_size=n, max_size=n))))
    return tr


def straightforward(tr: Trace) -> np.ndarray:
    ok = valid_samples(tr, S)
    t = tr.time_s
    tdiff = np.diff(t)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.diff(smoothed(tr.get("speed"), t, S.smoothing_s, ok)) / tdiff
    acc[tdiff <= 0] = np.nan
    return acc


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # ±inf speeds: inf − inf, inf × 0
@settings(max_examples=600, deadline=None)
@given(traces())
def test_effort_counts_equal_those_of_the_straightforward_acceleration(tr: Trace) -> None:
    acc, t_acc = straightforward(tr), tr.time_s[1:]
    m = session_metrics(tr, "running")
    speed = tr.get("speed")
    assert m["removed_samples"] == np.count_nonzero(np.isfinite(speed)) - np.count_nonzero(valid_samples(tr, S))
    if len(tr) < 2:
        return
    up = threshold_efforts(acc, t_acc, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s)[0]
    down = threshold_efforts(acc, t_acc, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s, falling=True)[0]
    assert (m["accel_count"], m["decel_count"]) == (len(up), len(down))


@settings(max_examples=600, deadline=None)
@given(traces())
def test_telescoped_acceleration_equals_the_derivative_of_the_moving_mean(tr: Trace) -> None:
    t = tr.time_s
    tdiff = np.diff(t)
    w = smoothing_width(t, S.smoothing_s)
    if len(t) < 2 or w < 3 or tdiff.min() <= 0:
        return  # the fast path is only taken when there is smoothing and time advances
    ok = valid_samples(tr, S)
    if not np.isfinite(tr.get("speed")[ok]).all():
        return  # an infinite kept speed: no rounding margin, the moving-mean path is taken
    pad = 2 * w
    vp = np.zeros(len(t) + 2 * pad)
    np.copyto(vp[pad:-pad], tr.get("speed"), where=ok)
    okp = np.zeros(len(vp), dtype=bool)
    okp[pad:-pad] = ok
    got = _fast_acceleration(vp, okp, pad, np.flatnonzero(~ok), tdiff, w) / tdiff / w
    np.testing.assert_allclose(got, straightforward(tr), rtol=1e-9, atol=1e-9)


def test_values_within_the_rounding_margin_of_a_threshold_are_decided_by_the_exact_values() -> None:
    # Telescoped values a hair below entry / exit; the moving-mean ones sit exactly on the thresholds.
    t_acc = np.arange(20) / 10.0
    fast = np.zeros(20)
    fast[5:15] = np.nextafter(S.accel_m_s2, 0.0)
    fast[15] = np.nextafter(S.accel_exit_m_s2, 0.0)
    exact = fast.copy()
    exact[5:15] = S.accel_m_s2
    exact[15] = S.accel_exit_m_s2
    assert _accel_decel_counts(fast, t_acc, S, 0.0, lambda i: exact[i]) == (0, 0)
    assert _accel_decel_counts(fast, t_acc, S, 1e-12, lambda i: exact[i]) == (1, 0)
    assert _accel_decel_counts(-fast, t_acc, S, 1e-12, lambda i: -exact[i]) == (0, 1)
