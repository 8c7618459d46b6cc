"""Import telemetry files: hash, skip duplicates, read, compute metrics, match the athlete, store atomically.

One file's failure never stops the batch and stores nothing from that file; the summary says what was
imported, skipped as duplicate, or failed and why. Athlete matching rule, first that answers wins:
1. `athlete_id` (CLI `--athlete`) for every session of the batch;
2. the name mapping (`--map FILE`: `key: athlete-id` lines, YAML or CSV), exact key then case-insensitive;
3. the sink's own resolution (`resolve_athlete`: device serials and names the store knows);
otherwise the file fails, naming the unknown keys.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sprintback.core.telemetry import ImportedSession
from sprintback.domain.errors import ImportFailed, InvalidCase, SprintbackError
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Measurement, Side, check_measurement
from sprintback.services.telemetry_port import TelemetrySink
from sprintback.telemetry.catapult import band_speed_distances
from sprintback.telemetry.formats import EXTENSIONS, ReadOptions, read_recording
from sprintback.telemetry.metrics import (
    DEFAULT_SETTINGS,
    GAIT_SPORTS,
    MetricSettings,
    on_foot,
    session_metrics,
    sprint_profile_metrics,
)
from sprintback.telemetry.model import RecordedSession
from sprintback.telemetry.native import is_native_panic, panic_reason

Status = Literal["imported", "duplicate", "failed"]

# Keys every session's metrics carry (None when the source cannot tell): see docs/telemetry.md.
DOCUMENTED_KEYS = (
    "format", "sport", "start", "duration_s", "distance_m", "max_speed_m_s", "mean_speed_m_s", "hsr_m",
    "sprint_m", "sprint_count", "accel_count", "decel_count", "hsr_threshold_m_s", "sprint_threshold_m_s",
    "mean_hr_bpm", "max_hr_bpm", "mean_gct_ms", "gct_balance_left_pct", "gct_balance_drift_pct",
    "cadence_spm", "step_length_mm", "vertical_oscillation_mm", "vertical_ratio_pct", "player_load", "laps",
)  # fmt: skip


@dataclass(frozen=True)
class ImportOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    settings: MetricSettings = DEFAULT_SETTINGS
    athlete_id: str | None = None
    name_map: Mapping[str, str] = field(default_factory=dict)
    session_date: date | None = None  # for files without a calendar date


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: Status
    sessions: int = 0
    reason: str = ""
    refused: tuple[str, ...] = ()  # values not stored (impossible), the rest of the file was
    warnings: tuple[str, ...] = ()  # imported, but the user must know (e.g. a player's repeated rows)


@dataclass
class ImportSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def failed(self) -> int:
        return self.count("failed")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders recursively (files with a telemetry extension), sorted, each once."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS))
        else:
            out.append(p)
    seen: set[Path] = set()
    return [p for p in out if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


def build_sessions(data: bytes, name: str, options: ImportOptions = ImportOptions()) -> list[ImportedSession]:
    """Everything one file holds, as ImportedSessions (athlete not yet resolved). Raises ImportFailed."""
    sha = hashlib.sha256(data).hexdigest()
    return [_imported(r, sha, name, options) for r in _recordings(data, name, options)]


def _recordings(data: bytes, name: str, options: ImportOptions) -> list[RecordedSession]:
    recordings = read_recording(data, name, options.read)
    if not recordings:
        raise ImportFailed("the file holds no session: nothing imported", name)
    return recordings


def refused_values(data: bytes, name: str, options: ImportOptions = ImportOptions()) -> list[str]:
    return [msg for r in read_recording(data, name, options.read) for msg in r.refused]


def reader_warnings(data: bytes, name: str, options: ImportOptions = ImportOptions()) -> list[str]:
    return list(dict.fromkeys(msg for r in read_recording(data, name, options.read) for msg in r.warnings))


UNDATED = date.min  # inspect only: the file carries no date and none was given


def inspect_file(path: str | Path, options: ImportOptions = ImportOptions()) -> list[ImportedSession]:
    """Sessions of one file, nothing stored; an undated file's sessions carry UNDATED unless a date is given."""
    p = Path(path)
    if options.session_date is None:
        options = replace(options, session_date=UNDATED)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ImportFailed(f"cannot read: {e.strerror}", p.name) from None
    return build_sessions(data, p.name, options)


def import_files(
    paths: Sequence[str | Path],
    sink: TelemetrySink,
    options: ImportOptions = ImportOptions(),
    on_file: Callable[[FileOutcome], None] | None = None,
) -> ImportSummary:
    summary = ImportSummary()
    for path in expand_paths(paths):
        outcome = import_one(Path(path), sink, options)
        summary.outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return summary


def import_one(path: Path, sink: TelemetrySink, options: ImportOptions) -> FileOutcome:
    name = path.name
    try:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if sink.already_imported(sha):
            return FileOutcome(str(path), "duplicate", reason="same content already imported")
        recordings = _recordings(data, name, options)
        sessions = [_imported(r, sha, name, options) for r in recordings]
        ids = _resolve(sessions, sink, options, name)
        sink.store_file(ids, sessions)
        refused = tuple(m for r in recordings for m in r.refused)
        warnings = tuple(dict.fromkeys(m for r in recordings for m in r.warnings))
        return FileOutcome(str(path), "imported", len(sessions), refused=refused, warnings=warnings)
    except SprintbackError as e:
        return FileOutcome(str(path), "failed", reason=str(e))
    except OSError as e:
        return FileOutcome(str(path), "failed", reason=f"{name}: cannot read: {e.strerror or e}")
    except Exception as e:  # a decoder bug must not stop a squad's season import
        return FileOutcome(str(path), "failed", reason=f"{name}: unexpected {type(e).__name__}: {_first_line(e)}")
    except BaseException as e:  # a Rust panic only (see telemetry/native.py); Ctrl-C and exits go on up
        if not is_native_panic(e):
            raise
        return FileOutcome(str(path), "failed", reason=f"{name}: {panic_reason(e)}")


def _first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else ""


def _resolve(sessions: list[ImportedSession], sink: TelemetrySink, options: ImportOptions, name: str) -> list[str]:
    if options.athlete_id:
        return [options.athlete_id] * len(sessions)
    lower = {k.lower(): v for k, v in options.name_map.items()}
    ids: list[str] = []
    unknown: list[str] = []
    for s in sessions:
        key = s.athlete_key
        found = None
        if key is not None:
            found = options.name_map.get(key) or lower.get(key.lower())
        found = found or sink.resolve_athlete(key)
        if found is None:
            unknown.append(repr(key) if key is not None else "(file does not say who)")
        ids.append(found or "")
    if unknown:
        raise ImportFailed(
            f"no athlete for {', '.join(sorted(set(unknown)))}: pass --athlete or map the key in --map; "
            "nothing imported from this file",
            name,
        )
    return ids


def _imported(r: RecordedSession, sha: str, name: str, options: ImportOptions) -> ImportedSession:
    day = r.date or options.session_date
    if day is None:
        raise ImportFailed(
            "the file carries no calendar date: give the session's date (`--date` on the command line, `date` "
            "with an upload)",
            name,
        )
    metrics: dict[str, Any] = {
        "format": r.format,
        "sport": r.sport,
        "start": r.start.isoformat() if r.start else None,
    }
    if r.trace is not None:
        metrics.update(session_metrics(r.trace, r.sport, options.settings))
        if on_foot(r.sport):  # a paddle's or a ride's acceleration is no sprint
            metrics.update(sprint_profile_metrics(r.trace, options.settings))
        metrics["developer_fields"] = ",".join(sorted(r.trace.developer)) or None
    metrics.update(r.summary)
    if r.format == "catapult" and options.read.catapult_bands:
        s = options.settings
        edges, units = options.read.catapult_bands, options.read.catapult_units
        metrics.update(band_speed_distances(r.summary, edges, units, s.hsr_m_s, s.sprint_m_s))
        metrics["hsr_threshold_m_s"], metrics["sprint_threshold_m_s"] = s.hsr_m_s, s.sprint_m_s
    for key in DOCUMENTED_KEYS:
        metrics.setdefault(key, None)
    if r.strength:
        for t in r.strength:
            metrics[f"{t.test}_left"] = t.left
            metrics[f"{t.test}_right"] = t.right
            for extra, value in t.extras.items():  # torque, impulse, RFD per side when the file has them
                metrics[f"{t.test}_{extra}"] = value
    return ImportedSession(
        content_sha256=sha,
        source_file=name,
        format=r.format,
        athlete_key=r.athlete_key,
        date=day,
        start=r.start,
        metrics={k: _plain(v) for k, v in metrics.items()},
        measurements=tuple(_measurements(r, metrics, day, name)),
    )


def _measurements(r: RecordedSession, metrics: Mapping[str, Any], day: date, name: str) -> list[Measurement]:
    note = f"imported from {name}"
    out: list[Measurement] = []
    if on_foot(r.sport) and metrics.get("max_speed_m_s") is not None:
        out.append(Measurement(day, "max_speed_m_s", float(metrics["max_speed_m_s"]), note=note))
    if r.sport in GAIT_SPORTS and metrics.get("gct_balance_left_pct") is not None:
        out.append(Measurement(day, "gct_balance_left_pct", float(metrics["gct_balance_left_pct"]), note=note))
    if r.sport == "walking" and metrics.get("cadence_spm") is not None:
        out.append(Measurement(day, "walking_cadence_spm", float(metrics["cadence_spm"]), note=note))
    for t in r.strength:
        for side in (Side.LEFT, Side.RIGHT):
            out.append(Measurement(t.date, t.test, t.value(side), side=side, note=note))
        # Torque, impulse and RFD next to the force are measures too (e.g. nordic_torque_nm), per leg.
        family = t.test.removesuffix("_n")
        for extra, value in sorted(t.extras.items()):
            quantity, _, leg = extra.rpartition("_")
            kind = f"{family.removesuffix('_force')}_{quantity}"
            if kind in MEASURES:
                out.append(Measurement(t.date, kind, value, side=Side(leg), note=note))
    for m in out:
        try:
            check_measurement(m, m.kind)
        except InvalidCase as e:
            leg = f" {m.side.value}" if m.side else ""
            raise ImportFailed(f"impossible value, nothing imported: {e.message}", f"{name} {m.kind}{leg}") from None
    return out


def _plain(v: Any) -> float | int | str | None:
    if v is None or isinstance(v, str | int):
        return v
    f = float(v)
    return None if f != f else f


def load_name_map(path: str | Path) -> dict[str, str]:
    """`key: athlete-id` per line (YAML mapping) or a two-column CSV `key,athlete_id`."""
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() == ".csv":
        rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
        if rows and rows[0][0].strip().lower() in ("key", "athlete_key", "name"):
            rows = rows[1:]
        return {r[0].strip(): r[1].strip() for r in rows if len(r) >= 2}
    import yaml

    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ImportFailed("mapping file must be `key: athlete-id` lines", p.name)
    return {str(k): str(v) for k, v in data.items()}
