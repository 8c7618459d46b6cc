"""The contract between telemetry import (readers, metrics) and storage.

Readers turn a file into `ImportedSession`s; the import service asks a `TelemetrySink` whether a file was
already imported (idempotency by content hash) and stores each file's sessions atomically: a broken
file stores nothing, and the rest of a batch goes on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from sprintback.domain.models import Measurement


@dataclass(frozen=True)
class ImportedSession:
    """One athlete's session from one file (a Catapult file yields one per player)."""

    content_sha256: str  # of the whole file
    source_file: str  # file name as given (no directories)
    format: str  # fit | catapult | gps10hz | speedcsv | nordbord
    athlete_key: str | None  # what the file says about who it is: device serial, player name, …
    date: date
    start: datetime | None
    metrics: Mapping[str, float | int | str | None]  # documented keys: see docs/telemetry.md
    measurements: Sequence[Measurement] = field(default_factory=tuple)  # feed the engine's criteria


class TelemetrySink(Protocol):
    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        """The athlete id this key maps to (device id, name mapping), or None if unknown."""
        ...

    def already_imported(self, content_sha256: str) -> bool: ...

    def store_file(self, athlete_ids: Sequence[str], sessions: Sequence[ImportedSession]) -> None:
        """Store all sessions of one file in one transaction (athlete_ids[i] owns sessions[i])."""
        ...
