"""The reinjury risk profile (flags with published effect sizes, never gates) and maintenance monitoring after
clearance (drift against the athlete's own values at clearance, overdue re-assessments)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from casebuilder import CaseBuilder, day

from sprintback.domain.forecast.monitoring import maintenance_report
from sprintback.domain.forecast.reinjury import reinjury_profile
from sprintback.domain.models import Case, Measurement, SessionKind
from sprintback.forecast_files import load_default_forecast_config
from sprintback.services.demo_squad import DEMO_SQUAD, build_case

CONFIG = load_default_forecast_config()
assert CONFIG.monitoring is not None
MONITORING = CONFIG.monitoring
TODAY = date(2026, 11, 2)


def flags(case: Case, as_of: date) -> dict[str, str]:
    return {f.factor.id: f.status for f in reinjury_profile(case, CONFIG.risk_factors, as_of)}


def test_a_weak_short_fascicled_athlete_with_history_has_each_factor_flagged_with_its_relative_risk() -> None:
    b = CaseBuilder(grade="2b", previous_hsi=2)
    b.pair(20, "nordic_force_n", 250, 320)
    b.pair(20, "bflh_fascicle_cm", 9.8, 10.9)
    case = b.build()
    case = replace(case, injury=replace(case.injury, previous_acl=True, previous_calf_strain=False))
    f = flags(case, day(21))
    assert f["this_injury"] == f["previous_hsi"] == f["previous_acl"] == "present"
    assert f["previous_calf"] == "absent"
    assert f["nordic_below_256"] == f["nordic_below_279"] == f["nordic_below_337"] == "present"
    assert f["nordic_imbalance_15"] == f["nordic_imbalance_20"] == "present"  # 250 vs 320: 21.9%
    assert f["short_fascicles"] == "present"
    assert f["older_age"] == "not_recorded" and f["load_spike"] == "not_recorded"
    by_id = {x.factor.id: x for x in reinjury_profile(case, CONFIG.risk_factors, day(21))}
    assert (
        by_id["nordic_below_337"].factor.value == 4.4
        and by_id["nordic_below_337"].factor.evidence.source == "timmins2016"
    )
    assert by_id["previous_acl"].factor.value == 1.7 and by_id["short_fascicles"].factor.value == 4.1


def test_a_strong_symmetric_athlete_without_history_only_carries_the_injury_itself() -> None:
    b = CaseBuilder(grade="2b")
    b.pair(20, "nordic_force_n", 380, 390)
    for n in range(1, 15):
        b.session(n, SessionKind.TEAM, 60, rpe=5)
    f = flags(b.build(), day(14))
    present = {k for k, v in f.items() if v == "present"}
    assert present == {"this_injury"}
    assert f["load_spike"] == "absent" and f["previous_acl"] == "not_recorded"


def test_a_week_on_week_load_spike_is_flagged() -> None:
    b = CaseBuilder(grade="2b")
    b.session(3, SessionKind.REHAB, 30, rpe=3)  # 90 AU the week before
    for n in range(8, 14):
        b.session(n, SessionKind.TEAM, 60, rpe=5)  # 1800 AU this week
    assert flags(b.build(), day(13))["load_spike"] == "present"


def ivan(drift: bool = True) -> tuple[Case, date]:
    """The demo squad's cleared athlete (cleared 30 days before TODAY), whose strength, hop and speed fall over
    the last 12 days, or (drift=False) who keeps them."""
    plan = next(p for p in DEMO_SQUAD if p.cleared_days_ago is not None)
    i = DEMO_SQUAD.index(plan)
    assert plan.cleared_days_ago is not None and plan.drift_days
    case = build_case(plan if drift else replace(plan, drift_days=0), TODAY, seed=1000 + i)
    return case, TODAY - timedelta(days=plan.cleared_days_ago)


def test_a_cleared_demo_athlete_who_keeps_their_values_has_no_drift_alert() -> None:
    case, cleared = ivan(drift=False)
    report = maintenance_report(case, MONITORING, cleared, TODAY)
    assert [c.status for c in report.checks] == ["ok"] * len(report.checks)
    assert report.alerts == ()


def test_a_cleared_demo_athlete_whose_values_fall_gets_drift_alerts_against_their_clearance_values() -> None:
    case, cleared = ivan()
    report = maintenance_report(case, MONITORING, cleared, TODAY)
    status = {c.rule.id: c.status for c in report.checks}
    assert status == {
        "nordic_force_drop": "alert", "iso_lsi_low": "alert", "hop_lsi_low": "alert", "max_speed_low": "alert",
    }  # fmt: skip
    nordic = next(c for c in report.checks if c.rule.id == "nordic_force_drop")
    assert nordic.latest is not None and nordic.at_clearance is not None
    assert nordic.at_clearance.value - nordic.latest.value > 60 and nordic.latest.value < 250
    assert nordic.at_clearance.date <= cleared < nordic.latest.date
    assert nordic.rule.evidence.source == "opar2013"
    speed = next(c for c in report.checks if c.rule.id == "max_speed_low")
    assert speed.latest is not None and speed.latest.value == 7.0
    assert len(report.alerts) == 4


def test_an_explicit_fall_after_clearance_alerts_and_the_same_values_as_at_clearance_do_not() -> None:
    case, cleared = ivan(drift=False)
    side, other = case.injury.side, case.injury.side.other
    fallen = (
        Measurement(TODAY, "nordic_force_n", 200, side), Measurement(TODAY, "nordic_force_n", 380, other),
        Measurement(TODAY, "iso_90_90_n", 220, side, 0), Measurement(TODAY, "iso_90_90_n", 300, other, 0),
    )  # fmt: skip
    later = replace(case, measurements=case.measurements + fallen).validate()
    status = {c.rule.id: c.status for c in maintenance_report(later, MONITORING, cleared, TODAY).checks}
    assert status["nordic_force_drop"] == status["iso_lsi_low"] == "alert"
    assert status["hop_lsi_low"] == status["max_speed_low"] == "ok"


def test_a_re_assessment_not_done_within_the_grace_period_is_overdue_and_one_done_is_not() -> None:
    case, cleared = ivan(drift=False)
    late = cleared + timedelta(days=92 + MONITORING.grace_days + 3)
    report = maintenance_report(case, MONITORING, cleared, late)
    assert report.schedule[0].status == "overdue"
    assert any("overdue" in a for a in report.alerts)
    due = report.schedule[0].due
    done = replace(case, measurements=(*case.measurements, Measurement(due, "nordic_force_n", 390, case.injury.side)))
    again = maintenance_report(done, MONITORING, cleared, late)
    assert again.schedule[0].status == "done" and again.schedule[0].done_on == due
