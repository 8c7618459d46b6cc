"""SqlTelemetrySink: athlete matching by alias and name, idempotency by content hash, one transaction per file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sprintback.core.telemetry import ImportedSession
from sprintback.domain.errors import ImportFailed, InvalidCase
from sprintback.domain.models import Measurement, Side
from sprintback.services.telemetry_port import TelemetrySink
from sprintback.store import Store, open_telemetry_sink
from sprintback.store.telemetry import SqlTelemetrySink


def _session(sha: str, key: str | None, *ms: Measurement) -> ImportedSession:
    return ImportedSession(
        content_sha256=sha, source_file="run.fit", format="fit", athlete_key=key, date=date(2026, 11, 20),
        start=datetime(2026, 11, 20, 10, 0), metrics={"distance_m": 5012.5, "max_speed_m_s": 8.1}, measurements=ms,
    )  # fmt: skip


@pytest.fixture
def sink(two_teams: Store) -> TelemetrySink:
    s = SqlTelemetrySink(two_teams.database)
    s.add_alias("  Garmin 3948  ", "sam")
    return s


def test_alias_matches_ignoring_case_and_spacing_and_names_match_exactly(sink: TelemetrySink) -> None:
    assert sink.resolve_athlete("garmin   3948") == "sam"
    assert sink.resolve_athlete("mia tanaka") == "mia"
    assert sink.resolve_athlete("Mia") is None
    assert sink.resolve_athlete(None) is None


def test_a_stored_file_adds_a_session_and_measurements_and_is_then_known(two_teams: Store, sink: TelemetrySink) -> None:
    speed = Measurement(date(2026, 11, 20), "max_speed_m_s", 8.1)
    assert not sink.already_imported("a" * 64)
    sink.store_file(["sam"], [_session("a" * 64, "garmin 3948", speed)])
    assert sink.already_imported("a" * 64)
    sessions = two_teams.run(lambda uow: uow.telemetry.sessions("sam"))
    assert [(s["format"], s["metrics"]["distance_m"]) for s in sessions] == [("fit", 5012.5)]
    rows = two_teams.run(lambda uow: uow.athlete_data.history("sam"))["measurements"]
    assert [(r["kind"], r["value"], r["source"], r["telemetry_session_id"]) for r in rows] == [
        ("max_speed_m_s", 8.1, "telemetry", sessions[0]["id"])
    ]


def test_one_impossible_value_stores_nothing_from_the_file(two_teams: Store, sink: TelemetrySink) -> None:
    ok = _session("b" * 64, None, Measurement(date(2026, 11, 20), "max_speed_m_s", 8.0))
    bad = _session("b" * 64, None, Measurement(date(2026, 11, 20), "max_speed_m_s", 15.0))
    with pytest.raises(InvalidCase) as exc:
        sink.store_file(["sam", "mia"], [ok, bad])
    assert exc.value.field == "sessions[1].measurements[0].value"
    assert not sink.already_imported("b" * 64)
    assert two_teams.run(lambda uow: uow.telemetry.sessions("sam")) == []


def test_the_same_file_twice_for_one_athlete_is_refused(sink: TelemetrySink) -> None:
    sink.store_file(["sam"], [_session("c" * 64, None)])
    with pytest.raises(ImportFailed):
        sink.store_file(["sam"], [_session("c" * 64, None)])


def test_unknown_athlete_id_names_its_position(sink: TelemetrySink) -> None:
    with pytest.raises(ImportFailed) as exc:
        sink.store_file(["sam", "ghost"], [_session("d" * 64, None), _session("d" * 64, None)])
    assert exc.value.field == "athlete_ids[1]"


def test_open_telemetry_sink_creates_the_schema_for_a_new_database(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/fresh.db"
    with open_telemetry_sink(url) as sink:
        assert sink.resolve_athlete("anyone") is None
        assert sink.already_imported("e" * 64) is False


def test_pain_during_bilateral_measure_without_side_is_refused(sink: TelemetrySink) -> None:
    with pytest.raises(InvalidCase):
        sink.store_file(["sam"], [_session("f" * 64, None, Measurement(date(2026, 11, 20), "nordic_force_n", 300))])
    sink.store_file(
        ["sam"], [_session("f" * 64, None, Measurement(date(2026, 11, 20), "nordic_force_n", 300, Side.LEFT))]
    )


def test_a_multisport_file_stores_every_session_of_one_athlete_on_its_first_import(
    two_teams: Store, sink: TelemetrySink
) -> None:
    # One FIT file, one athlete, three sessions (e.g. run, bike, run): all stored, then known as imported.
    legs = [_session("c" * 64, "garmin 3948") for _ in range(3)]
    sink.store_file(["sam"] * 3, legs)
    assert sink.already_imported("c" * 64)
    with pytest.raises(ImportFailed, match="already imported"):
        sink.store_file(["sam"] * 3, legs)
    assert len(two_teams.run(lambda uow: uow.telemetry.sessions("sam"))) == 3
