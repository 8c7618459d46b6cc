"""An athlete's telemetry, load and injured-side asymmetry through the API, from what the store holds.

Sam (left hamstring injured on 2026-11-01) has two runs with GCT balance (one before the injury, one
after), a NordBord test and two logged rehab sessions with sRPE.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from sprintback.domain.models import Measurement, SessionKind, SessionLog
from sprintback.services import training
from sprintback.services.access import CLI_OPERATOR
from sprintback.services.telemetry_import import build_sessions
from sprintback.services.telemetry_port import ImportedSession
from sprintback.store.telemetry import SqlTelemetrySink

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # the harness clock
NORDBORD = (
    b"Name,Date,Test,L Max Force (N),R Max Force (N),L Max Torque (Nm),R Max Torque (Nm)\n"
    b"Sam,2026-11-10,Nordic,240,300,100,125\nSam,2026-11-24,Nordic,285,300,118,125\n"
)


def run(day: date, left_pct: float, distance: float, hsr: float) -> ImportedSession:
    metrics = {"format": "fit", "sport": "running", "gct_balance_left_pct": left_pct, "distance_m": distance,
               "hsr_m": hsr, "sprint_vmax_m_s": 8.9, "sprint_tau_s": 1.1, "sprint_f0_n_per_kg": 8.1,
               "sprint_v0_m_s": 8.9, "sprint_pmax_w_per_kg": 18.0, "sprint_air_friction": 0}  # fmt: skip
    gct = Measurement(day, "gct_balance_left_pct", left_pct, note="run")
    return ImportedSession(f"sha-{day}", f"run-{day}.fit", "fit", "garmin:1", day, None, metrics, (gct,))


@pytest.fixture
def sams_telemetry(harness: Any) -> Any:
    store = harness.app.state.context.store
    sink = SqlTelemetrySink(store.database)
    sink.store_file(["sam"], [run(date(2026, 10, 20), 50.5, 8000.0, 400.0)])  # before the injury
    sink.store_file(["sam"], [run(date(2026, 11, 22), 47.0, 4000.0, 100.0)])
    strength = build_sessions(NORDBORD, "nordbord.csv")
    sink.store_file(["sam"] * len(strength), strength)
    for day, rpe in ((date(2026, 11, 23), 4.0), (date(2026, 11, 24), 5.0)):
        training.log_session(store, CLI_OPERATOR, "sam", SessionLog(day, SessionKind("rehab"), 50, rpe), NOW)
    return harness


def test_coach_lists_the_athletes_telemetry_sessions_with_the_sprint_profile(sams_telemetry: Any) -> None:
    h = sams_telemetry
    r = h.client.get("/api/v1/athletes/sam/telemetry", headers=h.auth("coach"))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["format"] for i in items] == ["fit", "nordbord", "fit", "nordbord"]
    assert items[0]["sprint_profile"]["vmax_m_s"] == 8.9 and items[1]["sprint_profile"] is None
    assert items[1]["strength"]["nordic_force_n_left"] == 240
    assert h.client.get("/api/v1/athletes/mia/telemetry", headers=h.auth("coach")).status_code in (403, 404)


def test_load_from_srpe_and_from_telemetry_with_acwr_monotony_and_strain(sams_telemetry: Any) -> None:
    h = sams_telemetry
    r = h.client.get("/api/v1/athletes/sam/load?days=7", headers=h.auth("coach"))
    assert r.status_code == 200, r.text
    sources = r.json()["sources"]
    srpe = sources["srpe_au"]
    assert srpe["sessions"] == 2
    by_day = {d["date"]: d for d in srpe["days"]}
    assert by_day["2026-11-23"]["load"] == 200 and by_day["2026-11-24"]["load"] == 250  # sRPE × minutes
    assert srpe["days"][-1]["date"] == "2026-11-25"  # up to today, rest days count as 0
    week = srpe["weeks"][-1]
    assert week["total"] == 450 and week["strain"] == pytest.approx(450 * week["monotony"])
    assert sources["distance_m"]["sessions"] == 2 and sources["hsr_m"]["days"][-4]["load"] == 100


def test_asymmetry_reports_the_injured_legs_share_against_its_own_baseline(sams_telemetry: Any) -> None:
    h = sams_telemetry
    assert h.client.get("/api/v1/athletes/sam/asymmetry", headers=h.auth("coach")).status_code == 403
    r = h.client.get("/api/v1/athletes/sam/asymmetry", headers=h.auth("clinician"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["injured_side"] == "left"
    gct = body["gct_balance"]
    assert gct["baseline_injured_pct"] == 50.5  # the pre-injury run
    after = gct["sessions"][-1]
    assert after["injured_pct"] == 47.0 and after["asymmetry_pct"] == -3.0
    assert after["vs_baseline_pct"] == pytest.approx(-3.5)  # shorter contact on the injured (left) leg
    nordic = body["strength"]["nordic_force_n"]
    assert [t["lsi_pct"] for t in nordic["tests"]] == [80.0, 95.0]  # injured ÷ uninjured × 100
    assert nordic["lsi_trend_pct_per_week"] == pytest.approx(7.5)
    torque = body["strength"]["nordic_torque_nm"]["tests"]
    assert [t["lsi_pct"] for t in torque] == [80.0, pytest.approx(94.4, abs=0.1)]
