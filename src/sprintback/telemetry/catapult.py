"""Catapult OpenField session-summary CSV: metadata rows, then one row per player × period.

The export does not state its units. Default `imperial` (distance in yards, velocity in mph) is the only
reading under which the files are physically consistent (evidence in docs/telemetry.md); `metric`
(m, m/s) and `metric-kmh` (m, km/h) are settings. A value no human can reach is refused by name
(file, line, player, field) and not stored; the rest of the row is kept.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.model import MAX_HUMAN_SPEED_M_S, RecordedSession

YARD_M = 0.9144
MPH_M_S = 0.44704


@dataclass(frozen=True)
class CatapultUnits:
    name: str
    distance_to_m: float
    speed_to_m_s: float
    speed_label: str
    distance_label: str


CATAPULT_UNITS = {
    "imperial": CatapultUnits("imperial", YARD_M, MPH_M_S, "mph", "yd"),
    "metric": CatapultUnits("metric", 1.0, 1.0, "m/s", "m"),
    "metric-kmh": CatapultUnits("metric-kmh", 1.0, 1 / 3.6, "km/h", "m"),
}
DEFAULT_CATAPULT_UNITS = "imperial"
HEADER_START = "Player Name"
BANDS = range(1, 9)
# Band edges are typed to one decimal in mph or km/h (12.3 mph = 5.4986 m/s is meant as 5.5 m/s): an edge this
# close below a threshold counts as the threshold (half of 0.1 mph is 0.022 m/s).
EDGE_ROUNDING_M_S = 0.025


def looks_like_catapult(text_head: str) -> bool:
    return HEADER_START in text_head and "Period Name" in text_head


def read_catapult(data: bytes, name: str, units: str = DEFAULT_CATAPULT_UNITS) -> list[RecordedSession]:
    """One session per player (per whole-session row when a player has several: see below)."""
    try:
        u = CATAPULT_UNITS[units]
    except KeyError:
        raise ImportFailed(f"unknown Catapult units {units!r}; use one of {', '.join(CATAPULT_UNITS)}", name) from None
    reader = csv.reader(io.StringIO(_text(data, name), newline=""))
    try:
        rows = list(reader)
    except csv.Error as e:  # e.g. a stray carriage return or NUL inside a cell
        raise ImportFailed(f"unreadable CSV at line {reader.line_num}: {e}", name) from None
    meta, header_line = _metadata(rows, name)
    header = [h.strip() for h in rows[header_line]]
    col = {h: i for i, h in enumerate(header)}
    for required in ("Player Name", "Total Distance", "Total Duration", "Maximum Velocity"):
        if required not in col:
            raise ImportFailed(f"Catapult summary without a {required!r} column", name)
    by_player: dict[str, list[tuple[int, list[str]]]] = {}
    for i in range(header_line + 1, len(rows)):
        r = rows[i]
        if r and r[0].strip():
            by_player.setdefault(r[0].strip(), []).append((i + 1, r))
    if not by_player:
        raise ImportFailed("Catapult summary has no player rows", name)
    session_date, start = _when(meta, name)
    out: list[RecordedSession] = []
    for player, player_rows in by_player.items():
        # A whole-session row (`Period Name` = Session) is authoritative; otherwise the periods add up.
        whole = [(n, r) for n, r in player_rows if _cell(r, col, "Period Name").lower() == "session"]
        if len(whole) <= 1:
            out.append(_player_session(player, whole or player_rows, col, u, name, session_date, start))
            continue
        # Two whole-session rows for one name: a second device, two players sharing a name, or a re-export.
        # Nothing in the file tells which, so each is imported as its own session, and the summary says so.
        lines = ", ".join(str(n) for n, _ in whole)
        note = (
            f"{name}: player {player!r} has {len(whole)} whole-session rows (lines {lines}): each imported as its "
            "own session; check for a second device or two players sharing a name"
        )
        for row in whole:
            session = _player_session(player, [row], col, u, name, session_date, start)
            session.summary["source_line"] = row[0]
            session.warnings.append(note)
            out.append(session)
    return out


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _metadata(rows: list[list[str]], name: str) -> tuple[dict[str, str], int]:
    meta: dict[str, str] = {}
    for i, r in enumerate(rows):
        if r and r[0].strip() == HEADER_START:
            return meta, i
        if r and r[0].strip().endswith(":"):
            meta[r[0].strip().rstrip(":")] = r[1].strip() if len(r) > 1 else ""
    raise ImportFailed(f"no header row starting with {HEADER_START!r}", name)


def _when(meta: dict[str, str], name: str) -> tuple[date, datetime | None]:
    start = None
    if meta.get("Unix Start Time", "").isdigit():
        start = datetime.fromtimestamp(int(meta["Unix Start Time"]), tz=UTC)
    if meta.get("Date"):
        try:  # OpenField writes the local calendar date, US order
            return datetime.strptime(meta["Date"], "%m/%d/%Y").date(), start
        except ValueError:
            pass
    if start is None:
        raise ImportFailed("Catapult summary states neither 'Date:' nor 'Unix Start Time:'", name)
    return start.date(), start


def _number(r: list[str], col: dict[str, int], field: str, where: str) -> float | None:
    i = col.get(field)
    if i is None or i >= len(r) or r[i].strip() in ("", "NA", "-"):
        return None
    text = r[i].strip()
    try:
        if ":" in text:  # h:mm:ss durations
            parts = [float(p) for p in text.split(":")]
            return float(sum(p * 60**k for k, p in enumerate(reversed(parts))))
        return float(text)
    except ValueError:
        raise ImportFailed(f"{field} is {text!r}, not a number", f"{where} {field!r}") from None


def _player_session(
    player: str,
    use: list[tuple[int, list[str]]],
    col: dict[str, int],
    u: CatapultUnits,
    name: str,
    day: date,
    start: datetime | None,
) -> RecordedSession:
    """One player's session from their whole-session row or the sum of their period rows."""
    refused: list[str] = []
    totals: dict[str, float] = {}
    vmax: float | None = None
    for line, r in use:
        where = f"{name} line {line} ({player})"
        for field, key, factor in [
            ("Total Distance", "distance_m", u.distance_to_m),
            ("Total Duration", "duration_s", 1.0),
            ("Total Player Load", "player_load", 1.0),
            *[(f"Velocity Band {b} Total Distance", f"band{b}_m", u.distance_to_m) for b in BANDS],
        ]:
            x = _number(r, col, field, where)
            if x is not None:
                if x < 0:
                    raise ImportFailed(f"{field} is negative ({x:g})", f"{where} {field!r}")
                totals[key] = totals.get(key, 0.0) + x * factor
        v = _number(r, col, "Maximum Velocity", where)
        if v is not None:
            v_m_s = v * u.speed_to_m_s
            if v_m_s > MAX_HUMAN_SPEED_M_S:
                refused.append(
                    f"{where} 'Maximum Velocity': {v:g} {u.speed_label} = {v_m_s:.1f} m/s is faster than any "
                    f"human (> {MAX_HUMAN_SPEED_M_S} m/s); value not stored"
                )
            else:
                vmax = v_m_s if vmax is None else max(vmax, v_m_s)
    hr = [_number(r, col, "Maximum Heart Rate", name) for _, r in use]
    summary: dict[str, Any] = {
        "position": _cell(use[0][1], col, "Position Name") or None,
        "periods": len(use),
        "units_setting": u.name,
        "max_speed_m_s": vmax,
        "max_hr_bpm": max((h for h in hr if h), default=None),
        **totals,
    }
    return RecordedSession("catapult", player, day, start, "field_sport", None, summary, (), refused)


def parse_band_edges(text: str) -> tuple[float, ...]:
    """`0,1,2,…`: the lower edges of Velocity Bands 1–8 as the team set them in OpenField, in the export's
    speed unit (see `--units`), ascending. ValueError naming the problem otherwise."""
    try:
        edges = tuple(float(x) for x in text.replace(";", ",").split(",") if x.strip())
    except ValueError:
        raise ValueError(f"band edges {text!r} are not numbers") from None
    if len(edges) != len(BANDS):
        raise ValueError(f"need the lower edges of all {len(BANDS)} velocity bands, got {len(edges)}")
    if any(b <= a for a, b in itertools.pairwise(edges)) or edges[0] < 0:
        raise ValueError("band edges must start at 0 or more and rise from band 1 to band 8")
    return edges


def band_speed_distances(
    summary: Mapping[str, object], edges: tuple[float, ...], units: str, hsr_m_s: float, sprint_m_s: float
) -> dict[str, float | None]:
    """HSR and sprint distance from the velocity bands: the distance of every band whose lower edge is at or
    above the threshold. A band straddling a threshold cannot be split (the export has no samples), so it
    is left out and the edge actually used is reported with the distance (`hsr_band_edge_m_s`)."""
    out: dict[str, float | None] = {}
    edges_m_s = [e * CATAPULT_UNITS[units].speed_to_m_s for e in edges]
    for key, threshold in (("hsr", hsr_m_s), ("sprint", sprint_m_s)):
        first = next((b for b, e in zip(BANDS, edges_m_s, strict=True) if e >= threshold - EDGE_ROUNDING_M_S), None)
        if first is None:
            out[f"{key}_m"], out[f"{key}_band_edge_m_s"] = None, None
            continue
        have = [x for b in BANDS if b >= first and isinstance(x := summary.get(f"band{b}_m"), float | int)]
        out[f"{key}_m"] = float(sum(have)) if have else None
        out[f"{key}_band_edge_m_s"] = edges_m_s[first - 1]
    return out


def _cell(r: list[str], col: dict[str, int], field: str) -> str:
    i = col.get(field)
    return r[i].strip() if i is not None and i < len(r) else ""
