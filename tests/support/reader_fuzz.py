"""Mutation fuzzing of every telemetry reader, shared by the CI test (Hypothesis) and the long run
(`bench/fuzz_readers.py --count 1000000`).

Seeds are real files (the shared FIT and Catapult files) and, for what no real file holds (10 Hz GPS,
time/speed, NordBord; FIT `hr` messages), small generated files in the exporters' layouts. A mutation is a
sequence of byte flips, byte overwrites with boundary values, truncation, insertion, deletion or
duplication of a slice; for FIT the file CRC can be recomputed afterwards, so the mutation reaches the
decoder instead of stopping at the CRC check.

The property: `build_sessions` (detect → read → metrics → measurements) either returns sessions or raises
`SprintbackError` (a clear error naming the file); anything else is a crash.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fit_writer import swim_with_hr_messages

from sprintback.domain.errors import SprintbackError
from sprintback.services.telemetry_import import ImportOptions, build_sessions
from sprintback.telemetry.fit_header import fit_crc

OPTIONS = ImportOptions(session_date=date(2024, 3, 1))  # undated files still go through the metrics
BOUNDARY = (0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF)


def _gps(n: int = 120) -> bytes:
    head = '# Reference time : 2024-03-01T10:00:00\n# Athlete: "Kim"\n'
    cols = "Timestamp,Latitude,Longitude,Seconds,Velocity,Acceleration,Odometer,Heart Rate,Player Load,"
    cols += "Positional Quality (%),HDOP,#Sats\n"
    rows, odo = [], 0.0
    for i in range(n):
        v = 3.0 + 5.0 * (40 <= i < 70)
        odo += v / 10
        rows.append(f"12:00:{i / 10:04.1f},51.5,-0.12,{i / 10:.1f},{v:.2f},0.0,{odo:.2f},150,{i * 0.01:.2f},80,0.9,12")
    return (head + cols + "\n".join(rows) + "\n").encode()


def _speed_csv() -> bytes:
    return ("time,speed\n" + "\n".join(f"{i / 10:.1f},{min(9.0, i * 0.2):.2f}" for i in range(80)) + "\n").encode()


def _nordbord() -> bytes:
    return (
        b"Name,Date,Test,L Max Force (N),R Max Force (N),L Max Torque (Nm),R Max Torque (Nm),L RFD,R RFD\n"
        b"Kim,2024-03-01,Nordic,310,262,130,110,1500,1300\nLee,2024-03-02,ISO Prone 90,300,290,,,,\n"
    )


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes

    @property
    def is_fit(self) -> bool:
        return self.name.endswith(".fit")


def seeds(shared: Path, max_bytes: int | None = None) -> list[Seed]:
    """Every shared FIT file (up to `max_bytes`), three Catapult files (practice, game, a small one) and the
    generated CSVs."""
    fit = sorted((shared / "fit").glob("*.fit"))
    out = [Seed(p.name, p.read_bytes()) for p in fit if max_bytes is None or p.stat().st_size <= max_bytes]
    catapult = sorted((shared / "catapult").glob("*.csv"), key=lambda p: p.stat().st_size)
    for p in (catapult[0], catapult[len(catapult) // 2], next(c for c in catapult if "Game" in c.name)):
        out.append(Seed(p.name, p.read_bytes()))
    out += [Seed("gps-10hz.csv", _gps()), Seed("time-speed.csv", _speed_csv()), Seed("nordbord.csv", _nordbord())]
    # A FIT file with `hr` messages (no shared file has them), so the beat merge is fuzzed too.
    out.append(Seed("swim-hr-messages.fit", swim_with_hr_messages(seconds=240)[0]))
    return out


def mutate(data: bytes, rng: random.Random, fit: bool) -> bytes:
    """1–4 random mutations of `data`; with a FIT seed, the file CRC is recomputed half of the time."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not b:
            b.extend(rng.randbytes(rng.randint(1, 16)))
            continue
        op = rng.randrange(7)
        i = rng.randrange(len(b))
        if op == 0:  # bit flip
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # boundary byte
            b[i] = rng.choice(BOUNDARY)
        elif op == 2:  # random byte
            b[i] = rng.randrange(256)
        elif op == 3:  # truncation
            del b[i:]
        elif op == 4:  # insertion
            b[i:i] = rng.randbytes(rng.randint(1, 64)) if rng.random() < 0.5 else bytes([rng.choice(BOUNDARY)]) * 8
        elif op == 5:  # deletion of a slice
            del b[i : i + rng.randint(1, 64)]
        else:  # duplication of a slice (repeated rows, repeated FIT messages)
            j = min(len(b), i + rng.randint(1, 256))
            b[j:j] = b[i:j]
    if fit and len(b) > 14 and rng.random() < 0.5:
        b[-2:] = fit_crc(bytes(b[:-2])).to_bytes(2, "little")
    return bytes(b)


def check(data: bytes, name: str) -> str:
    """'read' or 'refused'; anything but a SprintbackError propagates (a crash)."""
    try:
        build_sessions(data, name, OPTIONS)
    except SprintbackError as e:
        text = str(e)
        assert text and "\n" not in text, f"error is not one line: {text!r}"
        return "refused"
    return "read"
