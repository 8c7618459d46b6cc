"""`sprintback import / inspect / load` through the Typer app, storage replaced by an in-memory sink."""

from __future__ import annotations

import contextlib
import json
import sys
import types
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from telemetry_shared_data import shared_data
from typer.testing import CliRunner

from sprintback.cli.main import app
from sprintback.core.telemetry import ImportedSession

runner = CliRunner()


class Sink:
    stored: ClassVar[dict[str, list[tuple[str, ImportedSession]]]] = {}

    def resolve_athlete(self, athlete_key: str | None) -> str | None:
        return f"ath-{athlete_key}" if athlete_key else None

    def already_imported(self, content_sha256: str) -> bool:
        return content_sha256 in self.stored

    def store_file(self, athlete_ids: Sequence[str], sessions: Sequence[ImportedSession]) -> None:
        self.stored[sessions[0].content_sha256] = list(zip(athlete_ids, sessions, strict=True))


@pytest.fixture
def memory_store(monkeypatch: pytest.MonkeyPatch) -> type[Sink]:
    Sink.stored = {}

    @contextlib.contextmanager
    def open_telemetry_sink(database_url: str | None = None) -> Iterator[Sink]:
        yield Sink()

    module = types.ModuleType("sprintback.store")
    module.open_telemetry_sink = open_telemetry_sink  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sprintback.store", module)
    return Sink


def test_inspect_json_prints_documented_keys_of_the_fenix_run() -> None:
    path = shared_data("fit") / "garmin-fenix-5-run.fit"
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (s,) = json.loads(result.stdout)["sessions"]
    for key in ("sport", "start", "duration_s", "distance_m", "max_speed_m_s", "hsr_m", "sprint_count",
                "mean_gct_ms", "gct_balance_left_pct", "cadence_spm"):  # fmt: skip
        assert key in s
    assert s["sport"] == "running" and s["distance_m"] == pytest.approx(157.56)
    assert {"kind": "gct_balance_left_pct", "value": pytest.approx(s["gct_balance_left_pct"]), "side": None} in s[
        "measurements"
    ]


def test_inspect_broken_fit_exits_2_naming_file_and_problem() -> None:
    path = shared_data("fit") / "activity-unexpected-eof.fit"
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 2
    assert "activity-unexpected-eof.fit: corrupt FIT file" in result.stderr


def test_import_a_fit_folder_stores_good_files_and_reports_broken_ones(memory_store: type[Sink]) -> None:
    folder = shared_data("fit")
    result = runner.invoke(app, ["import", str(folder), "--date", "2010-07-17"])
    assert result.exit_code == 1  # some files failed
    # 7 readable FIT files; the 4 broken FIT files fail, and so do the 3 reference CSVs (one has no athlete,
    # two have a time format the speed reader does not take).
    assert "imported 7, skipped as duplicate 0, failed 7" in result.stdout
    assert result.stdout.count("corrupt FIT file") == 4
    assert len(memory_store.stored) == 7
    again = runner.invoke(app, ["import", str(folder), "--date", "2010-07-17"])
    assert "imported 0, skipped as duplicate 7, failed 7" in again.stdout


def test_load_json_gives_acwr_per_player_over_the_catapult_season() -> None:
    result = runner.invoke(app, ["load", str(shared_data("catapult")), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["metric"] == "distance_m" and len(report["athletes"]) == 11
    jane = report["athletes"]["Jane"]
    assert jane["days"][-1]["acwr"] > 0 and jane["weeks"][0]["monotony"] is not None


def test_unknown_units_setting_is_refused_before_reading_anything() -> None:
    result = runner.invoke(app, ["inspect", str(shared_data("catapult")), "--units", "furlongs"])
    assert result.exit_code == 2
    assert "--units: unknown Catapult units 'furlongs'" in result.stderr


def test_thresholds_given_on_the_command_line_are_used_and_stored_with_the_session(tmp_path: Path) -> None:
    f = tmp_path / "run.csv"
    f.write_bytes(b"time,speed\n0,3\n1,5\n2,6.2\n3,6.2\n4,3\n")
    result = runner.invoke(app, ["inspect", str(f), "--json", "--hsr-speed", "6.0", "--sprint-speed", "6.1"])
    assert result.exit_code == 0, result.output
    (s,) = json.loads(result.stdout)["sessions"]
    assert (s["hsr_threshold_m_s"], s["sprint_threshold_m_s"]) == (6.0, 6.1)
    assert s["sprint_count"] == 1 and s["hsr_m"] == pytest.approx(12.4)
    bad = runner.invoke(app, ["inspect", str(f), "--hsr-speed", "8", "--sprint-speed", "7"])
    assert bad.exit_code == 2 and "--hsr-speed" in bad.stderr


def test_inspect_json_gives_the_sprint_profile_of_a_timing_trace_and_null_for_steady_runs(tmp_path: Path) -> None:
    import numpy as np

    t = np.arange(0, 20, 0.1)
    v = np.where(t > 2, 9.0 * (1 - np.exp(-(t - 2) / 1.2)), 0.0)
    f = tmp_path / "sprint.csv"
    f.write_text("time,speed\n" + "".join(f"{a:.1f},{b:.3f}\n" for a, b in zip(t, v, strict=True)))
    result = runner.invoke(app, ["inspect", str(f), "--json", "--height-m", "1.8", "--mass-kg", "75"])
    assert result.exit_code == 0, result.output
    (s,) = json.loads(result.stdout)["sessions"]
    p = s["sprint_profile"]
    assert set(p) >= {"vmax_m_s", "tau_s", "f0_n_per_kg", "v0_m_s", "pmax_w_per_kg"} and p["air_friction"] is True
    assert p["vmax_m_s"] == pytest.approx(9.0, rel=0.01) and p["tau_s"] == pytest.approx(1.2, rel=0.01)
    # The real runs are steady: no acceleration from a standstill, so no profile rather than a made-up one.
    for name in ("garmin-fenix-5-run.fit", "activity-small-fenix2-run.fit"):
        out = runner.invoke(app, ["inspect", str(shared_data("fit") / name), "--json"])
        assert all(x["sprint_profile"] is None for x in json.loads(out.stdout)["sessions"])
