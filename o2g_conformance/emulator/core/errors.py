"""The emulator's one error model: `ApiError` and its factories render the documented RestErrorInfo body.

Every error answer of the emulator goes through `ApiError.body()`; handlers raise, one place renders
(reference: error management, o2g-rest-api-reference.txt L307-398).

    Exception
     └── ApiError            an O2G error answer (status + RestErrorInfo)

The reference does not map error types to HTTP statuses beyond two examples (INVALID_SESSION -> 403,
SERVER_PROBLEM -> 503, L321-338). The emulator's choices are in `_DEFAULT_STATUS`; a status the
operation does not document is replaced by 400, the one every operation lists.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ...catalog import Operation, load_catalog

_DEFAULT_STATUS = {
    "NOT_READY": 503,
    "INVALID_SESSION": 403,
    "NOT_ALLOWED": 403,
    "NOT_FOUND": 404,
    "NOT_EXPECTED": 409,
    "NOT_SUPPORTED": 400,
    "BAD_PARAMETER": 400,
    "SERVER_PROBLEM": 503,
}


class ApiError(Exception):
    """An error answer: HTTP status, RestErrorInfo type, inner message and optional service details."""

    def __init__(
        self,
        type_: str,
        inner_message: str,
        *,
        status: int | None = None,
        telephony: dict[str, Any] | None = None,
        routing: dict[str, Any] | None = None,
        user_preferences: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        table = load_catalog().error_table()
        if type_ not in table:
            raise ValueError(f"undocumented error type {type_!r}")
        super().__init__(f"{type_}: {inner_message}")
        self.type = type_
        self.inner_message = inner_message
        self.status = status or _DEFAULT_STATUS[type_]
        self.explicit_status = status is not None
        self.details = {"telephony": telephony, "routing": routing, "userPreferences": user_preferences}
        self.headers = headers or {}

    def status_for(self, op: Operation | None) -> int:
        """The status to send: the chosen one, or 400 when the operation documents neither it nor 404/409."""
        if op is None or self.explicit_status:
            return self.status
        documented = {r.code for r in op.responses}
        if self.status in documented or not documented:
            return self.status
        return 400 if 400 in documented else self.status

    def body(self, status: int | None = None) -> dict[str, Any]:
        row = load_catalog().error_table()[self.type]
        code = status or self.status
        out: dict[str, Any] = {
            "httpStatus": HTTPStatus(code).name,
            "code": row["code"],
            "helpMessage": row["helpMessage"],
            "type": self.type,
            "innerMessage": self.inner_message,
            "canRetry": row["canRetry"],
        }
        out.update({k: v for k, v in self.details.items() if v is not None})
        return out


def not_ready(msg: str = "The server is starting") -> ApiError:
    return ApiError("NOT_READY", msg)


def invalid_session(msg: str = "No framework session in API with this ID") -> ApiError:
    return ApiError("INVALID_SESSION", f"AlcChameleonException.BAD_FRAMEWORK_SESSION_IDENTIFIER {msg}")


def not_allowed(msg: str, status: int | None = None) -> ApiError:
    return ApiError("NOT_ALLOWED", msg, status=status)


def not_found(msg: str, status: int | None = None) -> ApiError:
    return ApiError("NOT_FOUND", msg, status=status)


def not_expected(msg: str, status: int | None = None) -> ApiError:
    return ApiError("NOT_EXPECTED", msg, status=status)


def not_supported(msg: str, status: int | None = None) -> ApiError:
    return ApiError("NOT_SUPPORTED", msg, status=status)


def bad_parameter(msg: str, status: int | None = None) -> ApiError:
    return ApiError("BAD_PARAMETER", msg, status=status)


def server_problem(msg: str, status: int | None = None) -> ApiError:
    return ApiError("SERVER_PROBLEM", msg, status=status)
