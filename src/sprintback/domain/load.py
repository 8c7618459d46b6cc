"""Training load: session load, EWMA acute:chronic workload ratio, monotony, strain, weekly change.

Pure stdlib on purpose: the domain imports nothing outward.

The ACWR bands are contested, so they are informational flags and never gates: they come from rolling-average
ratios (gabbett2016, read on a secondary page) and are applied here to EWMA ratios, and their validity has been
criticised (Impellizzeri FM et al. 2020, Int J Sports Physiol Perform, on the ratio's conceptual issues and
pitfalls; read via a secondary page, protocol-audit §1.2 #61: graded secondary). No ratio is reported before
the series covers one chronic window (the warm-up): a chronic EWMA that starts at 0 makes every early week look
like a spike. The series are one number per day (a season is a few hundred values), so plain Python is fast
enough and keeps NumPy out of the core.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

ACUTE_DAYS = 7  # williams2017
CHRONIC_DAYS = 28  # williams2017
ACWR_DANGER = 1.5  # gabbett2016: ≥ 1.5 "danger zone" (contested: Impellizzeri 2020)
ACWR_SWEET_SPOT = (0.8, 1.3)  # gabbett2016 (contested: Impellizzeri 2020)
# Days of series before a ratio is reported: one chronic window (williams2017's N = 28). A Sprintback choice
# (practice-default), so that day 1 of an empty chronic average never reads as "danger".
ACWR_WARMUP_DAYS = CHRONIC_DAYS


def session_load(rpe: float, minutes: float) -> float:
    """Session load in arbitrary units = session RPE (CR-10) × minutes (foster1998)."""
    return rpe * minutes


def ewma_lambda(days: int) -> float:
    """λ = 2 / (N + 1) (williams2017)."""
    return 2.0 / (days + 1)


@dataclass(frozen=True)
class DailyLoad:
    date: date
    load: float
    acute: float
    chronic: float
    acwr: float | None  # None during the warm-up and while the chronic load is zero
    danger: bool  # acwr ≥ the danger line (gabbett2016; contested, informational only)


def daily_totals(loads: Iterable[tuple[date, float]]) -> dict[date, float]:
    totals: dict[date, float] = {}
    for day, value in loads:
        totals[day] = totals.get(day, 0.0) + value
    return totals


def ewma_acwr(
    loads: Mapping[date, float],
    start: date | None = None,
    end: date | None = None,
    acute_days: int = ACUTE_DAYS,
    chronic_days: int = CHRONIC_DAYS,
    danger: float = ACWR_DANGER,
    warmup_days: int = ACWR_WARMUP_DAYS,
) -> list[DailyLoad]:
    """EWMA acute and chronic load for every calendar day from `start` to `end` (rest days count as 0).

    EWMA_today = load_today × λ + (1 − λ) × EWMA_yesterday, both starting at 0 on `start` (williams2017).
    The ratio (and its flag) is reported from the `warmup_days`-th day of the series on.
    """
    if not loads and (start is None or end is None):
        return []
    first = start or min(loads)
    last = end or max(loads)
    la, lc = ewma_lambda(acute_days), ewma_lambda(chronic_days)
    acute = chronic = 0.0
    out: list[DailyLoad] = []
    day, n = first, 0
    while day <= last:
        x = loads.get(day, 0.0)
        acute = x * la + (1 - la) * acute
        chronic = x * lc + (1 - lc) * chronic
        n += 1
        ratio = acute / chronic if chronic > 0 and n >= warmup_days else None
        out.append(DailyLoad(day, x, acute, chronic, ratio, ratio is not None and ratio >= danger - 1e-12))
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class WeeklyLoad:
    week_start: date
    total: float
    monotony: float | None  # mean / SD of the 7 daily loads (foster1998); None when SD is 0
    strain: float | None  # weekly total × monotony (foster1998)
    change_pct: float | None  # vs the previous week; None when that week had no load
    change_flag: bool  # change_pct above the caller's limit (no default: a protocol must set it)


def weekly_loads(
    loads: Mapping[date, float], first_day: date, weeks: int, change_limit_pct: float | None = None
) -> list[WeeklyLoad]:
    """Consecutive 7-day weeks from `first_day`; rest days are zeros, as in foster1998."""
    out: list[WeeklyLoad] = []
    previous: float | None = None
    for w in range(weeks):
        start = first_day + timedelta(days=7 * w)
        days = [loads.get(start + timedelta(days=i), 0.0) for i in range(7)]
        total = sum(days)
        sd = statistics.pstdev(days)
        monotony = statistics.fmean(days) / sd if sd > 0 else None
        strain = total * monotony if monotony is not None else None
        change = 100.0 * (total - previous) / previous if previous else None
        flag = change is not None and change_limit_pct is not None and change > change_limit_pct
        out.append(WeeklyLoad(start, total, monotony, strain, change, flag))
        previous = total
    return out
