"""Garmin FIT activities: records (speed, HR, running dynamics), sessions (sport), device serial.

Decoder: fitfast (Rust, NumPy columns). Measured on the shared files it decodes ~20-30× faster than the
official garmin-fit-sdk and gives identical values for every field we use (see bench/ and the parity test,
which keeps garmin-fit-sdk as the reference). Invalid sentinels (0xFF, 0xFFFF, …) arrive as NaN = no value.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import fitfast
import numpy as np

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.fit_header import file_id_only, without_records
from sprintback.telemetry.fit_hr import beats, merge_into_records
from sprintback.telemetry.model import Channel, FloatArray, RecordedSession, Trace
from sprintback.telemetry.native import is_native_panic, panic_reason

# The FIT profile's `sport` enum, complete (garmin-fit-sdk Profile 21.x, types.sport). A code missing here
# (a newer profile) reads as `sport_<code>`, which is not on foot (metrics.ON_FOOT).
FIT_SPORTS = {
    0: "generic", 1: "running", 2: "cycling", 3: "transition", 4: "fitness_equipment", 5: "swimming",
    6: "basketball", 7: "soccer", 8: "tennis", 9: "american_football", 10: "training", 11: "walking",
    12: "cross_country_skiing", 13: "alpine_skiing", 14: "snowboarding", 15: "rowing", 16: "mountaineering",
    17: "hiking", 18: "multisport", 19: "paddling", 20: "flying", 21: "e_biking", 22: "motorcycling", 23: "boating",
    24: "driving", 25: "golf", 26: "hang_gliding", 27: "horseback_riding", 28: "hunting", 29: "fishing",
    30: "inline_skating", 31: "rock_climbing", 32: "sailing", 33: "ice_skating", 34: "sky_diving",
    35: "snowshoeing", 36: "snowmobiling", 37: "stand_up_paddleboarding", 38: "surfing", 39: "wakeboarding",
    40: "water_skiing", 41: "kayaking", 42: "rafting", 43: "windsurfing", 44: "kitesurfing", 45: "tactical",
    46: "jumpmaster", 47: "boxing", 48: "floor_climbing", 49: "baseball", 53: "diving", 56: "shooting",
    58: "winter_sport", 59: "grinding", 62: "hiit", 63: "video_gaming", 64: "racket", 65: "wheelchair_push_walk",
    66: "wheelchair_push_run", 67: "meditation", 68: "para_sport", 69: "disc_golf", 70: "team_sport", 71: "cricket",
    72: "rugby", 73: "hockey", 74: "lacrosse", 75: "volleyball", 76: "water_tubing", 77: "wakesurfing",
    78: "water_sport", 79: "archery", 80: "mixed_martial_arts", 81: "motor_sports", 82: "snorkeling", 83: "dance",
    84: "jump_rope", 85: "pool_apnea", 86: "mobility", 87: "geocaching", 88: "canoeing", 254: "all",
}  # fmt: skip

# Native `record` fields of the FIT profile (garmin-fit-sdk profile, 21.x): any other named column is a
# developer field (Stryd "Form Power", "Speed", …) and is kept under its own name, never over a native one.
_NATIVE_NAMES = """
    absolute_pressure accumulated_power activity_type air_time_remaining altitude ascent_rate
    ball_speed battery_soc cadence cadence256 calories cns_load combined_pedal_smoothness
    compressed_accumulated_power compressed_speed_distance core_temperature current_stress
    cycle_length cycle_length16 cycles depth device_index distance ebike_assist_level_percent
    ebike_assist_mode ebike_battery_level ebike_travel_range enhanced_altitude
    enhanced_respiration_rate enhanced_speed flow fractional_cadence gps_accuracy grade grit
    heart_rate left_pco left_pedal_smoothness left_power_phase left_power_phase_peak
    left_right_balance left_torque_effectiveness motor_power n2_load ndl_time next_stop_depth
    next_stop_time po2 position_lat position_long power pressure_sac resistance respiration_rate
    right_pco right_pedal_smoothness right_power_phase right_power_phase_peak
    right_torque_effectiveness rmv saturated_hemoglobin_percent saturated_hemoglobin_percent_max
    saturated_hemoglobin_percent_min speed speed_1s stance_time stance_time_balance
    stance_time_percent step_length stroke_type temperature time128 time_from_course time_to_surface
    timestamp total_cycles total_hemoglobin_conc total_hemoglobin_conc_max total_hemoglobin_conc_min
    vertical_oscillation vertical_ratio vertical_speed volume_sac zone
"""
NATIVE_RECORD_FIELDS = frozenset(_NATIVE_NAMES.split())

# FIT record field → (our channel, factor to the channel's unit).
_DIRECT = {
    "heart_rate": "heart_rate",
    "position_lat": "latitude",
    "position_long": "longitude",
    "stance_time": "stance_time",
    "stance_time_balance": "stance_time_balance",
    "stance_time_percent": "stance_time_percent",
    "vertical_oscillation": "vertical_oscillation",
    "vertical_ratio": "vertical_ratio",
    "step_length": "step_length",
    "power": "power",
}
_GAIT = {"running", "walking"}
_FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds
# Below this size a full session decode costs less than walking the messages in Python.
CUT_ABOVE_BYTES = 32 * 1024


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="fit-decode")


# A forked job worker must not inherit a pool whose thread stayed in the parent.
os.register_at_fork(after_in_child=_pool.cache_clear)


def is_fit(head: bytes) -> bool:
    return len(head) >= 12 and head[8:12] == b".FIT"


def decode(data: bytes, name: str) -> tuple[dict[str, FloatArray], dict[str, FloatArray], float | None]:
    """Record columns, session columns and the device serial number; ImportFailed for a broken file."""
    if not is_fit(data[:12]):
        raise ImportFailed("not a FIT file (no '.FIT' signature in the header)", name)
    with _decoder_errors(name):
        # Each fitfast call decodes the whole file. The records are decoded in a worker thread (the Rust
        # decoder releases the GIL) while this thread cuts small FIT files out of the big one: file_id
        # (always first) and, for big files, everything but the records, which holds the sessions.
        pending = _pool().submit(fitfast.records, data, "record")
        try:
            file_id = fitfast.records(file_id_only(data) or data, "file_id")
            sessions, hr_messages = _sessions_and_hr(data)
        finally:
            records = pending.result()  # never leave the worker decoding a file nobody waits for
    serial = file_id.get("serial_number")
    device = float(serial[0]) if serial is not None and len(serial) and np.isfinite(serial[0]) else None
    if hr_messages and "timestamp" in records:
        beat_t, beat_bpm = beats(hr_messages)
        records["heart_rate"] = merge_into_records(records["timestamp"], records.get("heart_rate"), beat_t, beat_bpm)
    return records, sessions, device


def _sessions_and_hr(data: bytes) -> tuple[dict[str, FloatArray], list[dict[Any, Any]]]:
    """The session messages and any `hr` messages (stored beats: see fit_hr.py), from the small cut of a
    big file when it can be made. The columnar decoder drops `hr`'s array fields, so those are parsed."""
    cut = without_records(data) if len(data) > CUT_ABOVE_BYTES else None
    source = data if cut is None else cut
    hr: list[dict[Any, Any]] = []
    try:
        if "hr" in fitfast.message_counts(source):
            hr = list(fitfast.parse(source, enum_names=False).get("hr", []))
    except fitfast.FitDecodeError:
        pass  # the cut failed: the full decode of the sessions below says what is wrong
    return _sessions(data, cut), hr


def _sessions(data: bytes, cut: bytes | None) -> dict[str, FloatArray]:
    if cut is not None:
        try:
            return fitfast.records(cut, "session")
        except fitfast.FitDecodeError:
            pass  # the full decode below says what is wrong with the file
        except BaseException as e:  # a panic on the cut: the full decode below decides
            if not is_native_panic(e):
                raise
    return fitfast.records(data, "session")


def read_fit(data: bytes, name: str) -> list[RecordedSession]:
    records, sessions, device = decode(data, name)
    ts = records.get("timestamp")
    if ts is None or not np.isfinite(ts).any():
        raise ImportFailed("FIT file holds no timestamped records", name)
    # FIT date_time below 0x10000000 is device-relative time, not a calendar date (FIT SDK); the decoder
    # adds the FIT epoch anyway, so undo that and keep the session undated rather than invent 1990.
    relative = float(np.nanmin(ts)) < _FIT_EPOCH + 0x10000000
    if "speed" not in records and "distance" not in records:
        with _decoder_errors(name):
            records.update(_compressed_speed_distance(data, len(ts)))
    athlete_key = f"garmin:{int(device)}" if device is not None else None
    out = []
    for sport, lo, hi, laps in _session_windows(sessions, ts):
        if sport == "transition":
            continue
        mask = (ts >= lo) & (ts <= hi) & np.isfinite(ts)
        if not mask.any():
            continue
        trace = _trace({k: v[mask] for k, v in records.items()}, sport)
        start = None if relative else datetime.fromtimestamp(float(ts[mask][0]), tz=UTC)
        day = None if start is None else start.date()
        out.append(RecordedSession("fit", athlete_key, day, start, sport, trace, {"laps": laps}))
    if not out:
        raise ImportFailed("FIT file holds no activity session with records", name)
    return out


def _session_windows(sessions: dict[str, FloatArray], ts: FloatArray) -> list[tuple[str, float, float, int | None]]:
    """(sport, first and last timestamp, number of laps) per FIT session message, in time order."""
    start, end, sport = sessions.get("start_time"), sessions.get("timestamp"), sessions.get("sport")
    laps = sessions.get("num_laps")
    if start is None or end is None or not len(start):
        return [("generic", float(np.nanmin(ts)), float(np.nanmax(ts)), None)]
    windows = []
    for i in np.argsort(start):
        code = sport[i] if sport is not None else np.nan
        name = FIT_SPORTS.get(int(code), f"sport_{int(code)}") if np.isfinite(code) else "generic"
        n_laps = int(laps[i]) if laps is not None and np.isfinite(laps[i]) else None
        windows.append((name, float(start[i]), float(end[i]), n_laps))
    return windows


def _trace(cols: dict[str, FloatArray], sport: str) -> Trace:
    ts = cols["timestamp"]
    trace = Trace(ts - ts[0])
    # `speed` is what garmin-fit-sdk returns bit for bit; `enhanced_speed` only fills gaps (its
    # component expansion rounds differently in the SDK, and no human needs its > 65 m/s range).
    for native, enhanced, channel in (("speed", "enhanced_speed", "speed"), ("distance", None, "distance")):
        x = cols.get(native)
        if enhanced and enhanced in cols:
            x = cols[enhanced] if x is None else np.where(np.isfinite(x), x, cols[enhanced])
        if x is not None:
            trace.add(channel, x)
    alt = cols.get("enhanced_altitude", cols.get("altitude"))
    if alt is not None:
        trace.add("altitude", alt)
    for field, channel in _DIRECT.items():
        if field in cols:
            trace.add(channel, cols[field])
    if "cadence" in cols and sport in _GAIT:
        # FIT running cadence is strides/min: steps/min = 2 × (cadence + fractional_cadence).
        frac = np.nan_to_num(cols.get("fractional_cadence", np.zeros_like(ts)))
        trace.add("cadence", 2.0 * (cols["cadence"] + frac))
    for field, values in cols.items():
        if field not in NATIVE_RECORD_FIELDS and not field.startswith("unknown_"):
            trace.developer[field] = Channel(values, "developer")
    return trace


def _compressed_speed_distance(data: bytes, n: int) -> dict[str, FloatArray]:
    """Decode the 3-byte compressed_speed_distance field (speed 12 bit /100 m/s, distance 12 bit /16 m,
    rolling over at 256 m), which the columnar decoder skips because it is a byte array."""
    recs = fitfast.parse(data, enum_names=False).get("record", [])
    if len(recs) != n:
        return {}
    raw = [r.get("compressed_speed_distance") for r in recs]
    if not any(isinstance(b, bytes | list) for b in raw):
        return {}
    arr = np.full((n, 3), -1, dtype=np.int64)
    for i, b in enumerate(raw):
        if isinstance(b, bytes | list) and len(b) == 3:
            arr[i] = list(b)
    have = arr[:, 0] >= 0
    speed = np.where(have, (arr[:, 0] | ((arr[:, 1] & 0x0F) << 8)) / 100.0, np.nan)
    dist12 = (arr[:, 1] >> 4) | (arr[:, 2] << 4)
    d = dist12[have]
    steps = np.diff(d, prepend=d[0]) % 4096  # accumulate across the 12-bit rollover
    distance = np.full(n, np.nan)
    distance[have] = (d[0] + np.cumsum(steps)) / 16.0
    return {"speed": speed, "distance": distance}


@contextlib.contextmanager
def _decoder_errors(name: str) -> Iterator[None]:
    """The decoder's errors and its Rust panics (a `BaseException`, see native.py) become one ImportFailed
    naming the file; KeyboardInterrupt, SystemExit and our own errors pass through untouched."""
    try:
        yield
    except fitfast.FitDecodeError as e:
        raise ImportFailed(f"corrupt FIT file, nothing imported: {_plain(e)}", name) from None
    except BaseException as e:
        if not is_native_panic(e):
            raise
        raise ImportFailed(f"corrupt FIT file, nothing imported: {panic_reason(e)}", name) from None


def _plain(e: Exception) -> str:
    return str(e).removeprefix("FIT decode error").strip(" :")
