"""Every rule, rendered both met and broken, says what happened: the observed number and the limit, and
never "within" or "acceptable" when it fired (issue: "Deload today: Soreness acceptable" with soreness 8/10)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from casebuilder import CaseBuilder, day

from sprintback.domain.decision import Decision, Reason, ReasonStatus
from sprintback.domain.engine import evaluate, evaluate_in_phase
from sprintback.domain.models import Case, IntakeSign, SessionKind
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
SOFT = re.compile(r"\b(within|acceptable|settled|not above)\b", re.IGNORECASE)


def calm(n: int = 12) -> CaseBuilder:
    return CaseBuilder().calm_days(0, n).passes_protect(6)


def _with_sign(b: CaseBuilder) -> Case:
    case = b.build()
    return replace(case, injury=replace(case.injury, intake_signs=(IntakeSign.PALPABLE_GAP,)))


def _exposure(soreness_after: float) -> Case:
    b = calm(20)
    b.session(19, SessionKind.TEAM, 60, rpe=6, pain_during=0)
    b.checkin(20, soreness=soreness_after)
    return b.build()


def _spike(then: Callable[[CaseBuilder], object]) -> Case:
    b = calm(14)
    b.checkin(10, pain_exercise=6, pain_rest=1)
    then(b)
    return b.build()


# rule id -> (met case, broken case, day, words the broken text must hold, words the met text must hold)
SCENARIOS: dict[str, tuple[Case, Case, int, tuple[str, ...], tuple[str, ...]]] = {
    "pain_exercise_limit": (
        (lambda b: (b.checkin(10, pain_exercise=3), b)[1])(calm()).build(),
        (lambda b: (b.checkin(10, pain_exercise=5), b)[1])(calm()).build(),
        10,
        ("5/10", "above 4/10"),
        ("3/10", "4/10"),
    ),
    "pain_exercise_unacceptable": (
        (lambda b: (b.checkin(10, pain_exercise=3), b)[1])(calm()).build(),
        (lambda b: (b.checkin(10, pain_exercise=8), b)[1])(calm()).build(),
        10,
        ("8/10", "above 5/10"),
        ("3/10", "5/10"),
    ),
    "pain_next_morning_settled": (
        (lambda b: (b.checkin(9, pain_rest=2), b.checkin(10, pain_next_morning=1), b)[2])(calm()).build(),
        (lambda b: (b.checkin(9, pain_rest=1), b.checkin(10, pain_next_morning=4), b)[2])(calm()).build(),
        10,
        ("4/10", "above", "1/10"),
        ("1/10", "2/10"),
    ),
    "soreness": (
        (lambda b: (b.checkin(10, soreness=3), b)[1])(calm()).build(),
        (lambda b: (b.checkin(10, soreness=8), b)[1])(calm()).build(),
        10,
        ("Soreness 8/10 is above 5/10", "lighter session"),
        ("Soreness 3/10", "5/10"),
    ),
    "pain_spike_recheck": (
        _spike(lambda b: b.checkin(11, pain_next_morning=0, pain_exercise=2)),
        _spike(lambda b: b.checkin(11, pain_next_morning=3)),
        11,
        ("3/10", "above", "1/10", "6/10"),
        ("6/10",),
    ),
    "exposure_symptom_spike": (
        _exposure(1),
        _exposure(4),
        20,
        ("4/10", "above", "1/10", "hold"),
        ("1/10",),
    ),
    "red_flag_night_pain": (
        calm().build(),
        (lambda b: (b.checkin(10, night_pain=True), b)[1])(calm()).build(),
        10,
        ("Night pain reported on 2026-03-12", "refer"),
        ("No night pain",),
    ),
    "red_flag_rising_pain": (
        calm().build(),
        (lambda b: ([b.checkin(n, pain_walking=v) for n, v in ((7, 1), (8, 2), (9, 3), (10, 4))], b)[1])(
            calm()
        ).build(),
        10,
        ("1 → 2 → 3 → 4", "3 days in a row", "refer"),
        ("3 days in a row",),
    ),
    "red_flag_grade": (
        calm().build(),
        CaseBuilder(grade="4").calm_days(0, 10).build(),
        10,
        ("BAMIC 4", "refer"),
        ("BAMIC 2b", "BAMIC 4"),
    ),
    "red_flag_intake_avulsion": (calm().build(), _with_sign(calm()), 0, ("palpable gap", "surgical opinion"), ("No",)),
    "red_flag_c_not_improving": (
        CaseBuilder(grade="2c").calm_days(0, 21).passes_protect(6).build(),
        (lambda b: (b.checkin(21, pain_walking=2), b)[1])(CaseBuilder(grade="2c").calm_days(0, 21)).build(),
        21,
        ("day 21", "refer"),
        ("21",),
    ),
}


def reason(d: Decision, rid: str) -> Reason:
    return next(r for r in d.reasons if r.id == rid)


@pytest.mark.parametrize("rid", sorted(SCENARIOS))
def test_every_rule_reads_true_both_met_and_broken(rid: str) -> None:
    met_case, broken_case, n, broken_words, met_words = SCENARIOS[rid]
    met = reason(evaluate(met_case, PROTOCOL, day(n)), rid)
    broken_day = evaluate(broken_case, PROTOCOL, day(n))
    broken = reason(broken_day, rid)
    assert met.met and met.text, (rid, met)
    assert broken.status is ReasonStatus.TRIGGERED, (rid, broken)
    for w in broken_words:
        assert w in broken.text, (rid, w, broken.text)
    for w in met_words:
        assert w in met.text, (rid, w, met.text)
    assert not SOFT.search(broken.text), broken.text
    assert broken.label == met.label  # the rule's name stays its label
    assert broken.text in broken_day.summary  # the day's summary says what happened, not the rule's name


def test_every_rule_of_the_protocol_has_a_scenario() -> None:
    d = evaluate(_exposure(1), PROTOCOL, day(20))
    rules = {r.id for r in d.reasons if r.kind in ("pain_rule", "red_flag")} - {"daily_checkin"}
    assert rules == set(SCENARIOS)


def test_criteria_and_minimum_days_state_the_observation_and_the_threshold() -> None:
    b = CaseBuilder().calm_days(0, 20).passes_strength(20)
    b.pair(20, "iso_90_90_n", 246, 300, pain=0)  # LSI 82 %
    d = evaluate_in_phase(b.build(), PROTOCOL, day(20), "strength")
    lsi = reason(d, "iso_90_lsi_90")
    assert lsi.status is ReasonStatus.NOT_MET and "82" in lsi.text and ">= 90 %" in lsi.text
    assert "does not meet" in lsi.text and not SOFT.search(lsi.text)
    ake = reason(d, "ake_deficit_10")
    assert ake.met and "5" in ake.text and "<= 10" in ake.text and "meets" in ake.text
    early = evaluate_in_phase(CaseBuilder(grade="3c").calm_days(0, 25).build(), PROTOCOL, day(25), "sport")
    minimum = reason(early, "sport_min_days")
    assert "Day 25" in minimum.text and "31 days" in minimum.text and "before" in minimum.text
