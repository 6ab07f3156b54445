"""The RestErrorInfo body and the client's exception tree.

```
Exception
├── O2GError                the target answered, but not with success: status, RestErrorInfo, op id, body
│   └── UnusableAnswer      the target answered 2xx with a body the client cannot use (bad JSON, no URLs)
└── TargetUnreachable       no answer at all: connection refused or reset, TLS failure, timeout
AssertionError
├── EventTimeout            (_events) an awaited event did not arrive in time
└── UnexpectedEvent         (_events) an event that must be absent arrived
```

A usage mistake by the caller (unknown operation id, missing path parameter) is a `KeyError` or
`ValueError`, never one of these.
"""

from __future__ import annotations

import http
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._masking import mask_body

__all__ = [
    "O2GError",
    "RestErrorInfo",
    "RoutingErrorInfo",
    "TargetUnreachable",
    "TelephonyErrorInfo",
    "UnusableAnswer",
    "UserPreferencesErrorInfo",
    "status_name",
]


class _Lenient(BaseModel):
    """A model that keeps unknown fields: the client reads answers, the checks judge them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class TelephonyErrorInfo(_Lenient):
    """Extra details of a telephony error (o2g-rest-api-reference.txt L499-509)."""

    errorType: str | None = None
    errorCause: str | None = None
    message: str | None = None


class RoutingErrorInfo(_Lenient):
    """Extra details of a routing error (o2g-rest-api-reference.txt L439-451)."""

    errorType: str | None = None
    destinationType: str | None = None
    errorCause: str | None = None
    message: str | None = None


class UserPreferencesErrorInfo(_Lenient):
    """Extra details of a user preferences error (o2g-rest-api-reference.txt L545-549)."""

    errorType: str | None = None
    parameter: str | None = None


class RestErrorInfo(_Lenient):
    """The error body of every O2G operation (o2g-rest-api-reference.txt L307-380).

    `httpStatus` is the status *name* ("FORBIDDEN") on real servers (wire-facts, Errors).
    """

    httpStatus: str | None = None
    code: int | None = None
    helpMessage: str | None = None
    type: str | None = None
    innerMessage: str | None = None
    canRetry: bool | None = None
    telephony: TelephonyErrorInfo | None = None
    routing: RoutingErrorInfo | None = None
    userPreferences: UserPreferencesErrorInfo | None = None


def status_name(status: int) -> str:
    """`403` -> `FORBIDDEN`; an unknown code gives its digits."""
    try:
        return http.HTTPStatus(status).name
    except ValueError:
        return str(status)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class O2GError(Exception):
    """The target answered with an error status; carries what it said.

    The message reads `telephony.calls.hold -> 403 FORBIDDEN INVALID_SESSION (1001): <message>`.
    """

    def __init__(
        self,
        status: int,
        *,
        error: RestErrorInfo | None = None,
        op_id: str | None = None,
        body: str = "",
        method: str | None = None,
        url: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.status = status
        self.error = error
        self.op_id = op_id
        self.body = body
        self.method = method
        self.url = url
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        who = self.op_id or " ".join(p for p in (self.method, self.url) if p) or "request"
        parts = [f"{who} -> {self.status}", (self.error and self.error.httpStatus) or status_name(self.status)]
        if self.error is not None and self.error.type:
            parts.append(self.error.type + (f" ({self.error.code})" if self.error.code is not None else ""))
        head = " ".join(parts)
        if self.detail:
            text = self.detail
        elif self.error is not None:
            text = " / ".join(m for m in (self.error.helpMessage, self.error.innerMessage) if m)
        else:
            text = mask_body(self.body)
        return f"{head}: {_short(text)}" if text.strip() else head

    @property
    def type(self) -> str | None:
        """The RestErrorInfo type (`INVALID_SESSION`, ...) or None without an error body."""
        return self.error.type if self.error is not None else None

    @property
    def can_retry(self) -> bool | None:
        return self.error.canRetry if self.error is not None else None


class UnusableAnswer(O2GError):
    """The target answered 2xx, but the body cannot be used (not JSON, missing URL, no matching version)."""


class TargetUnreachable(Exception):
    """No answer from the target: the connection failed, broke, or the configured timeout passed."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float | None,
        cause: BaseException,
        method: str | None = None,
        op_id: str | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.cause = cause
        self.method = method
        self.op_id = op_id
        what = " ".join(p for p in (method, url) if p)
        label = f" ({op_id})" if op_id else ""
        limit = f"{timeout:g} s" if timeout is not None else "none"
        reason = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        if "Timeout" in type(cause).__name__:
            message = f"no answer from {what}{label} within the configured timeout of {limit} ({reason})"
        else:
            message = f"cannot reach {what}{label}: {reason} (configured timeout {limit})"
        super().__init__(message)

    @property
    def is_timeout(self) -> bool:
        return "Timeout" in type(self.cause).__name__

    @property
    def details(self) -> dict[str, Any]:
        return {"url": self.url, "timeout": self.timeout, "cause": repr(self.cause), "op_id": self.op_id}
