"""Errors of the platform faces' use cases, in the one hierarchy (each face maps them to a status once)."""

from __future__ import annotations

from sprintback.domain.errors import SprintbackError


class NotAuthenticated(SprintbackError):
    code = "not_authenticated"


class RateLimited(SprintbackError):
    """Too many attempts; `retry_after_s` says when the next one is allowed (the HTTP faces send Retry-After)."""

    code = "rate_limited"

    def __init__(self, message: str, field: str | None = None, retry_after_s: int | None = None) -> None:
        super().__init__(message, field)
        self.retry_after_s = retry_after_s


class Conflict(SprintbackError):
    code = "conflict"


class PayloadTooLarge(SprintbackError):
    code = "payload_too_large"


class InvalidInput(SprintbackError):
    """Well-formed but unacceptable input that is not part of a case (users, teams, queries)."""

    code = "invalid_input"


class QueueUnavailable(SprintbackError):
    """The job queue (Redis) cannot be reached: the request stored nothing and may be retried (HTTP 503)."""

    code = "queue_unavailable"
