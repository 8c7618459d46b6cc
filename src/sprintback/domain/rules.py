"""Red flags checked every day whatever the phase (refer to a physician), and the check-in history the daily
rules share (the pain rules live in `pain_rules`).

Each rule answers with a Reason (TRIGGERED or OK) citing its evidence and saying in a sentence what was
observed against which limit, so the decision can say exactly which rule changed today's plan.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from sprintback.domain.criteria import CriterionContext, ObservationIndex
from sprintback.domain.decision import Reason, ReasonStatus
from sprintback.domain.models import Case, CheckIn
from sprintback.domain.protocol import Evidence, Protocol


def rule_reason(
    ctx: CriterionContext,
    id: str,
    label: str,
    fired: bool,
    evidence: Evidence,
    kind: str,
    text: str,
    observed: float | None = None,
    threshold: str = "",
    detail: str = "",
    measure: str | None = None,
) -> Reason:
    return Reason(
        id=id,
        label=label,
        status=ReasonStatus.TRIGGERED if fired else ReasonStatus.OK,
        evidence=evidence,
        citation=ctx.sources.get(evidence.source, ""),
        observed=observed,
        threshold=threshold,
        detail=detail,
        measure=measure,
        kind=kind,
        text=text,
    )


class CheckinHistory:
    """A case's check-ins in date order, searched by bisection: built once per replay, asked every day.

    Ties on a date resolve to the first check-in of that date in the case's own order."""

    def __init__(self, checkins: Sequence[CheckIn]) -> None:
        self._all = sorted(checkins, key=lambda c: c.date)  # stable: file order within a date
        self._dates = [c.date for c in self._all]
        self._rested = [c for c in self._all if c.pain_rest is not None]
        self._rested_dates = [c.date for c in self._rested]

    @staticmethod
    def _first_of_latest(items: list[CheckIn], dates: list[date], before: int) -> CheckIn | None:
        if before == 0:
            return None
        return items[bisect_left(dates, dates[before - 1])]

    def latest(self, as_of: date, max_age_days: int) -> CheckIn | None:
        """The latest check-in on or before `as_of`, if it is at most `max_age_days` old."""
        c = self._first_of_latest(self._all, self._dates, bisect_right(self._dates, as_of))
        return c if c is not None and c.date >= as_of - timedelta(days=max_age_days) else None

    def latest_rest_before(self, day: date) -> CheckIn | None:
        """The latest check-in before `day` that recorded resting pain."""
        return self._first_of_latest(self._rested, self._rested_dates, bisect_left(self._rested_dates, day))

    def between(self, first: date, last: date) -> list[CheckIn]:
        return self._all[bisect_left(self._dates, first) : bisect_right(self._dates, last)]


def red_flags(
    case: Case, protocol: Protocol, ctx: CriterionContext, phase_index: int, checkins: CheckinHistory
) -> list[Reason]:
    """Reasons to refer to a physician. A physician review clears flags raised before it."""
    rf = protocol.red_flags
    inj = case.injury
    reviewed = inj.physician_review_on is not None and inj.physician_review_on <= ctx.as_of
    out: list[Reason] = []

    grade_keys = {str(inj.grade), str(inj.grade.number), inj.grade.site or ""}
    listed = bool(grade_keys & set(rf.refer_grades))
    graded = listed and not reviewed
    refer_list = ", ".join(rf.refer_grades)
    if graded:
        text = f"BAMIC {inj.grade} is a grade the protocol refers (BAMIC {refer_list}): refer for a physician's review"
    elif listed:
        text = f"BAMIC {inj.grade} is a grade the protocol refers; a physician's review is recorded"
    else:
        text = f"BAMIC {inj.grade} is not a grade the protocol refers (BAMIC {refer_list})"
    out.append(
        rule_reason(
            ctx,
            "red_flag_grade",
            f"Grade that needs a physician's review (BAMIC {refer_list})",
            graded,
            rf.refer_grades_evidence,
            "red_flag",
            text,
            detail=f"this injury: BAMIC {inj.grade}" + ("; physician review recorded" if reviewed and listed else ""),
        )
    )
    if rf.refer_intake_signs and rf.refer_intake_evidence is not None:
        out.append(_intake_flag(case, protocol, ctx, reviewed))

    since = inj.physician_review_on + timedelta(days=1) if reviewed and inj.physician_review_on else inj.date
    night = [c for c in checkins.between(max(since, ctx.as_of - timedelta(days=1)), ctx.as_of) if c.night_pain]
    out.append(
        rule_reason(
            ctx,
            "red_flag_night_pain",
            "Night pain",
            bool(night),
            rf.night_pain_evidence,
            "red_flag",
            f"Night pain reported on {night[-1].date.isoformat()}: refer to a physician"
            if night
            else "No night pain reported today or yesterday",
            detail=f"reported on {night[-1].date.isoformat()}" if night else "",
        )
    )

    rising, detail = _pain_rising(ctx.index, ctx.as_of, rf.rising_pain_days, since)
    out.append(
        rule_reason(
            ctx,
            "red_flag_rising_pain",
            f"Pain rising {rf.rising_pain_days} days in a row",
            rising,
            rf.rising_pain_evidence,
            "red_flag",
            f"{_rising_text(detail)} rose on {rf.rising_pain_days} days in a row: refer to a physician"
            if rising
            else f"Walking and resting pain did not rise on {rf.rising_pain_days} days in a row",
            threshold=f"{rf.rising_pain_days} daily rises",
            detail=detail,
        )
    )

    day = (ctx.as_of - inj.date).days
    stuck = inj.grade.intratendinous and phase_index == 0 and day >= rf.c_not_improving_days and not reviewed
    if not inj.grade.intratendinous:
        text = "Not an intratendinous ('c') injury"
    elif stuck:
        text = f"Still in the first phase on day {day}, at or after day {rf.c_not_improving_days}: refer to a physician"
    else:
        text = f"Day {day}: the first-phase limit of {rf.c_not_improving_days} days for a 'c' injury is not reached"
        text += " or the athlete has moved on" if phase_index else ""
    out.append(
        rule_reason(
            ctx,
            "red_flag_c_not_improving",
            "Intratendinous ('c') injury not progressing",
            stuck,
            rf.c_not_improving_evidence,
            "red_flag",
            text,
            observed=float(day) if inj.grade.intratendinous else None,
            threshold=f"still in the first phase after {rf.c_not_improving_days} days",
            detail="" if inj.grade.intratendinous else "not a 'c' injury",
        )
    )
    return out


def _intake_flag(case: Case, protocol: Protocol, ctx: CriterionContext, reviewed: bool) -> Reason:
    """Signs of a proximal avulsion or tendon injury refer for a surgical opinion from day 0: acute repair does
    better than delayed repair (protocol-audit §2.1-7)."""
    rf = protocol.red_flags
    assert rf.refer_intake_evidence is not None
    found = [s.value for s in case.injury.intake_signs if s.value in rf.refer_intake_signs]
    signs = ", ".join(s.replace("_", " ") for s in found)
    if found and not reviewed:
        text = f"Intake found {signs}: suspected proximal avulsion or tendon injury, refer for a surgical opinion now"
    elif found:
        text = f"Intake found {signs}; a physician's review is recorded"
    else:
        text = "No sign of a proximal avulsion or tendon injury recorded at intake"
    return rule_reason(
        ctx,
        "red_flag_intake_avulsion",
        "Suspected proximal avulsion or tendon injury (intake)",
        bool(found) and not reviewed,
        rf.refer_intake_evidence,
        "red_flag",
        text,
        threshold="none of: " + ", ".join(s.replace("_", " ") for s in rf.refer_intake_signs),
        detail=f"signs recorded: {signs}" if found else "",
    )


def _rising_text(detail: str) -> str:
    kind, shown = detail.split(": ", 1)
    return f"{'Walking' if kind == 'pain_walking' else 'Resting'} pain {shown}"


def _pain_rising(index: ObservationIndex, as_of: date, days: int, since: date) -> tuple[bool, str]:
    """Walking or resting pain higher than the day before on `days` consecutive days ending today."""
    for kind in ("pain_walking", "pain_rest"):
        # Only the last `days` + 1 days matter: asking for the whole history each day made a replay quadratic.
        by_day = {o.date: o.value for o in index.upto(kind, None, as_of, max(since, as_of - timedelta(days=days)))}
        values = [by_day.get(as_of - timedelta(days=k)) for k in range(days, -1, -1)]
        if all(v is not None for v in values) and all(b > a for a, b in itertools.pairwise(values)):  # type: ignore[operator]
            shown = " → ".join(f"{v:g}" for v in values if v is not None)
            return True, f"{kind}: {shown}"
    return False, ""
