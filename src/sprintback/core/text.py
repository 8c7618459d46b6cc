"""Text and numbers as every face accepts them: the one definition of "well-formed" below the domain's ranges.

Text: valid Unicode that every store can hold. A lone surrogate (`"\\ud800"` in JSON) cannot be encoded as
UTF-8, so SQLite's driver fails on it, and PostgreSQL refuses NUL in text; either was a 500 (and a reset
connection). Refused here with the field named instead. Other control characters are refused too (tab and
newlines excepted): they have no place in a note and confuse logs and CSV exports.

Numbers: strict. JSON `true` is not a pain score of 1, `"7"` is not 7, and NaN/Infinity (which Python's
JSON parser lets through) compare false against every range check.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, AllowInfNan, Field, Strict

_ALLOWED_CONTROLS = frozenset("\t\n\r")

# Dates of records and requests: generous on both sides (a previous injury in 1950 is plausible, year 1 is a
# typing slip), and well inside what every database and `date` arithmetic handles. The services add the
# clinical bounds (not after tomorrow, not before the injury, clearances not in the future).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def text_problem(value: str) -> str | None:
    """Why `value` is not acceptable text, or None."""
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return f"contains a lone surrogate (U+{code:04X}), which is not valid Unicode text"
        if code == 0:
            return "contains a NUL character (U+0000)"
        if (code < 0x20 and ch not in _ALLOWED_CONTROLS) or code == 0x7F:
            return f"contains a control character (U+{code:04X})"
    return None


def _check_text(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _check_date(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"{value.isoformat()} is outside {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}")
    return value


# The same rule in the OpenAPI document, so clients (and Schemathesis) know it: no C0 control but tab and
# newlines, no DEL. (Lone surrogates cannot be written in a JSON Schema pattern; no client generates them.)
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$"
Text = Annotated[str, AfterValidator(_check_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
Number = Annotated[float, Strict(), AllowInfNan(False)]  # an int is a number; a bool or a string is not
Count = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]
Day = Annotated[dt.date, AfterValidator(_check_date)]
