"""FIT `hr` messages merged into the records by timestamp, as the FIT SDK's `merge_heart_rates` does.

A chest strap that cannot transmit (under water: swims) stores the beats and sends them after the
activity as `hr` messages; the records then hold no heart rate, and a mean over them is missing or
wrong. The rule (FIT SDK, HR merge): an anchor `hr` message pins the strap's clock (`event_timestamp`,
s) to a FIT `timestamp` (+ `fractional_timestamp`); each beat's time is anchor + (event − anchor event),
with the strap clock's 22-bit rollover (0x400000 s) undone; the last value is carried forward across a gap
of up to 5 s in 0.25 s steps; a record's heart rate is the mean of the beats in (previous record, this
record], rounded half up, written only when a later beat shows that interval complete. Vectorised
(searchsorted + cumulative sums) instead of the SDK's per-record loop; the parity test compares both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sprintback.telemetry.model import FloatArray

GAP_STEP_S = 0.25
GAP_MAX_STEPS = 20  # 5 s
ROLLOVER_S = 0x400000


def _number(x: Any) -> float | None:
    """A finite number, or None for anything a corrupt message may hold instead."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    f = float(x)
    return f if f == f and abs(f) != float("inf") else None


def _as_list(x: Any) -> list[float]:
    values = x if isinstance(x, list | tuple) else [x]
    return [f for v in values if (f := _number(v)) is not None]


def _timestamp_12(raw: Any, previous: float) -> list[float]:
    """Unpack `event_timestamp_12` (pairs of 12-bit values in 3 bytes, 1/1024 s, the low bits of the strap
    clock) into full event times after `previous` (s)."""
    if isinstance(raw, bytes | bytearray):
        b = bytes(raw)
    elif isinstance(raw, list | tuple):
        b = bytes(int(v) & 0xFF for v in raw if isinstance(v, int))
    else:
        return []
    out: list[float] = []
    last = round(previous * 1024)
    for i in range(0, len(b) - 2, 3):
        for low in (b[i] | ((b[i + 1] & 0x0F) << 8), (b[i + 1] >> 4) | (b[i + 2] << 4)):
            last += (low - (last & 0xFFF)) & 0xFFF
            out.append(last / 1024.0)
    return out


def beats(hr_messages: Sequence[Mapping[str, Any]]) -> tuple[FloatArray, FloatArray]:
    """(FIT-epoch seconds, bpm) of every beat, gaps filled as the SDK does; empty without an anchor."""
    times: list[float] = []
    bpms: list[float] = []
    anchor: float | None = None
    anchor_event = 0.0
    previous_event = 0.0
    for m in hr_messages:
        events = _as_list(m.get("event_timestamp"))
        if not events and m.get("event_timestamp_12") is not None:
            events = _timestamp_12(m["event_timestamp_12"], previous_event)
        bpm = _as_list(m.get("filtered_bpm"))
        ts = _number(m.get("timestamp"))
        if ts is not None:
            if len(events) != 1:
                continue  # an anchor holds exactly one beat (FIT SDK); a malformed one anchors nothing
            anchor = ts + (_number(m.get("fractional_timestamp")) or 0.0)
            anchor_event = events[0]
        if anchor is None or len(events) != len(bpm):
            continue  # deltas before any anchor, or times and values that do not pair up, are unusable
        for event, value in zip(events, bpm, strict=True):
            if event < anchor_event and anchor_event - event > ROLLOVER_S:
                event += ROLLOVER_S
            elif event < anchor_event:
                continue  # runs backwards: no correct time can be given
            previous_event = event
            t = anchor + (event - anchor_event)
            if times:
                gap = abs(t - times[-1])
                steps = 1
                last_t, last_bpm = times[-1], bpms[-1]
                while gap > GAP_STEP_S + 1e-12 and steps <= GAP_MAX_STEPS:
                    times.append(last_t + GAP_STEP_S * steps)
                    bpms.append(last_bpm)
                    gap -= GAP_STEP_S
                    steps += 1
            times.append(t)
            bpms.append(value)
    return np.asarray(times, dtype=np.float64), np.asarray(bpms, dtype=np.float64)


def merge_into_records(
    record_ts: FloatArray, record_hr: FloatArray | None, beat_t: FloatArray, beat_bpm: FloatArray
) -> FloatArray:
    """Record heart rate with the merged beats: the mean of the beats in (previous record, record],
    rounded half up, where a later beat shows the interval complete; the record's own value elsewhere."""
    n = len(record_ts)
    hr = np.full(n, np.nan) if record_hr is None else record_hr.astype(np.float64, copy=True)
    if not len(beat_t) or not n:
        return hr
    order = np.argsort(beat_t, kind="stable")
    bt, bb = beat_t[order], beat_bpm[order]
    start = np.empty(n)
    start[1:] = record_ts[:-1]
    start[0] = record_ts[0] - 1.0
    same = start >= record_ts  # a record at the same second as the one before: the SDK looks one second back
    start[same] = record_ts[same] - 1.0
    lo = np.searchsorted(bt, start, side="right")
    hi = np.searchsorted(bt, record_ts, side="right")
    csum = np.concatenate(([0.0], np.cumsum(bb)))
    count = hi - lo
    done = (count > 0) & (hi < len(bt))
    mean = (csum[hi[done]] - csum[lo[done]]) / count[done]
    hr[done] = np.floor(mean + 0.5)
    return hr
