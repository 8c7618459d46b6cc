"""The days a case changed course, for reports: runs of the same decision merged into one row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sprintback.domain.decision import Decision


def why(d: Decision) -> str:
    """The reason that explains the day (`Decision.key_reason`), else the decision's summary."""
    r = d.key_reason()
    return r.label if r is not None else d.summary


def turning_points(days: Sequence[Decision]) -> list[tuple[date, date, int, Decision]]:
    """Every day that was not a plain hold, consecutive days with the same (decision, phase, reason) merged
    into one row: (first day, last day, number of days, the first day's decision). Nine deload days in a row
    for the same soreness are one row saying so, not nine."""
    rows: list[tuple[date, date, int, Decision]] = []
    for d in days:
        if d.kind.value == "hold":
            continue
        if rows:
            first, last, n, prev = rows[-1]
            same = (prev.kind, prev.phase, why(prev)) == (d.kind, d.phase, why(d))
            if same and (d.as_of - last).days == 1:
                rows[-1] = (first, d.as_of, n + 1, prev)
                continue
        rows.append((d.as_of, d.as_of, 1, d))
    return rows
