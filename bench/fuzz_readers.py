"""Fuzz every telemetry reader over mutated real files, as long as you like, in worker processes.

    PYTHONPATH=src python bench/fuzz_readers.py --count 1000000 [--workers 2] [--seed 0] [--guard-s 10]

Input k is fully determined by (--seed, k): a failure prints the seed file and k, and
`--replay K` writes that input to a file to look at. Same mutations and property as the CI test
(tests/support/reader_fuzz.py): sessions or a one-line SprintbackError, anything else is a crash.
Per-input time guard: each worker arms SIGALRM for `--guard-s` before each input (an input still running
then is a hang); a worker silent for 3 × guard (a hang that holds the GIL) is killed and reported by the
parent. Exit code 1 on any crash or hang.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import random
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "support"))

from reader_fuzz import Seed, check, mutate, seeds  # noqa: E402

CHUNK = 250


class Hang(Exception):
    pass


def shared_data() -> Path:
    for base in [p / "shared" / "data" for p in HERE.parents] + [Path(os.environ.get("SPRINTBACK_SHARED_DATA", "/x"))]:
        if (base / "fit").is_dir():
            return base
    sys.exit("shared data not found (set SPRINTBACK_SHARED_DATA)")


_SEEDS: list[Seed] = []


def _init() -> None:
    _SEEDS.extend(seeds(shared_data()))
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 2)  # Rust panic hooks print to fd 2: the panics are caught and counted, not shown


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang


def nth_input(seed: int, k: int) -> tuple[Seed, bytes]:
    rng = random.Random(seed * 1_000_003 + k)
    s = _SEEDS[rng.randrange(len(_SEEDS))]
    return s, mutate(s.data, rng, s.is_fit)


def run_chunk(args: tuple[int, int, int, float]) -> dict[str, Any]:
    seed, first, n, guard = args
    signal.signal(signal.SIGALRM, _on_alarm)
    counts: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    slowest = 0.0
    for k in range(first, first + n):
        s, data = nth_input(seed, k)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, guard)
        try:
            counts[check(data, s.name)] += 1
        except Hang:
            counts["hang"] += 1
            failures.append(f"hang: input {k} (seed file {s.name}) ran over {guard:g} s")
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            counts["crash"] += 1
            where = traceback.extract_tb(e.__traceback__)[-1]
            failures.append(
                f"crash: input {k} ({s.name}): {type(e).__name__}: {str(e)[:120]} at {where.filename}:{where.lineno}"
            )
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.perf_counter() - t0)
    return {"counts": counts, "failures": failures, "slowest": slowest}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--guard-s", type=float, default=10.0)
    ap.add_argument("--replay", type=int, help="write input K to fuzz-input-K.bin and exit")
    ap.add_argument("--report-every", type=int, default=20_000, help="print the counts every N inputs")
    a = ap.parse_args()
    if a.replay is not None:
        _SEEDS.extend(seeds(shared_data()))
        s, data = nth_input(a.seed, a.replay)
        Path(f"fuzz-input-{a.replay}-{s.name}").write_bytes(data)
        print(f"wrote fuzz-input-{a.replay}-{s.name}")
        return 0
    jobs = [(a.seed, i, min(CHUNK, a.count - i), a.guard_s) for i in range(0, a.count, CHUNK)]
    total: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    slowest = 0.0
    t0 = time.perf_counter()
    with mp.get_context("fork").Pool(a.workers, initializer=_init) as pool:
        pending = [pool.apply_async(run_chunk, (j,)) for j in jobs]
        for j, res in zip(jobs, pending, strict=True):
            try:
                r = res.get(timeout=3 * a.guard_s + CHUNK * a.guard_s)
            except mp.TimeoutError:
                failures.append(f"hang: a worker stopped answering in inputs {j[1]}–{j[1] + j[2] - 1}")
                total["hang"] += 1
                pool.terminate()
                break
            total.update(r["counts"])
            failures.extend(r["failures"])
            slowest = max(slowest, r["slowest"])
            done = sum(total.values())
            if done % a.report_every < CHUNK:
                print(f"  {done:>9,} inputs, {dict(total)}, {time.perf_counter() - t0:7.0f} s", flush=True)
    wall = time.perf_counter() - t0
    n = sum(total.values())
    print(
        f"{n:,} inputs in {wall:.0f} s ({n / wall:.0f}/s), seed {a.seed}: {dict(total)}; slowest input {slowest:.2f} s"
    )
    for f in failures[:50]:
        print("  " + f)
    return 1 if total["crash"] or total["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
