"""Each criterion statistic on small, hand-checked data."""

from __future__ import annotations

from datetime import date

import pytest
from casebuilder import INJURED, OTHER, CaseBuilder, day

from sprintback.domain.criteria import CriterionContext, ObservationIndex, evaluate_criterion
from sprintback.domain.decision import ReasonStatus
from sprintback.domain.models import Case, SessionKind
from sprintback.domain.protocol import Comparator, Condition, Criterion, Evidence, EvidenceGrade, Statistic

EV = Evidence("test", EvidenceGrade.PRACTICE_DEFAULT)


def crit(measure: str, statistic: Statistic, comparator: str, threshold: float, **kw: object) -> Criterion:
    return Criterion("c", "label", measure, statistic, Comparator(comparator), threshold, EV, **kw)  # type: ignore[arg-type]


def check(case: Case, c: Criterion, as_of: date, pain_limit: float = 4, relaxed: bool = True):  # type: ignore[no-untyped-def]
    index = ObservationIndex(case.observations(as_of))
    ctx = CriterionContext(
        case.athlete, case.injury, index, as_of, pain_limit, {}, relaxed=frozenset({c.id}) if relaxed else frozenset()
    )
    return evaluate_criterion(c, ctx)


def test_value_uses_the_latest_observation_of_the_injured_leg() -> None:
    case = CaseBuilder().pair(3, "ake_deg", 50, 70).pair(5, "ake_deg", 60, 72).build()
    r = check(case, crit("ake_deg", Statistic.VALUE, ">=", 60), day(5))
    assert (r.status, r.observed) == (ReasonStatus.MET, 60)
    assert check(case, crit("ake_deg", Statistic.VALUE, ">=", 60), day(4)).observed == 50  # no look-ahead


def test_value_on_the_uninjured_side_when_asked() -> None:
    case = CaseBuilder().pair(3, "ake_deg", 50, 70).build()
    assert check(case, crit("ake_deg", Statistic.VALUE, ">=", 60, side="uninjured"), day(3)).observed == 70


def test_best_aggregate_takes_the_highest_within_the_window() -> None:
    case = CaseBuilder().run(2, 80).run(3, 50).run(12, 40).build()
    c = crit("run_pain_free_pct", Statistic.VALUE, ">=", 70, aggregate="best", window_days=7)
    assert check(case, c, day(3)).observed == 80
    assert check(case, c, day(12)).observed == 40  # the 80 % run is older than 7 days


def test_pain_rule_ignores_runs_above_the_pain_limit_or_without_recorded_pain() -> None:
    b = CaseBuilder().run(2, 90, pain=5).run(3, 60, pain=2)
    b.session(4, SessionKind.RUN, top_speed_pct=95)  # pain not recorded: cannot count as pain-free
    c = crit("run_pain_free_pct", Statistic.VALUE, ">=", 70, aggregate="best", pain_rule=True)
    r = check(b.build(), c, day(4), pain_limit=4)
    assert (r.observed, r.status) == (60, ReasonStatus.NOT_MET)
    assert check(b.build(), c, day(4), pain_limit=5).observed == 90


def test_a_pain_rule_criterion_the_pain_mode_does_not_relax_counts_only_pain_free_runs() -> None:
    # audit §2.1-6: a run at >= 70% counts only at 0/10, whatever the mode's exercise-pain limit.
    b = CaseBuilder().run(2, 90, pain=2).run(3, 75, pain=0)
    c = crit("run_pain_free_pct", Statistic.VALUE, ">=", 70, aggregate="best", pain_rule=True)
    assert check(b.build(), c, day(3), pain_limit=4, relaxed=True).observed == 90
    strict = check(b.build(), c, day(3), pain_limit=4, relaxed=False)
    assert (strict.observed, strict.status) == (75, ReasonStatus.MET)
    assert "pain-free (0/10)" in check(CaseBuilder().run(2, 90, pain=1).build(), c, day(2), relaxed=False).detail


def test_consecutive_test_days_need_every_listed_angle_pain_free() -> None:
    # heiderscheit2010-late: 4 consecutive pain-free maximal tests at 90° and 15°; one angle alone does not count.
    c = crit(
        "iso_90_90_n",
        Statistic.CONSECUTIVE,
        ">=",
        4,
        each=Condition(Comparator.LE, 0, "pain"),
        also=("iso_0_15_n",),
    )
    b = CaseBuilder()
    for n in range(4, 8):
        b.pair(n, "iso_90_90_n", 280, 300, pain=0)
    b2 = CaseBuilder()
    for n in range(4, 8):
        b2.pair(n, "iso_90_90_n", 280, 300, pain=0).pair(n, "iso_0_15_n", 190, 200, pain=0)
    assert check(b.build(), c, day(7)).observed == 0  # only 90°: no test day counts
    assert check(b2.build(), c, day(7)).observed == 4
    b2.pair(8, "iso_90_90_n", 280, 300, pain=0)  # the latest day misses 0-15°: the run restarts
    assert check(b2.build(), c, day(8)).observed == 0
    b2.pair(8, "iso_0_15_n", 190, 200, pain=1)  # the outer-range test hurt
    assert check(b2.build(), c, day(8)).status is ReasonStatus.NOT_MET


def test_lsi_pairs_same_day_measurements_of_both_legs() -> None:
    case = CaseBuilder().pair(4, "iso_90_90_n", 246, 300).measure(5, "iso_90_90_n", 290, INJURED).build()
    r = check(case, crit("iso_90_90_n", Statistic.LSI, ">=", 90), day(5))
    assert r.observed == 82.0 and r.status is ReasonStatus.NOT_MET  # day 5 has no uninjured value


def test_lsi_with_one_leg_only_is_not_measured_and_says_why() -> None:
    case = CaseBuilder().measure(4, "iso_90_90_n", 250, INJURED).build()
    r = check(case, crit("iso_90_90_n", Statistic.LSI, ">=", 90), day(4))
    assert r.status is ReasonStatus.NOT_MEASURED and "both legs" in r.detail


def test_deficit_and_deficit_pct() -> None:
    case = CaseBuilder().pair(4, "ake_deg", 62, 75).build()
    assert check(case, crit("ake_deg", Statistic.DEFICIT, "<=", 10), day(4)).observed == 13
    assert check(case, crit("ake_deg", Statistic.DEFICIT_PCT, "<=", 10), day(4)).observed == pytest.approx(17.33, 0.01)


def test_imbalance_pct_uses_the_stronger_leg_as_denominator() -> None:
    # bourne2015 definition of between-limb imbalance.
    case = CaseBuilder().pair(4, "nordic_force_n", 290, 345).build()
    r = check(case, crit("nordic_force_n", Statistic.IMBALANCE_PCT, "<", 15), day(4))
    assert r.observed == pytest.approx(15.94, abs=0.01) and r.status is ReasonStatus.NOT_MET


def test_pct_of_baseline_prefers_the_pre_injury_value_and_says_so() -> None:
    case = CaseBuilder(baselines={"max_speed_m_s": 9.0}).measure(20, "max_speed_m_s", 8.64).build()
    r = check(case, crit("max_speed_m_s", Statistic.PCT_OF_BASELINE, ">=", 95), day(20))
    assert r.observed == 96.0 and "pre-injury baseline 9" in r.detail


def test_pct_of_baseline_falls_back_to_the_uninjured_leg() -> None:
    case = CaseBuilder().pair(20, "nordic_force_n", 300, 400).build()
    r = check(case, crit("nordic_force_n", Statistic.PCT_OF_BASELINE, ">=", 90), day(20))
    assert r.observed == 75.0 and "uninjured leg" in r.detail


def test_per_leg_baseline_wins_over_the_other_leg() -> None:
    case = CaseBuilder(baselines={"nordic_force_n.left": 320}).pair(20, "nordic_force_n", 304, 400).build()
    r = check(case, crit("nordic_force_n", Statistic.PCT_OF_BASELINE, ">=", 90), day(20))
    assert r.observed == 95.0


def test_test_pain_reads_the_pain_recorded_during_the_test() -> None:
    case = CaseBuilder().measure(3, "iso_90_90_n", 150, INJURED, pain=3).measure(4, "iso_90_90_n", 180, OTHER).build()
    r = check(case, crit("iso_90_90_n", Statistic.TEST_PAIN, "<=", 0), day(4))
    assert (r.observed, r.status) == (3, ReasonStatus.NOT_MET)


def test_balance_deviation_from_fifty_fifty() -> None:
    case = CaseBuilder().measure(10, "gct_balance_left_pct", 53.2).build()
    r = check(case, crit("gct_balance_left_pct", Statistic.BALANCE_DEVIATION, "<=", 2), day(10))
    assert r.observed == pytest.approx(3.2) and r.status is ReasonStatus.NOT_MET


def test_consecutive_counts_back_from_the_latest_and_stops_at_the_first_failure() -> None:
    b = CaseBuilder()
    for n, pain in ((1, 0), (2, 2), (3, 0), (4, 0), (5, 0)):
        b.measure(n, "iso_90_90_n", 250, INJURED, pain=pain)
    c = crit("iso_90_90_n", Statistic.CONSECUTIVE, ">=", 4, each=Condition(Comparator.LE, 0, "pain"))
    r = check(b.build(), c, day(5))
    assert (r.observed, r.status) == (3, ReasonStatus.NOT_MET)


def test_count_of_team_sessions_and_zero_is_an_answer() -> None:

    c = crit("team_sessions_full", Statistic.COUNT, ">=", 2, each=Condition(Comparator.GE, 1))
    none = check(CaseBuilder().build(), c, day(20))
    assert (none.observed, none.status) == (0, ReasonStatus.NOT_MET)
    b = CaseBuilder().session(18, SessionKind.TEAM, 80).session(19, SessionKind.TEAM, 80, completed=False)
    b.session(20, SessionKind.MATCH, 90)
    assert check(b.build(), c, day(20)).observed == 2  # the unfinished session does not count


def test_missing_measure_is_not_measured_never_met() -> None:
    r = check(CaseBuilder().build(), crit("h_test_insecurity", Statistic.VALUE, "<=", 0), day(10))
    assert r.status is ReasonStatus.NOT_MEASURED and not r.met and "not yet measured" in r.detail


@pytest.mark.parametrize(
    ("comparator", "observed", "threshold", "holds"),
    [(">=", 90, 90, True), (">", 90, 90, False), ("<=", 0, 0, True), ("<", 15, 15, False), ("==", 1, 1, True)],
)
def test_comparators_at_the_boundary(comparator: str, observed: float, threshold: float, holds: bool) -> None:
    assert Comparator(comparator).holds(observed, threshold) is holds
