"""Data rights: export everything about one athlete; erase an athlete.

Export: a zip with `athlete.json` (every stored row, history and corrections included, plus who
accessed the record according to the audit log), one CSV per table, and `case.json` (the current case
in the case-file format, so it can be evaluated elsewhere with `sprintback evaluate`).

Erase: every row about the athlete goes; their account is deactivated, unlinked, its display name cleared and
every token revoked; files derived from their data (exports, uploads, reports) are deleted; the SQLite file is
vacuumed so no byte of the erased rows stays on disk. The audit log stays, and gains an entry for the
erasure: it names ids and actions, never health values.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sprintback.casefile import case_to_dict
from sprintback.services.access import Action, Actor, authorize
from sprintback.store.uow import Store, UnitOfWork

EXPORT_FORMAT = "sprintback-export/1"


def _plain(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def _csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: json.dumps(v) if isinstance(v, dict | list) else _plain(v) for k, v in r.items()})
    return buf.getvalue()


def export_athlete(store: Store, actor: Actor, athlete_id: str, now: datetime) -> bytes:
    """The zip (bytes) of everything stored about the athlete."""

    def _do(uow: UnitOfWork) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any] | None]:
        authorize(uow, actor, Action.EXPORT, now, athlete_id=athlete_id, detail="export")
        history = uow.athlete_data.history(athlete_id)
        history["audit_log"], _ = uow.audit.query(athlete_id=athlete_id, limit=1_000_000)
        case = uow.records.case(athlete_id)
        return history, case_to_dict(case) if case else None

    history, case = store.run(_do)
    doc = {
        "format": EXPORT_FORMAT,
        "athlete_id": athlete_id,
        "exported_at": now.isoformat(),
        "exported_by": actor.username,
        "tables": {name: [{k: _plain(v) for k, v in r.items()} for r in rows] for name, rows in history.items()},
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("athlete.json", json.dumps(doc, indent=2, ensure_ascii=False))
        for name, rows in history.items():
            z.writestr(f"{name}.csv", _csv(rows))
        if case is not None:
            z.writestr("case.json", json.dumps(case, indent=2, ensure_ascii=False))
    return buf.getvalue()


def erase_athlete(store: Store, actor: Actor, athlete_id: str, now: datetime, data_dir: Path) -> dict[str, int]:
    """Delete everything about the athlete (admins only). Returns rows deleted per table."""

    def _do(uow: UnitOfWork) -> tuple[dict[str, int], list[str]]:
        authorize(uow, actor, Action.ERASE, now, athlete_id=athlete_id, detail="erase athlete")
        job_ids = uow.jobs.ids_for_athlete(athlete_id)
        return uow.athlete_data.erase(athlete_id), job_ids

    counts, job_ids = store.run(_do)
    store.database.scrub_freed_space()  # no byte of the erased rows left in the SQLite file or its WAL
    for job_id in job_ids:  # files derived from the athlete's data
        for folder in ("exports", "uploads", "reports"):
            target = data_dir / folder / job_id
            shutil.rmtree(target, ignore_errors=True)
            for suffix in (".zip", ".html"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
    return counts
