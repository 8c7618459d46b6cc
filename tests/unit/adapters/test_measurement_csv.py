"""Reading a clinic's CSV of measurements: each row's error in people's words, file problems named."""

from __future__ import annotations

from datetime import date

import pytest

from sprintback.domain.errors import InvalidCase
from sprintback.domain.models import Side
from sprintback.measurement_csv import MAX_CSV_BYTES, parse_measurement_csv

HEADER = b"date,athlete,kind,side,value,pain,note\n"


def test_a_good_row_becomes_a_measurement_with_side_and_test_pain() -> None:
    (row,) = parse_measurement_csv(HEADER + b"2026-11-20,sam,iso_90_90_n,left,250,2,after warm-up\n")
    assert row.ok and row.line == 2 and row.athlete_id == "sam"
    m = row.measurement
    assert m is not None
    assert (m.date, m.kind, m.side, m.value, m.pain, m.note) == (
        date(2026, 11, 20), "iso_90_90_n", Side.LEFT, 250.0, 2.0, "after warm-up")  # fmt: skip


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        (b"2026-11-2x,sam,ake_deg,left,60,,", "date", "is not a date"),
        (b"2026-11-20,sam,bogus,,1,,", "kind", "is not a measure"),
        (b"2026-11-20,sam,iso_90_90_n,,250,,", "side", "Isometric knee flexion 90/90 is measured per leg"),
        (b"2026-11-20,sam,pain_walking,,14,,", "value", "Pain walking: 14 is outside 0"),
        (b"2026-11-20,sam,ake_deg,left,sixty,,", "value", "'sixty' is not a number"),
        (b"2026-11-20,sam,ake_deg,up,60,,", "side", "is not a side"),
        (b"2026-11-20,,ake_deg,left,60,,", "athlete", "athlete id is missing"),
        (b"2026-11-20,sam,ake_deg,left,nan,,", "value", "is not a number"),
    ],
)
def test_each_bad_row_says_which_column_and_why_without_internal_ids(line: bytes, column: str, words: str) -> None:
    good = b"2026-11-20,sam,ake_deg,left,60,,\n"
    rows = parse_measurement_csv(HEADER + good + line + b"\n")
    assert rows[0].ok
    bad = rows[1]
    assert not bad.ok and bad.line == 3 and bad.column == column
    assert words in bad.error
    assert "iso_90_90_n" not in bad.error and "pain_walking" not in bad.error


def test_semicolons_and_decimal_commas_from_a_european_spreadsheet() -> None:
    data = b"date;athlete;kind;side;value\n2026-11-20;sam;max_speed_m_s;;8,75\n"
    (row,) = parse_measurement_csv(data)
    assert row.ok and row.measurement is not None and row.measurement.value == 8.75


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"date,athlete,kind,value\n", "missing column(s) side"),
        (b"date,athlete,kind,side,value,colour\n2026-11-20,sam,ake_deg,left,60,red\n", "unknown column(s) colour"),
        (HEADER, "no measurements"),
        (b"\xff\xfe\x00d", "not UTF-8"),
        (b"x" * (MAX_CSV_BYTES + 1), "larger than"),
    ],
)
def test_file_level_problems_name_the_file(data: bytes, words: str) -> None:
    with pytest.raises(InvalidCase) as err:
        parse_measurement_csv(data)
    assert err.value.field == "file" and words in err.value.message
