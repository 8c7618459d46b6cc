"""Reading a delimited table the way sports exports write them: `#` comment/metadata lines, `,` or `;`
separators, decimal comma, units in header names. Shared by the 10 Hz GPS, speed and NordBord readers."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from sprintback.domain.errors import ImportFailed
from sprintback.telemetry.model import FloatArray


@dataclass
class Table:
    frame: pl.DataFrame
    meta: dict[str, str]  # from `# key: value` / `key: value` lines above the header
    header_line: int  # 1-based line number of the header in the file

    def column(self, *names: str) -> str | None:
        """The first column whose normalised name equals one of `names` (case, units, spaces ignored)."""
        norm = {normalise(c): c for c in self.frame.columns}
        for n in names:
            if normalise(n) in norm:
                return norm[normalise(n)]
        return None

    def floats(self, col: str, name: str) -> FloatArray:
        s = self.frame[col]
        if s.dtype == pl.String:
            cleaned = s.str.strip_chars().str.replace(",", ".", literal=True)
            parsed = cleaned.cast(pl.Float64, strict=False)
            bad = parsed.is_null() & cleaned.is_not_null() & (cleaned != "")
            if bad.any():
                row = int(bad.arg_max() or 0)
                raise ImportFailed(
                    f"{col!r} holds {s[row]!r}, not a number",
                    f"{name} line {self.header_line + 1 + row} {col!r}",
                )
            s = parsed
        return s.cast(pl.Float64).fill_null(np.nan).to_numpy()


def normalise(name: str) -> str:
    name = re.sub(r"\(.*?\)|\[.*?\]", "", name.lower())
    return re.sub(r"[^a-z0-9#]", "", name)


def text_of(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_table(data: bytes, name: str, header_has: tuple[str, ...]) -> Table:
    """Find the header line holding all of `header_has` (normalised) and read the rows below it."""
    text = text_of(data)
    lines = text.splitlines()
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[:200]):
        if not line.strip() or line.lstrip().startswith("#"):
            _meta_line(line, meta)
            continue
        sep = ";" if line.count(";") > line.count(",") else ","
        cells = [normalise(c) for c in line.split(sep)]
        if all(any(h == c for c in cells) for h in header_has):
            body = "\n".join(lines[i:])
            decimal_comma = sep == ";" and bool(re.search(r"\d,\d", "\n".join(lines[i + 1 : i + 20])))
            try:
                frame = pl.read_csv(
                    io.StringIO(body),
                    separator=sep,
                    decimal_comma=decimal_comma,
                    infer_schema_length=0,  # all strings; we convert per column with row-precise errors
                    truncate_ragged_lines=True,
                )
            except pl.exceptions.PolarsError as e:
                raise ImportFailed(f"unreadable table: {str(e).splitlines()[0]}", name) from None
            frame = frame.rename({c: c.strip() for c in frame.columns})
            return Table(frame, meta, i + 1)
        _meta_line(line, meta)
    raise ImportFailed(f"no header line with columns {', '.join(header_has)}", name)


_KNOWN_KEYS = re.compile(
    r"(Reference time|Start time|Athlete|Player|Date)\s*:\s*\"?([^\",;]+?)\"?\s*(?=(?: : |[,;]|$))", re.I
)


def _meta_line(line: str, meta: dict[str, str]) -> None:
    # OpenField packs several `key : value` pairs on one comment line; pick the keys we know first.
    for known in _KNOWN_KEYS.finditer(line):
        meta.setdefault(normalise(known.group(1)), known.group(2).strip())
    pair = re.match(r"^\s*#?\s*([A-Za-z][\w \-]*?)\s*[:=]\s*[\"']?(.*?)[\"']?\s*[;,]*\s*$", line)
    if pair:
        meta.setdefault(normalise(pair.group(1)), pair.group(2).strip())
