"""Typed sync failures, each with a Chinese message a clerk can act on and whether a retry can help."""

from __future__ import annotations

from desktop.domain.errors import DomainError


class SyncError(DomainError):
    """Base of every sync failure. `transient` failures are retried; the others end the sync at once."""

    transient = False
    state = "problem"  # the SyncStatus state this failure leaves behind

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message, field)
        self.code = code or type(self).__name__


class Offline(SyncError):
    """The county platform cannot be reached (refused, reset, timed out, truncated answer)."""

    transient = True
    state = "offline"


class ServerBusy(SyncError):
    """429/503: the server asks us to come back later (Retry-After honoured)."""

    transient = True
    state = "offline"

    def __init__(self, message: str, retry_after: float | None = None, code: str | None = None) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


class ServerError(SyncError):
    """500/502/504 or an answer that is not the protocol: probably temporary."""

    transient = True


class AuthExpired(SyncError):
    """401: the device token is unknown to the server; enrol again."""


class DeviceRevoked(SyncError):
    """401 device_revoked: the county admin has switched this PC off."""


class ProtocolTooOld(SyncError):
    """426: the server no longer speaks our protocol version."""


class TlsError(SyncError):
    """The server's certificate could not be verified."""


class Rejected(SyncError):
    """A 4xx the server explained with a code (bad request, not found, lease exhausted…)."""


class NotEnrolled(SyncError):
    """This PC has no device token yet."""

    state = "not_enrolled"


class SyncBusy(SyncError):
    """Another sync (GUI or CLI) is running on the same data folder."""

    state = "syncing"


class InsecureUrl(SyncError):
    """A plain-http URL to a host other than this PC without the explicit setting."""
