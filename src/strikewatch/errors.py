"""The one exception hierarchy of strikewatch.

Library code raises these; the CLI maps them to exit codes and the web app to HTTP status
codes, each in one place. Messages name what is wrong (file, line, field) and never carry
secrets such as database passwords.
"""

from __future__ import annotations


class StrikewatchError(Exception):
    """Base class: every error strikewatch raises on purpose."""

    exit_code = 2
    http_status = 500


class InputError(StrikewatchError, ValueError):
    """Bad input from the user: a file, a line, a field or an option value.

    ``where`` is the file (or ``<stdin>``, or an API field), ``line`` and ``field`` narrow it
    down; the message reads ``where, line N, field 'f': what is wrong``.
    """

    exit_code = 2
    http_status = 422

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ):
        self.message = message
        self.where = where
        self.line = line
        self.field = field
        prefix = where or ""
        if line is not None:
            prefix += f"{', ' if prefix else ''}line {line}"
        if field:
            prefix += f"{', ' if prefix else ''}field '{field}'"
        super().__init__(f"{prefix}: {message}" if prefix else message)


class NotFound(StrikewatchError, LookupError):
    """The thing asked about does not exist (no such night, source or alert)."""

    exit_code = 1
    http_status = 404


class Conflict(StrikewatchError):
    """The request contradicts what the ledger holds (e.g. real data into a synthetic ledger)."""

    exit_code = 2
    http_status = 409


class Busy(StrikewatchError):
    """A write could not get the ledger's lock within its time budget; try again later."""

    exit_code = 4
    http_status = 503


class DeliveryError(StrikewatchError):
    """An outbound delivery (webhook, fetch) failed."""

    exit_code = 3
    http_status = 502
