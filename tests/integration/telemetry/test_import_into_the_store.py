"""The import service against the real SQL sink, with every shared FIT file: the contract both sides share.

(The service's own tests use an in-memory sink; this one caught a multisport file — several sessions of one
athlete in one file — being refused by the store on its first import.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from telemetry_shared_data import shared_data

from sprintback.services.demo_squad import seed_demo
from sprintback.services.telemetry_import import ImportOptions, import_files
from sprintback.store import Store, open_database, open_telemetry_sink

BROKEN = {
    "activity-unexpected-eof.fit",
    "activity-settings-corruptheader.fit",
    "activity-settings-nodata.fit",
    "activity-filecrc.fit",
}


def stored_sessions(url: str) -> list[dict[str, object]]:
    store = Store(open_database(url))
    try:
        return store.run(lambda uow: uow.telemetry.sessions("sam-rivera"))
    finally:
        store.database.dispose()


def test_every_shared_fit_file_into_the_store_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'sb.db').as_posix()}"
    store = Store(open_database(url))
    seed_demo(store, date(2026, 11, 25), datetime(2026, 11, 25, 8, tzinfo=UTC))
    store.database.dispose()
    before = len(stored_sessions(url))
    files = sorted(shared_data("fit").glob("*.fit"))
    options = ImportOptions(athlete_id="sam-rivera", session_date=date(2026, 11, 20))

    with open_telemetry_sink(url) as sink:
        first = {Path(o.path).name: o for o in import_files(files, sink, options).outcomes}
    for name in BROKEN:
        assert first[name].status == "failed" and "nothing imported" in first[name].reason
    imported = {n: o for n, o in first.items() if o.status == "imported"}
    assert set(imported) == {f.name for f in files} - BROKEN
    assert imported["activity-large-fenxi2-multisport.fit"].sessions > 1
    stored = stored_sessions(url)
    assert len(stored) - before == sum(o.sessions for o in imported.values())

    with open_telemetry_sink(url) as sink:
        second = import_files(files, sink, options)
    assert {Path(o.path).name for o in second.outcomes if o.status == "duplicate"} == set(imported)
    assert len(stored_sessions(url)) == len(stored)  # nothing new, nothing half-written


def test_load_command_reads_srpe_and_imported_distance_from_the_store(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from sprintback.cli.main import app

    url = f"sqlite:///{(tmp_path / 'sb.db').as_posix()}"
    store = Store(open_database(url))
    seed_demo(store, date.today(), datetime.now(UTC))
    logged = store.run(lambda uow: [s.value for s in uow.records.sessions("sam-rivera").items])
    store.database.dispose()
    run = shared_data("fit") / "garmin-fenix-5-run.fit"
    with open_telemetry_sink(url) as sink:
        import_files([run], sink, ImportOptions(athlete_id="sam-rivera"))
    result = CliRunner().invoke(
        app, ["load", "--athlete", "sam-rivera", "--database-url", url, "--json", "--days", "7"]
    )
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)["sam-rivera"]["sources"]
    assert sources["srpe_au"]["sessions"] == sum(1 for s in logged if s.rpe is not None) > 0
    assert sources["distance_m"]["sessions"] == 1
    assert sources["srpe_au"]["days"][-1]["date"] == date.today().isoformat()  # up to today, at most 7 days
    assert 0 < len(sources["srpe_au"]["days"]) <= 7
    both = CliRunner().invoke(app, ["load", str(run), "--athlete", "sam-rivera"])
    assert both.exit_code == 2 and "not both" in both.stderr
