"""What the store's telemetry says about one athlete: sessions, training load, injured-side asymmetry.

- `athlete_telemetry`: the athlete's imported sessions (FIT, GPS, Catapult, NordBord), newest last, with
  their metrics and sprint profile: training data (coaches may see it).
- `athlete_load`: daily load from sRPE × minutes (foster1998) of the logged sessions and from telemetry
  (total distance, HSR: murray2017), EWMA ACWR (williams2017; domain/load.py owns the warm-up and the
  flag), monotony and strain (foster1998), weekly change: a week-to-week sRPE rise over 1250 AU is flagged
  (rogalski2013: OR 2.58, as summarised in the shared evidence notes), a % rise only against a limit the
  caller gives (no evidence for a default %).
- `athlete_asymmetry`: ground-contact-time balance as the injured leg's share, against 50 % and against
  the athlete's own pre-injury baseline; per-leg strength measures (force, torque, impulse, RFD) as LSI
  (injured ÷ uninjured × 100) with their trend. Clinical: it names the injured side.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from sprintback.domain.load import daily_totals, ewma_acwr, weekly_loads
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Injury, Measurement, Side
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.ports import Store, UnitOfWork

SRPE_WEEKLY_RISE_AU = 1250.0  # rogalski2013: week-to-week increase > 1250 AU, OR 2.58
LOAD_SOURCES = ("srpe_au", "distance_m", "hsr_m")
PROFILE_KEYS = ("vmax_m_s", "tau_s", "f0_n_per_kg", "v0_m_s", "pmax_w_per_kg")
SESSION_KEYS = (
    "sport", "start", "duration_s", "distance_m", "hsr_m", "sprint_m", "max_speed_m_s", "sprint_count",
    "accel_count", "decel_count", "mean_hr_bpm", "max_hr_bpm", "player_load", "gct_balance_left_pct",
    "mean_gct_ms", "cadence_spm",
)  # fmt: skip


def athlete_telemetry(store: Store, actor: Actor, athlete_id: str, now: datetime) -> list[dict[str, Any]]:
    def _do(uow: UnitOfWork) -> list[dict[str, Any]]:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail="telemetry sessions")
        return [_session_view(r) for r in uow.telemetry.sessions(athlete_id)]

    return store.run(_do)


def _session_view(row: Mapping[str, Any]) -> dict[str, Any]:
    m = row.get("metrics") or {}
    profile = None
    if m.get("sprint_vmax_m_s") is not None:
        profile = {k: m.get(f"sprint_{k}") for k in PROFILE_KEYS} | {"air_friction": bool(m.get("sprint_air_friction"))}
    strength = {k: v for k, v in m.items() if isinstance(v, int | float) and k.endswith(("_left", "_right"))}
    return {
        "id": row["id"],
        "date": row["date"],
        "format": row["format"],
        "source_file": row["source_file"],
        "metrics": {k: m.get(k) for k in SESSION_KEYS},
        "sprint_profile": profile,
        "strength": strength,
    }


def athlete_load(
    store: Store, actor: Actor, athlete_id: str, now: datetime, days: int = 56, change_limit_pct: float | None = None
) -> dict[str, Any]:
    """The last `days` days of load per source (each day, EWMA from the athlete's first recorded load)."""

    def _do(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, Action.READ_TRAINING, now, athlete_id=athlete_id, detail="training load")
        logged = [(s.value.date, s.value.load_au) for s in uow.records.sessions(athlete_id).items]
        telemetry = uow.telemetry.sessions(athlete_id)
        series: dict[str, list[tuple[date, float]]] = {
            "srpe_au": [(d, float(x)) for d, x in logged if x is not None],
            "distance_m": _metric_series(telemetry, "distance_m"),
            "hsr_m": _metric_series(telemetry, "hsr_m"),
        }
        return {
            "athlete_id": athlete_id,
            "as_of": now.date(),
            "sources": {k: load_report(v, now.date(), days, change_limit_pct, k) for k, v in series.items()},
        }

    return store.run(_do)


def _metric_series(rows: Iterable[Mapping[str, Any]], key: str) -> list[tuple[date, float]]:
    out = []
    for r in rows:
        value = (r.get("metrics") or {}).get(key)
        if isinstance(value, int | float):
            out.append((r["date"], float(value)))
    return out


def load_report(
    loads: Sequence[tuple[date, float]], as_of: date, days: int, change_limit_pct: float | None, source: str
) -> dict[str, Any]:
    """Daily EWMA ACWR for the last `days` days up to `as_of`, and the 7-day weeks ending on `as_of`."""
    if not loads:
        return {"sessions": 0, "days": [], "weeks": []}
    totals = daily_totals(loads)
    first = min(totals)
    end = max(as_of, max(totals))
    daily = [asdict(d) for d in ewma_acwr(totals, first, end)]
    n_weeks = (end - first).days // 7 + 1
    week0 = end - timedelta(days=7 * n_weeks - 1)
    weeks = [asdict(w) for w in weekly_loads(totals, week0, n_weeks, change_limit_pct)]
    previous: float | None = None
    for w in weeks:
        rise = None if previous is None else w["total"] - previous
        w["rise"] = rise
        w["rise_flag"] = source == "srpe_au" and rise is not None and rise > SRPE_WEEKLY_RISE_AU
        previous = w["total"]
    keep_from = end - timedelta(days=days - 1)
    return {
        "sessions": len(loads),
        "days": [d for d in daily if d["date"] >= keep_from],
        "weeks": [w for w in weeks if w["week_start"] + timedelta(days=6) >= keep_from],
    }


def athlete_asymmetry(store: Store, actor: Actor, athlete_id: str, now: datetime) -> dict[str, Any]:
    def _do(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, Action.READ_CLINICAL, now, athlete_id=athlete_id, detail="telemetry asymmetry")
        athlete = uow.records.athlete(athlete_id).athlete
        injury = uow.records.current_injury(athlete_id)
        measurements = [s.value for s in uow.records.measurements(athlete_id).items]
        gct = [(r["date"], float(v)) for r in uow.telemetry.sessions(athlete_id)
               if isinstance(v := (r.get("metrics") or {}).get("gct_balance_left_pct"), int | float)]  # fmt: skip
        return {
            "athlete_id": athlete_id,
            "injured_side": injury.side.value if injury else None,
            "gct_balance": gct_balance_view(gct, injury, athlete.baseline("gct_balance_left_pct")),
            "strength": strength_lsi(measurements, injury),
        }

    return store.run(_do)


def gct_balance_view(
    left_share: Sequence[tuple[date, float]], injury: Injury | None, baseline_left_pct: float | None
) -> dict[str, Any]:
    """Each session's GCT balance as the injured leg's share (%), its asymmetry (share − 50, points: > 0 =
    longer contact on the injured leg) and its change against the athlete's own pre-injury share (the
    athlete baseline, else the mean of the sessions before the injury). Without an injury: left share only."""
    if injury is None:
        return {"baseline_injured_pct": None, "sessions": [{"date": d, "left_pct": x} for d, x in left_share]}

    def injured(left: float) -> float:
        return left if injury.side is Side.LEFT else 100.0 - left

    before = [x for d, x in left_share if d < injury.date]
    base_left = baseline_left_pct if baseline_left_pct is not None else (statistics.fmean(before) if before else None)
    base = None if base_left is None else injured(base_left)
    rows = []
    for d, left in sorted(left_share):
        share = injured(left)
        rows.append({
            "date": d, "left_pct": left, "injured_pct": share, "asymmetry_pct": share - 50.0,
            "vs_baseline_pct": None if base is None else share - base,
        })  # fmt: skip
    return {"baseline_injured_pct": base, "sessions": rows}


def strength_lsi(measurements: Iterable[Measurement], injury: Injury | None) -> dict[str, Any]:
    """Per bilateral strength kind: same-day L/R pairs, LSI = injured ÷ uninjured × 100 (null without an
    injury or with an uninjured value of 0), imbalance = |L − R| ÷ the larger × 100, and the LSI trend in
    points per week (least squares over the dates; null with fewer than two dated pairs)."""
    pairs: dict[str, dict[date, dict[Side, float]]] = {}
    for m in measurements:
        mk = MEASURES.get(m.kind)
        if mk is None or not mk.bilateral or m.side is None or mk.unit not in ("N", "N·m", "N·s", "N/s"):
            continue
        pairs.setdefault(m.kind, {}).setdefault(m.date, {})[m.side] = m.value  # the later record of a day wins
    out: dict[str, Any] = {}
    for kind, by_day in sorted(pairs.items()):
        rows: list[dict[str, Any]] = []
        for d, sides in sorted(by_day.items()):
            if len(sides) < 2:
                continue
            left, right = sides[Side.LEFT], sides[Side.RIGHT]
            lsi = None
            if injury is not None:
                inj, uninj = (left, right) if injury.side is Side.LEFT else (right, left)
                lsi = 100.0 * inj / uninj if uninj > 0 else None
            big = max(left, right)
            rows.append({"date": d, "left": left, "right": right, "lsi_pct": lsi,
                         "imbalance_pct": 100.0 * abs(left - right) / big if big > 0 else None})  # fmt: skip
        dated: list[tuple[date, float]] = [(r["date"], r["lsi_pct"]) for r in rows if r["lsi_pct"] is not None]
        trend = None
        if len({d for d, _ in dated}) >= 2:
            x0 = dated[0][0]
            slope, _ = statistics.linear_regression([(d - x0).days / 7 for d, _ in dated], [v for _, v in dated])
            trend = slope
        out[kind] = {"unit": MEASURES[kind].unit, "tests": rows, "lsi_trend_pct_per_week": trend}
    return out
