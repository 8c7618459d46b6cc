"""The contract between telemetry import (readers, metrics) and storage.

Readers turn a file into `ImportedSession`s; the import service asks a `TelemetrySink` whether a file was
already imported (idempotency by content hash) and stores each file's sessions atomically: a broken
file stores nothing, and the rest of a batch goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sprintback.core.telemetry import ImportedSession


class TelemetrySink(Protocol):
    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        """The athlete id this key maps to (device id, name mapping), or None if unknown."""
        ...

    def already_imported(self, content_sha256: str) -> bool: ...

    def store_file(self, athlete_ids: Sequence[str], sessions: Sequence[ImportedSession]) -> None:
        """Store all sessions of one file in one transaction (athlete_ids[i] owns sessions[i])."""
        ...
