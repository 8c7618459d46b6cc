"""Random rehab cases built from a protocol's own data, for the safety suite.

Nothing here knows the default protocol's numbers: for every phase the generator reads its exit criteria
(measure, statistic, comparator, threshold, counts), its minimum days for the drawn injury and the history
rules, and records a block of "healthy" test days that would pass them, timed after the phase's minimum; then
it adds the noise of real life — painful sessions, sore mornings, missed check-ins, failed tests, the odd red
flag. When the protocol changes thresholds or criteria, the cases change with it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sprintback.domain.measures import MEASURES, Direction
from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
    IntakeSign,
    Measurement,
    Mechanism,
    PainMode,
    SessionKind,
    SessionLog,
    Side,
)
from sprintback.domain.protocol import Comparator, Criterion, Protocol, Statistic

INJURY_DAY = date(2026, 1, 5)
INJURED, OTHER = Side.LEFT, Side.RIGHT
_SESSION_MEASURES = {"run_pain_free_pct", "team_sessions_full"}


@dataclass(frozen=True)
class GeneratedCase:
    case: Case
    end: date
    blocks: tuple[tuple[str, int, int], ...]  # (phase id, first day, last day) of its passing test block


def _grades(protocol: Protocol) -> list[str]:
    keys = {str(k) for p in protocol.phases for k in p.min_days.by_grade if str(k)[0].isdigit()}
    return sorted(keys | {"0", "1a", "1b", "2a", "2b", "2c", "3a", "3b", "3c"})


def _passing_number(c: Criterion) -> float:
    """A statistic value that passes `c` (for the few statistics that read a raw value)."""
    step = 1.0
    if c.comparator is Comparator.GT:
        return c.threshold + step
    if c.comparator is Comparator.LT:
        return c.threshold - step
    return c.threshold


def _healthy_value(measure: str, criteria: list[Criterion]) -> float:
    """One value per measure that passes every criterion of a phase on it, on both legs."""
    kind = MEASURES[measure]
    if kind.direction is Direction.TARGET:
        return kind.target if kind.target is not None else kind.minimum
    if kind.direction is Direction.LOWER:
        needed = [_passing_number(c) for c in criteria if c.statistic is Statistic.VALUE]
        return max(kind.minimum, min([kind.minimum, *needed]))
    needed = [_passing_number(c) for c in criteria if c.statistic is Statistic.VALUE]
    mid = kind.minimum + 0.5 * (kind.maximum - kind.minimum)
    return min(kind.maximum, max([mid, *needed]))


def _failing(c: Criterion, healthy: float) -> tuple[float, float]:
    """(value, test pain) for the injured leg that a criterion like `c` should reject."""
    kind = MEASURES[c.measure]
    if kind.direction is Direction.LOWER:
        return min(kind.maximum, max(healthy, c.threshold) + 3), 3.0
    if kind.direction is Direction.TARGET:
        return kind.maximum if healthy - kind.minimum < kind.maximum - healthy else kind.minimum, 3.0
    return max(kind.minimum, healthy * 0.5), 3.0


class _Recorder:
    def __init__(self) -> None:
        self.measurements: list[Measurement] = []
        self.sessions: list[SessionLog] = []
        self.checkins: dict[int, CheckIn] = {}

    def test(self, n: int, measure: str, value: float, pain: float | None = 0.0, other: float | None = None) -> None:
        d = INJURY_DAY + timedelta(days=n)
        if MEASURES[measure].bilateral:
            self.measurements.append(Measurement(d, measure, value, INJURED, pain))
            self.measurements.append(Measurement(d, measure, value if other is None else other, OTHER, 0.0))
        else:
            self.measurements.append(Measurement(d, measure, value, None, pain))


def generate(rnd: random.Random, protocol: Protocol, noise: float = 1.0) -> GeneratedCase:
    """One case. `noise` scales the probability of every disturbance (0 = a textbook recovery)."""
    grade = BamicGrade.parse(rnd.choice(_grades(protocol)) if rnd.random() > 0.02 else "4")
    signs: tuple[IntakeSign, ...] = (rnd.choice(list(IntakeSign)),) if rnd.random() < 0.02 * noise else ()
    injury = Injury(
        INJURY_DAY,
        INJURED,
        grade,
        rnd.choice(list(Mechanism)),
        previous_hsi=rnd.choice((0, 0, 1, 2)),
        intake_signs=signs,
    )
    if (grade.number == 4 or signs) and rnd.random() < 0.7:
        injury = replace(injury, physician_review_on=INJURY_DAY + timedelta(days=rnd.randint(0, 10)))
    rec = _Recorder()
    baselines: dict[str, float] = {}
    blocks: list[tuple[str, int, int]] = []
    t = 0
    for phase in protocol.phases[:-1]:
        criteria = [c for c, _ in protocol.criteria_for(phase, injury)]
        need = phase.min_days.for_injury(injury).days
        counts = [int(c.threshold) for c in criteria if c.statistic in (Statistic.COUNT, Statistic.CONSECUTIVE)]
        length = max([2, *counts]) + rnd.randint(0, 2)
        first = max(t, need - length + 1 + rnd.randint(0, 2))
        last = first + length - 1
        by_measure: dict[str, list[Criterion]] = {}
        for c in criteria:
            for measure in (c.measure, *c.also):  # `also`: measures that must be tested on the same day
                by_measure.setdefault(measure, []).append(c)
        for n in range(first, last + 1):
            for measure, cs in by_measure.items():
                _record_healthy(rec, n, measure, cs, baselines)
            if rnd.random() < 0.15 * noise:  # a failed test on one criterion
                c = rnd.choice(criteria)
                if c.measure not in _SESSION_MEASURES:
                    value, pain = _failing(c, _healthy_value(c.measure, by_measure[c.measure]))
                    rec.test(n, c.measure, value, pain, other=_healthy_value(c.measure, by_measure[c.measure]))
        blocks.append((phase.id, first, last))
        t = last + 1
    end = t + rnd.randint(0, 10)
    _daily_life(rnd, rec, end, noise)
    athlete = Athlete("gen", "Generated Athlete", "football", baselines=baselines)
    mode = rnd.choice((None, PainMode.THRESHOLD, PainMode.PAIN_FREE))
    case = Case(
        athlete,
        injury,
        tuple(rec.measurements),
        tuple(rec.checkins[n] for n in sorted(rec.checkins)),
        tuple(rec.sessions),
        mode,
    )
    return GeneratedCase(case.validate(), INJURY_DAY + timedelta(days=end), tuple(blocks))


def _record_healthy(rec: _Recorder, n: int, measure: str, cs: list[Criterion], baselines: dict[str, float]) -> None:
    d = INJURY_DAY + timedelta(days=n)
    value = _healthy_value(measure, cs)
    if measure == "run_pain_free_pct":
        rec.sessions.append(SessionLog(d, SessionKind.RUN, 30, rpe=5, pain_during=0, top_speed_pct=value))
    elif measure == "team_sessions_full":
        rec.sessions.append(SessionLog(d, SessionKind.TEAM, 75, rpe=6, pain_during=0))
    else:
        if any(c.statistic is Statistic.PCT_OF_BASELINE for c in cs):
            for side in ("", ".left", ".right") if MEASURES[measure].bilateral else ("",):
                baselines[measure + side] = value
        rec.test(n, measure, value)


def _daily_life(rnd: random.Random, rec: _Recorder, end: int, noise: float) -> None:
    """A check-in most days, calm unless something happens; symptoms never look into the future."""
    rising = 0
    for n in range(end + 1):
        d = INJURY_DAY + timedelta(days=n)
        if rnd.random() < 0.04 * noise:
            continue  # no check-in today
        walk = 0.0
        if rising or rnd.random() < 0.004 * noise:
            rising += 1
            walk = float(min(10, rising))
            rising = 0 if rising > 4 else rising
        ex = 0.0
        r = rnd.random()
        if r < 0.03 * noise:
            ex = float(rnd.randint(6, 9))  # an unacceptable spike
        elif r < 0.08 * noise:
            ex = float(rnd.randint(1, 5))
        rec.checkins[n] = CheckIn(
            d,
            pain_rest=float(rnd.random() < 0.03 * noise),
            pain_walking=walk,
            pain_exercise=ex,
            pain_next_morning=float(rnd.randint(1, 4)) if rnd.random() < 0.04 * noise else 0.0,
            soreness=float(rnd.randint(6, 8)) if rnd.random() < 0.03 * noise else float(rnd.randint(1, 2)),
            night_pain=rnd.random() < 0.002 * noise,
        )
