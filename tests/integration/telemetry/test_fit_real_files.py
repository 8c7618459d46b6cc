"""Real Garmin FIT files: running dynamics, side convention, parity with garmin-fit-sdk, broken files."""

from __future__ import annotations

import csv
from datetime import UTC
from pathlib import Path

import numpy as np
import pytest
from telemetry_shared_data import shared_data

from sprintback.domain.errors import ImportFailed
from sprintback.services.telemetry_import import build_sessions
from sprintback.telemetry import fit

BROKEN = ["activity-unexpected-eof.fit", "activity-settings-corruptheader.fit", "activity-settings-nodata.fit",
          "activity-filecrc.fit"]  # fmt: skip
# Record fields the reader ships (name in the FIT profile).
USED = ["speed", "distance", "heart_rate", "cadence", "fractional_cadence", "stance_time", "stance_time_balance",
        "stance_time_percent", "vertical_oscillation", "vertical_ratio", "step_length", "power", "altitude"]  # fmt: skip # noqa: E501


def fit_dir() -> Path:
    return shared_data("fit")


def read(name: str) -> bytes:
    return (fit_dir() / name).read_bytes()


def test_first_complete_running_dynamics_record_of_fenix5_run() -> None:
    (s,) = fit.read_fit(read("garmin-fenix-5-run.fit"), "garmin-fenix-5-run.fit")
    tr = s.trace
    assert tr is not None
    complete = np.flatnonzero(np.isfinite(tr.get("stance_time")) & np.isfinite(tr.get("stance_time_balance")))[0]
    assert tr.get("stance_time")[complete] == 308.0  # ground contact time, ms
    assert tr.get("stance_time_balance")[complete] == pytest.approx(53.21)
    assert tr.get("vertical_oscillation")[complete] == pytest.approx(46.7)
    assert tr.get("step_length")[complete] == 578.0
    assert tr.get("cadence")[complete] == 157.0  # 2 × (78 + 0.5) steps/min


def test_gct_balance_is_the_left_foots_share() -> None:
    # Garmin stance_time_balance = left share; 53.21 % means the LEFT foot is on the ground longer.
    sessions = build_sessions(read("garmin-fenix-5-run.fit"), "run.fit")
    m = {x.kind: x.value for x in sessions[0].measurements}
    tr = fit.read_fit(read("garmin-fenix-5-run.fit"), "run.fit")[0].trace
    assert tr is not None
    bal = tr.get("stance_time_balance")
    moving = tr.get("cadence") > 0
    assert m["gct_balance_left_pct"] == pytest.approx(np.nanmean(bal[moving & np.isfinite(bal)]))
    assert m["gct_balance_left_pct"] > 50  # this runner loads the left foot longer, never reported as right


@pytest.mark.parametrize("name", BROKEN)
def test_broken_fit_file_gives_a_clear_error_naming_the_file(name: str) -> None:
    with pytest.raises(ImportFailed) as e:
        build_sessions(read(name), name)
    assert e.value.field == name
    assert "corrupt FIT file" in e.value.message


def test_ride_gets_no_running_dynamics_and_no_running_measurements() -> None:
    (s,) = build_sessions(read("garmin-fenix-5-bike.fit"), "bike.fit")
    assert s.metrics["sport"] == "cycling" and s.metrics["laps"] == 1
    assert s.metrics["gct_balance_left_pct"] is None and s.metrics["cadence_spm"] is None
    assert s.measurements == ()


def test_stryd_developer_fields_kept_under_their_names_and_native_wins() -> None:
    (s,) = fit.read_fit(read("developer-types-sample.fit"), "dev.fit")
    tr = s.trace
    assert tr is not None
    assert {"Form Power", "Leg Spring Stiffness", "Distance", "Speed"} <= set(tr.developer)
    native = fit.decode(read("developer-types-sample.fit"), "dev.fit")[0]
    assert np.array_equal(tr.get("speed"), native["speed"], equal_nan=True)
    assert not np.allclose(tr.get("speed"), tr.developer["Speed"].values, equal_nan=True)
    assert np.nanmax(tr.get("distance")) == pytest.approx(6753.99)  # native, not Stryd's 6814


def test_multisport_file_splits_by_session_and_skips_transitions() -> None:
    sessions = fit.read_fit(read("activity-large-fenxi2-multisport.fit"), "multi.fit")
    assert [s.sport for s in sessions] == ["generic", "running", "running", "cycling"]


def test_compressed_speed_distance_matches_the_reference_csv() -> None:
    cols, _, _ = fit.decode(read("compressed-speed-distance.fit"), "c.fit")
    cols.update(fit._compressed_speed_distance(read("compressed-speed-distance.fit"), len(cols["timestamp"])))
    with (fit_dir() / "compressed-speed-distance-records.csv").open() as f:
        rows = list(csv.DictReader(f, skipinitialspace=True))
    speed = np.array([float(r["Speed [m/s]"]) for r in rows])
    dist = np.array([float(r["Distance [m]"]) for r in rows])
    hr = np.array([float(r["Heart Rate [bpm]"]) for r in rows])
    assert np.allclose(cols["speed"][1:], speed)
    assert np.allclose(cols["distance"][1:], dist)
    assert np.array_equal(cols["heart_rate"][1:], hr)


def test_fit_with_only_device_relative_time_is_not_given_an_invented_date() -> None:
    (s,) = fit.read_fit(read("compressed-speed-distance.fit"), "c.fit")
    assert s.date is None and s.start is None


def _sdk(path: Path) -> tuple[dict, list]:
    from garmin_fit_sdk import Decoder, Stream

    return Decoder(Stream.from_file(str(path))).read(convert_datetimes_to_dates=True)


@pytest.mark.slow
def test_values_match_garmin_fit_sdk_on_every_shared_file() -> None:
    pytest.importorskip("garmin_fit_sdk")
    checked = 0
    for path in sorted(fit_dir().glob("*.fit")):
        msgs, errors = _sdk(path)
        data = path.read_bytes()
        if errors:
            # The SDK also rejects it (CRC, truncation, or compressed timestamps it cannot decode).
            if path.name in BROKEN:
                with pytest.raises(ImportFailed):
                    fit.decode(data, path.name)
            continue
        cols, _, serial = fit.decode(data, path.name)
        recs = msgs["record_mesgs"]
        assert len(recs) == len(cols["timestamp"]), path.name
        sdk_ts = np.array([r["timestamp"].replace(tzinfo=UTC).timestamp() for r in recs])
        assert np.array_equal(cols["timestamp"], sdk_ts), path.name
        for field in USED:
            if field not in cols and all(field not in r for r in recs):
                continue
            ref = np.array([float(r[field]) if field in r else np.nan for r in recs])
            assert np.array_equal(cols[field], ref, equal_nan=True), (path.name, field)
        for field, ours in (
            ("position_lat", cols.get("position_lat")),
            ("position_long", cols.get("position_long")),
        ):
            if ours is None:
                continue
            ref = np.array([r[field] * 180 / 2**31 if field in r else np.nan for r in recs])
            assert np.allclose(ours, ref, equal_nan=True, rtol=0, atol=1e-12), (path.name, field)
        # The SDK keys developer values by their field description's `key`.
        names = {d["key"]: d["field_name"] for d in msgs.get("field_description_mesgs", [])}
        for key, fname in names.items():
            ref = np.array([float(r.get("developer_fields", {}).get(key, np.nan)) for r in recs])
            assert np.allclose(cols[fname], ref, equal_nan=True, rtol=1e-7), (path.name, fname)
        assert serial == msgs["file_id_mesgs"][0]["serial_number"]
        checked += 1
    assert checked >= 6


def test_fit_crc_matches_the_crc_stored_at_the_end_of_real_files() -> None:
    from sprintback.telemetry.fit_header import fit_crc

    data = read("garmin-fenix-5-run.fit")
    assert fit_crc(data[:-2]) == int.from_bytes(data[-2:], "little")


def test_file_id_read_from_its_own_bytes_equals_the_full_decode() -> None:
    import fitfast

    from sprintback.telemetry.fit_header import file_id_only

    for path in sorted(fit_dir().glob("*.fit")):
        if path.name in BROKEN:
            continue
        data = path.read_bytes()
        mini = file_id_only(data)
        assert mini is not None and len(mini) < 100, path.name
        full, small = fitfast.records(data, "file_id"), fitfast.records(mini, "file_id")
        assert full.keys() == small.keys()
        assert all(np.array_equal(full[k], small[k], equal_nan=True) for k in full), path.name


def test_sessions_read_from_the_file_without_records_equal_the_full_decode() -> None:
    import fitfast

    from sprintback.telemetry.fit_header import without_records

    cut_files = 0
    for path in sorted(fit_dir().glob("*.fit")):
        if path.name in BROKEN:
            continue
        data = path.read_bytes()
        cut = without_records(data)
        if cut is None:  # compressed timestamps: the reader decodes the whole file
            assert path.name == "compressed-speed-distance.fit"
            continue
        cut_files += 1
        full, small = fitfast.records(data, "session"), fitfast.records(cut, "session")
        assert full.keys() == small.keys(), path.name
        assert all(np.array_equal(full[k], small[k], equal_nan=True) for k in full), path.name
        assert len(cut) < len(data)
    assert cut_files == 6
