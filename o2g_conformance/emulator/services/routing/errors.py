"""Routing error answers: RestErrorInfo with the `routing {errorType, destinationType, errorCause, message}` detail.

RoutingErrorType, RoutingErrorCause and RoutingErrorInfo are defined with the general error model
(o2g-rest-api-reference.txt L364-471) but mapped neither to an HTTP status nor to a RestErrorInfo type.
The emulator's reading, one row per error type:

    errorType                 RestErrorInfo type  HTTP status
    BAD_PARAMETER_VALUE       BAD_PARAMETER       400
    INCOMPLETE_PHONE_NUMBER   BAD_PARAMETER       400
    UNKNOWN_PHONE_NUMBER      BAD_PARAMETER       400
    UNAUTHORIZED              NOT_ALLOWED         403
    INVALID_OPERATION         NOT_SUPPORTED       400
    UNKNOWN                   NOT_FOUND           404 where the operation lists it (no route set), else 400

Every error answer of a routing operation carries the detail, including those raised by shared code
(body validation, the loginName rule), so a client always finds `routing` on a routing error.
"""

from __future__ import annotations

from typing import Any

from ...core.errors import ApiError

_REST = {
    "BAD_PARAMETER_VALUE": ("BAD_PARAMETER", 400),
    "INCOMPLETE_PHONE_NUMBER": ("BAD_PARAMETER", 400),
    "UNKNOWN_PHONE_NUMBER": ("BAD_PARAMETER", 400),
    "UNAUTHORIZED": ("NOT_ALLOWED", 403),
    "INVALID_OPERATION": ("NOT_SUPPORTED", 400),
    "UNKNOWN": ("NOT_FOUND", None),
}

#: A RestErrorInfo type raised by shared code -> the routing errorType it stands for.
_FROM_REST = {
    "BAD_PARAMETER": "BAD_PARAMETER_VALUE",
    "NOT_FOUND": "BAD_PARAMETER_VALUE",
    "NOT_ALLOWED": "UNAUTHORIZED",
    "NOT_SUPPORTED": "INVALID_OPERATION",
}


def routing_error(error_type: str, cause: str, message: str, destination: str | None = None) -> ApiError:
    """An error answer with the routing detail; `destination` is the DestinationType concerned, if any."""
    detail: dict[str, Any] = {"errorType": error_type}
    if destination is not None:
        detail["destinationType"] = destination
    detail.update(errorCause=cause, message=message)
    rest_type, status = _REST[error_type]
    return ApiError(rest_type, message, status=status, routing=detail)


def with_detail(err: ApiError) -> ApiError:
    """Give an error raised by shared code the routing detail every routing error answer carries."""
    if err.details.get("routing") is None:
        error_type = _FROM_REST.get(err.type, "UNKNOWN")
        err.details["routing"] = {"errorType": error_type, "errorCause": "UNKNOWN", "message": err.inner_message}
    return err


def bad_value(cause: str, message: str, destination: str | None = None) -> ApiError:
    return routing_error("BAD_PARAMETER_VALUE", cause, message, destination)


def unauthorized(cause: str, message: str, destination: str | None = None) -> ApiError:
    return routing_error("UNAUTHORIZED", cause, message, destination)


def no_route(what: str) -> ApiError:
    """GET of a forward or overflow route that is not set: the 404 these operations list (L7143, L7316)."""
    return routing_error("UNKNOWN", "UNKNOWN", f"no {what} route is set")
