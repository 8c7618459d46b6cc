"""Import semantics: idempotent by content hash, a broken file stores nothing, the batch goes on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sprintback.core.telemetry import ImportedSession
from sprintback.services.telemetry_import import ImportOptions, import_files

SPEED_CSV = b"time,speed\n0,3.0\n1,5.0\n2,7.5\n3,7.5\n4,3.0\n"
NORDBORD = (
    b"Name,Date,Test,L Max Force (N),R Max Force (N)\nKim,2024-03-01,Nordic,310,262\nLee,2024-03-01,Nordic,300,290\n"
)


class MemorySink:
    """In-memory TelemetrySink: knows a few athletes by key, stores files atomically."""

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = known or {}
        self.files: dict[str, list[tuple[str, ImportedSession]]] = {}

    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        return self.known.get(athlete_key) if athlete_key else None

    def already_imported(self, content_sha256: str) -> bool:
        return content_sha256 in self.files

    def store_file(self, athlete_ids: Sequence[str], sessions: Sequence[ImportedSession]) -> None:
        assert len(athlete_ids) == len(sessions) and all(athlete_ids)
        self.files[sessions[0].content_sha256] = list(zip(athlete_ids, sessions, strict=True))

    @property
    def sessions(self) -> list[tuple[str, ImportedSession]]:
        return [s for f in self.files.values() for s in f]


def write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


def test_same_file_twice_is_one_session(tmp_path: Path) -> None:
    a = write(tmp_path, "a.csv", SPEED_CSV)
    b = write(tmp_path, "copy-of-a.csv", SPEED_CSV)
    sink = MemorySink()
    opts = ImportOptions(athlete_id="ath-1", session_date=date(2024, 3, 1))
    summary = import_files([a, b], sink, opts)
    again = import_files([a], sink, opts)
    assert (summary.imported, summary.duplicates) == (1, 1)
    assert again.duplicates == 1
    assert len(sink.sessions) == 1


def test_broken_file_stores_nothing_and_batch_goes_on(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.fit", b"\x0e\x10\x00\x00" + b"\x00" * 40)
    bad_row = write(tmp_path, "bad.csv", NORDBORD.replace(b"262", b"lots"))
    good = write(tmp_path, "good.csv", NORDBORD)
    sink = MemorySink({"Kim": "ath-kim", "Lee": "ath-lee"})
    summary = import_files([broken, bad_row, good], sink)
    assert [o.status for o in summary.outcomes] == ["failed", "failed", "imported"]
    assert "broken.fit" in summary.outcomes[0].reason and "FIT" in summary.outcomes[0].reason
    assert "bad.csv line 2" in summary.outcomes[1].reason
    assert {athlete for athlete, _ in sink.sessions} == {"ath-kim", "ath-lee"}
    assert len(sink.files) == 1


def test_unknown_athlete_fails_the_whole_file_naming_the_key(tmp_path: Path) -> None:
    f = write(tmp_path, "nb.csv", NORDBORD)
    sink = MemorySink({"Kim": "ath-kim"})
    summary = import_files([f], sink)
    assert summary.failed == 1 and "'Lee'" in summary.outcomes[0].reason
    assert sink.sessions == []


def test_name_mapping_file_matches_keys_case_insensitively(tmp_path: Path) -> None:
    f = write(tmp_path, "nb.csv", NORDBORD)
    sink = MemorySink()
    summary = import_files([f], sink, ImportOptions(name_map={"kim": "ath-kim", "LEE": "ath-lee"}))
    assert summary.imported == 1
    assert sorted(a for a, _ in sink.sessions) == ["ath-kim", "ath-lee"]


def test_folder_is_expanded_and_unreadable_types_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "nb.csv", NORDBORD)
    write(tmp_path, "notes.md", b"# not telemetry")
    sink = MemorySink({"Kim": "k", "Lee": "l"})
    summary = import_files([tmp_path], sink)
    assert [Path(o.path).name for o in summary.outcomes] == ["nb.csv"]


def test_file_without_date_asks_for_one(tmp_path: Path) -> None:
    f = write(tmp_path, "run.csv", SPEED_CSV)
    summary = import_files([f], MemorySink(), ImportOptions(athlete_id="a"))
    assert summary.failed == 1 and "--date" in summary.outcomes[0].reason
