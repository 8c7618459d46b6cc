"""A corrupt file is one clear line, never a crash: Rust decoder panics included (issue 15).

The panicking input is a real file with one bit flipped, found by the fuzzer (bench/fuzz_readers.py):
byte 82 of garmin-fenix-5-run.fit, bit 5, sends fitfast's decoder into a division by zero, which PyO3
raises as `pyo3_runtime.PanicException` — a BaseException that `except Exception` does not catch.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from telemetry_shared_data import shared_data

from sprintback.domain.errors import ImportFailed
from sprintback.services.telemetry_import import ImportOptions, import_files
from sprintback.telemetry.formats import read_recording
from sprintback.telemetry.native import is_native_panic

PANIC_BYTE, PANIC_BIT = 82, 5


def panicking_fit() -> bytes:
    data = bytearray((shared_data("fit") / "garmin-fenix-5-run.fit").read_bytes())
    data[PANIC_BYTE] ^= 1 << PANIC_BIT
    return bytes(data)


def test_the_mutation_really_makes_the_native_decoder_panic() -> None:
    import fitfast

    with pytest.raises(BaseException) as raised:  # the point is which kind it is
        fitfast.records(panicking_fit(), "record")
    assert is_native_panic(raised.value) and not isinstance(raised.value, Exception)


def test_panicking_fit_is_a_corrupt_file_error_naming_the_file() -> None:
    with pytest.raises(ImportFailed) as failed:
        read_recording(panicking_fit(), "bad.fit")
    assert str(failed.value).startswith("bad.fit: corrupt FIT file, nothing imported: decoder panic:")
    assert "\n" not in str(failed.value)


def test_keyboard_interrupt_and_exit_are_not_taken_for_panics() -> None:
    assert not is_native_panic(KeyboardInterrupt())
    assert not is_native_panic(SystemExit(1))
    assert not is_native_panic(RuntimeError("PanicException"))


class Sink:
    def __init__(self) -> None:
        self.files: list[str] = []

    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        return "ath-1"

    def already_imported(self, content_sha256: str) -> bool:
        return False

    def store_file(self, athlete_ids: object, sessions: list) -> None:  # type: ignore[type-arg]
        self.files.append(sessions[0].source_file)


def test_batch_of_a_panicking_file_then_a_good_one_imports_the_good_one(tmp_path: Path) -> None:
    bad = tmp_path / "a-bad.fit"
    bad.write_bytes(panicking_fit())
    good = tmp_path / "b-good.fit"
    good.write_bytes((shared_data("fit") / "garmin-fenix-5-walk.fit").read_bytes())
    sink = Sink()
    summary = import_files([bad, good], sink, ImportOptions())
    assert [o.status for o in summary.outcomes] == ["failed", "imported"]
    assert "a-bad.fit: corrupt FIT file, nothing imported: decoder panic" in summary.outcomes[0].reason
    assert sink.files == ["b-good.fit"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUST_BACKTRACE": "1"}  # the worst case: Rust would print a backtrace too
    return subprocess.run(
        [sys.executable, "-m", "sprintback", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_inspect_of_a_panicking_file_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.fit"
    bad.write_bytes(panicking_fit())
    result = run_cli("inspect", str(bad))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "bad.fit: corrupt FIT file, nothing imported: decoder panic: attempt to calculate the remainder with a "
        "divisor of zero"
    ]
    assert result.stdout == ""
