"""Sprint mechanical profile (samozino2016) on synthetic 10 Hz traces with known answers.

How the traces are made: standstill, then v(t) = vmax·(1 − e^(−(t − t0)/τ)) for 6–9 s, then a
deceleration of 2 m/s² to a jog; Gaussian noise added to every 10 Hz sample. Parameters are drawn at
random (vmax 7–10.5 m/s, τ 0.8–1.6 s, start 3–8 s into the trace). No real 10 Hz trace is available.
"""

from __future__ import annotations

import numpy as np
import pytest

from sprintback.telemetry.model import Trace
from sprintback.telemetry.sprint_profile import air_friction_per_kg, model_speed, sprint_profile


def synthetic_sprint(seed: int, noise: float, hz: float = 10.0) -> tuple[np.ndarray, np.ndarray, float, float]:
    rng = np.random.default_rng(seed)
    vmax, tau, t0 = rng.uniform(7, 10.5), rng.uniform(0.8, 1.6), rng.uniform(3, 8)
    t = np.arange(0, 40, 1 / hz)
    v = model_speed(t, vmax, tau, t0)
    end = t0 + rng.uniform(6, 9)
    after = t > end
    v[after] = np.maximum(v[after][0] - (t[after] - end) * 2.0, 1.5)
    return t, v + rng.normal(0, noise, len(t)), vmax, tau


@pytest.mark.parametrize("seed", range(25))
def test_vmax_and_tau_within_2_percent_on_noisy_10hz_traces(seed: int) -> None:
    t, v, vmax, tau = synthetic_sprint(seed, noise=0.05)
    p = sprint_profile(t, v)
    assert p is not None
    assert p.vmax_m_s == pytest.approx(vmax, rel=0.02)
    assert p.tau_s == pytest.approx(tau, rel=0.02)
    # Without air friction the F-v line is exact: F0 = vmax/τ, V0 = vmax, Pmax = F0·V0/4.
    assert p.f0_n_per_kg == pytest.approx(p.vmax_m_s / p.tau_s)
    assert p.v0_m_s == pytest.approx(p.vmax_m_s) and p.pmax_w_per_kg == pytest.approx(p.f0_n_per_kg * p.v0_m_s / 4)


def test_noisier_traces_are_unbiased_on_average() -> None:
    """At 0.15 m/s noise one trace's τ can be several % off (few samples in the rise); the mean is not."""
    errors = []
    for seed in range(40):
        t, v, vmax, tau = synthetic_sprint(seed, noise=0.15)
        p = sprint_profile(t, v)
        assert p is not None
        errors.append((p.vmax_m_s / vmax - 1, p.tau_s / tau - 1))
    mean_vmax, mean_tau = np.mean(errors, axis=0)
    assert abs(mean_vmax) < 0.01 and abs(mean_tau) < 0.02


def test_air_friction_raises_v0_above_vmax_and_is_about_right_for_a_typical_sprinter() -> None:
    k = air_friction_per_kg(1.80, 75.0)
    assert k == pytest.approx(0.0038, abs=0.0006)  # ~0.28 kg/m over 75 kg (samozino2016 typical values)
    t, v, _, _ = synthetic_sprint(3, noise=0.05)
    with_air = sprint_profile(t, v, 1.80, 75.0)
    assert with_air is not None and with_air.air_friction
    assert with_air.v0_m_s > with_air.vmax_m_s
    assert with_air.pmax_w_per_kg > with_air.vmax_m_s / with_air.tau_s * with_air.vmax_m_s / 4 * 0.99


def test_a_steady_run_or_a_flying_start_holds_no_maximal_sprint() -> None:
    t = np.arange(0, 60, 0.1)
    assert sprint_profile(t, np.full(len(t), 3.5) + np.sin(t) * 0.3) is None  # jogging, never from standstill
    flying = 4.0 + model_speed(t, 4.0, 1.0, 10.0)  # accelerates from a 4 m/s jog
    assert sprint_profile(t, flying) is None


def test_a_gps_spike_removed_by_cleaning_does_not_become_the_top_speed() -> None:
    from sprintback.telemetry.metrics import sprint_profile_metrics

    t, v, vmax, _ = synthetic_sprint(5, noise=0.05)
    v[50] = 30.0  # removed by the 12.5 m/s ceiling
    tr = Trace(t)
    tr.add("speed", v)
    m = sprint_profile_metrics(tr)
    assert m["sprint_vmax_m_s"] == pytest.approx(vmax, rel=0.02)
