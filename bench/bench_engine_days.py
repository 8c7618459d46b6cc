"""Engine cost per replayed day, one command: `PYTHONPATH=src python bench/bench_engine_days.py [--rounds N]`.

Replays a generated season-like case (a check-in every day, tests every few days, runs and team sessions)
of 30, 90, 180, 365 and 730 days with `replay()`, round-robin so load from other jobs hits every length
alike, and prints ms per replayed day (wall and process CPU; min / median / max over the rounds) and each
length's median against the 30-day median. Goal (issue 9): flat within ±15 % from 30 to 730 days, i.e. the
engine linear in days.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from sprintback.domain.engine import replay
from sprintback.domain.models import (
    Athlete,
    BamicGrade,
    Case,
    CheckIn,
    Injury,
    Measurement,
    Mechanism,
    SessionKind,
    SessionLog,
    Side,
)
from sprintback.protocol_files import load_default_protocol

LENGTHS = (30, 90, 180, 365, 730)
START = date(2025, 1, 6)


def season_case(days: int, seed: int = 7) -> Case:
    """A busy athlete: daily check-in, a test battery every other day, a run most days, team sessions later.
    The tests pass from the start, with a painful day now and then, so every rule is exercised and the
    athlete reaches the sport phase within about ten days; the athlete never reports being ready, so from
    then on every day evaluates the whole return-to-sport gate (the most work a day can take) rather than
    the criteria-free maintenance phase, and every length has nearly the same mix of days."""
    rnd = random.Random(seed)
    checkins, measurements, sessions = [], [], []
    for n in range(days + 1):
        d = START + timedelta(days=n)
        calm = rnd.random() > 0.05
        checkins.append(
            CheckIn(
                d,
                pain_rest=0 if calm else rnd.choice((1.0, 2.0)),
                pain_walking=0 if calm or n > 10 else 1.0,
                pain_exercise=rnd.choice((0.0, 1.0, 2.0)) if calm else rnd.choice((5.0, 6.0)),
                pain_next_morning=0 if calm else 2.0,
                soreness=rnd.choice((1.0, 2.0, 3.0)) if calm else 6.0,
            )
        )
        if n % 2 == 0:
            for kind, injured, other in (
                ("iso_90_90_n", 285, 300),
                ("iso_0_15_n", 190, 205),
                ("ake_deg", 70, 75),
                ("pslr_deg", 84, 88),
                ("single_leg_hop_cm", 150 + min(n, 20), 170),
                ("nordic_force_n", 320 + min(n, 40), 350),
            ):
                pain = 0.0 if calm else 1.0
                measurements.append(Measurement(d, kind, min(injured, other), Side.LEFT, pain))
                measurements.append(Measurement(d, kind, other, Side.RIGHT, 0.0))
            measurements.append(Measurement(d, "pain_slow_jog", 0))
            for kind in ("h_test_insecurity", "palpation_pain", "pain_max_sprint"):
                measurements.append(Measurement(d, kind, 0))
        if n % 7 != 6:
            sessions.append(SessionLog(d, SessionKind.RUN, 30, rpe=5, pain_during=0, top_speed_pct=95))
        if n > 25 and n % 7 in (1, 4):
            sessions.append(SessionLog(d, SessionKind.TEAM, 75, rpe=7, pain_during=0, top_speed_m_s=9.0))
    athlete = Athlete("bench", "Bench Athlete", "football", baselines={"max_speed_m_s": 9.3})
    injury = Injury(START, Side.LEFT, BamicGrade.parse("2b"), Mechanism.SPRINT)
    return Case(athlete, injury, tuple(measurements), tuple(checkins), tuple(sessions)).validate()


def main(rounds: int) -> None:
    protocol = load_default_protocol()
    cases = {n: season_case(n) for n in LENGTHS}
    for n, case in cases.items():  # warm-up, and a sanity check that the replay covers every day
        assert len(replay(case, protocol, START + timedelta(days=n))) == n + 1
    wall: dict[int, list[float]] = {n: [] for n in LENGTHS}
    cpu: dict[int, list[float]] = {n: [] for n in LENGTHS}
    for _ in range(rounds):
        for n, case in cases.items():
            end = START + timedelta(days=n)
            w0, c0 = time.perf_counter(), time.process_time()
            replay(case, protocol, end)
            w, c = time.perf_counter() - w0, time.process_time() - c0
            wall[n].append(w * 1000 / (n + 1))
            cpu[n].append(c * 1000 / (n + 1))
    print(f"engine replay, ms per replayed day, {rounds} interleaved rounds (min / median / max)")
    base_w, base_c = statistics.median(wall[LENGTHS[0]]), statistics.median(cpu[LENGTHS[0]])
    for n in LENGTHS:
        w, c = wall[n], cpu[n]
        print(
            f"  {n:4d} days  wall {min(w):.3f} / {statistics.median(w):.3f} / {max(w):.3f}"
            f"   cpu {min(c):.3f} / {statistics.median(c):.3f} / {max(c):.3f}"
            f"   vs {LENGTHS[0]} days: wall {statistics.median(w) / base_w:.2f}×"
            f"  cpu {statistics.median(c) / base_c:.2f}×"
        )
    worst = max(statistics.median(cpu[n]) / base_c for n in LENGTHS)
    verdict = "met" if worst <= 1.15 else "NOT met"
    print(f"goal: flat within ±15 % (cpu median ratio ≤ 1.15): worst {worst:.2f}× -> {verdict}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    main(parser.parse_args().rounds)
