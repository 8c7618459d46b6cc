"""Sprint mechanical profile from a speed trace: the Samozino/Morin field method (samozino2016).

The acceleration of a maximal sprint from a standstill follows v(t) = vmax·(1 − e^(−(t − t0)/τ)). Fitting
vmax, τ and the start t0 to the speed samples gives, per kg of body mass,
  a(t) = (vmax/τ)·e^(−(t − t0)/τ),  F_H/m = a + F_air/m,  F_air = k·v²,
and the horizontal force–velocity line F_H/m = F0·(1 − v/V0) fitted over the acceleration phase:
F0 (N/kg, theoretical force at zero speed), V0 (m/s, speed at zero force) and Pmax = F0·V0/4 (W/kg).
Air friction k = ½·ρ·Af·Cd with Af = 0.2025·h^0.725·m^0.425·0.266 (frontal area, m²), Cd = 0.9 and
ρ = 1.205 kg/m³ (20 °C, 760 mmHg), used only when height and mass are known; without them F_air = 0,
so F0 = vmax/τ and V0 = vmax (a few % low on F0 and V0 for a typical athlete).
Why it matters after a hamstring strain: injured players return with lower horizontal force (F0) and
Pmax than uninjured ones, which recover about two months later (mendiguchia2014), and the criteria-based
algorithm returned players with better V0 and Pmax (mendiguchia2017).

"No maximal sprint" (None) unless the trace holds an acceleration from near standstill (≤ 1 m/s) to its
fastest sample within 2–12 s, sampled at ≥ 5 points, and the fit is good (R² ≥ 0.95) with a plateau
(fitted vmax ≤ 1.05 × the fastest sample; τ between 0.3 and 3 s). These are data-quality limits of the
fit, not clinical thresholds.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from sprintback.telemetry.model import FloatArray

RHO_AIR = 1.205  # kg/m³ at 20 °C, 760 mmHg (samozino2016)
CD = 0.9  # drag coefficient of a sprinter (samozino2016)
STANDSTILL_M_S = 1.0
MIN_RISE_S, MAX_RISE_S = 2.0, 12.0
MIN_POINTS = 5
MIN_R2 = 0.95
TAU_RANGE_S = (0.3, 3.0)
PLATEAU_RATIO = 1.05


@dataclass(frozen=True)
class SprintProfile:
    vmax_m_s: float
    tau_s: float
    f0_n_per_kg: float
    v0_m_s: float
    pmax_w_per_kg: float
    start_s: float  # t0: the fitted start of the sprint, seconds into the trace
    r2: float
    air_friction: bool  # whether height and mass gave an air-friction term

    def as_dict(self) -> dict[str, float | bool]:
        return asdict(self)


def air_friction_per_kg(height_m: float, mass_kg: float) -> float:
    """k/m in F_air/m = (k/m)·v² (samozino2016: frontal area from height and mass, Cd 0.9)."""
    frontal_area = 0.2025 * height_m**0.725 * mass_kg**0.425 * 0.266
    return float(0.5 * RHO_AIR * frontal_area * CD / mass_kg)


def model_speed(t: FloatArray, vmax: float, tau: float, t0: float) -> FloatArray:
    return np.where(t > t0, vmax * (1.0 - np.exp(-(t - t0) / tau)), 0.0)


def _acceleration_window(t: FloatArray, v: FloatArray) -> tuple[int, int] | None:
    """Indices from the last near-standstill sample before the sprint's top speed to the end of its plateau:
    the fastest sample of the speed smoothed over 0.5 s (so one noisy sample does not end the plateau
    early, and the deceleration after it stays out of the fit); None when no such acceleration exists."""
    ok = np.isfinite(v) & np.isfinite(t)
    if ok.sum() < MIN_POINTS:
        return None
    filled = np.where(ok, v, 0.0)
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1.0
    w = max(1, round(0.5 / dt)) if dt > 0 else 1
    w += 1 - w % 2
    smooth = np.convolve(filled, np.ones(w) / w, mode="same") if w > 1 else filled
    peak = int(np.argmax(np.where(ok, smooth, -np.inf)))
    still = np.flatnonzero(ok[:peak] & (v[:peak] <= STANDSTILL_M_S))
    if not len(still):
        return None
    start = int(still[-1])
    if not MIN_RISE_S <= t[peak] - t[start] <= MAX_RISE_S:
        return None
    return start, peak + w // 2 + 1


def sprint_profile(
    time_s: FloatArray, speed: FloatArray, height_m: float | None = None, mass_kg: float | None = None
) -> SprintProfile | None:
    """The profile of the trace's maximal sprint (its fastest acceleration from a standstill), or None."""
    window = _acceleration_window(time_s, speed)
    if window is None:
        return None
    lo, hi = window
    t, v = time_s[lo:hi], speed[lo:hi]
    keep = np.isfinite(t) & np.isfinite(v)
    t, v = t[keep], v[keep]
    if len(t) < MIN_POINTS:
        return None
    fit = _fit(t, v)
    if fit is None:
        return None
    vmax, tau, t0, r2 = fit
    if r2 < MIN_R2 or not TAU_RANGE_S[0] <= tau <= TAU_RANGE_S[1] or vmax > PLATEAU_RATIO * float(v.max()):
        return None
    k = air_friction_per_kg(height_m, mass_kg) if height_m and mass_kg else 0.0
    f0, v0 = _force_velocity(vmax, tau, k)
    return SprintProfile(vmax, tau, f0, v0, f0 * v0 / 4.0, t0, r2, k > 0)


def _fit(t: FloatArray, v: FloatArray) -> tuple[float, float, float, float] | None:
    """Least squares for vmax, τ and t0 (scipy), started from the observed peak and rise."""
    from scipy.optimize import curve_fit

    peak = float(v.max())
    t_first = float(t[0])
    guess = (peak, max(0.5, (t[int(np.argmax(v))] - t_first) / 4.0), t_first)
    bounds = ([0.5, 0.05, t_first - 2.0], [15.0, 5.0, float(t[-1])])
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            params, _ = curve_fit(model_speed, t, v, p0=guess, bounds=bounds, maxfev=2000)
    except (RuntimeError, ValueError):
        return None
    vmax, tau, t0 = (float(x) for x in params)
    residual = float(np.sum((v - model_speed(t, vmax, tau, t0)) ** 2))
    total = float(np.sum((v - v.mean()) ** 2))
    r2 = 1.0 - residual / total if total > 0 else 0.0
    return vmax, tau, t0, r2


def _force_velocity(vmax: float, tau: float, k_per_kg: float) -> tuple[float, float]:
    """F0 (N/kg) and V0 (m/s): the line through F_H/m = a(t) + (k/m)·v(t)² against v(t), from the start to
    the time the model reaches 99 % of vmax, at 0.01 s steps (samozino2016 uses the modelled points)."""
    if k_per_kg == 0.0:
        return vmax / tau, vmax  # exact: F/m = (vmax/τ)·(1 − v/vmax)
    end = -tau * math.log(0.01)
    t = np.arange(0.0, end, 0.01)
    v = vmax * (1.0 - np.exp(-t / tau))
    f = (vmax / tau) * np.exp(-t / tau) + k_per_kg * v**2
    slope, intercept = np.polyfit(v, f, 1)
    return float(intercept), float(-intercept / slope)
