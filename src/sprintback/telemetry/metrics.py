"""Session metrics from a `Trace`: vectorised NumPy, one definition each, documented in docs/telemetry.md.

Definitions (all on samples left after cleaning):
- a sample "lasts" until the next one (forward rectangle); gaps longer than `max_gap_s` count as no time, so
  a paused watch or a dropout never becomes distance;
- band distance = Σ speed·dt over samples at or above the band's lower edge;
- an effort (sprint, acceleration, deceleration) starts when the signal reaches `entry`, goes on until it
  falls below `exit` (hysteresis: a brief dip between the two does not split it) and counts only if it lasts
  at least `min_dwell_s`;
- acceleration is the backward-difference time derivative of speed after a centred moving average over
  `smoothing_s` (window from the mean sample interval)
  (GPS Doppler speed is noisy at 10 Hz; differentiating it raw multiplies the noise).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from sprintback.telemetry.model import MAX_HUMAN_SPEED_M_S, FloatArray, Trace

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

# Sports not on foot: no human-speed ceiling, no HSR/sprint/acceleration efforts, no running dynamics.
NOT_ON_FOOT = frozenset(
    {"cycling", "e_biking", "swimming", "rowing", "paddling", "kayaking", "alpine_skiing", "transition"}
)
GAIT_SPORTS = frozenset({"running", "walking"})  # running dynamics only mean something on foot


@dataclass(frozen=True)
class MetricSettings:
    """Thresholds; stored with every session's metrics so a number can always be re-read in context.

    Speed thresholds 5.5 / 7.0 m/s (19.8 / 25.2 km/h) are the usual football GPS high-speed-running and
    sprinting bands (practice-default); % bands are relative to the athlete's own max (hickey2020-running,
    malone2017). Data-quality limits are technical, not clinical: see docs/telemetry.md.
    """

    hsr_m_s: float = 5.5
    sprint_m_s: float = 7.0
    sprint_exit_m_s: float = 6.5
    min_sprint_s: float = 1.0
    accel_m_s2: float = 3.0
    accel_exit_m_s2: float = 2.0
    min_accel_s: float = 0.5
    smoothing_s: float = 0.5
    max_speed_m_s: float = MAX_HUMAN_SPEED_M_S
    max_hdop: float = 5.0
    min_quality: float = 50.0
    min_satellites: float = 4.0
    max_gap_s: float = 5.0
    athlete_max_speed_m_s: float | None = None
    pct_of_max: float = 90.0  # distance above this % of the athlete's max speed


DEFAULT_SETTINGS = MetricSettings()


def valid_samples(trace: Trace, s: MetricSettings = DEFAULT_SETTINGS) -> BoolArray:
    """Samples kept for speed metrics: a speed value that a human can run, with acceptable GPS quality."""
    speed = trace.get("speed")
    ok: BoolArray = np.ones(len(trace), dtype=bool) if speed is None else speed <= s.max_speed_m_s  # NaN → False
    for name, limit, worse_if_above in (
        ("hdop", s.max_hdop, True),
        ("quality", s.min_quality, False),
        ("satellites", s.min_satellites, False),
    ):
        x = trace.get(name)
        if x is None:
            continue
        # A missing quality value does not discard a sample: NaN compares False, so it is never "bad".
        ok &= ~(x > limit) if worse_if_above else ~(x < limit)
    return ok


def sample_durations(time_s: FloatArray, max_gap_s: float, tdiff: FloatArray | None = None) -> FloatArray:
    """How long each sample stands for: time to the next sample (the last one: the interval before it),
    0 across gaps longer than `max_gap_s` or when time runs backwards."""
    n = len(time_s)
    dt = np.empty(n)
    if n < 2:
        dt[:] = 0.0
        return dt
    if tdiff is None:
        np.subtract(time_s[1:], time_s[:-1], out=dt[:-1])
    else:
        dt[:-1] = tdiff
    dt[-1] = dt[-2]
    dt[(dt < 0) | (dt > max_gap_s)] = 0.0
    return dt


def threshold_efforts(
    x: FloatArray,
    time_s: FloatArray,
    entry: float,
    exit_: float,
    min_dwell_s: float,
    falling: bool = False,
) -> tuple[IntArray, IntArray]:
    """Efforts as (start index, end index exclusive), hysteresis and minimum dwell; NaN counts as below.

    `falling` detects x ≤ −entry instead (decelerations). An effort is a run of samples at or past the exit
    threshold that contains a sample at or past the entry threshold; it starts at the first such sample and
    ends at the first sample back below exit. Two passes over the samples; the rest works on the (few)
    samples past the exit threshold.
    """
    if entry < exit_:
        raise ValueError("entry threshold must not be below the exit threshold")
    idx = np.flatnonzero(x <= -exit_ if falling else x >= exit_)  # NaN → False
    xs = x[idx]
    return _efforts_of(idx, -xs if falling else xs, time_s, len(x), entry, min_dwell_s)


def _efforts_of(
    idx: IntArray, xs: FloatArray, time_s: FloatArray, n: int, entry: float, min_dwell_s: float, wrap: int = 0
) -> tuple[IntArray, IntArray]:
    """Efforts from the samples past the exit threshold: their indices (ascending) and values (sign-adjusted).
    With `wrap`, indices stand for index % wrap (two signals, one after the other)."""
    empty = np.zeros(0, dtype=np.intp)
    if not len(idx):
        return empty, empty
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1  # where a new run starts, as positions in idx
    run_first = np.concatenate(([0], breaks))
    run_last = np.concatenate((breaks - 1, [len(idx) - 1]))
    hot = np.flatnonzero(xs >= entry)
    if not len(hot):
        return empty, empty
    j = np.searchsorted(hot, run_first)
    first_hot = hot[np.minimum(j, len(hot) - 1)]
    has = (j < len(hot)) & (first_hot <= run_last)
    s_idx, e_idx = idx[first_hot[has]], idx[run_last[has]] + 1
    # Duration up to the first sample after the effort (or the last sample).
    if wrap:
        dur = time_s[np.minimum(e_idx % wrap, n - 1)] - time_s[s_idx % wrap]
    else:
        dur = time_s[np.minimum(e_idx, n - 1)] - time_s[s_idx]
    long_enough = dur >= min_dwell_s - 1e-9
    return s_idx[long_enough], e_idx[long_enough]


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
    starts = _efforts_of(
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


def _distance_steps(v: FloatArray, t: FloatArray, tdiff: FloatArray, max_gap_s: float, regular: bool) -> FloatArray:
    """speed × sample duration; a regular recording (no gaps, time advancing) skips the duration array."""
    if regular:
        step = np.empty(len(v))
        np.multiply(v[:-1], tdiff, out=step[:-1])
        step[-1] = v[-1] * tdiff[-1]
        return step
    return v * sample_durations(t, max_gap_s, tdiff)


def speed_metrics(trace: Trace, s: MetricSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    t = trace.time_s
    out: dict[str, Any] = {
        "samples": len(trace),
        "duration_s": float(t[-1] - t[0]) if len(t) > 1 else 0.0,
        "hsr_threshold_m_s": s.hsr_m_s,
        "sprint_threshold_m_s": s.sprint_m_s,
    }
    speed = trace.get("speed")
    if speed is None or len(t) == 0:
        out["distance_m"] = _span(trace.get("distance"))
        return out
    ok = valid_samples(trace, s)
    dropped = np.flatnonzero(~ok)
    n_ok = len(ok) - len(dropped)
    # Dropped samples: no speed, no distance, never above a threshold. `v` is padded with zeros (acceleration).
    w = smoothing_width(t, s.smoothing_s)
    pad = 2 * w  # room for the blocks of `_fast_acceleration` past either end
    vp = np.empty(len(t) + 2 * pad)
    vp[:pad] = vp[-pad:] = 0.0
    v = vp[pad:-pad]
    v[:] = speed
    v[dropped] = 0.0  # dropped samples are few: faster than a masked copy
    v_hi, v_lo = float(v.max()), float(v.min())
    # Finite speeds that cleaning dropped (implausible or poor quality). If every kept speed is finite, those
    # are among the (few) dropped samples; an infinite kept speed (no ceiling) needs the full count.
    if np.isfinite(v_hi) and np.isfinite(v_lo):
        out["removed_samples"] = int(np.count_nonzero(np.isfinite(speed[dropped])))
    else:
        out["removed_samples"] = int(np.count_nonzero(np.isfinite(speed))) - n_ok
    tdiff = np.subtract(t[1:], t[:-1])
    tdiff_min = float(tdiff.min()) if len(tdiff) else 0.0
    regular = bool(len(tdiff)) and tdiff_min > 0 and tdiff.max() <= s.max_gap_s
    step = _distance_steps(v, t, tdiff, s.max_gap_s, regular)
    dist_channel = trace.get("distance")
    out["distance_m"] = _span(dist_channel) if dist_channel is not None else float(step.sum())
    vmax = v_hi if n_ok else None
    out["max_speed_m_s"] = vmax
    # One pass finds the (few) high-speed samples; the bands and the sprint candidates are subsets of them.
    fast = np.flatnonzero(v >= min(s.hsr_m_s, s.sprint_m_s, s.sprint_exit_m_s))
    v_fast, step_fast = v[fast], step[fast]
    out["hsr_m"] = float(step_fast[v_fast >= s.hsr_m_s].sum())
    out["sprint_m"] = float(step_fast[v_fast >= s.sprint_m_s].sum())
    if s.sprint_m_s < s.sprint_exit_m_s:
        raise ValueError("entry threshold must not be below the exit threshold")
    past = v_fast >= s.sprint_exit_m_s  # as threshold_efforts(v, …), on the candidates only
    sprints = _efforts_of(fast[past], v_fast[past], t, len(v), s.sprint_m_s, s.min_sprint_s)[0]
    out["sprint_count"] = len(sprints)
    out["accel_count"], out["decel_count"] = _accel_decel(
        vp, pad, ok, dropped, speed, t, tdiff, tdiff_min, max(v_hi, -v_lo), w, s
    )
    if s.athlete_max_speed_m_s:
        ref = s.athlete_max_speed_m_s
        out["athlete_max_speed_m_s"] = ref
        out["max_speed_pct"] = None if vmax is None else 100.0 * vmax / ref
        out["pct_threshold"] = s.pct_of_max
        out["above_pct_m"] = float(np.sum(step, where=v >= ref * s.pct_of_max / 100.0))
    return out


def _accel_decel(
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


def heart_rate_metrics(trace: Trace) -> dict[str, Any]:
    hr = trace.get("heart_rate")
    if hr is None or not np.isfinite(hr).any():
        return {}
    return {"mean_hr_bpm": float(np.nanmean(hr)), "max_hr_bpm": float(np.nanmax(hr))}


def gait_metrics(trace: Trace) -> dict[str, Any]:
    """Running dynamics over moving samples (cadence > 0): GCT, its left/right balance and drift, cadence."""
    cadence = trace.get("cadence")
    moving: BoolArray = np.ones(len(trace), bool) if cadence is None else np.nan_to_num(cadence) > 0
    out: dict[str, Any] = {}
    for key, channel, lo, hi in (
        ("mean_gct_ms", "stance_time", 0.0, 2000.0),
        ("gct_balance_left_pct", "stance_time_balance", 0.0, 100.0),
        ("cadence_spm", "cadence", 0.0, 400.0),
        ("step_length_mm", "step_length", 0.0, 4000.0),
        ("vertical_oscillation_mm", "vertical_oscillation", 0.0, 500.0),
        ("vertical_ratio_pct", "vertical_ratio", 0.0, 100.0),
    ):
        x = trace.get(channel)
        if x is None:
            continue
        with np.errstate(invalid="ignore"):
            use = moving & (x > lo) & (x < hi)
        if use.any():
            out[key] = float(x[use].mean())
            if channel == "stance_time_balance":
                out["gct_balance_drift_pct"] = _drift(x[use])
    return out


def _drift(x: FloatArray) -> float | None:
    """Mean of the last third minus mean of the first third (percentage points): fatigue-related asymmetry."""
    if len(x) < 3:
        return None
    k = len(x) // 3
    return float(x[-k:].mean() - x[:k].mean())


def _span(cumulative: FloatArray | None) -> float | None:
    if cumulative is None or not np.isfinite(cumulative).any():
        return None
    return float(np.nanmax(cumulative) - np.nanmin(cumulative))


def session_metrics(trace: Trace, sport: str, s: MetricSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """All metrics of one trace; running-dynamics metrics only for sports on foot (never from a ride)."""
    on_foot = sport not in NOT_ON_FOOT
    if on_foot:
        out = speed_metrics(trace, s)
    else:  # a ride may pass 12.5 m/s; running-load metrics would be meaningless
        out = speed_metrics(trace, replace(s, max_speed_m_s=np.inf))
        for key in ("hsr_m", "sprint_m", "sprint_count", "accel_count", "decel_count", "above_pct_m"):
            out.pop(key, None)
    out.update(heart_rate_metrics(trace))
    if sport in GAIT_SPORTS:
        out.update(gait_metrics(trace))
    load = trace.get("player_load")
    if load is not None:
        out["player_load"] = _span(load)
    out["mean_speed_m_s"] = (
        out["distance_m"] / out["duration_s"] if out.get("distance_m") and out["duration_s"] else None
    )
    return out
