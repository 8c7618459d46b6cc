"""Safety suite: thousands of generated rehab cases replayed day by day, each day checked against the
protocol's own gates and minimum days by checks that do not trust the engine's reasons.

CI runs at least 10⁴ day-decisions. For 10⁵ (about ten times as long):

    SPRINTBACK_SAFETY_DAYS=100000 .venv/bin/python -m pytest -p no:xdist -q tests/unit/domain/test_safety_suite.py

(`SPRINTBACK_SAFETY_SEED` picks another set of cases.) The cases come from the protocol's data
(tests/support/safety_cases.py), so the suite keeps working when thresholds or criteria change.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from safety_cases import GeneratedCase, generate

from sprintback.domain.criteria import CriterionContext, ObservationIndex, evaluate_criterion
from sprintback.domain.decision import Decision, ReasonStatus
from sprintback.domain.engine import pain_mode, replay
from sprintback.domain.models import Case
from sprintback.domain.protocol import DecisionKind, Protocol
from sprintback.protocol_files import load_default_protocol

PROTOCOL = load_default_protocol()
DAYS = int(os.environ.get("SPRINTBACK_SAFETY_DAYS", "10000"))
SEED = int(os.environ.get("SPRINTBACK_SAFETY_SEED", "20261201"))
MIN_CLEAR_SHARE = 0.05
LONG_LENGTH = {"eccentric", "nordic", "long_length"}  # phase focus words that mean lengthening load


@dataclass
class Tally:
    cases: int = 0
    days: int = 0
    cleared: int = 0
    violations: list[str] = field(default_factory=list)


def _gate_is_met_on_raw_data(case: Case, protocol: Protocol, phase_index: int, day: date) -> list[str]:
    """Every exit criterion of the phase, re-evaluated on a fresh index of the raw case as of `day`."""
    phase = protocol.phases[phase_index]
    limit = protocol.pain.limits[pain_mode(case, protocol)]
    index = ObservationIndex(case.observations(day))
    relaxed = protocol.pain.relaxed(pain_mode(case, protocol))
    ctx = CriterionContext(case.athlete, case.injury, index, day, limit, protocol.sources, relaxed=relaxed)
    gate = [c for c, _ in protocol.criteria_for(phase, case.injury) if not c.advisory]  # advisory never blocks
    return [c.id for c in gate if not evaluate_criterion(c, ctx).met]


def _check_case(g: GeneratedCase, protocol: Protocol, days: list[Decision]) -> list[str]:
    case, inj = g.case, g.case.injury
    out: list[str] = []
    first_phase_min = protocol.phases[0].min_days.for_injury(inj).days
    limit = protocol.pain.limits[pain_mode(case, protocol)]
    checkin_days = {c.date for c in case.checkins}
    reviewed = inj.physician_review_on
    index = {p.id: i for i, p in enumerate(protocol.phases)}
    painful: set[tuple[date, str]] = set()
    for o in case.observations(g.end):
        if o.kind == "pain_exercise" and o.value > protocol.pain.regress_above:
            painful.add((o.date, o.kind))
    painful |= {(c.date, "pain_next_morning") for c in case.checkins if c.pain_next_morning}
    regresses = 0
    for k, d in enumerate(days):
        where = f"{d.as_of} (day {d.day_since_injury}, {d.phase}, {d.kind.value})"
        i = index[d.phase]
        if k + 1 < len(days):  # the phase moves only as the decision said, one step at a time
            step = {DecisionKind.PROGRESS: 1, DecisionKind.CLEAR: 1, DecisionKind.REGRESS: -1}.get(d.kind, 0)
            if index[days[k + 1].phase] != i + step:
                out.append(f"{where}: next day in {days[k + 1].phase}")
        if d.kind is DecisionKind.REGRESS:
            regresses += 1
        if d.phase != protocol.phases[0].id and d.day_since_injury <= first_phase_min and first_phase_min:
            out.append(f"{where}: left the first phase before its minimum of {first_phase_min} days")
        focus = set(protocol.phases[i].focus)
        if focus & LONG_LENGTH and d.day_since_injury <= first_phase_min and first_phase_min:
            out.append(f"{where}: long-length loading before the first-phase minimum")
        if d.kind not in (DecisionKind.PROGRESS, DecisionKind.CLEAR):
            continue
        need = protocol.phases[i].min_days.for_injury(inj).days
        if d.day_since_injury < need:
            out.append(f"{where}: before the phase minimum of {need} days")
        if d.kind is DecisionKind.CLEAR and i + 1 != len(protocol.phases) - 1:
            out.append(f"{where}: clear from a phase that is not the last gate")
        unmet = _gate_is_met_on_raw_data(case, protocol, i, d.as_of)
        if unmet:
            out.append(f"{where}: progressed with unmet criteria {unmet}")
        if not ({d.as_of, d.as_of - timedelta(days=protocol.pain.checkin_max_age_days)} & checkin_days):
            out.append(f"{where}: progressed without a recent check-in")
        today = [c for c in case.checkins if c.date == d.as_of]
        if any(
            (c.pain_exercise or 0) > limit or (c.soreness or 0) > protocol.pain.soreness_deload_above for c in today
        ):
            out.append(f"{where}: progressed on a day whose own pain or soreness is over the limit")
        if any(s.date == d.as_of and (s.pain_during or 0) > limit for s in case.sessions):
            out.append(f"{where}: progressed on a day whose session pain is over the limit")
        flagged_grade = {str(inj.grade), str(inj.grade.number)} & set(protocol.red_flags.refer_grades)
        unreviewed = reviewed is None or reviewed > d.as_of
        if unreviewed and (flagged_grade or inj.intake_signs):
            out.append(f"{where}: progressed past an unreviewed referral")
        since_review = reviewed if reviewed is not None and reviewed <= d.as_of else date.min
        if any(
            c.night_pain and max(d.as_of - timedelta(days=1), since_review + timedelta(days=1)) <= c.date <= d.as_of
            for c in case.checkins
        ):
            out.append(f"{where}: progressed with night pain")
        if any(r.status is ReasonStatus.TRIGGERED for r in d.reasons) or not all(
            r.met for r in d.reasons if r.kind not in ("red_flag", "advisory")
        ):
            out.append(f"{where}: progressed with a rule fired or a reason unmet")
    # One event, one consequence: a step back takes a spike and its repeat (or a worse next morning), so two
    # distinct painful observations per step back at the least.
    if 2 * regresses > len(painful):
        out.append(f"{regresses} step backs from {len(painful)} painful observations")
    return out


def run_suite(total_days: int, seed: int) -> Tally:
    rnd = random.Random(seed)
    tally = Tally()
    while tally.days < total_days:
        g = generate(rnd, PROTOCOL, noise=rnd.choice((0.0, 0.5, 1.0, 1.0, 2.0)))
        days = replay(g.case, PROTOCOL, g.end)
        tally.cases += 1
        tally.days += len(days)
        tally.cleared += any(d.kind is DecisionKind.CLEAR for d in days)
        tally.violations += [f"case {tally.cases} ({g.case.injury.grade}): {v}" for v in _check_case(g, PROTOCOL, days)]
    return tally


@pytest.mark.slow
def test_generated_cases_never_break_the_protocols_own_gates() -> None:
    tally = run_suite(DAYS, SEED)
    assert tally.days >= DAYS  # the CI default is 10⁴
    print(f"safety suite: {tally.cases} cases, {tally.days} day-decisions, {tally.cleared} cleared")
    assert tally.violations == [], "\n".join(tally.violations[:20])
    share = tally.cleared / tally.cases
    assert share >= MIN_CLEAR_SHARE, f"only {share:.1%} of {tally.cases} cases reached clear"


def test_the_checks_catch_a_progress_before_the_minimum_days() -> None:
    """The oracle itself can fail: a replay whose day-1 decision is forged into a progress is caught."""
    rnd = random.Random(1)
    g = generate(rnd, PROTOCOL, noise=0.0)
    days = replay(g.case, PROTOCOL, g.end)
    assert _check_case(g, PROTOCOL, days) == []
    from dataclasses import replace

    gated = next(i for i, p in enumerate(PROTOCOL.phases) if p.min_days.for_injury(g.case.injury).days > 0)
    minimum = PROTOCOL.phases[gated].min_days.for_injury(g.case.injury).days
    early = next(d for d in days if d.phase == PROTOCOL.phases[gated].id and d.day_since_injury < minimum)
    forged = [replace(d, kind=DecisionKind.PROGRESS) if d is early else d for d in days]
    assert any("before the phase minimum" in v for v in _check_case(g, PROTOCOL, forged))
