"""Global rules checked every day whatever the phase: red flags (refer) and pain rules.

Each rule answers with a Reason (TRIGGERED or OK) citing its evidence, so the decision can say
exactly which rule changed today's plan.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from sprintback.domain.criteria import CriterionContext, ObservationIndex
from sprintback.domain.decision import Reason, ReasonStatus
from sprintback.domain.models import Case, CheckIn, PainMode
from sprintback.domain.protocol import Evidence, Protocol


def _reason(
    ctx: CriterionContext,
    id: str,
    label: str,
    fired: bool,
    evidence: Evidence,
    kind: str,
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
    graded = bool(grade_keys & set(rf.refer_grades)) and not reviewed
    out.append(
        _reason(
            ctx,
            "red_flag_grade",
            f"Grade that needs a physician's review (BAMIC {', '.join(rf.refer_grades)})",
            graded,
            rf.refer_grades_evidence,
            "red_flag",
            detail=f"this injury: BAMIC {inj.grade}"
            + ("; physician review recorded" if reviewed and grade_keys & set(rf.refer_grades) else ""),
        )
    )

    since = inj.physician_review_on + timedelta(days=1) if reviewed and inj.physician_review_on else inj.date
    night = [c for c in checkins.between(max(since, ctx.as_of - timedelta(days=1)), ctx.as_of) if c.night_pain]
    out.append(
        _reason(
            ctx,
            "red_flag_night_pain",
            "Night pain reported",
            bool(night),
            rf.night_pain_evidence,
            "red_flag",
            detail=f"reported on {night[-1].date.isoformat()}" if night else "",
        )
    )

    rising, detail = _pain_rising(ctx.index, ctx.as_of, rf.rising_pain_days, since)
    out.append(
        _reason(
            ctx,
            "red_flag_rising_pain",
            f"Pain rising {rf.rising_pain_days} days in a row",
            rising,
            rf.rising_pain_evidence,
            "red_flag",
            threshold=f"{rf.rising_pain_days} daily rises",
            detail=detail,
        )
    )

    day = (ctx.as_of - inj.date).days
    stuck = inj.grade.intratendinous and phase_index == 0 and day >= rf.c_not_improving_days and not reviewed
    out.append(
        _reason(
            ctx,
            "red_flag_c_not_improving",
            "Intratendinous ('c') injury not progressing",
            stuck,
            rf.c_not_improving_evidence,
            "red_flag",
            observed=float(day) if inj.grade.intratendinous else None,
            threshold=f"still in the first phase after {rf.c_not_improving_days} days",
            detail="" if inj.grade.intratendinous else "not a 'c' injury",
        )
    )
    return out


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


def pain_rules(
    protocol: Protocol, ctx: CriterionContext, mode: PainMode, checkins: CheckinHistory
) -> tuple[list[Reason], bool, bool]:
    """(reasons, regress, deload) from today's exercise pain, next-morning pain and soreness."""
    pr = protocol.pain
    limit = pr.limits[mode]
    since = ctx.as_of - timedelta(days=pr.checkin_max_age_days)
    out: list[Reason] = []
    regress = deload = False

    checkin = checkins.latest(ctx.as_of, pr.checkin_max_age_days)
    out.append(
        Reason(
            id="daily_checkin",
            label="Daily check-in recorded",
            status=ReasonStatus.OK if checkin else ReasonStatus.NOT_MEASURED,
            evidence=pr.morning_settle_evidence,
            citation=ctx.sources.get(pr.morning_settle_evidence.source, ""),
            detail=f"latest {checkin.date.isoformat()}"
            if checkin
            else f"no check-in in the last {pr.checkin_max_age_days + 1} days: know symptoms before loading goes up",
            kind="pain_rule",
        )
    )

    ex = ctx.index.upto("pain_exercise", None, ctx.as_of, since)
    worst = max((o.value for o in ex), default=None)
    over = worst is not None and worst > limit
    unacceptable = worst is not None and worst > pr.regress_above
    regress = unacceptable
    deload = over and not unacceptable
    mode_text = "pain-threshold" if mode is PainMode.THRESHOLD else "pain-free"
    out.append(
        _reason(
            ctx,
            "pain_exercise_limit",
            f"Exercise pain within the {mode_text} rule",
            over,
            pr.limit_evidence,
            "pain_rule",
            observed=worst,
            threshold=f"<= {limit:g}/10",
            measure="pain_exercise",
            detail="none recorded" if worst is None else f"highest since {since.isoformat()}",
        )
    )
    out.append(
        _reason(
            ctx,
            "pain_exercise_unacceptable",
            "Exercise pain not in the unacceptable zone",
            unacceptable,
            pr.regress_evidence,
            "pain_rule",
            observed=worst,
            threshold=f"<= {pr.regress_above:g}/10",
            measure="pain_exercise",
        )
    )

    morning, baseline, detail = _morning_vs_baseline(checkin, checkins)
    not_settled = morning is not None and baseline is not None and morning > baseline
    deload = deload or not_settled
    out.append(
        _reason(
            ctx,
            "pain_next_morning_settled",
            "Pain settled by the next morning (24-h rule)",
            not_settled,
            pr.morning_settle_evidence,
            "pain_rule",
            observed=morning,
            threshold=f"<= baseline {baseline:g}/10" if baseline is not None else "<= the day-before baseline",
            measure="pain_next_morning",
            detail=detail,
        )
    )

    sore = checkin.soreness if checkin else None
    too_sore = sore is not None and sore > pr.soreness_deload_above
    deload = deload or too_sore
    out.append(
        _reason(
            ctx,
            "soreness",
            "Soreness acceptable",
            too_sore,
            pr.soreness_evidence,
            "pain_rule",
            observed=sore,
            threshold=f"<= {pr.soreness_deload_above:g}/10",
            measure="soreness",
            detail="" if sore is not None else "not reported today",
        )
    )
    return out, regress, deload


def _morning_vs_baseline(today: CheckIn | None, checkins: CheckinHistory) -> tuple[float | None, float | None, str]:
    """Next-morning pain today vs the resting pain recorded before the loading day (silbernagel2007)."""
    if today is None or today.pain_next_morning is None:
        return None, None, "no next-morning pain recorded"
    base = checkins.latest_rest_before(today.date)
    if base is None:
        return today.pain_next_morning, None, "no earlier resting pain to compare with yet"
    assert base.pain_rest is not None
    return today.pain_next_morning, base.pain_rest, f"baseline = resting pain on {base.date.isoformat()}"
