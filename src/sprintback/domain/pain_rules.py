"""The daily pain rules: exercise pain, the 24-hour rule, soreness, the recheck after a spike, and symptoms
after a team or match exposure.

One event, one consequence: a replay carries a `PainMemory` from day to day, so an observation that already
changed the plan (deload or step back) never changes it again on a later day, and a single painful day or
session causes at most one step back. A one-off unacceptable spike deloads and is rechecked (next morning and
next session); only a repeat, or a worse next morning, steps back a phase (protocol-audit §2.1-9).
"""

from __future__ import annotations

import statistics
from collections.abc import Set
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sprintback.domain.criteria import CriterionContext
from sprintback.domain.decision import Reason, ReasonStatus
from sprintback.domain.models import CheckIn, PainMode
from sprintback.domain.protocol import Protocol
from sprintback.domain.rules import CheckinHistory, rule_reason

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PainMemory:
    """What the pain rules remember from earlier days of a replay. A date `*_through` means: observations of
    that rule dated on or before it have already changed a plan."""

    exercise_through: date | None = None
    morning_through: date | None = None
    soreness_through: date | None = None
    exposure_through: date | None = None
    spike_on: date | None = None  # an unacceptable exercise pain awaiting its recheck
    spike_value: float | None = None
    spike_rechecked: bool = False  # a settled next-morning pain recorded after the spike
    spike_retried: bool = False  # a later session with pain below the unacceptable zone

    @property
    def acted_on(self) -> date | None:
        dates = [d for d in (self.exercise_through, self.morning_through, self.soreness_through) if d]
        dates += [self.exposure_through] if self.exposure_through else []
        return max(dates, default=None)


@dataclass(frozen=True)
class PainVerdict:
    reasons: list[Reason]
    regress: bool  # one step back (a deload in the first phase)
    deload: bool  # today's session is lighter
    hold_exposure: bool  # no team or match session today
    memory: PainMemory


def _fmt(v: float | None) -> str:
    return "?" if v is None else f"{v:g}/10"


def pain_rules(
    protocol: Protocol,
    ctx: CriterionContext,
    mode: PainMode,
    checkins: CheckinHistory,
    exposures: Set[date],
    memory: PainMemory,
) -> PainVerdict:
    """Today's pain reasons and consequences, given what earlier days already acted on."""
    pr = protocol.pain
    limit = pr.limits[mode]
    since = ctx.as_of - timedelta(days=pr.checkin_max_age_days)
    mem = memory
    out: list[Reason] = []

    checkin = checkins.latest(ctx.as_of, pr.checkin_max_age_days)
    acted = mem.acted_on
    fresh = checkin is not None and (acted is None or checkin.date > acted)
    if checkin is None:
        status, text = ReasonStatus.NOT_MEASURED, f"No check-in in the last {pr.checkin_max_age_days + 1} days"
        detail = "know symptoms before loading goes up"
    elif not fresh:
        status, text = ReasonStatus.NOT_MEASURED, f"The check-in of {checkin.date.isoformat()} already changed the plan"
        detail = "record today's check-in before loading goes up"
    else:
        status, text, detail = ReasonStatus.OK, f"Check-in recorded on {checkin.date.isoformat()}", ""
    out.append(
        Reason(
            id="daily_checkin",
            label="Daily check-in",
            status=status,
            evidence=pr.morning_settle_evidence,
            citation=ctx.sources.get(pr.morning_settle_evidence.source, ""),
            detail=detail,
            kind="pain_rule",
            text=text,
        )
    )

    # -- exercise pain: only observations no earlier day acted on --------------------------------------
    floor = since if mem.exercise_through is None else max(since, mem.exercise_through + _DAY)
    new = ctx.index.upto("pain_exercise", None, ctx.as_of, floor)
    worst = max((o.value for o in new), default=None)
    worst_on = max((o.date for o in new if o.value == worst), default=None)
    over = worst is not None and worst > limit
    unacceptable = worst is not None and worst > pr.regress_above
    repeat = unacceptable and mem.spike_on is not None
    mode_text = "pain-threshold" if mode is PainMode.THRESHOLD else "pain-free"
    when = "" if worst_on is None or worst_on == ctx.as_of else f" (on {worst_on.isoformat()})"
    if worst is None:
        none_text = (
            f"No new exercise pain since {mem.exercise_through.isoformat()}, when it last changed the plan"
            if mem.exercise_through is not None and mem.exercise_through >= since
            else f"No exercise pain recorded since {since.isoformat()} (limit {_fmt(limit)})"
        )
    if over:
        limit_text = (
            f"Exercise pain {_fmt(worst)}{when} is above {_fmt(limit)} ({mode_text} rule): lighter session today"
        )
    elif worst is not None:
        limit_text = f"Exercise pain {_fmt(worst)}{when} is within {_fmt(limit)} ({mode_text} rule)"
    else:
        limit_text = none_text
    out.append(
        rule_reason(
            ctx,
            "pain_exercise_limit",
            f"Exercise pain limit ({mode_text})",
            over,
            pr.limit_evidence,
            "pain_rule",
            limit_text,
            observed=worst,
            threshold=f"<= {limit:g}/10",
            measure="pain_exercise",
        )
    )
    if repeat and mem.spike_on is not None:
        spike_text = (
            f"Exercise pain {_fmt(worst)}{when} is above {_fmt(pr.regress_above)} again, after "
            f"{_fmt(mem.spike_value)} on {mem.spike_on.isoformat()}: step back a phase"
        )
    elif unacceptable:
        spike_text = (
            f"Exercise pain {_fmt(worst)}{when} is above {_fmt(pr.regress_above)}, the unacceptable zone: lighter "
            "session today and a recheck; a repeat or a worse next morning steps back a phase"
        )
    elif worst is not None:
        spike_text = f"Exercise pain {_fmt(worst)}{when} is not above {_fmt(pr.regress_above)} (unacceptable zone)"
    else:
        spike_text = none_text
    out.append(
        rule_reason(
            ctx,
            "pain_exercise_unacceptable",
            "Unacceptable exercise pain",
            unacceptable,
            pr.regress_evidence,
            "pain_rule",
            spike_text,
            observed=worst,
            threshold=f"<= {pr.regress_above:g}/10",
            measure="pain_exercise",
        )
    )

    # -- the 24-hour rule ------------------------------------------------------------------------------
    morning_fresh = checkin is not None and (mem.morning_through is None or checkin.date > mem.morning_through)
    morning, baseline, base_on = _morning_vs_baseline(checkin if morning_fresh else None, checkins)
    not_settled = morning is not None and baseline is not None and morning > baseline
    if not_settled:
        m_text = (
            f"Next-morning pain {_fmt(morning)} is above the resting pain {_fmt(baseline)} before the loading day: "
            "lighter session today"
        )
    elif morning is not None and baseline is not None:
        m_text = f"Next-morning pain {_fmt(morning)} is within the resting pain {_fmt(baseline)} before the loading day"
    elif morning is not None:
        m_text = f"Next-morning pain {_fmt(morning)} recorded, no earlier resting pain to compare with yet"
    elif checkin is not None and not morning_fresh:
        m_text = f"No new next-morning pain since {checkin.date.isoformat()}, when it last changed the plan"
    else:
        m_text = "No next-morning pain recorded"
    out.append(
        rule_reason(
            ctx,
            "pain_next_morning_settled",
            "24-hour rule (next-morning pain)",
            not_settled,
            pr.morning_settle_evidence,
            "pain_rule",
            m_text,
            observed=morning,
            threshold=f"<= baseline {baseline:g}/10" if baseline is not None else "<= the day-before baseline",
            measure="pain_next_morning",
            detail=f"baseline = resting pain on {base_on.isoformat()}" if base_on else "",
        )
    )

    # -- the recheck after a one-off spike -------------------------------------------------------------
    after_spike = mem.spike_on is not None and checkin is not None and checkin.date > mem.spike_on
    worse_morning = after_spike and not_settled
    regress = repeat or worse_morning
    rechecked = mem.spike_rechecked or (after_spike and morning is not None and not not_settled)
    retried = mem.spike_retried or (mem.spike_on is not None and worst is not None and not unacceptable)
    out.append(_spike_recheck(protocol, ctx, mem, repeat, worse_morning, rechecked, retried, morning, baseline, worst))
    cleared = PainMemory(mem.exercise_through, mem.morning_through, mem.soreness_through, mem.exposure_through)
    if regress or (mem.spike_on is not None and rechecked and retried):
        mem = cleared
    elif unacceptable:
        mem = replace(cleared, spike_on=ctx.as_of, spike_value=worst)
    elif mem.spike_on is not None:
        mem = replace(mem, spike_rechecked=rechecked, spike_retried=retried)

    # -- soreness --------------------------------------------------------------------------------------
    sore_fresh = checkin is not None and (mem.soreness_through is None or checkin.date > mem.soreness_through)
    sore = checkin.soreness if checkin is not None and sore_fresh else None
    too_sore = sore is not None and sore > pr.soreness_deload_above
    if too_sore:
        s_text = f"Soreness {_fmt(sore)} is above {_fmt(pr.soreness_deload_above)}: lighter session today"
    elif sore is not None:
        s_text = f"Soreness {_fmt(sore)} is within {_fmt(pr.soreness_deload_above)}"
    elif checkin is not None and not sore_fresh:
        s_text = f"No new soreness since {checkin.date.isoformat()}, when it last changed the plan"
    else:
        s_text = "No soreness reported"
    out.append(
        rule_reason(
            ctx,
            "soreness",
            "Soreness limit",
            too_sore,
            pr.soreness_evidence,
            "pain_rule",
            s_text,
            observed=sore,
            threshold=f"<= {pr.soreness_deload_above:g}/10",
            measure="soreness",
        )
    )

    # -- symptoms after a team or match exposure ------------------------------------------------------
    hold = False
    if pr.exposure_spike is not None:
        fresh_exposure = checkin is not None and (mem.exposure_through is None or checkin.date > mem.exposure_through)
        reason, hold = _exposure_reason(protocol, ctx, checkin if fresh_exposure else None, checkins, exposures)
        out.append(reason)

    if over:
        mem = replace(mem, exercise_through=max(o.date for o in new))
    if not_settled and checkin is not None:
        mem = replace(mem, morning_through=checkin.date)
    if too_sore and checkin is not None:
        mem = replace(mem, soreness_through=checkin.date)
    if hold and checkin is not None:
        mem = replace(mem, exposure_through=checkin.date)
    deload = over or not_settled or too_sore or hold
    return PainVerdict(out, regress, deload and not regress, hold, mem)


def _spike_recheck(
    protocol: Protocol,
    ctx: CriterionContext,
    mem: PainMemory,
    repeat: bool,
    worse_morning: bool,
    rechecked: bool,
    retried: bool,
    morning: float | None,
    baseline: float | None,
    worst: float | None,
) -> Reason:
    pr = protocol.pain
    ev = pr.spike_recheck_evidence or pr.morning_settle_evidence

    def reason(status: ReasonStatus, text: str, observed: float | None = None, measure: str | None = None) -> Reason:
        return Reason(
            id="pain_spike_recheck",
            label="Recheck after an exercise-pain spike",
            status=status,
            evidence=ev,
            citation=ctx.sources.get(ev.source, ""),
            observed=observed,
            threshold=f"<= {pr.regress_above:g}/10 at the next session; next morning within the baseline",
            detail=text if status is ReasonStatus.NOT_MEASURED else "",
            measure=measure,
            kind="pain_rule",
            text=text,
        )

    if mem.spike_on is None:
        return reason(ReasonStatus.OK, "No exercise-pain spike awaiting a recheck")
    spike = f"{_fmt(mem.spike_value)} on {mem.spike_on.isoformat()}"
    if repeat:
        text = f"Exercise pain {_fmt(worst)} is above {_fmt(pr.regress_above)} again after {spike}: step back a phase"
        return reason(ReasonStatus.TRIGGERED, text, worst, "pain_exercise")
    if worse_morning:
        text = (
            f"Next-morning pain {_fmt(morning)} is above the baseline {_fmt(baseline)} after the exercise pain "
            f"{spike}: step back a phase"
        )
        return reason(ReasonStatus.TRIGGERED, text, morning, "pain_next_morning")
    if rechecked and retried:
        return reason(ReasonStatus.OK, f"The exercise pain {spike} settled by the next morning and the next session")
    todo = " and ".join(
        w for w, done in (("next-morning pain", rechecked), ("the next session's exercise pain", retried)) if not done
    )
    text = f"After the exercise pain {spike}: record {todo} before loading goes up"
    return reason(ReasonStatus.NOT_MEASURED, text, None, "pain_exercise" if rechecked else "pain_next_morning")


def _exposure_reason(
    protocol: Protocol, ctx: CriterionContext, checkin: CheckIn | None, checkins: CheckinHistory, exposures: Set[date]
) -> tuple[Reason, bool]:
    rule = protocol.pain.exposure_spike
    assert rule is not None
    kinds = "team-exposure"  # the protocol's session kinds (team, match, ...) are listed in the threshold
    exposed_on = checkin.date - _DAY if checkin is not None else None
    fired, observed, text = False, None, f"No {kinds} session the day before the latest check-in"
    threshold = f"<= the median of the {rule.baseline_days} days before a {', '.join(rule.session_kinds)} session"
    if checkin is not None and exposed_on in exposures:
        assert exposed_on is not None
        before = checkins.between(exposed_on - timedelta(days=rule.baseline_days), exposed_on - _DAY)
        parts = []
        for field, name in (("pain_next_morning", "Next-morning pain"), ("soreness", "Soreness")):
            now = getattr(checkin, field)
            past = [getattr(c, field) for c in before if getattr(c, field) is not None]
            if now is None or not past:
                continue
            base = statistics.median(past)
            if now > base and not fired:
                fired, observed = True, now
                text = (
                    f"{name} {_fmt(now)} the morning after the {kinds} session of {exposed_on.isoformat()} is above "
                    f"the athlete's baseline {_fmt(base)} (median of the {rule.baseline_days} days before): "
                    f"hold the next {kinds} session"
                )
            parts.append(f"{name.lower()} {_fmt(now)} within the baseline {_fmt(base)}")
        if not fired:
            found = "; ".join(parts) if parts else "no baseline or next-morning symptoms to compare"
            text = f"After the {kinds} session of {exposed_on.isoformat()}: {found}"
    reason = rule_reason(
        ctx,
        "exposure_symptom_spike",
        "Symptoms after a team exposure",
        fired,
        rule.evidence,
        "pain_rule",
        text,
        observed=observed,
        threshold=threshold,
    )
    return reason, fired


def _morning_vs_baseline(
    today: CheckIn | None, checkins: CheckinHistory
) -> tuple[float | None, float | None, date | None]:
    """Next-morning pain today vs the resting pain recorded before the loading day (silbernagel2007)."""
    if today is None or today.pain_next_morning is None:
        return None, None, None
    base = checkins.latest_rest_before(today.date)
    if base is None:
        return today.pain_next_morning, None, None
    assert base.pain_rest is not None
    return today.pain_next_morning, base.pain_rest, base.date
