"""Evaluate one structured criterion against a case's observations, as of a date.

Each statistic answers with the observed number, met / not met, and — when the data is missing or
stale — "not measured", never a silent pass.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sprintback.domain.decision import Reason, ReasonStatus
from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import Athlete, Injury, Observation, Side
from sprintback.domain.protocol import Criterion, Phase, Statistic


class ObservationIndex:
    """Observations grouped by (kind, side), each list in date order, for fast "as of" look-ups."""

    def __init__(self, observations: Iterable[Observation]) -> None:
        groups: dict[tuple[str, Side | None], list[Observation]] = defaultdict(list)
        for o in observations:
            groups[(o.kind, o.side)].append(o)
        self._groups = {k: sorted(v, key=lambda o: o.date) for k, v in groups.items()}
        self._dates = {k: [o.date for o in v] for k, v in self._groups.items()}

    def upto(self, kind: str, side: Side | None, as_of: date, since: date | None = None) -> Sequence[Observation]:
        """Observations of `kind` on `side` with since <= date <= as_of (date order)."""
        key = (kind, side)
        items = self._groups.get(key)
        if not items:
            return ()
        dates = self._dates[key]
        hi = bisect_right(dates, as_of)
        lo = 0 if since is None else bisect_right(dates, since - _ONE_DAY)
        return items[lo:hi]

    def latest(self, kind: str, side: Side | None, as_of: date) -> Observation | None:
        items = self.upto(kind, side, as_of)
        return items[-1] if items else None


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


@dataclass(frozen=True)
class CriterionContext:
    athlete: Athlete
    injury: Injury
    index: ObservationIndex
    as_of: date
    pain_limit: float  # exercise pain allowed by the pain rule in force
    sources: Mapping[str, str]
    relaxed: frozenset[str] = frozenset()  # criterion ids the pain mode in force relaxes to `pain_limit`

    def pain_allowed(self, c: Criterion) -> float:
        """Pain a `pain_rule` criterion accepts: the mode's limit only where the mode relaxes it, else 0/10."""
        return self.pain_limit if c.id in self.relaxed else 0.0


def evaluate_criterion(c: Criterion, ctx: CriterionContext, kind: str = "criterion", detail_prefix: str = "") -> Reason:
    observed, status, detail = _STATISTICS[c.statistic](c, ctx)
    if c.advisory:
        kind = "advisory"
        detail = (
            f"advisory: shown, does not block the gate; {detail}" if detail else "advisory: does not block the gate"
        )
    if status is None:
        status = ReasonStatus.MET if observed is not None and c.passes(observed) else ReasonStatus.NOT_MET
    if detail_prefix:
        detail = f"{detail_prefix}; {detail}" if detail else detail_prefix
    return Reason(
        id=c.id,
        label=c.label,
        status=status,
        evidence=c.evidence,
        citation=ctx.sources.get(c.evidence.source, ""),
        observed=None if observed is None else round(observed, 2),
        threshold=c.describe_threshold(),
        detail=detail,
        measure=c.measure,
        kind=kind,
    )


_Result = tuple[float | None, ReasonStatus | None, str]


def _missing(what: str) -> _Result:
    return None, ReasonStatus.NOT_MEASURED, what


def _since(c: Criterion, ctx: CriterionContext) -> date:
    if c.window_days is None:
        return ctx.injury.date
    return max(ctx.injury.date, ctx.as_of - _ONE_DAY * c.window_days)


def _side(c: Criterion, ctx: CriterionContext) -> Side | None:
    if not MEASURES[c.measure].bilateral:
        return None
    return ctx.injury.side if c.side == "injured" else ctx.injury.side.other


def _usable(c: Criterion, ctx: CriterionContext, side: Side | None) -> Sequence[Observation]:
    items = ctx.index.upto(c.measure, side, ctx.as_of, _since(c, ctx))
    if c.pain_rule:
        allowed = ctx.pain_allowed(c)
        items = [o for o in items if o.pain is not None and o.pain <= allowed]
    return items


def _pick(c: Criterion, items: Sequence[Observation]) -> Observation:
    if c.aggregate == "best" and MEASURES[c.measure].direction is not Direction.TARGET:
        higher = MEASURES[c.measure].direction is Direction.HIGHER
        return max(items, key=lambda o: (o.value if higher else -o.value, o.date))
    return items[-1]


def _stale_detail(c: Criterion, ctx: CriterionContext, side: Side | None) -> str:
    last = ctx.index.latest(c.measure, side, ctx.as_of)
    label = MEASURES[c.measure].label
    if last is None or last.date < ctx.injury.date:
        return f"{label}: not yet measured"
    allowed = ctx.pain_allowed(c)
    if c.pain_rule and (last.pain is None or last.pain > allowed):
        rule = "pain-free (0/10)" if allowed == 0 else f"within the pain rule (≤ {allowed:g}/10)"
        return f"{label}: no result {rule} with its pain recorded"
    return f"{label}: last measured {(ctx.as_of - last.date).days} days ago (needs ≤ {c.window_days} days)"


def _when(o: Observation, ctx: CriterionContext) -> str:
    return "today" if o.date == ctx.as_of else f"on {o.date.isoformat()}"


def _value(c: Criterion, ctx: CriterionContext) -> _Result:
    side = _side(c, ctx)
    items = _usable(c, ctx, side)
    if not items:
        return _missing(_stale_detail(c, ctx, side))
    o = _pick(c, items)
    where = f"{side.value} (injured) leg, " if side is not None and c.side == "injured" else ""
    where = f"{side.value} (uninjured) leg, " if side is not None and c.side != "injured" else where
    return o.value, None, f"{where}{'best' if c.aggregate == 'best' else 'measured'} {_when(o, ctx)}"


def _test_pain(c: Criterion, ctx: CriterionContext) -> _Result:
    side = _side(c, ctx)
    items = [o for o in _usable(c, ctx, side) if o.pain is not None]
    if not items:
        return _missing(_stale_detail(c, ctx, side) + " (with pain during the test recorded)")
    o = items[-1]
    return o.pain, None, f"pain during the {MEASURES[c.measure].label.lower()} test {_when(o, ctx)}"


def _pair(c: Criterion, ctx: CriterionContext) -> tuple[Observation, Observation] | str:
    """Latest same-day injured/uninjured pair within the window."""
    inj = ctx.injury.side
    injured = {o.date: o for o in _usable(c, ctx, inj)}
    other = {o.date: o for o in _usable(c, ctx, inj.other)}
    days = sorted(set(injured) & set(other))
    if not days:
        if not injured and not other:
            return _stale_detail(c, ctx, inj)
        return f"{MEASURES[c.measure].label}: needs both legs measured on the same day"
    d = days[-1]
    return injured[d], other[d]


def _lsi(c: Criterion, ctx: CriterionContext) -> _Result:
    pair = _pair(c, ctx)
    if isinstance(pair, str):
        return _missing(pair)
    i, u = pair
    if u.value <= 0:
        return _missing("uninjured leg value is 0: LSI undefined")
    unit = MEASURES[c.measure].unit
    lsi = i.value / u.value * 100 if MEASURES[c.measure].higher_is_better else u.value / i.value * 100
    return lsi, None, f"injured {i.value:g} {unit} vs uninjured {u.value:g} {unit} {_when(i, ctx)}"


def _deficit(c: Criterion, ctx: CriterionContext) -> _Result:
    pair = _pair(c, ctx)
    if isinstance(pair, str):
        return _missing(pair)
    i, u = pair
    unit = MEASURES[c.measure].unit
    sign = 1 if MEASURES[c.measure].higher_is_better else -1
    deficit = sign * (u.value - i.value)
    if c.statistic is Statistic.DEFICIT_PCT:
        if u.value <= 0:
            return _missing("uninjured leg value is 0: deficit % undefined")
        deficit = deficit / u.value * 100
    return deficit, None, f"injured {i.value:g} {unit} vs uninjured {u.value:g} {unit} {_when(i, ctx)}"


def _imbalance(c: Criterion, ctx: CriterionContext) -> _Result:
    pair = _pair(c, ctx)
    if isinstance(pair, str):
        return _missing(pair)
    i, u = pair
    top = max(i.value, u.value)
    if top <= 0:
        return _missing("both legs 0: imbalance undefined")
    unit = MEASURES[c.measure].unit
    return (
        abs(i.value - u.value) / top * 100,
        None,
        f"injured {i.value:g} {unit} vs uninjured {u.value:g} {unit}",
    )


def _pct_of_baseline(c: Criterion, ctx: CriterionContext) -> _Result:
    """The athlete's own reference beats population norms: pre-injury value, else the other leg."""
    side = _side(c, ctx)
    items = _usable(c, ctx, side)
    if not items:
        return _missing(_stale_detail(c, ctx, side))
    o = _pick(c, items)
    unit = MEASURES[c.measure].unit
    baseline = ctx.athlete.baseline(c.measure, side)
    if baseline is not None and baseline > 0:
        ref, which = baseline, f"pre-injury baseline {baseline:g} {unit}"
    elif side is not None:
        other = ctx.index.upto(c.measure, side.other, ctx.as_of, _since(c, ctx))
        if not other:
            return _missing(f"no pre-injury baseline and no uninjured-leg {MEASURES[c.measure].label} to compare")
        ref, which = (
            _pick(c, other).value,
            f"uninjured leg {_pick(c, other).value:g} {unit} (no pre-injury baseline)",
        )
    else:
        return _missing(f"no pre-injury baseline for {MEASURES[c.measure].label}: add athlete.baselines.{c.measure}")
    if ref <= 0:
        return _missing("reference value is 0")
    pct = o.value / ref * 100 if MEASURES[c.measure].higher_is_better else ref / o.value * 100
    return pct, None, f"{o.value:g} {unit} {_when(o, ctx)} vs reference: {which}"


def _balance(c: Criterion, ctx: CriterionContext) -> _Result:
    items = _usable(c, ctx, None)
    if not items:
        return _missing(_stale_detail(c, ctx, None))
    o = _pick(c, items)
    target = MEASURES[c.measure].target or 0.0
    return (
        abs(o.value - target),
        None,
        f"{o.value:g} {MEASURES[c.measure].unit} {_when(o, ctx)} (target {target:g})",
    )


def _each_value(c: Criterion, o: Observation) -> float | None:
    assert c.each is not None
    return o.pain if c.each.on == "pain" else o.value


def _consecutive(c: Criterion, ctx: CriterionContext) -> _Result:
    assert c.each is not None
    if c.also:
        return _consecutive_days(c, ctx)
    items = _usable(c, ctx, _side(c, ctx))
    if not items:
        return _missing(_stale_detail(c, ctx, _side(c, ctx)))
    run = 0
    for o in reversed(items):
        if not c.each.holds(_each_value(c, o)):
            break
        run += 1
    what = "pain during the test" if c.each.on == "pain" else "value"
    return (
        float(run),
        None,
        f"latest {run} in a row with {what} {c.each.comparator.value} {c.each.threshold:g}",
    )


def _consecutive_days(c: Criterion, ctx: CriterionContext) -> _Result:
    """Test days in a row (latest backwards) on which every listed measure was taken and each met `each`;
    a day with only some of the measures (e.g. 90° but not 0-15°) does not count and ends the run."""
    assert c.each is not None
    side, since = _side(c, ctx), _since(c, ctx)
    kinds = (c.measure, *c.also)
    by_kind = {k: ctx.index.upto(k, side, ctx.as_of, since) for k in kinds}
    days = sorted({o.date for items in by_kind.values() for o in items}, reverse=True)
    if not days:
        return _missing(_stale_detail(c, ctx, side))
    run = 0
    for d in days:
        on_day = [[o for o in by_kind[k] if o.date == d] for k in kinds]
        if not all(on_day) or not all(c.each.holds(_each_value(c, o)) for obs in on_day for o in obs):
            break
        run += 1
    what = "pain during the test" if c.each.on == "pain" else "value"
    names = " and ".join(MEASURES[k].label for k in kinds)
    return (
        float(run),
        None,
        f"latest {run} test days in a row with {names}, each {what} {c.each.comparator.value} {c.each.threshold:g}",
    )


def min_days_reason(phase: Phase, ctx: CriterionContext) -> Reason | None:
    """The healing-time floor of `phase` for this injury (healing.MinimumDays), as a gate reason."""
    md = phase.min_days
    if not md.defined:
        return None
    floor = md.for_injury(ctx.injury)
    day = (ctx.as_of - ctx.injury.date).days
    assert floor.evidence is not None or floor.days == 0
    ev = floor.evidence or next(iter(md.by_grade.values() or md.by_mechanism.values())).evidence
    inj = ctx.injury
    return Reason(
        id=f"{phase.id}_min_days",
        label=f"Minimum time since injury for BAMIC {inj.grade} ({_mechanism_text(inj.mechanism.value)})",
        status=ReasonStatus.MET if day >= floor.days else ReasonStatus.NOT_MET,
        evidence=ev,
        citation=ctx.sources.get(ev.source, ""),
        observed=float(day),
        threshold=f">= {floor.days} days",
        detail=f"rule: {floor.rule}" + (f"; derived: {ev.derived}" if ev.derived else ""),
        kind="min_days",
    )


def _mechanism_text(mechanism: str) -> str:
    return "mechanism not recorded" if mechanism == "other" else f"{mechanism}-type"


def _count(c: Criterion, ctx: CriterionContext) -> _Result:
    assert c.each is not None
    items = _usable(c, ctx, _side(c, ctx))
    n = sum(1 for o in items if c.each.holds(_each_value(c, o)))
    if not items:
        # A count of zero is an answer, not missing data: it fails its threshold unless that is 0.
        return (
            0.0,
            None,
            f"none recorded{'' if c.window_days is None else f' in the last {c.window_days} days'}",
        )
    return float(n), None, f"{n} of {len(items)} recorded"


_STATISTICS = {
    Statistic.VALUE: _value,
    Statistic.TEST_PAIN: _test_pain,
    Statistic.LSI: _lsi,
    Statistic.DEFICIT: _deficit,
    Statistic.DEFICIT_PCT: _deficit,
    Statistic.IMBALANCE_PCT: _imbalance,
    Statistic.PCT_OF_BASELINE: _pct_of_baseline,
    Statistic.BALANCE_DEVIATION: _balance,
    Statistic.CONSECUTIVE: _consecutive,
    Statistic.COUNT: _count,
}
