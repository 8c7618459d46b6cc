"""One exception hierarchy; every error carries the path of the offending field."""

from __future__ import annotations


class SprintbackError(Exception):
    """Base class. `field` is a dotted/indexed path such as `measurements[3].value`."""

    code = "sprintback_error"

    def __init__(self, message: str, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class InvalidCase(SprintbackError):
    code = "invalid_case"


class InvalidProtocol(SprintbackError):
    code = "invalid_protocol"


class InvalidCatalogue(SprintbackError):
    code = "invalid_catalogue"


class InvalidPlanRequest(SprintbackError):
    code = "invalid_plan_request"


class ImportFailed(SprintbackError):
    code = "import_failed"


class NotFound(SprintbackError):
    code = "not_found"


class PermissionDenied(SprintbackError):
    code = "permission_denied"
