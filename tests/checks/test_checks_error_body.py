"""check_error_body: RestErrorInfo against the HTTP status and the error table (L311-338)."""

from __future__ import annotations

from typing import Any

import pytest

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import HarnessError, NonConformance, check_error_body, status_names


def _body(error_type: str, status_name: str) -> dict[str, Any]:
    row = load_catalog().error_table()[error_type]
    return {
        "httpStatus": status_name,
        "code": row["code"],
        "helpMessage": row["helpMessage"],
        "type": error_type,
        "canRetry": row["canRetry"],
    }


def test_reference_examples_pass(error_server_problem: dict[str, Any], error_invalid_session: dict[str, Any]) -> None:
    check_error_body(error_server_problem, 503, expected_type="SERVER_PROBLEM", expected_code=1007)
    check_error_body(error_invalid_session, 403, expected_type="INVALID_SESSION")


@pytest.mark.parametrize("error_type", sorted(load_catalog().error_table()))
def test_every_table_row_passes(error_type: str) -> None:
    check_error_body(_body(error_type, "BAD_REQUEST"), 400, expected_type=error_type)


def test_help_message_and_can_retry_are_optional(error_invalid_session: dict[str, Any]) -> None:
    for key in ("helpMessage", "canRetry", "innerMessage"):
        del error_invalid_session[key]
    check_error_body(error_invalid_session, 403)


def test_status_names() -> None:
    assert status_names(403) == ("FORBIDDEN",)
    assert status_names(503) == ("SERVICE_UNAVAILABLE",)
    assert status_names(413) == ("REQUEST_ENTITY_TOO_LARGE", "PAYLOAD_TOO_LARGE")
    assert status_names(599) == ()


def _fails(body: object, status: int, match: str, **kw: Any) -> NonConformance:
    with pytest.raises(NonConformance, match=match) as info:
        check_error_body(body, status, **kw)
    return info.value


def test_http_status_as_number_fails(error_invalid_session: dict[str, Any]) -> None:
    error_invalid_session["httpStatus"] = 403
    exc = _fails(error_invalid_session, 403, r"httpStatus: must be the status name string 'FORBIDDEN' .*not 403")
    assert exc.line == 311 and len(exc.problems) == 1


def test_http_status_naming_another_status_fails(error_invalid_session: dict[str, Any]) -> None:
    _fails(error_invalid_session, 401, r"'FORBIDDEN' does not name HTTP status 401 \('UNAUTHORIZED'\)")


def test_missing_identifying_fields_fail() -> None:
    exc = _fails({"innerMessage": "boom"}, 500, "3 problem")
    assert [p.split(":")[0] for p in exc.problems] == ["httpStatus", "type", "code"]


def test_code_type_mismatch_fails(error_invalid_session: dict[str, Any]) -> None:
    error_invalid_session["code"] = 1003
    _fails(error_invalid_session, 403, r"code: 1003 does not go with type INVALID_SESSION \(L314: 1001\)")


def test_unknown_type_and_code_fail(error_invalid_session: dict[str, Any]) -> None:
    error_invalid_session["type"] = "SESSION_EXPIRED"
    error_invalid_session["code"] = 2001
    exc = _fails(error_invalid_session, 403, "'SESSION_EXPIRED' is not in the error table")
    assert any(p.startswith("code: 2001 is not in the error table") for p in exc.problems)


def test_code_as_string_fails(error_invalid_session: dict[str, Any]) -> None:
    error_invalid_session["code"] = "1001"
    _fails(error_invalid_session, 403, r"code: expected an integer \(int\), received string '1001'")


def test_wrong_help_message_fails(error_invalid_session: dict[str, Any]) -> None:
    error_invalid_session["helpMessage"] = "Session expired."
    _fails(error_invalid_session, 403, r"helpMessage: differs from the INVALID_SESSION text \(L314\)")


def test_help_message_whitespace_is_not_significant(error_invalid_session: dict[str, Any]) -> None:
    error_invalid_session["helpMessage"] = error_invalid_session["helpMessage"].replace(" ", "  ") + "\n"
    check_error_body(error_invalid_session, 403)


def test_wrong_can_retry_fails(error_server_problem: dict[str, Any]) -> None:
    error_server_problem["canRetry"] = True
    _fails(error_server_problem, 503, r"canRetry: SERVER_PROBLEM documents canRetry false \(L320\)")


def test_inner_message_must_be_a_string(error_server_problem: dict[str, Any]) -> None:
    error_server_problem["innerMessage"] = {"exception": "PLUGIN_NOT_INSTALLED"}
    _fails(error_server_problem, 503, "innerMessage: expected a string, received object")


def test_not_an_object_fails() -> None:
    exc = _fails("<html>Service Unavailable</html>", 503, "error answers carry a RestErrorInfo object")
    assert exc.line == 364


def test_unexpected_type_and_code_fail(error_server_problem: dict[str, Any]) -> None:
    exc = _fails(error_server_problem, 503, "2 problem", expected_type="NOT_READY", expected_code=1000)
    assert exc.problems == (
        "type: this scenario expects 'NOT_READY', received 'SERVER_PROBLEM'",
        "code: this scenario expects 1000, received 1007",
    )


def _telephony_error() -> dict[str, Any]:
    body = _body("NOT_EXPECTED", "BAD_REQUEST")
    body["telephony"] = {"errorType": "CALL_REFERENCE_NOT_FOUND", "errorCause": "INVALID_CALL_ID", "message": "x"}
    return body


def test_telephony_details_pass() -> None:
    check_error_body(_telephony_error(), 400, telephony={"errorType": "CALL_REFERENCE_NOT_FOUND"})
    check_error_body(_telephony_error(), 400)


def test_telephony_detail_with_undocumented_enum_fails() -> None:
    body = _telephony_error()
    body["telephony"]["errorCause"] = "CALL_GONE"
    _fails(body, 400, "telephony.errorCause: 'CALL_GONE' is not a documented TelephonyErrorCause value")


def test_telephony_detail_other_than_expected_fails() -> None:
    _fails(
        _telephony_error(),
        400,
        r"telephony.errorType: this scenario expects 'LEG_NOT_FOUND', received 'CALL_REFERENCE_NOT_FOUND'",
        telephony={"errorType": "LEG_NOT_FOUND"},
    )


def test_expected_detail_object_missing_fails(error_invalid_session: dict[str, Any]) -> None:
    _fails(error_invalid_session, 403, "routing: this scenario expects a RoutingErrorInfo object", routing={})
    _fails(error_invalid_session, 403, "routing: this scenario expects", routing={"errorType": "UNAUTHORIZED"})


def test_routing_details() -> None:
    body = _body("BAD_PARAMETER", "BAD_REQUEST")
    body["routing"] = {
        "errorType": "BAD_PARAMETER_VALUE",
        "destinationType": "NUMBER",
        "errorCause": "BAD_PHONE_NUMBER_FORMAT",
        "message": "bad number",
    }
    check_error_body(body, 400, routing={"errorCause": "BAD_PHONE_NUMBER_FORMAT", "destinationType": "NUMBER"})
    body["routing"]["destinationType"] = "USER"  # named in RoutingErrorCause prose, not a DestinationType (L406)
    _fails(body, 400, "routing.destinationType: 'USER' is not a documented DestinationType value")


def test_user_preferences_details() -> None:
    body = _body("BAD_PARAMETER", "BAD_REQUEST")
    body["userPreferences"] = {"errorType": "WRONG_VALUE", "parameter": "GUI_LANGUAGE"}
    check_error_body(body, 400, user_preferences={"parameter": "GUI_LANGUAGE"})
    body["userPreferences"]["parameter"] = "TIME_ZONE"
    _fails(body, 400, "userPreferences.parameter: 'TIME_ZONE' is not a documented UserPreferencesParameterDTO value")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"expected_type": "SESSION_EXPIRED"}, "not in the error table"),
        ({"expected_code": 403}, "error code 403 is not in the error table"),
        ({"telephony": {"reason": "x"}}, "TelephonyErrorInfo has no field 'reason'"),
        ({"routing": {"errorType": "NOPE"}}, "not a RoutingErrorType value"),
    ],
)
def test_impossible_expectations_are_harness_errors(
    kw: dict[str, Any], match: str, error_invalid_session: dict[str, Any]
) -> None:
    with pytest.raises(HarnessError, match=match):
        check_error_body(error_invalid_session, 403, **kw)
