"""Telemetry benchmarks, one command: `PYTHONPATH=src python bench/bench_telemetry.py [--repeat N] [--part …]`.

1. FIT decode of every shared FIT file: our reader (fitfast) vs garmin-fit-sdk vs fitdecode.
2. 10 Hz metrics on a generated 90-minute × 30-player session: ours vs a straightforward pandas version
   (effort detection with a groupby per run), a lean pandas version (vectorised effort detection) and a
   plain NumPy pass doing the same cleaning, moving-mean smoothing and hysteresis; all asserted to give
   the same answers before timing.
3. Import throughput: the 30 players' 10 Hz sessions as GPS CSV files, and the season of 30 shared
   Catapult files, through `build_sessions` (detect, read, metrics, sprint profile, measurements): seconds
   per file, per million samples, and peak memory (RSS of a child process, minus its RSS before reading).
Every contender runs the same number of times, round-robin (load from other jobs on a shared machine hits
each alike); CPU and wall min / median / max are printed, ratios from the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.fit import read_fit
from sprintback.telemetry.metrics import DEFAULT_SETTINGS, session_metrics
from sprintback.telemetry.model import Trace

S = DEFAULT_SETTINGS


def shared_fit_dir() -> Path:
    repo = Path(__file__).resolve().parents[1]
    for base in [p / "shared" / "data" for p in repo.parents] + [Path(os.environ.get("SPRINTBACK_SHARED_DATA", "/x"))]:
        if (base / "fit").is_dir():
            return base / "fit"
    sys.exit("shared data not found (set SPRINTBACK_SHARED_DATA)")


Timing = tuple[list[float], list[float]]  # every run's wall-clock and process CPU seconds (all threads)


def race(contenders: dict[str, Callable[[], object]], rounds: int) -> dict[str, Timing]:
    """Round-robin: each round runs every contender once, in turn; the same number of runs for each."""
    runs: dict[str, Timing] = {name: ([], []) for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            runs[name][0].append(time.perf_counter() - w0)
            runs[name][1].append(time.process_time() - c0)
    return runs


def _ms(xs: list[float]) -> str:
    return f"{min(xs) * 1e3:8.1f} / {statistics.median(xs) * 1e3:8.1f} / {max(xs) * 1e3:8.1f}"


def line(label: str, t: Timing, ref: Timing | None = None, goal: str = "", inverse: bool = False) -> str:
    """min / median / max of wall and CPU; with `ref` (ours), the ratio of the medians."""
    text = f"  {label:48s} wall {_ms(t[0])} ms   cpu {_ms(t[1])} ms"
    if ref is not None:
        mw, mc = statistics.median(t[0]), statistics.median(t[1])
        rw, rc = statistics.median(ref[0]), statistics.median(ref[1])
        # How many times longer the other takes than ours, or (inverse) ours than the other.
        ratio_w, ratio_c = (rw / mw, rc / mc) if inverse else (mw / rw, mc / rc)
        text += f"   median ratio wall {ratio_w:5.1f}×  cpu {ratio_c:5.1f}×  {goal}"
    return text


# --- 1. FIT decode -------------------------------------------------------------------------------------------


def bench_fit(repeat: int) -> None:
    import fitdecode
    from garmin_fit_sdk import Decoder, Stream

    files = sorted(shared_fit_dir().glob("*.fit"))
    blobs = [(f.name, f.read_bytes()) for f in files]

    def ours() -> None:
        for name, data in blobs:
            with contextlib.suppress(ImportFailed):
                read_fit(data, name)

    def sdk() -> None:
        for _, data in blobs:
            Decoder(Stream.from_byte_array(bytearray(data))).read()

    def fd() -> None:
        for f in files:
            try:
                with fitdecode.FitReader(str(f)) as r:
                    for _ in r:
                        pass
            except fitdecode.FitError:
                pass

    warnings.simplefilter("ignore")
    t = race({"ours": ours, "sdk": sdk, "fitdecode": fd}, repeat)
    size = sum(len(d) for _, d in blobs) / 1e6
    print(
        f"FIT decode, {len(files)} shared files ({size:.2f} MB), {repeat} round-robin runs each (min / median / max):"
    )
    print(line("sprintback reader (fitfast → Trace)", t["ours"]))
    print(line("garmin-fit-sdk", t["sdk"], t["ours"], "(goal ≥ 20×)"))
    print(line("fitdecode", t["fitdecode"], t["ours"]))
    print("  identical values: tests/integration/telemetry/test_fit_real_files.py::test_values_match_garmin_fit_sdk…")


# --- 2. 10 Hz metrics ----------------------------------------------------------------------------------------


def squad(players: int = 30, minutes: int = 90, hz: float = 10.0, seed: int = 7) -> list[Trace]:
    rng = np.random.default_rng(seed)
    n = int(minutes * 60 * hz)
    t = np.arange(n) / hz
    traces = []
    for _ in range(players):
        base = np.abs(np.cumsum(rng.normal(0, 0.05, n))) % 5.0  # wandering jog/run speed
        bursts = np.zeros(n)
        for start in rng.integers(0, n - 80, 25):  # ~25 high-speed efforts of 2-8 s
            length = int(rng.integers(20, 80))
            bursts[start : start + length] += rng.uniform(2.0, 5.0)
        v = np.clip(base + bursts + rng.normal(0, 0.1, n), 0, None)
        v[rng.integers(0, n, 20)] = 30.0  # GPS spikes that cleaning must drop
        tr = Trace(t.copy())
        tr.add("speed", v)
        tr.add("hdop", np.where(rng.random(n) < 0.01, 9.0, 0.8))
        traces.append(tr)
    return traces


def pandas_reference(tr: Trace) -> dict[str, float]:
    """The same definitions written the straightforward pandas way."""
    import pandas as pd

    df = pd.DataFrame({"t": tr.time_s, "v": tr.get("speed"), "hdop": tr.get("hdop")})
    df["ok"] = (df.v <= S.max_speed_m_s) & ~(df.hdop > S.max_hdop)
    df["v"] = df.v.where(df.ok)
    df["dt"] = df.t.diff().shift(-1)
    df.loc[df.index[-1], "dt"] = df.dt.iloc[-2]  # the last sample lasts as long as the interval before it
    df.loc[(df.dt < 0) | (df.dt > S.max_gap_s), "dt"] = 0.0
    df["step"] = (df.v * df.dt).where(df.ok, 0.0)
    out = {
        "distance_m": df.step.sum(),
        "max_speed_m_s": df.v.max(),
        "hsr_m": df.step[df.v >= S.hsr_m_s].sum(),
        "sprint_m": df.step[df.v >= S.sprint_m_s].sum(),
    }

    def efforts(x: pd.Series, entry: float, exit_: float, dwell: float) -> int:
        ev = pd.Series(np.where(x >= entry, 1.0, np.where(~(x >= exit_), 0.0, np.nan)))
        state = ev.ffill().fillna(0.0)
        run = (state != state.shift()).cumsum()
        g = pd.DataFrame({"state": state, "run": run, "t": df.t})
        runs = g.groupby("run").agg(state=("state", "first"), start=("t", "first"), n=("t", "size"))
        ends = g.groupby("run")["t"].first().shift(-1).fillna(df.t.iloc[-1])
        runs["dur"] = ends - runs.start
        return int(((runs.state == 1) & (runs.dur >= dwell - 1e-9)).sum())

    out["sprint_count"] = efforts(df.v, S.sprint_m_s, S.sprint_exit_m_s, S.min_sprint_s)
    w = round(S.smoothing_s / ((df.t.iloc[-1] - df.t.iloc[0]) / (len(df) - 1)))
    w += 1 - w % 2  # odd, so the window is centred
    vs = df.v.rolling(w, center=True, min_periods=1).mean()
    acc = vs.diff() / df.t.diff()
    out["accel_count"] = efforts(acc, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s)
    out["decel_count"] = efforts(-acc, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s)
    return out


def _hysteresis_count(x: np.ndarray, t: np.ndarray, entry: float, exit_: float, dwell: float) -> int:
    """Efforts by hysteresis, vectorised: state 1 at/above entry, 0 below exit (NaN counts as below), carried
    forward in between; an effort is a run of 1s lasting (to the next sample, or the last) ≥ dwell."""
    marks = np.where(x >= entry, 1.0, np.where(~(x >= exit_), 0.0, np.nan))
    marks[0] = 0.0 if np.isnan(marks[0]) else marks[0]
    last = np.where(np.isnan(marks), 0, np.arange(len(marks)))
    state = marks[np.maximum.accumulate(last)]  # forward fill
    edges = np.diff(np.concatenate(([0.0], state, [0.0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    dur = t[np.minimum(ends, len(t) - 1)] - t[starts]
    return int(np.count_nonzero(dur >= dwell - 1e-9))


def lean_pandas_reference(tr: Trace) -> dict[str, float]:
    """The same definitions in pandas, written lean: cleaning and the rolling mean in pandas, effort
    detection vectorised (forward fill and run edges) instead of a groupby per run."""
    import pandas as pd

    df = pd.DataFrame({"t": tr.time_s, "v": tr.get("speed"), "hdop": tr.get("hdop")})
    ok = (df.v <= S.max_speed_m_s) & ~(df.hdop > S.max_hdop)
    v = df.v.where(ok)
    dt = df.t.diff().shift(-1)
    dt.iloc[-1] = dt.iloc[-2]
    dt = dt.mask((dt < 0) | (dt > S.max_gap_s), 0.0)
    step = (v * dt).where(ok, 0.0)
    t = df.t.to_numpy()
    out = {
        "distance_m": step.sum(),
        "max_speed_m_s": v.max(),
        "hsr_m": step[v >= S.hsr_m_s].sum(),
        "sprint_m": step[v >= S.sprint_m_s].sum(),
        "sprint_count": _hysteresis_count(v.to_numpy(), t, S.sprint_m_s, S.sprint_exit_m_s, S.min_sprint_s),
    }
    w = round(S.smoothing_s / ((t[-1] - t[0]) / (len(t) - 1)))
    w += 1 - w % 2
    acc = (v.rolling(w, center=True, min_periods=1).mean().diff() / df.t.diff()).to_numpy()
    out["accel_count"] = _hysteresis_count(acc, t, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s)
    out["decel_count"] = _hysteresis_count(-acc, t, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s)
    return out


def numpy_reference(tr: Trace) -> dict[str, float]:
    """The same cleaning, durations, bands, moving-mean smoothing and hysteresis, as plain NumPy would
    write them (no telescoping, no candidate-only passes): the honest baseline for our code."""
    t, raw, hdop = tr.time_s, tr.get("speed"), tr.get("hdop")
    assert raw is not None and hdop is not None
    ok = (raw <= S.max_speed_m_s) & ~(hdop > S.max_hdop)
    v = np.where(ok, raw, np.nan)
    dt = np.empty(len(t))
    dt[:-1] = np.diff(t)
    dt[-1] = dt[-2]
    dt[(dt < 0) | (dt > S.max_gap_s)] = 0.0
    step = np.where(ok, raw * dt, 0.0)
    w = round(S.smoothing_s / ((t[-1] - t[0]) / (len(t) - 1)))
    w += 1 - w % 2
    kernel = np.ones(w)
    sums = np.convolve(np.where(ok, raw, 0.0), kernel, mode="same")
    counts = np.convolve(ok.astype(float), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        vs = np.where(counts > 0, sums / counts, np.nan)
    acc = np.concatenate(([np.nan], np.diff(vs) / np.diff(t)))
    return {
        "distance_m": float(step.sum()),
        "max_speed_m_s": float(np.nanmax(v)),
        "hsr_m": float(step[v >= S.hsr_m_s].sum()),
        "sprint_m": float(step[v >= S.sprint_m_s].sum()),
        "sprint_count": _hysteresis_count(v, t, S.sprint_m_s, S.sprint_exit_m_s, S.min_sprint_s),
        "accel_count": _hysteresis_count(acc, t, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s),
        "decel_count": _hysteresis_count(-acc, t, S.accel_m_s2, S.accel_exit_m_s2, S.min_accel_s),
    }


KEYS = ("distance_m", "max_speed_m_s", "hsr_m", "sprint_m", "sprint_count", "accel_count", "decel_count")


def bench_10hz(repeat: int) -> None:
    traces = squad()
    ours = [session_metrics(tr, "field_sport") for tr in traces]
    for name, ref_fn in (("pandas", pandas_reference), ("lean pandas", lean_pandas_reference),
                         ("numpy", numpy_reference)):  # fmt: skip
        for a, b in zip(ours, [ref_fn(tr) for tr in traces], strict=True):  # same definitions → same answers
            for k in KEYS:
                assert abs(a[k] - b[k]) <= 1e-6 * max(1.0, abs(b[k])), (name, k, a[k], b[k])
    t = race(
        {
            "ours": lambda: [session_metrics(tr, "field_sport") for tr in traces],
            "pandas": lambda: [pandas_reference(tr) for tr in traces],
            "lean": lambda: [lean_pandas_reference(tr) for tr in traces],
            "numpy": lambda: [numpy_reference(tr) for tr in traces],
        },
        repeat,
    )
    n = sum(len(tr) for tr in traces)
    print(f"10 Hz metrics, 30 players × 90 min ({n / 1e6:.2f} M samples), {repeat} runs each, same answers:")
    print(line("sprintback metrics", t["ours"]))
    print(line("pandas, groupby per run", t["pandas"], t["ours"]))
    print(line("lean pandas, vectorised efforts", t["lean"], t["ours"]))
    print(line("plain NumPy, same cleaning/smoothing/hysteresis", t["numpy"], t["ours"]))


# --- 3. Import throughput ------------------------------------------------------------------------------------


def write_squad_csvs(folder: Path) -> list[Path]:
    """The 30 generated traces as 10 Hz GPS exports (Seconds, Velocity, HDOP), one file per player."""
    paths = []
    for i, tr in enumerate(squad()):
        p = folder / f"player-{i:02d}.csv"
        v, hdop = tr.get("speed"), tr.get("hdop")
        assert v is not None and hdop is not None
        body = np.column_stack((tr.time_s, v, hdop))
        header = f"# Athlete: player {i}\n# Reference time : 2024-03-01T10:00:00\nSeconds,Velocity,HDOP"
        np.savetxt(p, body, fmt=("%.1f", "%.3f", "%.1f"), delimiter=",", header=header, comments="")
        paths.append(p)
    return paths


def _import_child(paths: list[str]) -> None:
    """Child process: import each file (build_sessions: nothing stored), print seconds and peak RSS."""
    import resource

    from sprintback.services.telemetry_import import ImportOptions, build_sessions

    blobs = [(Path(p).name, Path(p).read_bytes()) for p in paths]
    build_sessions(blobs[0][1], blobs[0][0], ImportOptions())  # warm: imports, scipy, polars thread pool
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    samples = 0
    w0, c0 = time.perf_counter(), time.process_time()
    for name, data in blobs:
        for s in build_sessions(data, name, ImportOptions()):
            samples += int(s.metrics.get("samples") or 0)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{wall} {cpu} {samples} {rss0} {rss}")


def bench_import(repeat: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        gps = [str(p) for p in write_squad_csvs(Path(tmp))]
        catapult = [str(p) for p in sorted((shared_fit_dir().parent / "catapult").glob("*.csv"))]
        print(f"Import throughput (build_sessions: read, metrics, sprint profile; nothing stored), {repeat} runs:")
        for label, paths in (("30 players × 90 min, 10 Hz GPS CSV", gps), ("Catapult season, 30 files", catapult)):
            runs = []
            for _ in range(repeat):
                out = subprocess.run(
                    [sys.executable, __file__, "--import-child", *paths], capture_output=True, text=True, check=True
                ).stdout.split()
                runs.append([float(x) for x in out])
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            samples = runs[0][2]
            peak = max(r[4] - r[3] for r in runs) / 1024  # ru_maxrss is in kB on Linux
            per_m = f", {cpu / (samples / 1e6):.2f} s CPU per million samples" if samples else ""
            print(
                f"  {label:36s} median {wall:6.2f} s wall, {cpu:6.2f} s CPU: {cpu / len(paths) * 1e3:7.1f} ms CPU "
                f"per file{per_m}; peak RSS growth {peak:6.1f} MB (min {min(r[1] for r in runs):.2f} / max "
                f"{max(r[1] for r in runs):.2f} s CPU)"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--import-child":
        _import_child(sys.argv[2:])
        sys.exit(0)
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--part", choices=("fit", "metrics", "import", "all"), default="all")
    args = ap.parse_args()
    if args.part in ("fit", "all"):
        bench_fit(args.repeat)
    if args.part in ("metrics", "all"):
        bench_10hz(args.repeat)
    if args.part in ("import", "all"):
        bench_import(max(1, args.repeat // 3))
