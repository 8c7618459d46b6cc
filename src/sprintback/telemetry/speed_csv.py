"""A plain `time,speed` CSV (a timing system, a phone app, a hand-made trace).

`time` is seconds (or a date-time); `speed` is m/s unless the header names another unit
(`speed_kmh`, `speed (km/h)`, `speed_mph`) or `units` says so.
"""

from __future__ import annotations

from datetime import date

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.csv_table import normalise, read_table
from sprintback.telemetry.gps10hz import SPEED_UNITS, _parse_timestamps, check_plausible
from sprintback.telemetry.model import RecordedSession, Trace

_SPEED_NAMES = {
    "speed": None, "speedms": "m/s", "speedmps": "m/s", "speedkmh": "km/h", "speedkph": "km/h",
    "speedmph": "mph", "velocity": None,
}  # fmt: skip


def looks_like_speed_csv(head: str) -> bool:
    first = head.splitlines()[0] if head else ""
    cells = [normalise(c) for c in first.replace(";", ",").split(",")]
    return any(c in ("time", "t", "seconds", "timestamp") for c in cells) and any(c in _SPEED_NAMES for c in cells)


def read_speed_csv(
    data: bytes, name: str, units: str | None = None, athlete: str | None = None
) -> list[RecordedSession]:
    table = read_table(data, name, ())
    col = next((c for c in table.frame.columns if normalise(c) in _SPEED_NAMES), None)
    tcol = table.column("time", "t", "seconds", "timestamp")
    if col is None or tcol is None:
        raise ImportFailed("a speed CSV needs a time column and a speed column", name)
    unit = units or _SPEED_NAMES[normalise(col)] or ("km/h" if "km" in col.lower() else "m/s")
    if unit not in SPEED_UNITS:
        raise ImportFailed(f"unknown speed unit {unit!r}; use one of {', '.join(SPEED_UNITS)}", name)
    t, start = _parse_timestamps(table, tcol, name)
    speed = table.floats(col, name) * SPEED_UNITS[unit]
    check_plausible(speed, name, unit)
    trace = Trace(t - t[0])
    trace.add("speed", speed)
    day: date | None = start.date() if start else None
    return [RecordedSession("speedcsv", athlete, day, start, "running", trace)]
