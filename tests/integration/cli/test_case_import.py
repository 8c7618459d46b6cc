"""`sprintback case import`: a clinic moving its records in, one case file per athlete."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sprintback.casefile import case_to_dict, load_case
from sprintback.cli.main import app
from sprintback.domain.models import Case
from sprintback.store import Store, open_database

ROOT = Path(__file__).parents[3]
DEMO = ROOT / "src/sprintback/demo/sam-2b-sprint.yaml"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{(tmp_path / 'clinic.db').as_posix()}"
    monkeypatch.setenv("SPRINTBACK_DATABASE_URL", url)
    monkeypatch.setenv("SPRINTBACK_DATA_DIR", str(tmp_path))
    assert CliRunner().invoke(app, ["team", "add", "harbour", "Harbour FC"]).exit_code == 0
    return url


def _copy(tmp_path: Path, name: str, change: dict[str, object] | None = None, athlete_id: str = "") -> Path:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    if athlete_id:
        data["athlete"]["id"] = athlete_id
    for path, value in (change or {}).items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    out = tmp_path / name
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def _stored(url: str, athlete_id: str) -> tuple[Case | None, str | None]:
    store = Store(open_database(url))
    try:
        return store.read(lambda uow: (uow.records.case(athlete_id), uow.records.team_of(athlete_id)))
    finally:
        store.dispose()


def _athlete_ids(url: str) -> list[str]:
    store = Store(open_database(url))
    try:
        page = store.read(lambda uow: uow.records.list_athletes(None, None, 100, 0))
        return [r.athlete.id for r in page.items]
    finally:
        store.dispose()


def test_an_imported_case_reads_back_as_the_file_says(db: str) -> None:
    r = CliRunner().invoke(app, ["case", "import", str(DEMO), "--team", "Harbour FC"])
    assert r.exit_code == 0, r.output
    assert "1 case file(s) imported, 0 failed" in r.output
    stored, team = _stored(db, "sam-rivera")
    assert team == "harbour"
    assert stored is not None
    assert case_to_dict(stored) == case_to_dict(load_case(DEMO))


def test_a_bad_file_stores_nothing_of_itself_and_names_file_and_field(db: str, tmp_path: Path) -> None:
    good = _copy(tmp_path, "good.yaml", athlete_id="jonas-berg")
    bad = _copy(tmp_path, "bad.yaml", {"checkins.4.pain_walking": 14}, athlete_id="kofi-mensah")
    r = CliRunner().invoke(app, ["case", "import", str(bad), str(good)])
    assert r.exit_code == 2
    assert "bad.yaml: checkins[4].pain_walking: 14 is outside 0–10" in r.stderr
    assert "1 case file(s) imported, 1 failed" in r.stdout
    assert _athlete_ids(db) == ["jonas-berg"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"checkins.3.date": "2026-10-09"},
            "checkins[4].date",
            "a second check-in on 2026-10-09 (the first is checkins[3])",
        ),
        ({"checkins.3.date": "9999-12-31"}, "checkins[3].date", "the check-in date 9999-12-31 is in the future"),
        ({"injury.date": "0001-01-01"}, "injury.date", "the injury date 0001-01-01 is before"),
        ({"athlete.id": "sam rivera!"}, "athlete.id", "'sam rivera!': an athlete id is 1-40 characters"),
    ],
)
def test_what_the_store_cannot_keep_is_refused_before_anything_is_written(
    db: str, tmp_path: Path, change: dict[str, object], field: str, words: str
) -> None:
    path = _copy(tmp_path, "case.yaml", change)
    r = CliRunner().invoke(app, ["case", "import", str(path)])
    assert r.exit_code == 2
    assert f"case.yaml: {field}: {words}" in r.stderr, r.stderr
    assert _athlete_ids(db) == []


def test_an_athlete_already_on_record_or_an_unknown_team_is_refused(db: str) -> None:
    assert CliRunner().invoke(app, ["case", "import", str(DEMO)]).exit_code == 0
    again = CliRunner().invoke(app, ["case", "import", str(DEMO)])
    assert again.exit_code == 2 and "athlete.id: athlete id 'sam-rivera' is already on record" in again.stderr
    stored, team = _stored(db, "sam-rivera")
    assert stored is not None and team is None and len(stored.checkins) == len(load_case(DEMO).checkins)
    nowhere = CliRunner().invoke(app, ["case", "import", str(DEMO), "--team", "Atlantis"])
    assert nowhere.exit_code == 2 and "team: no team 'Atlantis'" in nowhere.stderr
