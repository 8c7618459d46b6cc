"""Every field of every API response model is classified clinical / training / public, in one table.

Generated from the app itself: the response models of every route (and the models nested in them). A field
added to a response without a line in `services/field_policy.RESPONSE_FIELDS` fails here; so does a line for a
field that no longer exists.
"""

from __future__ import annotations

import typing
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel

from sprintback.api.app import create_app
from sprintback.api.schemas import ErrorOut
from sprintback.services.field_policy import RESPONSE_FIELDS, Sensitivity, withhold
from sprintback.settings import Settings


def _name(model: type[BaseModel]) -> str:
    origin = model.__pydantic_generic_metadata__.get("origin")
    return (origin or model).__name__


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def response_models() -> dict[str, type[BaseModel]]:
    app = create_app(Settings(database_url="sqlite://"), migrate=True)
    todo: list[type[BaseModel]] = [ErrorOut]
    for route in app.routes:
        if isinstance(route, APIRoute) and route.response_model is not None:
            todo += _models_in(route.response_model)
    seen: dict[type[BaseModel], str] = {}
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen[m] = _name(m)  # Page[SessionOut] is classified as Page; its items as SessionOut
        for f in m.model_fields.values():
            todo += _models_in(f.annotation)
    return {name: m for m, name in seen.items()}


def test_every_field_of_every_response_model_is_classified() -> None:
    models = response_models()
    assert {"ProfileOut", "SessionOut", "AvailabilityOut", "JobOut"} <= set(models)
    problems = []
    for name, model in models.items():
        table = RESPONSE_FIELDS.get(name)
        if table is None:
            problems.append(f"{name}: not in the field policy")
            continue
        problems += [f"{name}.{f}: unclassified" for f in set(model.model_fields) - set(table)]
        problems += [f"{name}.{f}: classified but not a field" for f in set(table) - set(model.model_fields)]
    assert problems == []


def test_withholding_empties_clinical_fields_only() -> None:
    doc = {"status": "restricted", "phase": "p3", "decision": "refer", "running_max_pct": 0.0}
    assert withhold("AvailabilityOut", doc) == {**doc, "decision": ""}
    kinds = {s for table in RESPONSE_FIELDS.values() for s in table.values()}
    assert kinds == set(Sensitivity)
