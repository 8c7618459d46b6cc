"""Measurements from a clinic's spreadsheet, on the web: upload a CSV, see every row's check (its error in
words), then import — all rows, or only the valid ones when the user accepts that. Nothing is stored before."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response

from sprintback.api.deps import Platform
from sprintback.domain.errors import InvalidCase, PermissionDenied
from sprintback.measurement_csv import MAX_CSV_BYTES
from sprintback.services.access import Actor, Role
from sprintback.services.measurement_import import import_measurement_csv
from sprintback.web.render import render, signed_in
from sprintback.web.session import check_csrf

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Form(max_length=200)]
Encoded = Annotated[str, Form(max_length=MAX_CSV_BYTES * 4 // 3 + 16)]


def _staff(actor: Actor) -> None:
    if actor.role not in (Role.CLINICIAN, Role.ADMIN):
        raise PermissionDenied(f"a {actor.role.value} may not record measurements", None)


@router.get("/measurements/import")
def import_form(request: Request) -> Response:
    def _page(actor: Actor, p: Platform) -> Response:
        _staff(actor)
        return render(request, "import.html", actor=actor, preview=None, error="")

    return signed_in(request, _page)


@router.post("/measurements/import")
async def import_preview(request: Request, file: UploadFile, csrf: Short = "") -> Response:
    data = await file.read(MAX_CSV_BYTES + 1)

    def _page(actor: Actor, p: Platform) -> Response:
        check_csrf(request, csrf)
        _staff(actor)
        try:
            preview = import_measurement_csv(p.store, actor, data, p.now(), commit=False)
        except InvalidCase as exc:
            return render(request, "import.html", status=422, actor=actor, preview=None, error=exc.message)
        encoded = base64.b64encode(data).decode("ascii")
        return render(request, "import.html", actor=actor, preview=preview, data=encoded, error="")

    return signed_in(request, _page)


@router.post("/measurements/import/commit")
def import_commit(request: Request, csrf: Short = "", data: Encoded = "", accept_valid: Short = "") -> Response:
    def _page(actor: Actor, p: Platform) -> Response:
        check_csrf(request, csrf)
        _staff(actor)
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidCase("the file did not come back intact: upload it again", "file") from None
        result = import_measurement_csv(p.store, actor, raw, p.now(), commit=True, accept_valid=accept_valid == "1")
        return render(request, "import.html", actor=actor, preview=result, stored=True, error="")

    return signed_in(request, _page)
