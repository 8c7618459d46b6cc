"""Raw 10 Hz GPS export, Catapult-style columns:
Timestamp, Latitude, Longitude, Seconds, Velocity, Acceleration, Odometer, Heart Rate, Player Load,
Positional Quality (%), HDOP, #Sats — `,` or `;` separated, decimal point or comma.

Velocity is m/s unless the header says km/h (`Velocity (km/h)`) or `units` says so. Samples a human cannot
run are removed by the metrics (counted as `removed_samples`); a file where many are, is refused as a
likely unit mistake rather than silently mangled.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.csv_table import Table, normalise, read_table
from sprintback.telemetry.model import MAX_HUMAN_SPEED_M_S, FloatArray, RecordedSession, Trace

SPEED_UNITS = {"m/s": 1.0, "km/h": 1 / 3.6, "mph": 0.44704}
_CHANNELS = {
    "latitude": ("Latitude", "Lat"),
    "longitude": ("Longitude", "Lon", "Long"),
    "distance": ("Odometer", "Distance"),
    "heart_rate": ("Heart Rate", "HR"),
    "player_load": ("Player Load",),
    "quality": ("Positional Quality", "Quality"),
    "hdop": ("HDOP",),
    "satellites": ("#Sats", "Sats", "Satellites"),
    "acceleration": ("Acceleration",),
}
IMPLAUSIBLE_SHARE = 0.05  # more than this share of samples over 12.5 m/s → wrong unit, not noise


def looks_like_gps10hz(head: str) -> bool:
    first = head.splitlines()[0] if head else ""
    cells = {normalise(c) for c in first.replace(";", ",").split(",")}
    return "velocity" in cells and ("seconds" in cells or "odometer" in cells)


def read_gps10hz(data: bytes, name: str, units: str | None = None, athlete: str | None = None) -> list[RecordedSession]:
    table = read_table(data, name, ("velocity",))
    vcol = table.column("Velocity")
    assert vcol is not None
    unit = units or ("km/h" if "km" in vcol.lower() else "mph" if "mph" in vcol.lower() else "m/s")
    if unit not in SPEED_UNITS:
        raise ImportFailed(f"unknown speed unit {unit!r}; use one of {', '.join(SPEED_UNITS)}", name)
    time_s, start = _time(table, name)
    speed = table.floats(vcol, name) * SPEED_UNITS[unit]
    check_plausible(speed, name, unit)
    trace = Trace(time_s)
    trace.add("speed", speed)
    for channel, names in _CHANNELS.items():
        col = table.column(*names)
        if col is not None:
            trace.add(channel, table.floats(col, name))
    key = athlete or table.meta.get("athlete") or table.meta.get("player") or table.meta.get("playername")
    day: date | None = start.date() if start else None
    return [RecordedSession("gps10hz", key, day, start, "field_sport", trace)]


def check_plausible(speed: FloatArray, name: str, unit: str) -> None:
    finite = speed[np.isfinite(speed)]
    if len(finite) and (finite > MAX_HUMAN_SPEED_M_S).mean() > IMPLAUSIBLE_SHARE:
        share = (finite > MAX_HUMAN_SPEED_M_S).mean()
        raise ImportFailed(
            f"{share:.0%} of speeds read as {unit} exceed {MAX_HUMAN_SPEED_M_S} m/s: wrong unit? (set --speed-units)",
            name,
        )


def _time(table: Table, name: str) -> tuple[FloatArray, datetime | None]:
    secs = table.column("Seconds", "Time (s)", "Elapsed")
    ts = table.column("Timestamp", "Time")
    start = _start_from_meta(table.meta)
    if secs is not None:
        t = table.floats(secs, name)
    elif ts is not None:
        t, start_ts = _parse_timestamps(table, ts, name)
        start = start or start_ts
    else:
        raise ImportFailed("no time column (Seconds or Timestamp)", name)
    if start is None and ts is not None:
        try:  # a time of day alone gives no calendar date: then the session needs --date
            start = _parse_timestamps(table, ts, name)[1]
        except ImportFailed:
            start = None
    if not len(t) or not np.isfinite(t).all():
        raise ImportFailed("time column is empty or has gaps", name)
    return t - t[0], start


def _parse_timestamps(table: Table, col: str, name: str) -> tuple[FloatArray, datetime | None]:
    raw = table.frame[col].str.strip_chars()
    if not len(raw):
        raise ImportFailed("no samples below the header", f"{name} {col!r}")
    first = raw[0]
    as_float = raw.str.replace(",", ".", literal=True).cast(float, strict=False)
    if as_float.null_count() == 0:
        values = as_float.to_numpy().astype(float)
        if not np.isfinite(values).all():
            row = int(np.flatnonzero(~np.isfinite(values))[0])
            raise ImportFailed(
                f"time {raw[row]!r} is not a finite number", f"{name} line {table.header_line + 1 + row}"
            )
        if values[0] > 1e12:  # Unix milliseconds
            values = values / 1000.0
        return values, _unix_start(values[0], name, col)
    try:
        parsed = raw.str.to_datetime(strict=True, time_zone=None)
    except Exception:
        raise ImportFailed(f"Timestamp {first!r} is neither seconds nor a date-time", f"{name} {col!r}") from None
    values = (parsed.dt.epoch("us").cast(float) / 1e6).to_numpy()
    start = parsed[0].replace(tzinfo=UTC) if parsed[0] is not None else None
    return values, start


def _unix_start(first: float, name: str, col: str) -> datetime | None:
    """Seconds above 1e9 are Unix time (after 2001); smaller ones are seconds since the start."""
    if first <= 1e9:
        return None
    try:
        return datetime.fromtimestamp(first, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ImportFailed(f"time {first:g} is no date a recording can have", f"{name} {col!r}") from None


def _start_from_meta(meta: dict[str, str]) -> datetime | None:
    for key in ("referencetime", "starttime", "date"):
        if key in meta:
            try:
                dt = datetime.fromisoformat(meta[key].replace("Z", "+00:00"))
            except ValueError:
                continue
            return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return None
