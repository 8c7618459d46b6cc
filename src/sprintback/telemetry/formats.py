"""The one place that decides which reader a file goes to: by content first, extension second."""

from __future__ import annotations

from dataclasses import dataclass

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.catapult import DEFAULT_CATAPULT_UNITS, looks_like_catapult, read_catapult
from sprintback.telemetry.csv_table import text_of
from sprintback.telemetry.fit import is_fit, read_fit
from sprintback.telemetry.gps10hz import looks_like_gps10hz, read_gps10hz
from sprintback.telemetry.model import RecordedSession
from sprintback.telemetry.native import is_native_panic, panic_reason
from sprintback.telemetry.nordbord import looks_like_nordbord, read_nordbord
from sprintback.telemetry.speed_csv import looks_like_speed_csv, read_speed_csv

FORMATS = ("fit", "catapult", "gps10hz", "speedcsv", "nordbord")
EXTENSIONS = (".fit", ".csv", ".tsv")  # what a folder import picks up; named files are always tried


@dataclass(frozen=True)
class ReadOptions:
    catapult_units: str = DEFAULT_CATAPULT_UNITS  # imperial | metric | metric-kmh
    speed_units: str | None = None  # m/s | km/h | mph for traces; None: from the header, else m/s
    athlete_key: str | None = None  # for files that do not say who it is (speed/GPS CSV)
    # The team's Catapult velocity-band lower edges (bands 1–8, export speed unit): HSR and sprint distance.
    catapult_bands: tuple[float, ...] | None = None


def detect_format(data: bytes, name: str) -> str:
    if is_fit(data[:12]):
        return "fit"
    if name.lower().endswith(".fit"):
        raise ImportFailed("named .fit but has no FIT header: not a FIT file", name)
    if b"\x00" in data[:4096]:
        raise ImportFailed("unsupported binary file (expected FIT or a CSV export)", name)
    head = _header_region(text_of(data[:65536]))
    for fmt, test in (
        ("catapult", looks_like_catapult),
        ("gps10hz", looks_like_gps10hz),
        ("nordbord", looks_like_nordbord),
        ("speedcsv", looks_like_speed_csv),
    ):
        if test(head):
            return fmt
    raise ImportFailed("unsupported file: not FIT, Catapult summary, 10 Hz GPS, time/speed or NordBord CSV", name)


def read_recording(data: bytes, name: str, options: ReadOptions = ReadOptions()) -> list[RecordedSession]:
    """The file's sessions, or ImportFailed naming the file: a panic in a native decoder (fitfast, polars)
    is a corrupt or unreadable file like any other, never an escape that stops a batch."""
    fmt = detect_format(data, name)
    try:
        return _read(fmt, data, name, options)
    except BaseException as e:  # only a Rust panic is caught (see native.py)
        if not is_native_panic(e):
            raise
        raise ImportFailed(f"unreadable {fmt} file, nothing imported: {panic_reason(e)}", name) from None


def _read(fmt: str, data: bytes, name: str, options: ReadOptions) -> list[RecordedSession]:
    if fmt == "fit":
        return read_fit(data, name)
    if fmt == "catapult":
        return read_catapult(data, name, options.catapult_units)
    if fmt == "gps10hz":
        return read_gps10hz(data, name, options.speed_units, options.athlete_key)
    if fmt == "nordbord":
        return read_nordbord(data, name, options.athlete_key)
    return read_speed_csv(data, name, options.speed_units, options.athlete_key)


def _header_region(text: str) -> str:
    """Catapult summaries start with metadata rows; CSVs may start with `#` comments: skip to the header."""
    if "Player Name" in text:
        return text
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    # The header is the first line that is not `key: value` metadata.
    for i, ln in enumerate(lines):
        if not (":" in ln.split(",")[0] and len(ln.split(",")) <= 2):
            return "\n".join(lines[i:])
    return ""
