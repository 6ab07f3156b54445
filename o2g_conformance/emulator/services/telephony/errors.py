"""Telephony error answers: RestErrorInfo with the `telephony {errorType, errorCause, message}` detail.

The reference defines TelephonyErrorType and TelephonyErrorCause (o2g-rest-api-reference.txt L486-545)
but maps neither to an HTTP status nor to a RestErrorInfo type; each operation only lists the statuses it
may answer. The emulator's reading, one row per error type:

    errorType                  RestErrorInfo type  HTTP status
    CALL_REFERENCE_NOT_FOUND   NOT_FOUND           404 where the operation lists 404, else 400
    LEG_NOT_FOUND              NOT_FOUND           404 where the operation lists 404, else 400
    BAD_PARAMETER_VALUE        BAD_PARAMETER       400 (an unassigned destination: NOT_FOUND, 404 where listed)
    INCOMPATIBLE_WITH_STATE    NOT_EXPECTED        400 (no telephony operation lists 409)
    CALL_SERVER_ERROR          NOT_EXPECTED        400 (busy destination, device out of service)
    SERVICE_NOT_PROVIDED       NOT_SUPPORTED       400
    UNAUTHORIZED               NOT_ALLOWED         403
    SERVICE_UNAVAILABLE        SERVER_PROBLEM      503 (the pairing of the reference's example, L321-329)

UNAUTHORIZED is 403 on every operation although eight of them also list 401 (e.g. basicCall L2505-2551,
whereas hold L3170-3196 lists no 401 for the same device-ownership rule): 401 means "not authenticated"
in HTTP, and 403 is listed by all 53 operations.
"""

from __future__ import annotations

from typing import Any

from ...core.errors import ApiError

_REST = {
    "CALL_REFERENCE_NOT_FOUND": ("NOT_FOUND", None),
    "LEG_NOT_FOUND": ("NOT_FOUND", None),
    "BAD_PARAMETER_VALUE": ("BAD_PARAMETER", 400),
    "INCOMPATIBLE_WITH_STATE": ("NOT_EXPECTED", 400),
    "CALL_SERVER_ERROR": ("NOT_EXPECTED", 400),
    "SERVICE_NOT_PROVIDED": ("NOT_SUPPORTED", 400),
    "UNAUTHORIZED": ("NOT_ALLOWED", 403),
    "SERVICE_UNAVAILABLE": ("SERVER_PROBLEM", 503),
    "MAX_RESOURCES_EXCEEDED": ("NOT_EXPECTED", 400),
    "UNKNOWN": ("BAD_PARAMETER", 400),
}

#: A RestErrorInfo type raised by shared code (body validation, loginName rule) -> its telephony detail.
_FROM_REST = {
    "BAD_PARAMETER": ("BAD_PARAMETER_VALUE", "INVALID_DATA"),
    "NOT_FOUND": ("BAD_PARAMETER_VALUE", "UNKNOWN"),
    "NOT_ALLOWED": ("UNAUTHORIZED", "UNKNOWN"),
    "NOT_EXPECTED": ("INCOMPATIBLE_WITH_STATE", "UNKNOWN"),
    "NOT_SUPPORTED": ("SERVICE_NOT_PROVIDED", "UNKNOWN"),
    "SERVER_PROBLEM": ("CALL_SERVER_ERROR", "UNKNOWN"),
}


def telephony_error(
    error_type: str, cause: str, message: str, *, rest_type: str | None = None, status: int | None = None
) -> ApiError:
    """An error answer; without `rest_type`, the RestErrorInfo type and status come from the table above."""
    detail: dict[str, Any] = {"errorType": error_type, "errorCause": cause, "message": message}
    if rest_type is None:
        rest_type, status = _REST[error_type]
    return ApiError(rest_type, message, status=status, telephony=detail)


def error_type_of(err: ApiError) -> str | None:
    detail = err.details.get("telephony")
    return str(detail["errorType"]) if isinstance(detail, dict) and "errorType" in detail else None


def with_detail(err: ApiError) -> ApiError:
    """Give an error raised by shared code the telephony detail every telephony error answer carries."""
    if err.details.get("telephony") is None:
        error_type, cause = _FROM_REST.get(err.type, ("UNKNOWN", "UNKNOWN"))
        err.details["telephony"] = {"errorType": error_type, "errorCause": cause, "message": err.inner_message}
    return err


def call_not_found(ref: str) -> ApiError:
    return telephony_error("CALL_REFERENCE_NOT_FOUND", "INVALID_CALL_ID", f"no call {ref!r} for this user")


def leg_not_found(ref: str, device: str | None) -> ApiError:
    where = f"device {device}" if device else "an active device of the user"
    return telephony_error("LEG_NOT_FOUND", "INVALID_CONNECTION_STATE", f"call {ref}: no leg on {where}")


def bad_value(message: str, cause: str = "INVALID_DATA") -> ApiError:
    return telephony_error("BAD_PARAMETER_VALUE", cause, message)


def invalid_destination(number: str, *, unassigned: bool) -> ApiError:
    if unassigned:
        # Well formed but not in the dial plan: NOT_FOUND, so POST /telephony/calls answers its listed 404
        # (L2645-2749) while basicCall, which lists no 404 (L2505-2551), answers 400.
        return telephony_error(
            "BAD_PARAMETER_VALUE",
            "INVALID_DESTINATION",
            f"{number!r} is not a number of the dial plan",
            rest_type="NOT_FOUND",
        )
    return bad_value(f"{number!r} is not a valid phone number", "INVALID_DESTINATION")


def invalid_device(number: str) -> ApiError:
    return bad_value(f"{number!r} is not a device of the PBX (invalid csta device identifier, L2424)", "INVALID_DEVICE")


def incompatible(message: str, cause: str = "INVALID_CONNECTION_STATE") -> ApiError:
    return telephony_error("INCOMPATIBLE_WITH_STATE", cause, message)


def unauthorized(message: str) -> ApiError:
    return telephony_error("UNAUTHORIZED", "INVALID_DEVICE", message)


def busy(message: str) -> ApiError:
    return telephony_error("CALL_SERVER_ERROR", "RESOURCE_BUSY", message)


def out_of_service(device: str) -> ApiError:
    return telephony_error("CALL_SERVER_ERROR", "DEVICE_OUT_OF_SERVICE", f"device {device} is out of service (L2425)")


def service_unavailable(message: str) -> ApiError:
    return telephony_error("SERVICE_UNAVAILABLE", "UNKNOWN", message)


def not_provided(message: str) -> ApiError:
    return telephony_error("SERVICE_NOT_PROVIDED", "UNKNOWN", message)
