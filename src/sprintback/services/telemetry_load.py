"""Squad load over a folder of session files (nothing stored): EWMA ACWR, monotony, strain per athlete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from sprintback.domain.errors import ImportFailed
from sprintback.domain.load import daily_totals, ewma_acwr, weekly_loads
from sprintback.services.telemetry_import import ImportOptions, build_sessions, expand_paths


def squad_load(paths: Sequence[str | Path], options: ImportOptions, metric: str = "distance_m") -> dict[str, Any]:
    per_athlete: dict[str, list[tuple[date, float]]] = {}
    failed: list[str] = []
    for p in expand_paths(paths):
        try:
            sessions = build_sessions(p.read_bytes(), p.name, options)
        except (ImportFailed, OSError) as e:
            failed.append(str(e))
            continue
        for s in sessions:
            value = s.metrics.get(metric)
            if isinstance(value, int | float):
                per_athlete.setdefault(s.athlete_key or "?", []).append((s.date, float(value)))
    if not per_athlete:
        raise ImportFailed(f"no session with metric {metric!r} in the given files", "files")
    first = min(d for series in per_athlete.values() for d, _ in series)
    last = max(d for series in per_athlete.values() for d, _ in series)
    weeks = (last - first).days // 7 + 1
    athletes = {}
    for who, series in sorted(per_athlete.items()):
        totals = daily_totals(series)
        athletes[who] = {
            "sessions": len(series),
            "days": [asdict(d) for d in ewma_acwr(totals, first, last)],
            "weeks": [asdict(w) for w in weekly_loads(totals, first, weeks)],
        }
    return {
        "metric": metric,
        "first": first,
        "last": last,
        "athletes": athletes,
        "failed": failed,
    }
