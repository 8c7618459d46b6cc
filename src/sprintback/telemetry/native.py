"""Native (Rust) decoders fail in two ways: an error they raise, or a panic.

A Rust panic inside a PyO3 extension (fitfast, polars) reaches Python as `pyo3_runtime.PanicException`,
which derives from `BaseException`, not `Exception`: `except Exception` lets it through, so one corrupt
file would stop a whole batch. Each PyO3 extension creates its own `PanicException` class, so there is no
one class to import; a panic is recognised by the class's module and name, and nothing else that derives
from `BaseException` (KeyboardInterrupt, SystemExit, GeneratorExit) is ever caught here.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator


def is_native_panic(e: BaseException) -> bool:
    """True for a Rust panic surfaced by PyO3 (`pyo3_runtime.PanicException`), from any extension."""
    return any(c.__name__ == "PanicException" and c.__module__ == "pyo3_runtime" for c in type(e).__mro__)


def panic_reason(e: BaseException) -> str:
    """The panic's message on one line (PyO3 puts the Rust message first)."""
    text = str(e).strip().splitlines()
    return f"decoder panic: {text[0] if text else type(e).__name__}"


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Keep what a panicking Rust decoder writes straight to file descriptor 2 (its panic hook's message
    and, with RUST_BACKTRACE set, a backtrace) off the terminal, so a command prints its own one-line
    error. For command-line use only: it redirects the descriptor for the whole process while it lasts."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no real descriptor (captured or replaced stderr)
        yield
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), fd)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, fd)
            os.close(saved)
