"""Public re-export of the exception hierarchy (defined in the pure domain)."""

from sprintback.domain.errors import (
    ImportFailed,
    InvalidCase,
    InvalidCatalogue,
    InvalidPlanRequest,
    InvalidProtocol,
    NotFound,
    PermissionDenied,
    SprintbackError,
)

__all__ = [
    "ImportFailed",
    "InvalidCase",
    "InvalidCatalogue",
    "InvalidPlanRequest",
    "InvalidProtocol",
    "NotFound",
    "PermissionDenied",
    "SprintbackError",
]
