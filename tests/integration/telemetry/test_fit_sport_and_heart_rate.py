"""FIT sports and heart rate on the real files: the sport table is the FIT profile's, an unknown or
not-on-foot sport gets no running load, and mean HR is the device's own (time-weighted) figure."""

from __future__ import annotations

from datetime import date

import fitfast
import numpy as np
import pytest
from fit_writer import swim_with_hr_messages
from telemetry_shared_data import shared_data

from sprintback.services.telemetry_import import ImportOptions, build_sessions
from sprintback.telemetry import fit
from sprintback.telemetry.fit_header import fit_crc

OPTIONS = ImportOptions(session_date=date(2024, 3, 1))
SESSION_SPORT_BYTE = 5418  # the session message's `sport` field in garmin-fenix-5-run.fit (found by search)


def run_with_sport(code: int) -> bytes:
    data = bytearray((shared_data("fit") / "garmin-fenix-5-run.fit").read_bytes())
    assert data[SESSION_SPORT_BYTE] == 1  # running
    data[SESSION_SPORT_BYTE] = code
    data[-2:] = fit_crc(bytes(data[:-2])).to_bytes(2, "little")
    assert fitfast.records(bytes(data), "session")["sport"][0] == code
    return bytes(data)


def test_sport_table_is_the_fit_profiles_whole_enum() -> None:
    from garmin_fit_sdk import Profile

    assert Profile["types"]["sport"] == fit.FIT_SPORTS


@pytest.mark.parametrize(
    ("code", "sport"),
    [(37, "stand_up_paddleboarding"), (13, "alpine_skiing"), (19, "paddling"), (21, "e_biking"), (41, "kayaking"),
     (200, "sport_200")],
)  # fmt: skip
def test_a_run_recorded_as_a_sport_not_on_foot_gets_no_hsr_sprints_or_max_speed_measure(code: int, sport: str) -> None:
    (s,) = build_sessions(run_with_sport(code), "paddle.fit", OPTIONS)
    assert s.metrics["sport"] == sport
    for key in ("hsr_m", "sprint_m", "sprint_count", "accel_count", "decel_count", "gct_balance_left_pct"):
        assert s.metrics[key] is None, key
    assert s.metrics["max_speed_m_s"] is not None  # still shown, but never a measurement the engine gates on
    assert [m.kind for m in s.measurements] == []


def test_the_same_file_as_a_run_does_get_running_load() -> None:
    (s,) = build_sessions(run_with_sport(1), "run.fit", OPTIONS)
    assert s.metrics["hsr_m"] is not None and "max_speed_m_s" in [m.kind for m in s.measurements]


def device_sessions() -> list[tuple[str, int, float]]:
    """(file, session index, device's avg_heart_rate) for every shared session that states one."""
    out = []
    for path in sorted(shared_data("fit").glob("*.fit")):
        try:
            sessions = fitfast.records(path.read_bytes(), "session")
        except fitfast.FitDecodeError:
            continue
        avg = sessions.get("avg_heart_rate")
        for i, v in enumerate(avg if avg is not None else []):
            if np.isfinite(v):
                out.append((path.name, i, float(v)))
    return out


def test_every_shared_file_with_a_device_hr_figure_is_tested() -> None:
    assert {name for name, _, _ in device_sessions()} >= {
        "garmin-fenix-5-run.fit", "garmin-fenix-5-bike.fit", "garmin-fenix-5-walk.fit",
        "compressed-speed-distance.fit",
    }  # fmt: skip


@pytest.mark.parametrize(("name", "index", "device_avg"), device_sessions())
def test_mean_hr_matches_the_devices_session_average_within_one_percent(
    name: str, index: int, device_avg: float
) -> None:
    sessions = build_sessions((shared_data("fit") / name).read_bytes(), name, OPTIONS)
    ours = float(sessions[index].metrics["mean_hr_bpm"])  # type: ignore[arg-type]
    assert ours == pytest.approx(device_avg, rel=0.01)


def test_swim_with_beats_in_hr_messages_gets_the_devices_mean_hr() -> None:
    data, true_mean = swim_with_hr_messages()
    device_avg = float(fitfast.records(data, "session")["avg_heart_rate"][0])
    assert "heart_rate" not in fitfast.records(data, "record")  # the records alone hold no HR at all
    (s,) = build_sessions(data, "swim.fit", OPTIONS)
    assert s.metrics["sport"] == "swimming"
    assert s.metrics["mean_hr_bpm"] == pytest.approx(device_avg, rel=0.01)
    assert s.metrics["mean_hr_bpm"] == pytest.approx(true_mean, rel=0.01)


def test_merged_record_heart_rates_equal_the_fit_sdks_merge_heart_rates() -> None:
    from garmin_fit_sdk import Decoder, Stream

    data, _ = swim_with_hr_messages(seconds=300, beats_per_message=5)
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(merge_heart_rates=True)
    assert errors == []
    sdk = np.array([m.get("heart_rate", np.nan) for m in messages["record_mesgs"]], dtype=float)
    records, _, _ = fit.decode(data, "swim.fit")
    np.testing.assert_array_equal(records["heart_rate"], sdk)
    assert np.isfinite(sdk).sum() > 290
