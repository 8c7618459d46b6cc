"""The decision engine: where is this athlete on `as_of`, and what happens today?

A decision is a pure function of (case, protocol, as_of). The phase is found by replaying the
case day by day from the injury date, so any past day can be re-decided and the same case file
always gives the same timeline.

Order of precedence (most restrictive outcome decides, shrier2015): refer > regress > deload >
progress / clear (only when every exit criterion, the minimum time and the pain rules are met) > hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sprintback.domain.criteria import CriterionContext, ObservationIndex, evaluate_criterion, min_days_reason
from sprintback.domain.decision import Decision, Reason, ReasonStatus
from sprintback.domain.errors import InvalidCase
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Case, PainMode
from sprintback.domain.protocol import DecisionKind, Phase, Protocol
from sprintback.domain.rules import CheckinHistory, pain_rules, red_flags


@dataclass(frozen=True)
class _State:
    phase_index: int
    entered: date


def evaluate(case: Case, protocol: Protocol, as_of: date) -> Decision:
    """The decision for `as_of`, after replaying every day since the injury."""
    decision: Decision | None = None
    for decision in _days(case, protocol, as_of):  # noqa: B007 - the last day is the answer
        pass
    assert decision is not None
    return decision


def replay(case: Case, protocol: Protocol, end: date, start: date | None = None) -> list[Decision]:
    """One decision per day from `start` (default: injury date) to `end`, inclusive."""
    begin = start or case.injury.date
    return [d for d in _days(case, protocol, end) if d.as_of >= begin]


def evaluate_in_phase(
    case: Case, protocol: Protocol, as_of: date, phase_id: str, entered: date | None = None
) -> Decision:
    """The decision for `as_of` given that the athlete is in `phase_id` (a clinician's placement or a
    what-if), without replaying earlier days."""
    if as_of < case.injury.date:
        raise InvalidCase(f"{as_of.isoformat()} is before the injury date {case.injury.date.isoformat()}", "as_of")
    try:
        phase_index = protocol.phase_index(phase_id)
    except KeyError:
        raise InvalidCase(f"unknown phase {phase_id!r}", "phase") from None
    state = _State(phase_index, entered or case.injury.date)
    index = ObservationIndex(case.observations(as_of))
    return decide_day(case, protocol, index, CheckinHistory(case.checkins), as_of, state)


def _days(case: Case, protocol: Protocol, end: date) -> Iterator[Decision]:
    if end < case.injury.date:
        raise InvalidCase(f"{end.isoformat()} is before the injury date {case.injury.date.isoformat()}", "as_of")
    index = ObservationIndex(case.observations(end))
    checkins = CheckinHistory(case.checkins)  # built once: every day of the replay asks it
    state = _State(0, case.injury.date)
    day = case.injury.date
    while day <= end:
        decision = decide_day(case, protocol, index, checkins, day, state)
        yield decision
        state = _next_state(protocol, decision, state, day)
        day += timedelta(days=1)


def _next_state(protocol: Protocol, d: Decision, state: _State, day: date) -> _State:
    if d.next_phase is None or d.kind not in (
        DecisionKind.PROGRESS,
        DecisionKind.CLEAR,
        DecisionKind.REGRESS,
    ):
        return state
    return _State(protocol.phase_index(d.next_phase), day + timedelta(days=1))


def pain_mode(case: Case, protocol: Protocol) -> PainMode:
    return case.pain_mode or protocol.pain.default_mode


def decide_day(
    case: Case, protocol: Protocol, index: ObservationIndex, checkins: CheckinHistory, day: date, state: _State
) -> Decision:
    phase = protocol.phases[state.phase_index]
    mode = pain_mode(case, protocol)
    ctx = CriterionContext(
        case.athlete,
        case.injury,
        index,
        day,
        protocol.pain.limits[mode],
        protocol.sources,
        relaxed=protocol.pain.relaxed(mode),  # what this pain mode relaxes; every other pain gate is 0/10
    )

    flags = red_flags(case, protocol, ctx, state.phase_index, checkins)
    pains, regress, deload = pain_rules(protocol, ctx, mode, checkins)
    gates = _gate_reasons(case, protocol, phase, ctx)
    reasons = tuple(flags + pains + gates)

    last_phase = state.phase_index == len(protocol.phases) - 1
    referred = any(r.status is ReasonStatus.TRIGGERED for r in flags)
    gates_met = all(r.met for r in gates if r.kind != "advisory") and all(r.met for r in pains)
    if referred:
        kind, target = DecisionKind.REFER, None
    elif regress and state.phase_index > 0:
        kind, target = DecisionKind.REGRESS, protocol.phases[state.phase_index - 1].id
    elif regress or deload:
        kind, target = DecisionKind.DELOAD, None
    elif not last_phase and gates_met:
        target = protocol.phases[state.phase_index + 1].id
        kind = DecisionKind.CLEAR if state.phase_index + 1 == len(protocol.phases) - 1 else DecisionKind.PROGRESS
    else:
        kind, target = DecisionKind.HOLD, None

    measure_next = _measure_next(reasons)
    return Decision(
        as_of=day,
        kind=kind,
        phase=phase.id,
        phase_name=phase.name,
        next_phase=target,
        day_since_injury=(day - case.injury.date).days,
        summary=_summary(kind, phase, protocol, target, reasons, last_phase),
        reasons=reasons,
        measure_next=measure_next,
        phase_entered=state.entered,
        extras={
            "pain_mode": mode.value,
            "pain_limit": protocol.pain.limits[mode],
            "running_max_pct": phase.running_max_pct,
            "protocol": f"{protocol.id}@{protocol.version}",
        },
    )


def _gate_reasons(case: Case, protocol: Protocol, phase: Phase, ctx: CriterionContext) -> list[Reason]:
    out: list[Reason] = []
    floor = min_days_reason(phase, ctx)  # healing time by grade and mechanism (healing.py)
    if floor is not None:
        out.append(floor)
    for criterion, history in protocol.criteria_for(phase, case.injury):
        if history is None:
            out.append(evaluate_criterion(criterion, ctx))
        else:
            why = f"added: {history.reason} (previous HSI ×{case.injury.previous_hsi}; {history.evidence.source})"
            out.append(evaluate_criterion(criterion, ctx, kind="history", detail_prefix=why))
    return out


def _measure_next(reasons: tuple[Reason, ...]) -> tuple[str, ...]:
    """What to measure next to be able to decide: each missing measure once, in reason order."""
    seen: list[str] = []
    for r in reasons:
        if r.status is ReasonStatus.NOT_MEASURED:
            name = r.measure or ("daily_checkin" if r.id == "daily_checkin" else r.id)
            if name not in seen:
                seen.append(name)
    return tuple(seen)


def _summary(
    kind: DecisionKind,
    phase: Phase,
    protocol: Protocol,
    target: str | None,
    reasons: tuple[Reason, ...],
    last: bool,
) -> str:
    fired = [r.label for r in reasons if r.status is ReasonStatus.TRIGGERED]
    if kind is DecisionKind.REFER:
        return f"Refer to a physician: {'; '.join(r for r in fired if r)}. Stop progressing until reviewed."
    if kind is DecisionKind.REGRESS:
        name = protocol.phases[protocol.phase_index(target or phase.id)].name
        return f"Regress to {name}: exercise pain in the unacceptable zone."
    if kind is DecisionKind.DELOAD:
        return f"Deload today in {phase.name} (less volume, no high-speed running): {'; '.join(fired)}."
    if kind is DecisionKind.CLEAR:
        return "Clear to return to sport: every return-to-sport criterion is met."
    if kind is DecisionKind.PROGRESS:
        name = protocol.phases[protocol.phase_index(target or phase.id)].name
        return f"Progress from {phase.name} to {name}: every exit criterion is met."
    if last:
        return f"{phase.name}: keep the maintenance programme; no red flags today."
    unmet = [r for r in reasons if not r.met]
    missing = [
        MEASURES[r.measure].label if r.measure is not None and r.measure in MEASURES else r.label
        for r in unmet
        if r.status is ReasonStatus.NOT_MEASURED
    ]
    failing = [r.label for r in unmet if r.status is not ReasonStatus.NOT_MEASURED]
    parts = []
    if failing:
        parts.append("not yet met: " + ", ".join(failing))
    if missing:
        parts.append("measure next: " + ", ".join(missing))
    return f"Hold in {phase.name}: " + "; ".join(parts) + "."
