"""Errors of the platform faces' use cases, in the one hierarchy (each face maps them to a status once)."""

from __future__ import annotations

from sprintback.domain.errors import SprintbackError


class NotAuthenticated(SprintbackError):
    code = "not_authenticated"


class RateLimited(SprintbackError):
    code = "rate_limited"


class Conflict(SprintbackError):
    code = "conflict"


class PayloadTooLarge(SprintbackError):
    code = "payload_too_large"


class InvalidInput(SprintbackError):
    """Well-formed but unacceptable input that is not part of a case (users, teams, queries)."""

    code = "invalid_input"
