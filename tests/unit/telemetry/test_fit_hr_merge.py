"""The pieces of the FIT `hr` merge that no generated file exercises: packed 12-bit beat times, rollover."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sprintback.telemetry.fit_hr import _timestamp_12, beats, merge_into_records


def pack_12(values: list[int]) -> bytes:
    out = bytearray()
    for i in range(0, len(values), 2):
        a, b = values[i] & 0xFFF, values[i + 1] & 0xFFF
        out += bytes([a & 0xFF, (a >> 8) | ((b & 0x0F) << 4), b >> 4])
    return bytes(out)


@given(start=st.integers(0, 2**21), steps=st.lists(st.integers(300, 2000), min_size=2, max_size=16).filter(
    lambda s: len(s) % 2 == 0))  # fmt: skip
def test_packed_12_bit_beat_times_unroll_to_the_full_clock(start: int, steps: list[int]) -> None:
    full = list(np.cumsum([start, *steps])[1:])  # 1/1024 s ticks, each beat 0.3-2 s after the last
    assert _timestamp_12(pack_12(full), start / 1024) == [t / 1024 for t in full]


def test_beats_carry_the_last_value_across_a_gap_of_up_to_5_s() -> None:
    t, bpm = beats([
        {"timestamp": 100.0, "fractional_timestamp": 0.5, "event_timestamp": [10.0], "filtered_bpm": [120]},
        {"event_timestamp": [11.0], "filtered_bpm": [130]},
    ])  # fmt: skip
    assert t[0] == 100.5 and t[-1] == 101.5
    assert list(bpm) == [120, 120, 120, 120, 130]  # three 0.25 s steps carry 120 forward, then the beat


def test_deltas_without_an_anchor_merge_nothing_and_records_keep_their_own_values() -> None:
    t, bpm = beats([{"event_timestamp": [11.0, 12.0], "filtered_bpm": [130, 131]}])
    assert len(t) == 0
    own = np.array([140.0, np.nan, 150.0])
    np.testing.assert_array_equal(merge_into_records(np.array([1.0, 2.0, 3.0]), own, t, bpm), own)
