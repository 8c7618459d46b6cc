"""Session metrics from a `Trace`: vectorised NumPy, one definition each, documented in docs/telemetry.md.

Definitions (all on samples left after cleaning):
- a sample "lasts" until the next one (forward rectangle); gaps longer than `max_gap_s` count as no time, so
  a paused watch or a dropout never becomes distance;
- band distance = Σ speed·dt over samples at or above the band's lower edge;
- an effort (sprint, acceleration, deceleration) starts when the signal reaches `entry`, goes on until it
  falls below `exit` (hysteresis: a brief dip between the two does not split it) and counts only if it lasts
  at least `min_dwell_s`;
- acceleration is the time derivative of speed after a centred moving average over `smoothing_s`
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
    n = len(trace)
    ok: BoolArray = (
        np.ones(n, dtype=bool) if speed is None else np.isfinite(speed) & (speed <= s.max_speed_m_s)
    )
    for name, limit, worse_if_above in (
        ("hdop", s.max_hdop, True),
        ("quality", s.min_quality, False),
        ("satellites", s.min_satellites, False),
    ):
        x = trace.get(name)
        if x is None:
            continue
        with np.errstate(invalid="ignore"):
            bad = x > limit if worse_if_above else x < limit
        ok &= ~bad  # a missing quality value does not discard a sample
    return ok


def sample_durations(time_s: FloatArray, max_gap_s: float) -> FloatArray:
    """How long each sample stands for: time to the next sample, 0 across gaps longer than `max_gap_s`."""
    if len(time_s) == 0:
        return np.zeros(0)
    dt = np.diff(time_s)
    last = float(np.median(dt)) if len(dt) else 0.0
    dt = np.append(dt, last)
    dt[(dt < 0) | (dt > max_gap_s)] = 0.0
    return dt


def threshold_efforts(
    x: FloatArray, time_s: FloatArray, entry: float, exit_: float, min_dwell_s: float
) -> tuple[IntArray, IntArray]:
    """Efforts as (start index, end index exclusive), hysteresis and minimum dwell; NaN counts as below."""
    n = len(x)
    if n == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    with np.errstate(invalid="ignore"):
        above = x >= entry
        below = ~(x >= exit_)  # NaN → below
    # State after each sample: the last decisive event (1 entered, 0 left), carried forward vectorised.
    decisive = above | below
    idx = np.where(decisive, np.arange(n), -1)
    np.maximum.accumulate(idx, out=idx)
    state = np.where(idx >= 0, above[np.maximum(idx, 0)], False)
    edges = np.diff(state.astype(np.int8), prepend=0, append=0)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    # Duration up to the first sample after the effort (or the last sample).
    end_time = time_s[np.minimum(ends, n - 1)]
    keep = (end_time - time_s[starts]) >= min_dwell_s - 1e-9
    return starts[keep], ends[keep]


def smoothed(x: FloatArray, time_s: FloatArray, window_s: float) -> FloatArray:
    """Centred moving average over about `window_s` (by the median sample interval); NaN-aware."""
    if len(x) < 3:
        return x.copy()
    dt = float(np.median(np.diff(time_s)))
    w = round(window_s / dt) if dt > 0 else 1
    if w <= 1:
        return x.copy()
    finite = np.isfinite(x)
    kernel = np.ones(w)
    num = np.convolve(np.where(finite, x, 0.0), kernel, mode="same")
    den = np.convolve(finite.astype(np.float64), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def acceleration(speed: FloatArray, time_s: FloatArray, smoothing_s: float) -> FloatArray:
    """dv/dt of the smoothed speed, backward difference; NaN where time does not advance."""
    v = smoothed(speed, time_s, smoothing_s)
    dt = np.diff(time_s)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.where(dt > 0, np.diff(v) / np.where(dt > 0, dt, 1.0), np.nan)
    return np.concatenate(([np.nan], acc)) if len(time_s) else np.zeros(0)


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
        dist = trace.get("distance")
        out["distance_m"] = _span(dist)
        return out
    ok = valid_samples(trace, s)
    out["removed_samples"] = int((np.isfinite(speed) & ~ok).sum())  # implausible or poor-quality
    v = np.where(ok, speed, np.nan)
    dt = sample_durations(t, s.max_gap_s)
    step = np.where(ok, v * dt, 0.0)
    dist_channel = trace.get("distance")
    out["distance_m"] = _span(dist_channel) if dist_channel is not None else float(step.sum())
    vmax = float(np.nanmax(v)) if np.isfinite(v).any() else None
    out["max_speed_m_s"] = vmax
    with np.errstate(invalid="ignore"):
        out["hsr_m"] = float(step[v >= s.hsr_m_s].sum())
        out["sprint_m"] = float(step[v >= s.sprint_m_s].sum())
    starts, _ = threshold_efforts(v, t, s.sprint_m_s, s.sprint_exit_m_s, s.min_sprint_s)
    out["sprint_count"] = len(starts)
    acc = acceleration(v, t, s.smoothing_s)
    out["accel_count"] = len(threshold_efforts(acc, t, s.accel_m_s2, s.accel_exit_m_s2, s.min_accel_s)[0])
    out["decel_count"] = len(threshold_efforts(-acc, t, s.accel_m_s2, s.accel_exit_m_s2, s.min_accel_s)[0])
    if s.athlete_max_speed_m_s:
        ref = s.athlete_max_speed_m_s
        out["athlete_max_speed_m_s"] = ref
        out["max_speed_pct"] = None if vmax is None else 100.0 * vmax / ref
        out["pct_threshold"] = s.pct_of_max
        with np.errstate(invalid="ignore"):
            out["above_pct_m"] = float(step[v >= ref * s.pct_of_max / 100.0].sum())
    return out


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
