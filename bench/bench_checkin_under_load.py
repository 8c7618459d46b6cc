"""Check-in POST latency alone vs while 4 clients keep loading the squad board: goal p99 ≤ 1.5× alone.

    python bench/bench_checkin_under_load.py [--athletes 60] [--days 270] [--runs 5] [--checkins 40]
                                             [--clients 4] [--postgres-url URL]

Seeds `--athletes` generated season-long case files with `sprintback case import`, starts `sprintback serve` in
its own process, then alternates two phases (A B A B …, `--runs` of each):
- alone: `--checkins` check-in POSTs one after the other (bearer token, a different athlete each time);
- loaded: the same POSTs while a separate load-generator process keeps `--clients` signed-in browsers
  reloading `GET /squad` (each starts its next page as soon as the last one arrived).
Prints per phase the p50 and p99 latency (min/median/max over the runs), the server's CPU per check-in when
alone, and the ratio of the median p99s. A check-in is one short write; it must not queue behind board reads.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from _common import (
    api_token,
    cpu_seconds,
    database,
    free_port,
    percentile,
    seed,
    spread,
    sprintback_server,
    wait_idle,
    web_client,
)


def board_load(base: str, clients: int) -> None:
    """The load generator: `clients` browsers reloading the board until this process is terminated."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    browsers = [web_client(base) for _ in range(clients)]
    pages = [0] * clients

    def reload(i: int) -> None:
        while not stop.is_set():
            browsers[i].get("/squad")
            pages[i] += 1

    threads = [threading.Thread(target=reload, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    print("ready", flush=True)
    while not stop.is_set():
        stop.wait(0.2)
    print(f"pages {sum(pages)}", flush=True)


def post_checkins(client: httpx.Client, n: int, athletes: int, offset: int) -> list[float]:
    today = datetime.now(UTC).date().isoformat()
    latencies = []
    for i in range(n):
        k = offset + i
        body = {"date": today, "pain_walking": k % 3, "soreness": 1, "sleep_hours": 7.5}
        t0 = time.perf_counter()
        r = client.post(f"/api/v1/athletes/a{k % athletes:03d}/checkins", json=body)
        latencies.append(time.perf_counter() - t0)
        if r.status_code != 201:
            raise SystemExit(f"check-in failed: {r.status_code} {r.text[:300]}")
    return latencies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--athletes", type=int, default=60)
    ap.add_argument("--days", type=int, default=270)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--checkins", type=int, default=40, help="Check-in POSTs per phase and run.")
    ap.add_argument("--clients", type=int, default=4, help="Browsers reloading the board in the loaded phase.")
    ap.add_argument("--postgres-url", default=None)
    ap.add_argument("--board-load", default=None, help=argparse.SUPPRESS)  # internal: run as the load generator
    a = ap.parse_args()
    if a.board_load:
        board_load(a.board_load, a.clients)
        return
    with tempfile.TemporaryDirectory() as tmp, database(a.postgres_url, Path(tmp)) as url:
        env = seed(url, Path(tmp), a.athletes, a.days, datetime.now(UTC).date())
        port = free_port()
        with sprintback_server(env, port) as pid:
            base = f"http://127.0.0.1:{port}"
            client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {api_token(base)}"}, timeout=600)
            post_checkins(client, 5, a.athletes, 0)  # warm-up
            p50: dict[str, list[float]] = {"alone": [], "loaded": []}
            p99: dict[str, list[float]] = {"alone": [], "loaded": []}
            cpu_alone: list[float] = []
            pages = 0
            for run in range(a.runs):
                for phase in ("alone", "loaded"):
                    load = None
                    if phase == "loaded":
                        cmd = [sys.executable, __file__, "--board-load", base, "--clients", str(a.clients)]
                        load = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
                        assert load.stdout is not None
                        if load.stdout.readline().strip() != "ready":
                            raise SystemExit("the board load generator did not start")
                        time.sleep(1.0)  # let every browser's first board request reach the server
                    try:
                        c0 = cpu_seconds(pid)
                        offset = (2 * run + (phase == "loaded")) * a.checkins
                        lat = post_checkins(client, a.checkins, a.athletes, offset)
                        if phase == "alone":
                            cpu_alone.append((cpu_seconds(pid) - c0) / a.checkins)
                    finally:
                        if load is not None:
                            load.terminate()
                            out, _ = load.communicate(timeout=600)
                            pages += int(out.split()[-1]) if out.strip() else 0
                    if load is not None:
                        wait_idle(pid)  # the next phase starts on a quiet server
                    p50[phase].append(statistics.median(lat))
                    p99[phase].append(percentile(lat, 0.99))
            backend = url.split(":", 1)[0]
            print(f"check-in POST, {a.athletes} athletes × {a.days} days, {backend}, {a.runs} runs of {a.checkins} "
                  f"check-ins per phase, {a.clients} board clients ({pages} board pages served), "
                  f"{os.cpu_count()} CPUs:")  # fmt: skip
            for phase in ("alone", "loaded"):
                print(f"  {phase:<7} p50 {spread(p50[phase])}   p99 {spread(p99[phase])}")
            print(f"  server cpu per check-in (alone) {spread(cpu_alone)}")
            ratio = statistics.median(p99["loaded"]) / statistics.median(p99["alone"])
            print(f"  ratio p99 loaded / alone = {ratio:.2f}×   (goal ≤ 1.5×)")


if __name__ == "__main__":
    main()
