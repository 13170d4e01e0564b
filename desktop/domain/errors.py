"""Domain errors: every one carries a message a clerk understands (Chinese) and, where known, the field."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """Input that does not satisfy a rule; `field` names the input."""


class ValidationErrors(DomainError):
    """Several validation errors found at once, reported together."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("；".join(f"{e.message}" for e in errors), errors[0].field if errors else None)
        self.errors = errors


class TransitionError(DomainError):
    """An action not allowed in the case's current state."""


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow the action."""


class AuthError(DomainError):
    """Wrong credentials or a locked account."""
