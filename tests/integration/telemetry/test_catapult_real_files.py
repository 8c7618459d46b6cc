"""The 30 real Catapult OpenField summaries: import, round-trip, units evidence, ACWR over the series."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from telemetry_shared_data import shared_data

from sprintback.core.telemetry import ImportedSession
from sprintback.domain.load import daily_totals, ewma_acwr
from sprintback.services.telemetry_import import ImportOptions, build_sessions, import_files
from sprintback.telemetry.catapult import MPH_M_S, YARD_M, parse_band_edges
from sprintback.telemetry.formats import ReadOptions

YD, MPH = YARD_M, MPH_M_S


class SquadSink:
    """Every player name is an athlete id; stores files atomically in memory."""

    def __init__(self) -> None:
        self.files: dict[str, list[tuple[str, ImportedSession]]] = {}

    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        return f"ath-{athlete_key}" if athlete_key else None

    def already_imported(self, content_sha256: str) -> bool:
        return content_sha256 in self.files

    def store_file(self, athlete_ids: Sequence[str], sessions: Sequence[ImportedSession]) -> None:
        self.files[sessions[0].content_sha256] = list(zip(athlete_ids, sessions, strict=True))


def files() -> list[Path]:
    found = sorted(shared_data("catapult").glob("*.csv"))
    assert len(found) == 30
    return found


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    header = next(i for i, r in enumerate(lines) if r and r[0] == "Player Name")
    return [dict(zip(lines[header], r, strict=False)) for r in lines[header + 1 :] if r and r[0]]


def num(text: str) -> float:
    return 0.0 if text in ("", "NA") else float(text)


def test_all_30_files_import_and_a_second_run_skips_them_all() -> None:
    sink = SquadSink()
    summary = import_files(files(), sink)
    assert summary.imported == 30, [o.reason for o in summary.outcomes if o.status == "failed"]
    assert import_files(files(), sink).duplicates == 30
    assert sum(len(v) for v in sink.files.values()) == sum(len(raw_rows(p)) for p in files())


def test_per_player_max_speed_and_distance_round_trip_in_si_units() -> None:
    for path in files():
        raw = {r["Player Name"]: r for r in raw_rows(path)}
        for s in build_sessions(path.read_bytes(), path.name):
            r = raw[s.athlete_key]
            assert s.metrics["distance_m"] == pytest.approx(float(r["Total Distance"]) * YD)
            v = float(r["Maximum Velocity"]) * MPH
            if v <= 12.5:
                assert s.metrics["max_speed_m_s"] == pytest.approx(v)
                assert [m.value for m in s.measurements if m.kind == "max_speed_m_s"] == [pytest.approx(v)]
            else:
                assert s.metrics["max_speed_m_s"] is None and s.measurements == ()


def test_impossible_max_velocity_is_refused_by_file_line_player_and_field() -> None:
    sink = SquadSink()
    summary = import_files(files(), sink)
    refused = [m for o in summary.outcomes for m in o.refused]
    assert any(
        "2019_02_09_1721" in m and "(Kim)" in m and "'Maximum Velocity'" in m and "90.1698" in m for m in refused
    )
    assert all("> 12.5 m/s" in m for m in refused)


def test_units_evidence_only_yards_and_mph_make_effort_speeds_consistent_with_max_velocity() -> None:
    """Fastest effort's mean speed (distance / duration) can never exceed the session max velocity."""
    hypotheses = {"metres & mph": (1.0, MPH), "yards & mph": (YD, MPH), "metres & km/h": (1.0, 1 / 3.6)}
    violations = dict.fromkeys(hypotheses, 0)
    plausible_max = dict.fromkeys(hypotheses, 0)
    n = 0
    for path in files():
        for r in raw_rows(path):
            v = float(r["Maximum Velocity"])
            band = next(b for b in range(8, 1, -1) if num(r[f"Velocity Band {b} Max Effort Duration"]) > 0)
            d = float(r[f"Velocity Band {band} Max Effort Distance"])
            t = float(r[f"Velocity Band {band} Max Effort Duration"])
            n += 1
            for h, (du, vu) in hypotheses.items():
                violations[h] += d * du / t > v * vu * 1.001
                plausible_max[h] += 4.0 <= v * vu <= 12.5
    assert violations["yards & mph"] < 0.05 * n  # a handful of rounding/filtering cases
    assert violations["metres & mph"] > 0.5 * n
    assert violations["metres & km/h"] > 0.9 * n
    assert plausible_max["yards & mph"] > 0.95 * n


def test_acwr_over_the_season_series() -> None:
    per_player: dict[str, list[tuple[date, float]]] = {}
    for path in files():
        for s in build_sessions(path.read_bytes(), path.name, ImportOptions()):
            per_player.setdefault(str(s.athlete_key), []).append((s.date, float(s.metrics["distance_m"] or 0)))
    series = ewma_acwr(daily_totals(per_player["Jane"]))
    assert series[0].date == date(2019, 1, 15) and series[-1].date == date(2019, 2, 21)
    assert len(series) == 38
    # The first weeks of a season would look like a spike against an empty chronic load (a known EWMA start
    # effect): no ratio and no flag before the 28-day warm-up, a ratio every day after it.
    assert all(d.acwr is None and not d.danger for d in series[:27])
    assert all(d.acwr is not None and d.acwr > 0 for d in series[27:])


def with_repeated_player_row(path: Path) -> tuple[bytes, str]:
    """The real file with its first player's Session row appended again, distance doubled."""
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.startswith("Player Name"))
    col = next(csv.reader([lines[header]])).index("Total Distance")
    row = next(csv.reader([lines[header + 1]]))
    row[col] = str(2 * float(row[col]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return ("\n".join(lines) + "\n" + out.getvalue()).encode(), row[0]


def test_repeated_session_row_of_one_player_is_imported_as_its_own_session_with_a_warning(tmp_path: Path) -> None:
    real = files()[0]
    data, player = with_repeated_player_row(real)
    rows = raw_rows(real)
    f = tmp_path / "repeated.csv"
    f.write_bytes(data)
    sink = SquadSink()
    (outcome,) = import_files([f], sink).outcomes
    assert outcome.status == "imported" and outcome.sessions == len(rows) + 1
    (warning,) = outcome.warnings
    assert f"player {player!r} has 2 whole-session rows" in warning and "each imported as its own session" in warning
    theirs = sorted(s.metrics["distance_m"] for aid, s in sink.files[next(iter(sink.files))] if aid == f"ath-{player}")
    first = float(rows[0]["Total Distance"]) * YD
    assert theirs == [pytest.approx(first), pytest.approx(2 * first)]  # neither row dropped


def test_hsr_and_sprint_distance_from_the_teams_velocity_band_edges() -> None:
    path = files()[0]
    edges = (0.0, 2.0, 4.0, 6.0, 8.0, 12.3, 15.7, 18.0)  # mph; 12.3 mph = 5.5 m/s, 15.7 mph = 7.0 m/s
    options = ImportOptions(read=ReadOptions(catapult_bands=edges))
    raw = {r["Player Name"]: r for r in raw_rows(path)}
    for s in build_sessions(path.read_bytes(), path.name, options):
        band = {b: num(raw[str(s.athlete_key)][f"Velocity Band {b} Total Distance"]) * YD for b in range(1, 9)}
        assert s.metrics["hsr_m"] == pytest.approx(band[6] + band[7] + band[8])
        assert s.metrics["sprint_m"] == pytest.approx(band[7] + band[8])
        assert s.metrics["hsr_band_edge_m_s"] == pytest.approx(12.3 * MPH)
    # Without the team's band edges the file cannot tell HSR: null, not a guess.
    assert all(s.metrics["hsr_m"] is None for s in build_sessions(path.read_bytes(), path.name))


def test_band_edges_must_be_eight_rising_numbers() -> None:
    for bad in ("0,1,2", "0,2,4,6,8,12,11,18", "a,b,c,d,e,f,g,h"):
        with pytest.raises(ValueError, match="band"):
            parse_band_edges(bad)
