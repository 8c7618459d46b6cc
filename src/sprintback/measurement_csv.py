"""A clinic's spreadsheet of measurements, as CSV: one measurement per row.

Columns (header row required, any order, names case-insensitive): `date` (YYYY-MM-DD), `athlete` (the athlete
id), `kind` (a measure key, docs/case-file.md), `side` (left/right, blank for single measures), `value`,
and optionally `pain` (NRS 0-10 during the test) and `note`. `;` works as the separator too, and a decimal
comma where `;` separates. Every row is checked on its own, so a file with one bad row reports that row
(line number, column, reason) and the others stay usable; the service decides what is stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sprintback.domain.errors import InvalidCase
from sprintback.domain.measures import MEASURES
from sprintback.domain.models import Measurement, Side, check_measurement

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
REQUIRED = ("date", "athlete", "kind", "side", "value")
OPTIONAL = ("pain", "note")


@dataclass(frozen=True)
class CsvRow:
    line: int  # 1-based line in the file (the header is line 1)
    athlete_id: str
    measurement: Measurement | None
    error: str = ""  # "column: reason" in people's words
    column: str = ""

    @property
    def ok(self) -> bool:
        return self.measurement is not None and not self.error


def _number(text: str, column: str, decimal_comma: bool) -> float:
    raw = text.strip().replace(",", ".") if decimal_comma else text.strip()
    try:
        value = float(raw)
    except ValueError:
        raise InvalidCase(f"{text.strip()!r} is not a number", column) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidCase(f"{text.strip()!r} is not a number", column)
    return value


def _row(values: dict[str, str], line: int, decimal_comma: bool) -> CsvRow:
    athlete = values.get("athlete", "").strip()
    try:
        if not athlete:
            raise InvalidCase("the athlete id is missing", "athlete")
        try:
            day = date.fromisoformat(values.get("date", "").strip())
        except ValueError:
            raise InvalidCase(f"{values.get('date', '').strip()!r} is not a date (use YYYY-MM-DD)", "date") from None
        kind = values.get("kind", "").strip()
        if kind not in MEASURES:
            raise InvalidCase(f"{kind!r} is not a measure; see the list of measures in docs/case-file.md", "kind")
        side_text = values.get("side", "").strip().lower()
        if side_text not in ("", "left", "right"):
            raise InvalidCase(f"{side_text!r} is not a side (left, right or blank)", "side")
        pain_text = values.get("pain", "").strip()
        m = Measurement(
            date=day,
            kind=kind,
            value=_number(values.get("value", ""), "value", decimal_comma),
            side=Side(side_text) if side_text else None,
            pain=_number(pain_text, "pain", decimal_comma) if pain_text else None,
            note=values.get("note", "").strip()[:2000],
        )
        check_measurement(m, "row")
    except InvalidCase as exc:
        column = (exc.field or "").removeprefix("row.")
        label = (
            MEASURES[values["kind"].strip()].label
            if column == "value" and values.get("kind", "").strip() in MEASURES
            else column
        )
        kind_text = values.get("kind", "").strip()
        message = _human(exc.message)
        if kind_text in MEASURES:  # people read the measure's name, never its key
            message = message.replace(kind_text, MEASURES[kind_text].label)
        return CsvRow(line, athlete, None, f"{label}: {message}", column)
    return CsvRow(line, athlete, m)


def _human(message: str) -> str:
    """The domain's range message names the measure key at the end ("for pain_walking"); the row error
    already starts with the measure's name, so that suffix goes."""
    head, sep, tail = message.rpartition(" for ")
    return head if sep and tail in MEASURES else message


def parse_measurement_csv(data: bytes) -> list[CsvRow]:
    """Every data row of the file, each with its measurement or its error. A file-level problem (size, encoding,
    header) is InvalidCase naming `file`."""
    if len(data) > MAX_CSV_BYTES:
        raise InvalidCase(f"{len(data)} bytes is larger than the {MAX_CSV_BYTES} byte limit", "file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCase("the file is not UTF-8 text (save the spreadsheet as CSV UTF-8)", "file") from None
    if "\x00" in text:
        raise InvalidCase("the file contains NUL bytes: it is not a CSV text file", "file")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidCase("the file is empty: it needs a header row", "file") from None
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c and c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
        raise InvalidCase(f"{'; '.join(parts)}; the columns are {', '.join(REQUIRED + OPTIONAL)}", "file")
    rows: list[CsvRow] = []
    for cells in reader:
        if len(rows) >= MAX_ROWS:
            raise InvalidCase(f"more than {MAX_ROWS} rows: split the file", "file")
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        if len(cells) != len(header):
            rows.append(CsvRow(line, "", None, f"{len(cells)} cells where the header has {len(header)}", "file"))
            continue
        rows.append(_row(dict(zip(header, cells, strict=True)), line, delimiter == ";"))
    if not rows:
        raise InvalidCase("the file has a header but no measurements", "file")
    return rows
