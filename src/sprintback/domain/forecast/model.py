"""When will this athlete be ready? The distribution of days to each remaining gate and to clearance.

The prior is a published return-to-play distribution for the injury's grade, mechanism, pain rule and
programme (`config.PriorRow`, a lognormal over days from injury). It is split over the protocol's
rehabilitation phases (shares from the data file) and updated with what the case shows so far:

- **work done** `C` (0–1): phases completed, plus the current phase's exit criteria met (a near miss counts
  part-way, by how close it is);
- **pace**: days taken ÷ days the prior expects for that work, weighed against the prior by
  days ÷ (days + prior_weight_days);
- **setbacks**: deload, regress and referral days in the recent window add days (a referral the most).

Monte-Carlo with `random.Random(seed)`: every sample draws one pace and one factor per phase, in the same
order whatever the case, so two versions of a case are compared on the same draws. Each sample's gate day is
monotone in the work done (more → not later) and in setbacks (more → not earlier), and so are its quantiles.
No gate falls before the protocol's minimum days for the injury, nor before tomorrow.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sprintback.domain.decision import Decision, ReasonStatus
from sprintback.domain.engine import evaluate_in_phase, pain_mode, replay
from sprintback.domain.errors import InvalidCase
from sprintback.domain.forecast.config import ForecastConfig, PriorRow
from sprintback.domain.models import Case, Injury, PainMode
from sprintback.domain.protocol import Comparator, Criterion, DecisionKind, Phase, Protocol

QUANTILES = (0.1, 0.5, 0.9)


def select_prior(config: ForecastConfig, injury: Injury, mode: PainMode, programme: str | None = None) -> PriorRow:
    """The slowest row of the programme that matches the injury (the more cautious published course)."""
    prog = config.programme(programme)
    rows = [r for r in prog.rows if r.matches(injury, mode)]
    if not rows:
        raise InvalidCase(
            f"no return-to-play figure for BAMIC {injury.grade} ({injury.mechanism.value}-type) in "
            f"{prog.name}: grade 4 is a referral for a surgical opinion, not a rehabilitation forecast",
            "injury.grade",
        )
    return max(rows, key=lambda r: (r.median_days, r.id))


@dataclass(frozen=True)
class GateForecast:
    """Leaving `phase` for `next_phase`: days since injury at the 10th, 50th and 90th centiles."""

    phase: str
    phase_name: str
    next_phase: str
    next_phase_name: str
    p10: int
    p50: int
    p90: int
    min_day: int  # the protocol's minimum days for this injury (0: none)

    def dates(self, injury_date: date) -> tuple[date, date, date]:
        return tuple(injury_date + timedelta(days=d) for d in (self.p10, self.p50, self.p90))  # type: ignore[return-value]

    def to_dict(self, injury_date: date) -> dict[str, Any]:
        d10, d50, d90 = self.dates(injury_date)
        return {
            "phase": self.phase, "phase_name": self.phase_name, "next_phase": self.next_phase,
            "next_phase_name": self.next_phase_name, "p10": d10.isoformat(), "p50": d50.isoformat(),
            "p90": d90.isoformat(), "days_p10": self.p10, "days_p50": self.p50, "days_p90": self.p90,
            "min_day": self.min_day,
        }  # fmt: skip


@dataclass(frozen=True)
class PhaseSpell:
    phase: str
    days: int
    expected_days: float  # the prior median's share for this phase


@dataclass(frozen=True)
class ForecastBasis:
    """Why the forecast says what it says (clinical: not for coaches)."""

    work_done: float  # C, 0-1
    current_phase_credit: float  # share of the current phase's exit criteria met (near misses part-way)
    pace_observed: float  # days taken ÷ days expected for the work done (> 1: slower than the prior)
    pace_weight: float  # how much the athlete's own pace counts against the prior
    setback_days: int  # deload / regress / refer days in the recent window
    spells: tuple[PhaseSpell, ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "work_done": round(self.work_done, 3),
            "current_phase_credit": round(self.current_phase_credit, 3),
            "pace_observed": round(self.pace_observed, 2),
            "pace_weight": round(self.pace_weight, 2),
            "setback_days": self.setback_days,
            "phases": [
                {"phase": s.phase, "days": s.days, "expected_days": round(s.expected_days, 1)} for s in self.spells
            ],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Forecast:
    athlete_id: str
    injury_date: date
    as_of: date
    day_since_injury: int
    phase: str
    phase_name: str
    decision: str
    rts: GateForecast  # readiness for clearance (leaving the last rehabilitation phase)
    gates: tuple[GateForecast, ...]  # every remaining gate, the last one is `rts`
    cleared_on: date | None
    prior: PriorRow
    programme: str
    basis: ForecastBasis
    samples: int
    seed: int

    def to_dict(self, clinical: bool = True) -> dict[str, Any]:
        """Dates for everyone; the prior, the basis and the evidence only when `clinical`."""
        r10, r50, r90 = self.rts.dates(self.injury_date)
        out: dict[str, Any] = {
            "athlete": self.athlete_id, "as_of": self.as_of.isoformat(), "injury_date": self.injury_date.isoformat(),
            "day_since_injury": self.day_since_injury, "phase": self.phase, "phase_name": self.phase_name,
            "cleared_on": self.cleared_on.isoformat() if self.cleared_on else None,
            "rts_p10": r10.isoformat(), "rts_p50": r50.isoformat(), "rts_p90": r90.isoformat(),
            "rts_days_p10": self.rts.p10, "rts_days_p50": self.rts.p50, "rts_days_p90": self.rts.p90,
            "gates": [g.to_dict(self.injury_date) for g in self.gates],
            "samples": self.samples, "seed": self.seed,
        }  # fmt: skip
        if clinical:
            p = self.prior
            out["decision"] = self.decision
            out["prior"] = {
                "id": p.id, "label": p.label, "programme": self.programme, "centre": p.centre,
                "median_days": round(p.median_days, 1), "range_days": list(p.range_days), "range_kind": p.range_kind,
                "status": p.status, "source": p.evidence.source, "grade": p.evidence.grade.value,
                "population": p.population, "derivation": p.derivation, "spread_from": p.spread_from,
            }  # fmt: skip
            out["basis"] = self.basis.to_dict()
        return out


def _closeness(c: Criterion, observed: float) -> float:
    """How near a criterion not met is, 0-1: observed ÷ threshold (or its inverse for upper limits); a
    zero threshold (pain-free, no insecurity) is all or nothing."""
    t = c.threshold
    if t <= 0 or observed < 0:
        return 0.0
    if c.comparator in (Comparator.GE, Comparator.GT):
        return min(observed / t, 1.0)
    if c.comparator in (Comparator.LE, Comparator.LT):
        return 1.0 if observed <= 0 else min(t / observed, 1.0)
    return 0.0


def phase_credit(case: Case, protocol: Protocol, decision: Decision, near_miss: float) -> float:
    """Share of the current phase's exit criteria met today, a criterion not met counting `near_miss` × how
    close it is; a phase without criteria (time only) counts as done."""
    phase = protocol.phases[protocol.phase_index(decision.phase)]
    criteria = [c for c, _ in protocol.criteria_for(phase, case.injury)]
    if not criteria:
        return 1.0
    by_id = {r.id: r for r in decision.reasons if r.kind in ("criterion", "history")}
    total = 0.0
    for c in criteria:
        r = by_id.get(c.id)
        if r is None:
            continue
        if r.status is ReasonStatus.MET:
            total += 1.0
        elif r.status is ReasonStatus.NOT_MET and r.observed is not None:
            total += near_miss * _closeness(c, r.observed)
    return total / len(criteria)


def floor_days(phase: Phase, injury: Injury) -> int:
    """The protocol's minimum days since injury before leaving `phase` (0: none). `for_injury` answers
    (days, rule) or an object with `.days`, depending on the protocol version."""
    floor: Any = phase.min_days.for_injury(injury)
    days = getattr(floor, "days", None)
    return int(days if days is not None else floor[0])


def _spells(decisions: Sequence[Decision], expected: Sequence[float], protocol: Protocol) -> tuple[PhaseSpell, ...]:
    out: list[PhaseSpell] = []
    for d in decisions:
        k = protocol.phase_index(d.phase)
        due = expected[k] if k < len(expected) else 0.0
        if out and out[-1].phase == d.phase:
            out[-1] = PhaseSpell(d.phase, out[-1].days + 1, due)
        else:
            out.append(PhaseSpell(d.phase, 1, due))
    return tuple(out)


def _quantile(sorted_days: Sequence[float], q: float) -> int:
    x = sorted_days[round(q * (len(sorted_days) - 1))]
    return math.floor(x + 0.5)


def forecast(
    case: Case,
    protocol: Protocol,
    config: ForecastConfig,
    as_of: date,
    *,
    programme: str | None = None,
    cleared_on: date | None = None,
    decisions: Sequence[Decision] | None = None,
    samples: int | None = None,
    seed: int | None = None,
) -> Forecast:
    """The forecast for `as_of`. `decisions` (the engine's replay up to `as_of`) saves a replay when the caller
    has one; `cleared_on` is a clinician's clearance (the engine's own `clear` counts too)."""
    days = list(decisions) if decisions is not None else replay(case, protocol, as_of)
    if not days or days[-1].as_of != as_of:
        raise InvalidCase("the replay must end on the forecast day", "as_of")
    today = days[-1]
    m = config.model
    n_samples, the_seed = samples or m.samples, m.seed if seed is None else seed
    mode = pain_mode(case, protocol)
    prior = select_prior(config, case.injury, mode, programme)
    prog = config.programme(programme).id
    rehab = len(protocol.phases) - 1  # the last phase (return / maintenance) has no exit
    shares = list(m.phase_shares) if len(m.phase_shares) == rehab else [1.0 / rehab] * rehab
    t0 = prior.median_days
    d = today.day_since_injury
    j = protocol.phase_index(today.phase)
    spells = _spells(days, [x * t0 for x in shares], protocol)
    notes: list[str] = []
    if m.phase_shares and len(m.phase_shares) != rehab:
        notes.append(f"Equal phase shares: the data file's {len(m.phase_shares)} shares do not fit {rehab} phases.")
    if today.kind is DecisionKind.REFER:
        notes.append("Referred to a physician today: the forecast assumes rehabilitation resumes after the review.")

    clear_day = _cleared_day(days, cleared_on, protocol.phases[-1].id, case.injury.date)
    if clear_day is not None:
        last = protocol.phases[rehab - 1]
        ret = protocol.phases[rehab]
        done = GateForecast(last.id, last.name, ret.id, ret.name, clear_day, clear_day, clear_day, clear_day)
        basis = ForecastBasis(1.0, 1.0, 1.0, 1.0, 0, spells, (*notes, "Cleared: no gate remains."))
        return Forecast(
            case.athlete.id, case.injury.date, as_of, d, today.phase, today.phase_name, today.kind.value, done, (),
            case.injury.date + timedelta(days=clear_day), prior, prog, basis, n_samples, the_seed,
        )  # fmt: skip

    progressed = today.kind is DecisionKind.PROGRESS
    if today.kind is DecisionKind.REGRESS and today.next_phase is not None:
        # Back a phase from tomorrow: count the work of the phase returned to, as it stands today.
        j = protocol.phase_index(today.next_phase)
        back = evaluate_in_phase(case, protocol, as_of, today.next_phase)
        credit = phase_credit(case, protocol, back, m.near_miss_credit)
    else:
        credit = 1.0 if progressed else phase_credit(case, protocol, today, m.near_miss_credit)
    work_done = sum(shares[:j]) + credit * shares[j]
    remaining = [(k, (1.0 - credit) * shares[k] if k == j else shares[k]) for k in range(j, rehab)]
    if progressed:
        remaining = remaining[1:]
    pace_obs = (d + m.pseudo_days) / (work_done * t0 + m.pseudo_days)
    w = d / (d + m.prior_weight_days)
    window_start = as_of - timedelta(days=m.setback_window_days)
    # A pain day (deload, or regress: the same pain past the first phase, whose step back the work done already
    # counts) trims a day's load and is routine early on, so it weighs less than a referral, which halts
    # progress. Never the other way round, or better data turning a referral into a deload would cost time.
    recent = [x.kind for x in days if x.as_of > window_start]
    pain_days = sum(1 for k in recent if k in (DecisionKind.DELOAD, DecisionKind.REGRESS))
    referred = sum(1 for k in recent if k is DecisionKind.REFER)
    setbacks = pain_days + referred
    delay = pain_days * m.deload_days_each + referred * m.setback_days_each
    if setbacks:
        notes.append(
            f"{pain_days} deload or regress and {referred} referral day(s) in the last {m.setback_window_days} "
            f"days (+{delay:g} days)."
        )

    sigma = prior.sigma
    log_pace = w * math.log(pace_obs)
    # The pace estimate firms up with the days seen, but a few weeks of one athlete never pin it down (plateaus,
    # setbacks to come): at most half of the prior's pace variance is removed.
    sd_pace = math.sqrt(m.pace_share * (1.0 - w / 2)) * sigma
    # Per-phase spread such that the phases together carry the rest of the prior's log-variance.
    tau = math.sqrt((1.0 - m.pace_share) / sum(x * x for x in shares)) * sigma
    floors = [floor_days(p, case.injury) for p in protocol.phases]
    rnd = random.Random(the_seed)
    per_gate: list[list[float]] = [[] for _ in remaining]
    for _ in range(n_samples):
        pace = math.exp(log_pace + sd_pace * rnd.gauss(0.0, 1.0))
        factors = [math.exp(tau * rnd.gauss(0.0, 1.0) - tau * tau / 2) for _ in range(rehab)]
        t = float(d) + delay
        prev = float(d)
        for i, (k, work) in enumerate(remaining):
            t += work * t0 * pace * factors[k]
            t = max(t, float(floors[k]), prev + 1.0)
            per_gate[i].append(t)
            prev = t
    gates = []
    for (k, _), values in zip(remaining, per_gate, strict=True):
        values.sort()
        p10, p50, p90 = (_quantile(values, q) for q in QUANTILES)
        here, nxt = protocol.phases[k], protocol.phases[k + 1]
        gates.append(GateForecast(here.id, here.name, nxt.id, nxt.name, p10, p50, p90, floors[k]))
    basis = ForecastBasis(work_done, credit, pace_obs, w, setbacks, spells, tuple(notes))
    return Forecast(
        case.athlete.id, case.injury.date, as_of, d, today.phase, today.phase_name, today.kind.value, gates[-1],
        tuple(gates), None, prior, prog, basis, n_samples, the_seed,
    )  # fmt: skip


def _cleared_day(days: Sequence[Decision], cleared_on: date | None, last_phase: str, injury_date: date) -> int | None:
    """Days from injury to clearance, if the athlete is cleared by the forecast day: a clinician's clearance, or
    the engine's own `clear` (today, or earlier: the athlete is now in the last phase)."""
    today = days[-1]
    if cleared_on is not None and cleared_on <= today.as_of:
        return max((cleared_on - injury_date).days, 0)
    if today.kind is DecisionKind.CLEAR:
        return today.day_since_injury
    if today.phase == last_phase:
        entered = today.phase_entered or injury_date
        return max((entered - injury_date).days - 1, 0)  # the clear decision was the day before
    return None
