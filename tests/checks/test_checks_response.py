"""check_status and check_body against reference answers and deliberately wrong ones."""

from __future__ import annotations

from typing import Any

import pytest

from o2g_conformance.catalog import ApiVersion
from o2g_conformance.checks import HarnessError, NonConformance, check_body, check_status

V272, V273, V274 = ApiVersion("2.7.2"), ApiVersion("2.7.3"), ApiVersion("2.7.4")


# --- check_status -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [204, 400, 403, 500, 503])
def test_status_documented_passes(status: int) -> None:
    check_status("telephony.calls.hold", status)


def test_status_expected_passes() -> None:
    check_status("telephony.calls.hold", 204, expected=204)


def test_undocumented_status_fails() -> None:
    with pytest.raises(NonConformance) as info:
        check_status("telephony.calls.hold", 200)
    exc = info.value
    assert (exc.op_id, exc.line, exc.received) == ("telephony.calls.hold", 3170, 200)
    assert str(exc).startswith("telephony.calls.hold (o2g-rest-api-reference.txt L3170): status code")
    assert "204 No Content" in str(exc) and "received 200" in str(exc)


def test_documented_but_unexpected_status_fails() -> None:
    with pytest.raises(NonConformance, match=r"documented status 204 No Content, received 403 Forbidden"):
        check_status("telephony.calls.hold", 403, expected=204)


def test_expecting_an_undocumented_status_is_a_harness_error() -> None:
    with pytest.raises(HarnessError, match="does not document status 418"):
        check_status("telephony.calls.hold", 204, expected=418)


def test_unknown_operation_is_a_harness_error() -> None:
    with pytest.raises(HarnessError, match=r"unknown operation id 'telephony\.calls\.juggle'"):
        check_status("telephony.calls.juggle", 204)
    with pytest.raises(HarnessError):
        check_body("telephony.calls.juggle", 204, None, V274)


# --- check_body ---------------------------------------------------------------------------------


def test_session_body_passes(session_user: dict[str, Any], session_admin: dict[str, Any]) -> None:
    check_body("sessions.session.open", 200, session_user, V274)
    check_body("sessions.session.open", 200, session_admin, V274)
    check_body("sessions.session.get", 200, session_user, V274)


def test_subscription_body_passes(subscription: dict[str, Any]) -> None:
    check_body("subscriptions.subscription.create", 200, subscription, V274)


def test_root_and_system_status_bodies_pass(root_descriptor: dict[str, Any], system_status: dict[str, Any]) -> None:
    check_body("root.descriptor.get", 200, root_descriptor, V274)
    check_body("system.status.get", 200, system_status, V274)


def test_body_missing_required_field_fails_with_all_paths(session_user: dict[str, Any]) -> None:
    del session_user["services"][2]["relativeUrl"]
    session_user["services"][0]["serviceName"] = None
    with pytest.raises(NonConformance) as info:
        check_body("sessions.session.open", 200, session_user, V274)
    exc = info.value
    assert exc.op_id == "sessions.session.open" and exc.line == 1037
    assert exc.problems == (
        "services[0].serviceName: required field [1] of Service is null",
        "services[2].relativeUrl: required field [1] of Service is missing",
    )
    assert "SessionInfo" in str(exc)


def test_body_wrong_enum_fails(subscription: dict[str, Any]) -> None:
    subscription["status"] = "PENDING"
    with pytest.raises(NonConformance, match=r"status: 'PENDING' is not a documented SubscriptionState value"):
        check_body("subscriptions.subscription.create", 200, subscription, V274)


def test_body_strict_reports_undocumented_fields(subscription: dict[str, Any]) -> None:
    with pytest.raises(NonConformance, match="mode: field not documented in Subscription"):
        check_body("subscriptions.subscription.create", 200, subscription, V274, strict=True)


def test_body_required_field_of_newer_version(system_status: dict[str, Any]) -> None:
    del system_status["pbxs"][0]["drLinks"][0]["initiator"]
    check_body("system.status.get", 200, system_status, V272)
    with pytest.raises(
        NonConformance, match=r"pbxs\[0\]\.drLinks\[0\]\.initiator: required field \[1\] \(since 2.7.3\)"
    ):
        check_body("system.status.get", 200, system_status, V273)


@pytest.mark.parametrize("empty", [None, ""])
def test_204_without_body_passes(empty: object) -> None:
    check_body("telephony.calls.hold", 204, empty, V274)


@pytest.mark.parametrize("body", [{}, {"callRef": "x"}, "done", []])
def test_204_with_a_body_fails(body: object) -> None:
    with pytest.raises(NonConformance, match="204 No Content carries no body"):
        check_body("telephony.calls.hold", 204, body, V274)


def test_documented_type_but_no_body_fails() -> None:
    with pytest.raises(
        NonConformance, match="200 carries a SessionInfo body: documented SessionInfo, received no body"
    ):
        check_body("sessions.session.open", 200, None, V274)


def test_body_for_undocumented_status_fails() -> None:
    with pytest.raises(NonConformance, match="a body for a documented status"):
        check_body("telephony.calls.hold", 200, {"ok": True}, V274)


def test_created_call_with_location_only_passes() -> None:
    # 201 typed 'string'; the examples answer with a Location header and no body (L2707-2708).
    check_body("telephony.calls.make", 201, None, V274)
    check_body("telephony.calls.make", 201, "e4c3a0564c030100", V274)


def test_created_call_with_a_non_string_body_fails() -> None:
    with pytest.raises(NonConformance, match="expected a string, received object"):
        check_body("telephony.calls.make", 201, {"callRef": "e4c3a0564c030100"}, V274)


def test_file_answer_is_not_looked_into() -> None:
    check_body("messaging.voicemail.download", 200, "RIFF....WAVEfmt", V274)


def test_untyped_2xx_of_a_non_file_operation_must_be_empty() -> None:
    check_body("pbx.instances.create", 201, None, V274)
    with pytest.raises(NonConformance, match="201 documents no content"):
        check_body("pbx.instances.create", 201, {"objectId": "1"}, V274)


def test_error_status_body_is_a_rest_error_info(error_invalid_session: dict[str, Any]) -> None:
    check_body("telephony.calls.hold", 403, error_invalid_session, V274)
    check_body("telephony.calls.hold", 403, None, V274)
    error_invalid_session["canRetry"] = "true"
    with pytest.raises(NonConformance, match="canRetry: expected a boolean, received string 'true'"):
        check_body("telephony.calls.hold", 403, error_invalid_session, V274)
