"""Keep glibc from handing freshly mapped pages to every large NumPy temporary.

A 90-minute 10 Hz channel is ~430 kB. glibc returns freed blocks of that size to the kernel (trim/munmap),
so the next temporary of the same size page-faults on first write; on virtual machines those faults cost
more than the arithmetic (measured: a 5-sample moving sum 450 µs → 60 µs). Batch commands (import, inspect,
load, the benchmark) call `tune_for_batch_numeric()` once; a library import never changes the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
_KEEP_BYTES = 256 * 1024 * 1024  # free memory kept by the process before trimming (upper bound)
_MMAP_BYTES = 32 * 1024 * 1024  # blocks above this still get their own mapping


def tune_for_batch_numeric() -> bool:
    """Raise glibc's trim and mmap thresholds; True when applied (Linux/glibc), False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, _MMAP_BYTES)) and bool(mallopt(M_TRIM_THRESHOLD, _KEEP_BYTES))
