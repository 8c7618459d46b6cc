"""Properties of the forecast for every case (Hypothesis): same seed, same answer; centiles in order; later good
data never moves the median later; a setback never moves it earlier; never before the protocol allows."""

from __future__ import annotations

from datetime import timedelta

from casebuilder import CaseBuilder, day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintback.domain.forecast.model import Forecast, floor_days, forecast
from sprintback.domain.models import Case, Mechanism, PainMode, SessionKind
from sprintback.forecast_files import load_default_forecast_config
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
CONFIG = load_default_forecast_config()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLES = 600
PASSES = ("passes_protect", "passes_loading", "passes_strength", "passes_running", "passes_sport")


@st.composite
def builders(draw: st.DrawFn) -> tuple[CaseBuilder, int]:
    """A calm case that passes some of the gates on random days, with some setbacks along the way."""
    last = draw(st.integers(3, 60))
    b = CaseBuilder(
        grade=draw(st.sampled_from(["1a", "1b", "2a", "2b", "2c", "3b", "3c"])),
        mechanism=draw(st.sampled_from(list(Mechanism))),
        previous_hsi=draw(st.integers(0, 1)),
        pain_mode=draw(st.sampled_from([None, PainMode.PAIN_FREE])),
        baselines={"max_speed_m_s": 9.3},
    )
    b.calm_days(0, last)
    gate_days = sorted(draw(st.lists(st.integers(3, last), max_size=len(PASSES))))  # sport tests days n-3..n
    for name, n in zip(PASSES, gate_days, strict=False):
        getattr(b, name)(n)
    for n in draw(st.lists(st.integers(0, last), max_size=3)):
        b.checkin(n, pain_exercise=draw(st.sampled_from([5.0, 7.0])))
    return b, last


def good_battery(b: CaseBuilder, n: int) -> None:
    """A re-assessment on day n at least as good as anything any criterion can ask for."""
    for kind, value in (
        ("iso_90_90_n", 300), ("iso_0_15_n", 210), ("ake_deg", 80), ("pslr_deg", 90), ("nordic_force_n", 400),
        ("single_leg_hop_cm", 170),
    ):  # fmt: skip
        b.pair(n, kind, value, value, pain=0)
    for kind in ("palpation_pain", "h_test_insecurity", "pain_max_sprint", "pain_slow_jog"):
        b.measure(n, kind, 0)
    b.measure(n, "athlete_ready", 1)
    b.run(n, 100)
    b.session(n, SessionKind.SPRINT, 30, rpe=7, pain_during=0, top_speed_pct=100, top_speed_m_s=9.3)
    b.session(n, SessionKind.TEAM, 75, rpe=6, pain_during=0)


def run(case: Case, last: int) -> Forecast:
    return forecast(case, PROTOCOL, CONFIG, day(last), samples=SAMPLES)


@SETTINGS
@given(builders())
def test_same_case_same_seed_same_forecast_and_centiles_in_order(built: tuple[CaseBuilder, int]) -> None:
    b, last = built
    case = b.build()
    f = run(case, last)
    assert f == run(case, last)
    floors = {p.id: floor_days(p, case.injury) for p in PROTOCOL.phases}
    previous = None
    for g in f.gates:
        assert g.p10 <= g.p50 <= g.p90
        assert g.p10 >= max(floors[g.phase], last + 1), "never before the minimum days, never before tomorrow"
        if previous is not None:
            assert g.p10 > previous.p10 and g.p50 > previous.p50 and g.p90 > previous.p90
        previous = g
    assert f.rts.p10 <= f.rts.p50 <= f.rts.p90


@SETTINGS
@given(builders(), st.data())
def test_later_good_data_never_moves_the_median_later(built: tuple[CaseBuilder, int], data: st.DataObject) -> None:
    b, last = built
    before = run(b.build(), last)
    good_battery(b, data.draw(st.integers(0, last)))
    after = run(b.build(), last)
    assert after.rts.p50 <= before.rts.p50


@SETTINGS
@given(builders(), st.data())
def test_a_setback_never_moves_the_median_earlier(built: tuple[CaseBuilder, int], data: st.DataObject) -> None:
    b, last = built
    before = run(b.build(), last)
    n = data.draw(st.integers(0, last))
    pain = data.draw(st.sampled_from([5.0, 6.0, 8.0]))
    b.checkin(n, pain_exercise=max(pain, b.checkin(n).pain_exercise or 0))  # worse, never better, than before
    after = run(b.build(), last)
    assert after.rts.p50 >= before.rts.p50


def test_another_seed_gives_another_draw_but_the_same_seed_repeats() -> None:
    b = CaseBuilder(grade="2b").calm_days(0, 10)
    case = b.build()
    a = forecast(case, PROTOCOL, CONFIG, day(10), seed=1)
    assert a == forecast(case, PROTOCOL, CONFIG, day(10), seed=1)
    spreads = {forecast(case, PROTOCOL, CONFIG, day(10), seed=s, samples=200).rts.p90 for s in range(6)}
    assert len(spreads) > 1


def test_a_fast_athlete_is_forecast_earlier_than_a_slow_one_with_the_same_prior() -> None:
    first = floor_days(PROTOCOL.phases[0], CaseBuilder(grade="2b").injury)  # the first phase's minimum
    fast = CaseBuilder(grade="2b").calm_days(0, first + 6)
    fast.passes_protect(first)
    fast.passes_loading(first + 4)
    slow = CaseBuilder(grade="2b").calm_days(0, first + 6)
    slow.passes_protect(first + 6)
    f, s = (forecast(b.build(), PROTOCOL, CONFIG, day(first + 6)) for b in (fast, slow))
    assert PROTOCOL.phase_index(f.phase) > PROTOCOL.phase_index(s.phase)
    assert f.rts.p50 < s.rts.p50
    assert f.basis.pace_observed < 1 < s.basis.pace_observed


def test_a_cleared_athlete_has_no_gate_left_and_the_clearance_day_as_the_answer() -> None:
    b = CaseBuilder(grade="2b").calm_days(0, 30)
    f = forecast(b.build(), PROTOCOL, CONFIG, day(30), cleared_on=day(25))
    assert f.gates == () and (f.rts.p10, f.rts.p50, f.rts.p90) == (25, 25, 25)
    assert f.to_dict()["rts_p50"] == (day(0) + timedelta(days=25)).isoformat()


def test_coaches_get_dates_without_the_clinical_basis() -> None:
    f = forecast(CaseBuilder(grade="2c").calm_days(0, 5).build(), PROTOCOL, CONFIG, day(5))
    coach = f.to_dict(clinical=False)
    assert {"rts_p10", "rts_p50", "rts_p90", "rts_days_p50", "gates"} <= set(coach)
    assert "basis" not in coach and "prior" not in coach and "decision" not in coach
    assert "basis" in f.to_dict(clinical=True)
