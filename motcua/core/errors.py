"""Error types shared by every app. The API maps each kind once:
bad input → 422, wrong state / conflict → 409, not allowed → 403, unknown → 404.

Domain errors are subclasses defined where they are raised.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected business error; its message is Vietnamese, for the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"detail": self.message}
        if self.field:
            body["errors"] = [{"field": self.field, "message": self.message}]
        body.update(self.details)
        return body


class InvalidInput(DomainError):
    """The request is well-formed but a value is wrong (422)."""

    status_code = 422


class Conflict(DomainError):
    """Wrong state, stale version or duplicate (409)."""

    status_code = 409


class NotAllowed(DomainError):
    """The actor may not do this (403)."""

    status_code = 403


class NotFound(DomainError):
    """Unknown, or not visible to the actor (404)."""

    status_code = 404
