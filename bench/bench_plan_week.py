"""Timing of the weekly planner (not a test): plans every phase for many weeks and prints ms per plan.

Run: PYTHONPATH=src python bench/bench_plan_week.py
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from sprintback.catalogue_files import load_default_library
from sprintback.domain.prescription import EQUIPMENT, WEEKDAYS, PlanRequest, plan_week

PHASES = {"protect": 0.0, "loading": 50.0, "strength": 70.0, "running": 90.0, "sport": 100.0, "return": 100.0}


def main(weeks: int = 50) -> None:
    lib = load_default_library()
    kits = (frozenset(EQUIPMENT), frozenset({"band"}), frozenset())
    start = time.perf_counter()
    n = 0
    for w in range(weeks):
        for phase, cap in PHASES.items():
            for kit in kits:
                monday = date(2026, 1, 5) + timedelta(weeks=w)
                plan_week(PlanRequest(phase, cap, monday, WEEKDAYS, kit, 60, weeks_in_phase=w % 4), lib)
                n += 1
    elapsed = time.perf_counter() - start
    print(f"{n} plans in {elapsed:.2f} s: {elapsed / n * 1000:.2f} ms per plan (weeks_in_phase 0–3)")


if __name__ == "__main__":
    main()
