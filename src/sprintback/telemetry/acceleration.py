"""Smoothed speed and its time derivative, and acceleration / deceleration effort counts.

Acceleration is the backward difference of speed after a centred moving average (GPS Doppler speed is noisy
at 10 Hz). The fast path never builds the moving mean: neighbouring window sums telescope to one subtraction,
and values within a rounding margin of a threshold are recomputed the moving-mean way, so effort counts are
exactly those of `np.diff(smoothed(v)) / np.diff(t)` (see docs/telemetry.md and the Hypothesis tests).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from sprintback.telemetry.efforts import efforts_of
from sprintback.telemetry.metric_settings import MetricSettings
from sprintback.telemetry.model import BoolArray, FloatArray, IntArray


def smoothing_width(time_s: FloatArray, window_s: float) -> int:
    """Odd number of samples in the centred smoothing window, from the mean interval (10 Hz, 0.5 s → 5)."""
    n = len(time_s)
    if n < 3:
        return 1
    mean_dt = float(time_s[-1] - time_s[0]) / (n - 1)
    w = max(1, round(window_s / mean_dt)) if mean_dt > 0 else 1
    return w if w % 2 else w + 1


def centred_sum(x: npt.NDArray[Any], w: int) -> FloatArray:
    """Sum over the centred window of odd width `w`, truncated at the ends (zero padding).

    Shifted-slice additions: for the short windows used here (5 at 10 Hz) as fast as np.convolve (whose
    "same" mode misbehaves on traces shorter than the window) and ~3× faster than a cumulative sum.
    """
    n, h = len(x), w // 2
    padded = np.empty(n + 2 * h)
    padded[:h] = 0.0
    padded[h + n :] = 0.0
    padded[h : h + n] = x
    if w > 31:
        return np.convolve(padded, np.ones(w), mode="valid")
    out = padded[:n].copy()
    for k in range(1, w):
        out += padded[k : k + n]
    return out


def smoothed(x: FloatArray, time_s: FloatArray, window_s: float, ok: BoolArray | None = None) -> FloatArray:
    """Centred moving average over about `window_s`, ignoring samples not `ok` (default: NaN ones)."""
    w = smoothing_width(time_s, window_s)
    if ok is None:
        ok = np.isfinite(x)
    if w <= 1:
        return np.where(ok, x, np.nan)
    return _mean_of_kept(np.where(ok, x, 0.0), np.flatnonzero(~ok), w)


def _mean_of_kept(zeroed: FloatArray, dropped: IntArray, w: int) -> FloatArray:
    """Moving mean of `zeroed` (dropped samples already 0) over the samples kept in each window."""
    n, h = len(zeroed), w // 2
    num = centred_sum(zeroed, w)
    if n >= 2 * w:
        den = np.full(n, float(w))
        den[:h] = np.arange(h + 1, w)
        den[n - h :] = np.arange(w - 1, h, -1)
    else:
        den = centred_sum(np.ones(n), w)
    if len(dropped):  # dropped samples are rare: correct the counts around them only
        around = (dropped[:, None] + np.arange(-h, h + 1)).ravel()
        np.subtract.at(den, around[(around >= 0) & (around < n)], 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        num /= den  # 0/0 → NaN where the whole window was dropped
    return num


def acceleration(speed: FloatArray, time_s: FloatArray, smoothing_s: float, ok: BoolArray | None = None) -> FloatArray:
    """dv/dt of the smoothed speed as a backward difference, one value per sample after the first;
    NaN where time does not advance."""
    return _acceleration(smoothed(speed, time_s, smoothing_s, ok), np.diff(time_s))


def _acceleration(v_smooth: FloatArray, tdiff: FloatArray, time_advances: bool = False) -> FloatArray:
    acc = np.diff(v_smooth)
    if time_advances or bool((tdiff > 0).all()):
        acc /= tdiff
        return acc
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tdiff > 0, acc / np.where(tdiff > 0, tdiff, 1.0), np.nan)


def _mean_steps(vp: FloatArray, okp: BoolArray, pad: int, first: IntArray, length: int, w: int) -> FloatArray:
    """M[i+1] − M[i] of the moving mean M = `_mean_of_kept(v, dropped, w)` at i = range(length)[:, None] + first,
    bit for bit (the same additions in the same order), without the whole-trace moving mean.

    `vp`, `okp`: v (0 at dropped samples) and `ok` with `pad` ≥ 2w zeros / False on each side, which stand for
    the zero padding at the ends; first ≥ −w/2 − 1 and first + length ≤ len(v) + w/2.
    """
    h = w // 2
    at = np.arange(length + w)[:, None] + (first + (pad - h))  # the samples of the windows, one block a column
    x = np.empty((2, *at.shape))  # the samples and whether each is kept: both window sums in one go
    np.take(vp, at, out=x[0])
    x[1] = okp[at]
    sums = x[:, : length + 1].copy()
    for k in range(1, w):  # the order of the moving mean's additions
        sums += x[:, k : k + length + 1]
    num = sums[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        num /= sums[1]  # 0/0 → NaN where the whole window was dropped
    steps: FloatArray = num[1:] - num[:-1]  # one block a column
    return steps


def _fast_acceleration(
    vp: FloatArray, okp: BoolArray, pad: int, dropped: IntArray, tdiff: FloatArray, w: int
) -> FloatArray:
    """w × the steps of the moving mean `_mean_of_kept(v, dropped, w)`, M[i+1] − M[i], without the moving mean:
    w × the acceleration times Δt[i] (the caller divides the few values that may pass a threshold).

    Where both windows are whole (w kept samples), the difference of two neighbouring window sums telescopes
    to one subtraction: w·(M[i+1] − M[i]) = v[i+1+h] − v[i−h]. The other indices (the ends, and around dropped
    samples: few) take the moving-mean formula. Values may differ from the moving-mean ones in the last bits
    only (see `_rounding_margin`).
    """
    n, h = len(vp) - 2 * pad, w // 2
    v, m = vp[pad : pad + n], max(n - 1, 0)
    accp = np.empty(m + 2 * pad)  # padded too, so that blocks may run past the ends
    acc = accp[pad : pad + m]
    length = 2 * h + 2  # a dropped sample d changes the means at d − h … d + h: acc at d − h − 1 … d + h
    if n > w:
        inner = acc[h : m - h]
        np.subtract(v[w:], v[: n - w], out=inner)
        ends = np.array([0, m - length])
    else:
        ends = np.arange(0, m, length)
    if m:
        first = np.concatenate((ends, dropped - (h + 1)))
        accp[np.arange(length)[:, None] + (first + pad)] = w * _mean_steps(vp, okp, pad, first, length, w)
    return acc


def _rounding_margin(w: int, v_abs_max: float, tdiff_min: float, threshold: float) -> float:
    """Bound on |fast − moving-mean| acceleration, from the rounding of both formulas, with room to spare.

    Moving mean: the window sums are off by ≤ (w−1)·u·w·|v|max, the means by ≤ w·u·|v|max, their difference
    by ≤ (2w+2)·u·|v|max, then divided by Δt ≥ Δt_min; the telescoped formula (scaled by w, then unscaled) is
    within 4u (relative) of the exact value (u = ε/2). The margin is twice that sum and more, so a fast value
    farther than the margin from a threshold is on the same side as the moving-mean value.
    """
    eps = float(np.finfo(float).eps)
    return (4 * w + 16) * eps * (v_abs_max / tdiff_min + threshold)


def _accel_decel_counts(
    acc: FloatArray,
    t_acc: FloatArray,
    s: MetricSettings,
    margin: float,
    exact_at: Any,
    scale: float = 1.0,
    tdiff: FloatArray | None = None,
    tdiff_min: float = 0.0,
) -> tuple[int, int]:
    """Acceleration and deceleration efforts in one pass over `acc`: the acceleration × `scale`, or with `tdiff`
    the velocity step × `scale` (divided by the time step only where it may pass a threshold: Δt ≥ its
    minimum). Values within `margin` of a threshold are replaced by `exact_at(indices)` first, so every
    comparison is the one the exact values give."""
    entry, exit_ = s.accel_m_s2, s.accel_exit_m_s2
    if entry < exit_:
        raise ValueError("entry threshold must not be below the exit threshold")
    low = exit_ - 2 * margin
    if tdiff is not None and low > 0:
        low *= tdiff_min  # |Δv| / Δt ≥ a needs |Δv| ≥ a · Δt_min
    past = (acc >= low * scale) | (acc <= -low * scale) if low > 0 else ~np.isnan(acc)
    idx = np.flatnonzero(past)
    xs = acc[idx] / scale if tdiff is None else acc[idx] / (tdiff[idx] * scale)
    ax = np.abs(xs)
    near = (np.abs(ax - exit_) <= margin) | (np.abs(ax - entry) <= margin)
    if near.any():
        xs[near] = exact_at(idx[near])
    n = len(acc)
    up, down = xs >= exit_, xs <= -exit_
    # Both in one go: decelerations shifted past the end (index + n + 1), so that no run joins the two.
    starts = efforts_of(
        np.concatenate((idx[up], idx[down] + (n + 1))),
        np.concatenate((xs[up], -xs[down])),
        t_acc,
        n,
        entry,
        s.min_accel_s,
        wrap=n + 1,
    )[0]
    accels = int(np.count_nonzero(starts <= n))
    return accels, len(starts) - accels


def accel_decel_counts(
    vp: FloatArray,
    pad: int,
    ok: BoolArray,
    dropped: IntArray,
    speed: FloatArray,
    t: FloatArray,
    tdiff: FloatArray,
    tdiff_min: float,
    v_abs_max: float,
    w: int,
    s: MetricSettings,
) -> tuple[int, int]:
    """Acceleration and deceleration effort counts, the same as from `_acceleration` of the moving mean."""
    v = vp[pad:-pad]
    thr = max(s.accel_m_s2, s.accel_exit_m_s2)
    margin = _rounding_margin(w, v_abs_max, tdiff_min, thr) if tdiff_min > 0 else np.inf
    if 1 < w <= 31 and np.isfinite(margin):
        okp = np.zeros(len(vp), dtype=bool)
        okp[pad:-pad] = ok
        acc = _fast_acceleration(vp, okp, pad, dropped, tdiff, w)

        def exact_at(i: IntArray) -> FloatArray:
            exact: FloatArray = _mean_steps(vp, okp, pad, i, 1, w)[0] / tdiff[i]
            return exact

        return _accel_decel_counts(acc, t[1:], s, margin, exact_at, scale=w, tdiff=tdiff, tdiff_min=tdiff_min)
    v_smooth = _mean_of_kept(v, dropped, w) if w > 1 else np.where(ok, speed, np.nan)
    acc = _acceleration(v_smooth, tdiff)
    return _accel_decel_counts(acc, t[1:], s, 0.0, lambda i: acc[i])
