"""The stored replays' own effect on the squad board (not a test; `bench/bench_board_*` compares with raw SQL).

Seeds N athletes × D days (the demo squad's histories, stretched), then reads the board a clinician sees
(`web_views.squad_board`: every athlete's availability and decision, with its audit entries) four ways,
interleaved run by run so drift hits them alike:

- `uncached`: the same read with the engine's `evaluate` per athlete, as before the table existed (the baseline);
- `cold`:     the table emptied first: every athlete replayed, then stored after the read;
- `new day`:  the table filled up to yesterday: each athlete resumes the engine for one day;
- `warm`:     everything stored: each athlete's decision is read back.

Prints CPU (this process) and wall time, min/median/max per variant, and each variant's ratio to `uncached` in
the same run (median over runs). On PostgreSQL the server's CPU is not in the CPU column; compare wall.

Run: .venv/bin/python bench/bench_replay_cache.py [--athletes 60] [--days 270] [--runs 5] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sprintback.domain.decision import Decision
from sprintback.domain.engine import evaluate
from sprintback.domain.models import Case
from sprintback.domain.protocol import Protocol
from sprintback.services import availability
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.demo_squad import DEMO_SQUAD, TEAMS, _Plan, build_case
from sprintback.services.web_views import squad_board
from sprintback.store import Store, UnitOfWork, open_database
from sprintback.store import tables as t
from sprintback.store.testing import scratch_postgres

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def seed(store: Store, athletes: int, days: int) -> None:
    """`athletes` histories of `days` days (the demo squad's plans, recycled with new ids and seeds)."""
    store.run(lambda uow: [uow.accounts.add_team(tid, name) for tid, name in TEAMS])
    for i in range(athletes):
        base = DEMO_SQUAD[i % len(DEMO_SQUAD)]
        plan = replace(base, id=f"{base.id}-{i}", days_ago=days - 1, red_flag=False, cleared_days_ago=None)
        case = build_case(plan, TODAY, seed=5000 + i)

        def _write(uow: UnitOfWork, plan: _Plan = plan, case: Case = case) -> None:
            uow.records.add_athlete(case.athlete, plan.team, None, NOW)
            uow.records.add_injury(plan.id, case.injury, "bench", NOW)
            for m in case.measurements:
                uow.records.add_measurement(plan.id, m, "bench", NOW)
            for c in case.checkins:
                uow.records.add_checkin(plan.id, c, plan.id, NOW, supersedes_id=None)
            for s in case.sessions:
                uow.records.add_session(plan.id, s, plan.id, NOW)

        store.run(_write)


def board(store: Store) -> int:
    return len(squad_board(store, CLI_OPERATOR, TODAY, NOW))


def _evaluated(uow: UnitOfWork, athlete_id: str, protocol: Protocol, as_of: date) -> Decision | None:
    """The decision as it was read before stored replays: load the case, replay it whole with the engine."""
    case = uow.records.case(athlete_id)
    if case is None or as_of < case.injury.date:
        return None
    return evaluate(case, protocol, as_of)


@contextmanager
def engine_only() -> Iterator[None]:
    """The read path as it was before stored replays (same queries, audit and rendering otherwise)."""
    seam = availability.decision_on
    availability.decision_on = _evaluated
    try:
        yield
    finally:
        availability.decision_on = seam


def _drop(store: Store, from_day: date | None) -> None:
    q = t.replay_days.delete()
    if from_day is not None:
        q = q.where(t.replay_days.c.day >= from_day)
    store.database.run(lambda conn: conn.execute(q))


def prepare(store: Store, variant: str) -> None:
    """Bring the table to the variant's starting state (not timed)."""
    if variant == "cold":
        _drop(store, None)
    elif variant in ("warm", "new day"):
        board(store)  # fills whatever is missing
        if variant == "new day":
            _drop(store, TODAY)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def bench(store: Store, runs: int) -> None:
    variants = ["uncached", "cold", "new day", "warm"]
    cpu: dict[str, list[float]] = {v: [] for v in variants}
    wall: dict[str, list[float]] = {v: [] for v in variants}
    ratios: dict[str, list[float]] = {v: [] for v in variants}
    board(store)  # warm up imports, the protocol and the connection pool
    for run in range(runs):
        order = variants[run % len(variants) :] + variants[: run % len(variants)]  # rotate: no fixed position
        this_run: dict[str, float] = {}
        for v in order:
            prepare(store, v)
            if v == "uncached":
                with engine_only():
                    c, w = timed(lambda: board(store))
            else:
                c, w = timed(lambda: board(store))
            cpu[v].append(c)
            wall[v].append(w)
            this_run[v] = c
        for v in variants:
            ratios[v].append(this_run[v] / this_run["uncached"])
    print(f"{'variant':<9} {'CPU s min/median/max':>26} {'wall s min/median/max':>26} {'CPU vs uncached':>16}")
    for v in variants:
        print(
            f"{v:<9} {_mmm(cpu[v]):>26} {_mmm(wall[v]):>26} {statistics.median(ratios[v]):>15.3f}×"
            f"  (1/{1 / statistics.median(ratios[v]):.1f})"
        )


def _mmm(xs: list[float]) -> str:
    return f"{min(xs):.3f} / {statistics.median(xs):.3f} / {max(xs):.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--athletes", type=int, default=60)
    ap.add_argument("--days", type=int, default=270)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--postgres-url", help="a PostgreSQL server URL: a scratch database is created and dropped")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _database(args.postgres_url, Path(tmp)) as url:
        store = Store(open_database(url))
        started = time.perf_counter()
        seed(store, args.athletes, args.days)
        backend = "PostgreSQL" if args.postgres_url else "SQLite"
        print(
            f"{backend}: {args.athletes} athletes × {args.days} days seeded in {time.perf_counter() - started:.1f} s; "
            f"board as of {TODAY}, {args.runs} interleaved runs"
        )
        bench(store, args.runs)
        days = store.read(lambda uow: uow.replays.stored_days())
        print(f"stored days at the end: {days} (expected {args.athletes * args.days})")
        store.dispose()


@contextmanager
def _database(postgres_url: str | None, folder: Path) -> Iterator[str]:
    if postgres_url:
        with scratch_postgres(postgres_url) as url:
            yield url
    else:
        yield f"sqlite:///{(folder / 'bench.db').as_posix()}"


if __name__ == "__main__":
    main()
