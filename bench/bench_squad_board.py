"""The squad board (web page and API list) against a raw SQL fetch of the same rows: goal ≤ 3×.

    python bench/bench_squad_board.py [--sizes 12,60,200] [--days 270] [--runs 5] [--postgres-url URL]

For each squad size: generate one case file per athlete (a season of `--days` days), load them with
`sprintback case import`, then start, each in its own process on a free port:
- `sprintback serve` (the real app), asked for the board page `GET /squad` (signed in through the login form)
  and the API list `GET /api/v1/athletes?limit=500` (bearer token);
- a bare FastAPI app whose one endpoint fetches, with plain SQL, every row the board is built from (the team's
  athletes, their injuries, and every current test, check-in and session) and answers their count.
Runs are interleaved (web, api, raw; the order rotates each run); each request's wall time is measured by this
process (the load generator) and the server's CPU time from /proc. Prints min/median/max per contender and the
ratios of medians within the same runs. Timing goals live here, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from _common import (
    TEAM,
    api_token,
    cpu_seconds,
    database,
    free_port,
    seed,
    spread,
    sprintback_server,
    uvicorn_server,
    web_client,
)

RAW_APP = textwrap.dedent(
    """
    import os
    from fastapi import FastAPI
    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ["SPRINTBACK_DATABASE_URL"])
    app = FastAPI()
    TEAM = "(SELECT id FROM athletes WHERE team_id = :team)"

    def current(table: str, extra: str = "") -> str:
        return (f"SELECT * FROM {table} t WHERE t.athlete_id IN {TEAM} {extra} AND NOT EXISTS "
                f"(SELECT 1 FROM {table} n WHERE n.supersedes_id = t.id) ORDER BY t.athlete_id, t.date, t.id")

    QUERIES = [
        "SELECT * FROM athletes WHERE team_id = :team ORDER BY name, id",
        f"SELECT * FROM injuries WHERE athlete_id IN {TEAM} ORDER BY athlete_id, date, id",
        current("measurements", "AND t.retracted = false"),
        current("checkins"),
        current("sessions"),
    ]

    @app.get("/health")
    def health() -> dict:
        return {"ok": True}

    @app.get("/raw")
    def raw(team: str) -> dict:
        with engine.connect() as c:
            counts = [len(c.execute(text(q), {"team": team}).fetchall()) for q in QUERIES]
        return {"athletes": counts[0], "rows": sum(counts)}
    """
)


def bench_size(n: int, days: int, runs: int, postgres_url: str | None) -> None:
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory() as tmp, database(postgres_url, Path(tmp)) as url:
        folder = Path(tmp)
        env = seed(url, folder, n, days, today)
        (folder / "raw_app.py").write_text(RAW_APP)
        sp_port, raw_port = free_port(), free_port()
        with (
            sprintback_server(env, sp_port) as sp_pid,
            uvicorn_server("raw_app:app", env, raw_port, "/health") as raw_pid,
        ):
            base = f"http://127.0.0.1:{sp_port}"
            token = api_token(base)
            web = web_client(base)
            api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600)
            raw = httpx.Client(base_url=f"http://127.0.0.1:{raw_port}", timeout=600)
            contenders = {
                "web /squad": (sp_pid, lambda: web.get("/squad")),
                "api /athletes": (sp_pid, lambda: api.get("/api/v1/athletes", params={"limit": 500})),
                "raw SQL": (raw_pid, lambda: raw.get("/raw", params={"team": TEAM})),
            }
            for _, (_, call) in contenders.items():  # warm-up: connections, caches, first imports
                r = call()
                assert r.status_code == 200, (r.status_code, r.text[:300])
            check = contenders["api /athletes"][1]().json()
            assert check["total"] == n, check["total"]
            rows = contenders["raw SQL"][1]().json()["rows"]
            wall: dict[str, list[float]] = {k: [] for k in contenders}
            cpu: dict[str, list[float]] = {k: [] for k in contenders}
            names = list(contenders)
            for run in range(runs):
                for name in names[run % 3 :] + names[: run % 3]:
                    pid, call = contenders[name]
                    c0, w0 = cpu_seconds(pid), time.perf_counter()
                    r = call()
                    wall[name].append(time.perf_counter() - w0)
                    cpu[name].append(cpu_seconds(pid) - c0)
                    assert r.status_code == 200, (name, r.status_code)
            backend = url.split(":", 1)[0]
            print(f"squad board, {n} athletes × {days} days ({rows} rows), {backend}, {runs} interleaved runs, "
                  f"{os.cpu_count()} CPUs:")  # fmt: skip
            for name in names:
                print(f"  {name:<14} wall {spread(wall[name])}   server cpu {spread(cpu[name])}")
            for name in names[:2]:
                # Ratios of medians from the same runs; the server CPU clock ticks in 10 ms, so tiny figures
                # are floored at one tick.
                rw = _median(wall[name]) / _median(wall["raw SQL"])
                rc = max(_median(cpu[name]), 0.01) / max(_median(cpu["raw SQL"]), 0.01)
                print(f"  ratio {name} / raw SQL: wall {rw:6.1f}×   cpu {rc:6.1f}×   (goal ≤ 3×)")


def _median(v: list[float]) -> float:
    s = sorted(v)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="12,60,200", help="Squad sizes, comma-separated.")
    ap.add_argument("--days", type=int, default=270, help="Days of history per athlete.")
    ap.add_argument("--runs", type=int, default=5, help="Interleaved runs (≥ 5 for the figures).")
    ap.add_argument("--postgres-url", default=None, help="A PostgreSQL server for a scratch database (else SQLite).")
    a = ap.parse_args()
    for n in (int(x) for x in a.sizes.split(",")):
        bench_size(n, a.days, a.runs, a.postgres_url)


if __name__ == "__main__":
    main()
