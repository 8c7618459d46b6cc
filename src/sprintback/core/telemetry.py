"""What a telemetry file becomes before it is stored, and how device aliases are matched.

Readers and the import service produce `ImportedSession`s; the store's telemetry sink stores them. Both
sides match a device serial or a name in a file the same way (`normalise_alias`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

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


def normalise_alias(key: str) -> str:
    return " ".join(key.split()).lower()
