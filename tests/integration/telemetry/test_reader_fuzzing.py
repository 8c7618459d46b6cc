"""Every reader over mutated real files: a clear error or sessions, never a crash, never a hang (issue 15).

10⁴ inputs here (Hypothesis picks the seed file and the mutation's random stream); the long run is
`python bench/fuzz_readers.py --count 1000000` (docs/telemetry.md). A per-input time guard turns a hang
into a failure: `faulthandler` ends the process with every thread's stack if one input takes over a
minute, and Hypothesis' deadline fails an input slower than 5 s.
"""

from __future__ import annotations

import faulthandler
import random
from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_fuzz import check, mutate, seeds
from telemetry_shared_data import shared_data

# The 1 MB multisport file costs ~75 ms an input (15× the rest): it is in the long run, not in CI's 10⁴.
SEEDS = seeds(shared_data("fit").parent, max_bytes=512 * 1024)
HANG_S = 60


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    faulthandler.dump_traceback_later(HANG_S * 10, exit=True)  # the whole test; per input: see below
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=timedelta(seconds=5),
    derandomize=True,  # the same 10⁴ inputs on every run: a CI failure reproduces
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(which=st.integers(0, len(SEEDS) - 1), stream=st.integers(0, 2**63))
def test_mutated_files_give_sessions_or_a_one_line_error(which: int, stream: int) -> None:
    seed = SEEDS[which]
    data = mutate(seed.data, random.Random(stream), seed.is_fit)
    faulthandler.dump_traceback_later(HANG_S, exit=True)
    try:
        assert check(data, seed.name) in ("read", "refused")
    finally:
        faulthandler.dump_traceback_later(HANG_S * 10, exit=True)
