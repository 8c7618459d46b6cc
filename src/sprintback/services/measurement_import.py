"""Import a clinic's CSV of measurements: a preview with each row's error, and nothing stored from a file with
errors unless the user accepts its valid rows.

Each row is checked as an assessment is (the measure's range and side, a date on or after the athlete's injury
and not in the future) and against the user's access: a row for an athlete the user may not record for reads
"no athlete you may record for", the same as an unknown id, so an import reveals nobody. The valid rows of an
accepted file are stored in one transaction: all of them or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sprintback.domain.errors import InvalidCase, NotFound, PermissionDenied
from sprintback.measurement_csv import CsvRow, parse_measurement_csv
from sprintback.services.access import Action, Actor, authorize
from sprintback.services.errors import Conflict
from sprintback.services.validation import check_measurements
from sprintback.store.uow import Store, UnitOfWork


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[CsvRow, ...]
    stored: int = 0

    @property
    def errors(self) -> tuple[CsvRow, ...]:
        return tuple(r for r in self.rows if not r.ok)

    @property
    def valid(self) -> tuple[CsvRow, ...]:
        return tuple(r for r in self.rows if r.ok)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": len(self.rows),
            "valid": len(self.valid),
            "errors": [
                {"line": r.line, "athlete": r.athlete_id, "column": r.column, "message": r.error} for r in self.errors
            ],
            "stored": self.stored,
        }


def _checked(uow: UnitOfWork, actor: Actor, rows: list[CsvRow], now: datetime) -> list[CsvRow]:
    """Each parsed row again with the store's checks: access, injury on record, dates."""
    out: list[CsvRow] = []
    allowed: dict[str, bool] = {}
    for row in rows:
        if not row.ok or row.measurement is None:
            out.append(row)
            continue
        aid = row.athlete_id
        if aid not in allowed:
            try:
                authorize(uow, actor, Action.WRITE_CLINICAL, now, athlete_id=aid, detail="measurement CSV import")
                allowed[aid] = uow.records.current_injury(aid) is not None
            except (PermissionDenied, NotFound):
                # A refused row is reported and the import goes on; its audit entry stays in keep_on_rollback
                # (written even if the import is refused below) and moves to the log when this unit commits.
                allowed[aid] = False
                out.append(CsvRow(row.line, aid, None, f"athlete: no athlete {aid!r} you may record for", "athlete"))
                continue
        if not allowed[aid]:
            if not any(r.line == row.line for r in out):
                out.append(CsvRow(row.line, aid, None, f"athlete: {aid!r} has no injury on record", "athlete"))
            continue
        injury = uow.records.current_injury(aid)
        assert injury is not None
        try:
            check_measurements([row.measurement], injury, now.date(), prefix="row")
        except InvalidCase as exc:
            out.append(CsvRow(row.line, aid, None, f"{(exc.field or '').removeprefix('row[0].')}: {exc.message}",
                              (exc.field or "").removeprefix("row[0].")))  # fmt: skip
            continue
        out.append(row)
    return out


def import_measurement_csv(
    store: Store, actor: Actor, data: bytes, now: datetime, *, commit: bool, accept_valid: bool = False
) -> ImportPreview:
    """Preview (`commit=False`) or import the file. With errors, nothing is stored unless `accept_valid`."""
    rows = parse_measurement_csv(data)

    def _do(uow: UnitOfWork) -> ImportPreview:
        # A role that may record measurements for nobody is refused before any row is looked at.
        authorize(uow, actor, Action.WRITE_CLINICAL, now, detail=f"measurement CSV import of {len(rows)} rows")
        preview = ImportPreview(tuple(_checked(uow, actor, rows, now)))
        if not commit:
            return _audited(uow, preview)
        if preview.errors and not accept_valid:
            first = preview.errors[0]
            raise Conflict(
                f"{len(preview.errors)} of {len(preview.rows)} rows have errors (line {first.line}: {first.error}); "
                "nothing was stored: fix them, or accept the valid rows",
                "file",
            )
        if not preview.valid:
            raise Conflict("no valid row to store", "file")
        for row in preview.valid:
            assert row.measurement is not None
            uow.records.add_measurement(row.athlete_id, row.measurement, actor.username, now)
        return _audited(uow, ImportPreview(preview.rows, stored=len(preview.valid)))

    return store.run(_do)


def _audited(uow: UnitOfWork, preview: ImportPreview) -> ImportPreview:
    """The refusals met on the way are audited with the committed unit (they are not errors of the import)."""
    for entry in uow.keep_on_rollback:
        uow.audit.append(entry)
    uow.keep_on_rollback.clear()
    return preview
