"""Efforts (sprints, accelerations, decelerations): hysteresis between an entry and an exit threshold and a
minimum dwell, found from the few samples past the exit threshold."""

from __future__ import annotations

import numpy as np

from sprintback.telemetry.model import FloatArray, IntArray


def threshold_efforts(
    x: FloatArray,
    time_s: FloatArray,
    entry: float,
    exit_: float,
    min_dwell_s: float,
    falling: bool = False,
) -> tuple[IntArray, IntArray]:
    """Efforts as (start index, end index exclusive), hysteresis and minimum dwell; NaN counts as below.

    `falling` detects x ≤ −entry instead (decelerations). An effort is a run of samples at or past the exit
    threshold that contains a sample at or past the entry threshold; it starts at the first such sample and
    ends at the first sample back below exit. Two passes over the samples; the rest works on the (few)
    samples past the exit threshold.
    """
    if entry < exit_:
        raise ValueError("entry threshold must not be below the exit threshold")
    idx = np.flatnonzero(x <= -exit_ if falling else x >= exit_)  # NaN → False
    xs = x[idx]
    return efforts_of(idx, -xs if falling else xs, time_s, len(x), entry, min_dwell_s)


def efforts_of(
    idx: IntArray, xs: FloatArray, time_s: FloatArray, n: int, entry: float, min_dwell_s: float, wrap: int = 0
) -> tuple[IntArray, IntArray]:
    """Efforts from the samples past the exit threshold: their indices (ascending) and values (sign-adjusted).
    With `wrap`, indices stand for index % wrap (two signals, one after the other)."""
    empty = np.zeros(0, dtype=np.intp)
    if not len(idx):
        return empty, empty
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1  # where a new run starts, as positions in idx
    run_first = np.concatenate(([0], breaks))
    run_last = np.concatenate((breaks - 1, [len(idx) - 1]))
    hot = np.flatnonzero(xs >= entry)
    if not len(hot):
        return empty, empty
    j = np.searchsorted(hot, run_first)
    first_hot = hot[np.minimum(j, len(hot) - 1)]
    has = (j < len(hot)) & (first_hot <= run_last)
    s_idx, e_idx = idx[first_hot[has]], idx[run_last[has]] + 1
    # Duration up to the first sample after the effort (or the last sample).
    if wrap:
        dur = time_s[np.minimum(e_idx % wrap, n - 1)] - time_s[s_idx % wrap]
    else:
        dur = time_s[np.minimum(e_idx, n - 1)] - time_s[s_idx]
    long_enough = dur >= min_dwell_s - 1e-9
    return s_idx[long_enough], e_idx[long_enough]
