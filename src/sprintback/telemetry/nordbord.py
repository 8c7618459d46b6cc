"""NordBord / force-frame style CSV: date, test, left and right peak force (N), optional torque, impulse, RFD.

One row is one test; rows of the same athlete and day form one session whose measurements are the
bilateral measure kinds the criteria use (nordic_force_n, iso_90_90_n, iso_0_15_n, … per side).
Manual entry uses the same kinds, so an imported and a typed-in Nordic test are the same thing.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from sprintback.domain.errors import ImportFailed
from sprintback.domain.measures import MEASURES
from sprintback.telemetry.csv_table import Table, normalise, read_table
from sprintback.telemetry.model import RecordedSession, StrengthTest

_LEFT = ("L Max Force", "Left Max Force", "Left Peak Force", "L Peak Force", "Left Force", "Left", "left_n")
_RIGHT = (
    "R Max Force",
    "Right Max Force",
    "Right Peak Force",
    "R Peak Force",
    "Right Force",
    "Right",
    "right_n",
)
_EXTRAS = {
    "torque_nm": (
        ("L Max Torque", "Left Torque", "left_torque"),
        ("R Max Torque", "Right Torque", "right_torque"),
    ),
    "impulse_ns": (
        ("L Max Impulse", "L Impulse", "Left Impulse"),
        ("R Max Impulse", "R Impulse", "Right Impulse"),
    ),
    "rfd_n_s": (("L Max RFD", "L RFD", "Left RFD"), ("R Max RFD", "R RFD", "Right RFD")),
}


def looks_like_nordbord(head: str) -> bool:
    cells = {normalise(c) for c in head.splitlines()[0].replace(";", ",").split(",")} if head else set()
    return bool(cells & {normalise(n) for n in _LEFT}) and bool(cells & {normalise(n) for n in _RIGHT})


def test_kind(text: str) -> str | None:
    """Measure kind of a test name: 'Nordic' → nordic_force_n, 'ISO Prone 90' → iso_90_90_n, or a kind key."""
    t = text.strip().lower()
    if t in MEASURES and MEASURES[t].bilateral:
        return t
    if "nordic" in t:
        return "nordic_force_n"
    if "iso" in t or "prone" in t or "hamstring" in t:
        if "90" in t:
            return "iso_90_90_n"
        if "15" in t or " 0" in t or "30" in t:
            return "iso_0_15_n"
    return None


def read_nordbord(data: bytes, name: str, athlete: str | None = None) -> list[RecordedSession]:
    table = read_table(data, name, ())
    dcol = table.column("Date", "Date UTC", "Test Date")
    lcol, rcol = table.column(*_LEFT), table.column(*_RIGHT)
    if dcol is None or lcol is None or rcol is None:
        raise ImportFailed("a strength CSV needs date, left and right force columns", name)
    tcol = table.column("Test", "Test Type", "Exercise")
    ncol = table.column("Name", "Athlete", "Player", "Athlete Name")
    left, right = table.floats(lcol, name), table.floats(rcol, name)
    extras = {k: (_opt(table, lnames, name), _opt(table, rnames, name)) for k, (lnames, rnames) in _EXTRAS.items()}
    groups: dict[tuple[str | None, date], list[StrengthTest]] = {}
    for i in range(table.frame.height):
        line = table.header_line + 1 + i
        where = f"{name} line {line}"
        day = _date(str(table.frame[dcol][i] or ""), where)
        test = str(table.frame[tcol][i]) if tcol else "nordic"
        kind = test_kind(test)
        if kind is None:
            raise ImportFailed(
                f"unknown test {test!r} (Nordic, ISO 90/90, ISO 0-15 or a measure kind)", f"{where} {tcol!r}"
            )
        for side, v in (("left", left[i]), ("right", right[i])):
            if not np.isfinite(v):
                raise ImportFailed(f"{side} force missing", f"{where} {lcol if side == 'left' else rcol!r}")
        ex = {
            f"{k}_{side}": float(arr[i])
            for k, pair in extras.items()
            for side, arr in zip(("left", "right"), pair, strict=True)
            if arr is not None and np.isfinite(arr[i])
        }
        who = athlete or (str(table.frame[ncol][i]).strip() if ncol else None)
        groups.setdefault((who, day), []).append(StrengthTest(day, kind, float(left[i]), float(right[i]), "N", ex))
    return [
        RecordedSession("nordbord", who, day, None, "strength", None, {}, tuple(tests))
        for (who, day), tests in groups.items()
    ]


def _opt(table: Table, names: tuple[str, ...], name: str) -> np.ndarray | None:
    col = table.column(*names)
    return None if col is None else table.floats(col, name)


def _date(text: str, where: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise ImportFailed(f"date {text!r} is not YYYY-MM-DD or DD/MM/YYYY", f"{where} date")
