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

from dataclasses import replace
from typing import Any

import numpy as np

from sprintback.telemetry.acceleration import accel_decel_counts, smoothing_width
from sprintback.telemetry.efforts import efforts_of
from sprintback.telemetry.metric_settings import DEFAULT_SETTINGS, MetricSettings
from sprintback.telemetry.model import BoolArray, FloatArray, Trace
from sprintback.telemetry.sprint_profile import sprint_profile

__all__ = [
    "DEFAULT_SETTINGS",
    "GAIT_SPORTS",
    "ON_FOOT",
    "MetricSettings",
    "on_foot",
    "session_metrics",
    "speed_metrics",
]

# Sports on foot, where running load means something: HSR, sprints, accelerations, a max-speed measurement
# and the human speed ceiling. An allowlist: a sport not named here (stand-up paddleboarding, skiing, an
# e-bike, FIT `generic`, a code newer than our profile) is not on foot, so a paddle's or a ski run's speed
# never becomes a sprint or a max-speed measure. FIT `hockey` is left out: its sub-sports include ice hockey.
ON_FOOT = frozenset(
    {
        "running", "walking", "hiking", "mountaineering", "snowshoeing", "field_sport", "soccer",
        "american_football", "rugby", "lacrosse", "team_sport", "basketball", "volleyball", "tennis", "racket",
        "cricket", "baseball",
    }
)  # fmt: skip


def on_foot(sport: str) -> bool:
    return sport in ON_FOOT


GAIT_SPORTS = frozenset({"running", "walking"})  # running dynamics only mean something on foot


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
    sprints = efforts_of(fast[past], v_fast[past], t, len(v), s.sprint_m_s, s.min_sprint_s)[0]
    out["sprint_count"] = len(sprints)
    out["accel_count"], out["decel_count"] = accel_decel_counts(
        vp, pad, ok, dropped, speed, t, tdiff, tdiff_min, max(v_hi, -v_lo), w, s
    )
    if s.athlete_max_speed_m_s:
        ref = s.athlete_max_speed_m_s
        out["athlete_max_speed_m_s"] = ref
        out["max_speed_pct"] = None if vmax is None else 100.0 * vmax / ref
        out["pct_threshold"] = s.pct_of_max
        out["above_pct_m"] = float(np.sum(step, where=v >= ref * s.pct_of_max / 100.0))
    return out


def heart_rate_metrics(trace: Trace, max_gap_s: float = DEFAULT_SETTINGS.hr_max_gap_s) -> dict[str, Any]:
    """Mean HR weighted by time (trapezoids between successive readings; gaps over `max_gap_s` count as no
    time), as a device averages it: watches record smartly (a sample when something changes), so a plain
    mean of the samples over-weights the moments of change (on the Fenix 5 run: 84.9 vs the device's 90)."""
    hr = trace.get("heart_rate")
    if hr is None or not np.isfinite(hr).any():
        return {}
    have = np.isfinite(hr)
    t, x = trace.time_s[have], hr[have]
    dt = np.diff(t)
    use = (dt > 0) & (dt <= max_gap_s)
    weight = float(dt[use].sum())
    mean = float(((x[:-1] + x[1:])[use] * dt[use]).sum() / (2 * weight)) if weight > 0 else float(x.mean())
    return {"mean_hr_bpm": mean, "max_hr_bpm": float(x.max())}


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


SPRINT_PROFILE_KEYS = ("vmax_m_s", "tau_s", "f0_n_per_kg", "v0_m_s", "pmax_w_per_kg")


def sprint_profile_metrics(trace: Trace, s: MetricSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """`sprint_<key>` for the trace's maximal sprint (samozino2016), all None when it holds none."""
    speed = trace.get("speed")
    profile = None
    if speed is not None and len(trace) >= 5:
        cleaned = np.where(valid_samples(trace, s), speed, np.nan)
        profile = sprint_profile(trace.time_s, cleaned, s.height_m, s.mass_kg)
    values = profile.as_dict() if profile is not None else {}
    out: dict[str, Any] = {f"sprint_{k}": values.get(k) for k in SPRINT_PROFILE_KEYS}
    out["sprint_air_friction"] = None if profile is None else int(profile.air_friction)
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
    """All metrics of one trace; running-load metrics only on foot (ON_FOOT), running dynamics only for
    running and walking (never from a ride)."""
    if on_foot(sport):
        out = speed_metrics(trace, s)
    else:  # a ride or a paddle may pass 12.5 m/s; running-load metrics would be meaningless
        out = speed_metrics(trace, replace(s, max_speed_m_s=np.inf))
        for key in ("hsr_m", "sprint_m", "sprint_count", "accel_count", "decel_count", "above_pct_m"):
            out.pop(key, None)
    out.update(heart_rate_metrics(trace, s.hr_max_gap_s))
    if sport in GAIT_SPORTS:
        out.update(gait_metrics(trace))
    load = trace.get("player_load")
    if load is not None:
        out["player_load"] = _span(load)
    out["mean_speed_m_s"] = (
        out["distance_m"] / out["duration_s"] if out.get("distance_m") and out["duration_s"] else None
    )
    return out
