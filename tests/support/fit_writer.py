"""Small FIT activity files written with garmin-fit-sdk's own Encoder (a dev dependency), for cases no shared
file has: a swim whose heart rate arrives in `hr` messages (the strap stores beats under water and sends
them afterwards), not in the records."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from garmin_fit_sdk import Encoder, Profile

MESG = {name.lower(): num for name, num in Profile["mesg_num"].items()}
START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def hr_at(t: float) -> float:
    """The swimmer's heart rate (bpm) t seconds after the start: warm-up rise and interval swings."""
    return 120.0 + 30.0 * (1 - math.exp(-t / 120.0)) + 12.0 * math.sin(t / 40.0)


def swim_with_hr_messages(seconds: int = 900, beats_per_message: int = 8, sport: int = 5) -> tuple[bytes, float]:
    """A pool swim: 1 Hz records with speed and no HR; beats in `hr` messages (one anchor, then deltas of
    `beats_per_message` event timestamps each). Returns the file and the true time-averaged HR."""
    enc = Encoder()
    enc.write_mesg({"mesg_num": MESG["file_id"], "type": "activity", "manufacturer": "garmin", "product": 1,
                    "serial_number": 3_900_000_001, "time_created": START})  # fmt: skip
    for s in range(seconds + 1):
        enc.write_mesg({"mesg_num": MESG["record"], "timestamp": START + timedelta(seconds=s), "speed": 1.1,
                        "distance": 1.1 * s})  # fmt: skip
    # Beats: each follows the last by 60 / HR seconds; event_timestamp counts seconds on the strap's clock.
    clock0 = 1000.0  # the strap's clock at the session start
    beats: list[tuple[float, float]] = []
    t = 0.0
    while t < seconds:
        bpm = hr_at(t)
        beats.append((t, bpm))
        t += 60.0 / bpm
    first_t, first_bpm = beats[0]
    enc.write_mesg({"mesg_num": MESG["hr"], "timestamp": START, "fractional_timestamp": 0.0,
                    "event_timestamp": [clock0 + first_t], "filtered_bpm": [round(first_bpm)]})  # fmt: skip
    rest = beats[1:]
    for i in range(0, len(rest), beats_per_message):
        chunk = rest[i : i + beats_per_message]
        enc.write_mesg({"mesg_num": MESG["hr"], "event_timestamp": [clock0 + b for b, _ in chunk],
                        "filtered_bpm": [round(bpm) for _, bpm in chunk]})  # fmt: skip
    true_mean = sum(hr_at(x + 0.5) for x in range(seconds)) / seconds
    end = START + timedelta(seconds=seconds)
    enc.write_mesg({"mesg_num": MESG["session"], "timestamp": end, "start_time": START, "sport": sport,
                    "total_elapsed_time": float(seconds), "total_timer_time": float(seconds),
                    "avg_heart_rate": round(true_mean), "max_heart_rate": round(max(b for _, b in beats))})  # fmt: skip
    return enc.close(), true_mean
