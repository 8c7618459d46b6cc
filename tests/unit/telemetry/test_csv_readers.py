"""10 Hz GPS (comma and semicolon/decimal-comma variants), time/speed CSV and NordBord CSV readers."""

from __future__ import annotations

import numpy as np
import pytest

from sprintback.domain.errors import ImportFailed
from sprintback.domain.models import Side
from sprintback.services.telemetry_import import build_sessions
from sprintback.telemetry.formats import ReadOptions, detect_format, read_recording

GPS_HEADER = (
    "Timestamp,Latitude,Longitude,Seconds,Velocity,Acceleration,Odometer,Heart Rate,Player Load,"
    "Positional Quality (%),HDOP,#Sats"
)


def gps_rows(speeds: list[float], sep: str = ",", comma_decimal: bool = False) -> bytes:
    lines = [
        "# OpenField Export : 10Hz Sensor Data",
        "# Reference time : 2024-03-01T10:00:00",
        '# Athlete: "Kim"',
        GPS_HEADER.replace(",", sep),
    ]
    odo = 0.0
    for i, v in enumerate(speeds):
        odo += v / 10
        row = [f"12:00:{i / 10:04.1f}", "51.5", "-0.12", f"{i / 10:.1f}", f"{v:.2f}", "0.0", f"{odo:.2f}",
               "150",
               f"{i * 0.01:.2f}", "80", "0.9", "12"]  # fmt: skip
        text = sep.join(row)
        lines.append(text.replace(".", ",") if comma_decimal else text)
    return ("\n".join(lines) + "\n").encode()


SPEEDS = [3.0] * 20 + [7.5] * 20 + [3.0] * 20


@pytest.mark.parametrize(("sep", "comma"), [(",", False), (";", True), (";", False)])
def test_gps_10hz_variants_read_the_same(sep: str, comma: bool) -> None:
    (s,) = read_recording(gps_rows(SPEEDS, sep, comma), "kim.csv")
    assert s.format == "gps10hz"
    assert s.athlete_key == "Kim"
    assert s.trace is not None
    assert np.allclose(s.trace.get("speed"), SPEEDS)
    assert np.allclose(s.trace.time_s[:3], [0.0, 0.1, 0.2])
    assert s.trace.get("hdop") is not None and s.trace.get("satellites") is not None


def test_gps_10hz_session_metrics_count_the_sprint() -> None:
    (s,) = build_sessions(gps_rows(SPEEDS), "kim.csv")
    assert s.metrics["sprint_count"] == 1
    assert s.metrics["max_speed_m_s"] == pytest.approx(7.5)
    assert s.date.isoformat() == "2024-03-01"


def test_gps_in_kmh_read_as_m_s_is_refused_as_a_unit_mistake() -> None:
    kmh = [v * 3.6 for v in SPEEDS]
    with pytest.raises(ImportFailed, match="wrong unit"):
        read_recording(gps_rows(kmh), "kim.csv")
    (s,) = read_recording(gps_rows(kmh), "kim.csv", ReadOptions(speed_units="km/h"))
    assert s.trace is not None and np.nanmax(s.trace.get("speed")) == pytest.approx(7.5)


def test_gps_cell_that_is_not_a_number_is_named_by_line_and_column() -> None:
    data = gps_rows(SPEEDS).replace(b"7.50", b"fast", 1)
    with pytest.raises(ImportFailed) as e:
        read_recording(data, "kim.csv")
    assert "kim.csv line 25" in str(e.value.field) and "Velocity" in str(e.value.field)


def test_time_speed_csv_in_kmh_header_is_converted() -> None:
    data = b"time,speed_kmh\n0,10.8\n1,18\n2,27\n"
    assert detect_format(data, "run.csv") == "speedcsv"
    (s,) = read_recording(data, "run.csv")
    assert s.trace is not None and np.allclose(s.trace.get("speed"), [3.0, 5.0, 7.5])


def test_nordbord_rows_become_per_side_measurements_of_the_measure_kinds() -> None:
    data = (
        b"Name,Date,Test,L Max Force (N),R Max Force (N),L Max Torque (Nm),R Max Torque (Nm)\n"
        b"Kim,2024-03-01,Nordic,310,262,130,110\n"
        b"Kim,2024-03-01,ISO Prone 90,280,250,,\n"
    )
    assert detect_format(data, "nb.csv") == "nordbord"
    (s,) = build_sessions(data, "nb.csv")
    got = {(m.kind, m.side): m.value for m in s.measurements}
    assert got == {
        ("nordic_force_n", Side.LEFT): 310, ("nordic_force_n", Side.RIGHT): 262,
        ("iso_90_90_n", Side.LEFT): 280, ("iso_90_90_n", Side.RIGHT): 250,
        # the torque beside the Nordic force is a measure of its own, per leg (none for the empty ISO cells)
        ("nordic_torque_nm", Side.LEFT): 130, ("nordic_torque_nm", Side.RIGHT): 110,
    }  # fmt: skip
    assert s.athlete_key == "Kim"
    assert (s.metrics["nordic_force_n_torque_nm_left"], s.metrics["nordic_force_n_torque_nm_right"]) == (130, 110)
    assert "iso_90_90_n_torque_nm_left" not in s.metrics  # empty cells are no value


def test_nordbord_impossible_force_is_refused_naming_file_kind_and_side() -> None:
    data = b"Date,Test,Left Peak Force,Right Peak Force\n2024-03-01,Nordic,310,2600\n"
    with pytest.raises(ImportFailed) as e:
        build_sessions(data, "nb.csv")
    assert e.value.field == "nb.csv nordic_force_n right"


def test_unsupported_file_is_named() -> None:
    with pytest.raises(ImportFailed) as e:
        detect_format(b"hello,world\n1,2\n", "notes.csv")
    assert e.value.field == "notes.csv" and "unsupported" in e.value.message


def test_openfield_comment_line_with_several_pairs_gives_date_and_athlete() -> None:
    body = gps_rows(SPEEDS).split(b"\n", 3)[3]  # drop the generated comment lines
    data = (
        b"# OpenField Export : Reference time : 2019-01-15T15:57:08.000 : CentiSecond time : 154756782800\n"
        b'# Athlete : "Jane"\n' + body
    )
    (s,) = read_recording(data, "jane.csv")
    assert s.athlete_key == "Jane"
    assert s.date is not None and s.date.isoformat() == "2019-01-15"
