"""One shape per record: the domain dataclass (Measurement, CheckIn, SessionLog) is the field table, and every
other shape of the record — the case file's model, the API's answers, the table's columns, the web form and its
page — has exactly its fields. A field added to the dataclass and forgotten anywhere fails here."""

from __future__ import annotations

import inspect
from dataclasses import fields
from importlib import resources

import pytest
from pydantic import BaseModel
from sqlalchemy import Table

from sprintback.api import schemas
from sprintback.casefile import CheckInIn, MeasurementIn, SessionIn
from sprintback.domain.models import CheckIn, Measurement, SessionLog
from sprintback.store import tables
from sprintback.web import athlete_pages, forms, staff_pages

META = set(schemas.RecordMeta.model_fields)
RECORDS = [
    # dataclass, case-file model, API answer, what the answer adds, table
    (Measurement, MeasurementIn, schemas.MeasurementOut, {"unit"}, tables.measurements),
    (CheckIn, CheckInIn, schemas.CheckInOut, set(), tables.checkins),
    (SessionLog, SessionIn, schemas.SessionOut, {"load_au"}, tables.sessions),
]
IDS = [r[0].__name__ for r in RECORDS]


def _names(record: type) -> set[str]:
    return {f.name for f in fields(record)}


@pytest.mark.parametrize(("record", "case_model", "answer", "extra", "table"), RECORDS, ids=IDS)
def test_every_shape_has_the_dataclass_fields(
    record: type, case_model: type[BaseModel], answer: type[BaseModel], extra: set[str], table: Table
) -> None:
    assert set(case_model.model_fields) == _names(record)
    assert set(answer.model_fields) == _names(record) | META | extra
    assert _names(record) <= set(table.c.keys())


def test_the_web_forms_take_every_field_of_what_they_record() -> None:
    assert _names(CheckIn) == forms.CHECKIN_FIELDS
    assert _names(Measurement) | {"other_value", "other_pain"} == forms.MEASUREMENT_FIELDS
    checkin_form = set(inspect.signature(athlete_pages.submit_checkin).parameters) - {"request", "csrf"}
    assert checkin_form == forms.CHECKIN_FIELDS
    assess_form = set(inspect.signature(staff_pages.assess).parameters) - {"request", "athlete_id", "csrf"}
    assert assess_form == forms.MEASUREMENT_FIELDS


@pytest.mark.parametrize(
    ("template", "names"),
    [("me.html", forms.CHECKIN_FIELDS), ("assess.html", forms.MEASUREMENT_FIELDS)],
)
def test_each_form_page_has_an_input_for_every_field(template: str, names: set[str]) -> None:
    html = resources.files("sprintback.web").joinpath("templates", template).read_text(encoding="utf-8")
    questions = {name for name, _ in athlete_pages.PAIN_QUESTIONS} if template == "me.html" else set()
    missing = {n for n in names if f'name="{n}"' not in html and n not in questions}
    assert not missing, f"{template} has no input for {sorted(missing)}"
