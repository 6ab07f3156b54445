"""check_event: documented event names and fields, version-aware."""

from __future__ import annotations

from typing import Any

import pytest

from o2g_conformance.catalog import ApiVersion
from o2g_conformance.checks import NonConformance, check_event

V272, V273, V274 = ApiVersion("2.7.2"), ApiVersion("2.7.3"), ApiVersion("2.7.4")


def test_real_on_call_created_passes(on_call_created: dict[str, Any]) -> None:
    check_event(on_call_created, V274)
    check_event(on_call_created, ApiVersion("2.7"))


@pytest.mark.parametrize(
    "event",
    [
        {"eventName": "OnChannelInformation", "text": "Chunk started"},  # wire-facts, events 3
        {"eventName": "OnChannelInformation", "text": "keepalive"},  # L2122
        {"eventName": "OnUserStateModified", "loginName": "oxe70020", "state": "BUSY"},
        {"eventName": "OnCtiLinkDown", "nodeId": "7"},
        {"eventName": "OnComRecordsDeleted", "loginName": "oxe70020"},
        {"eventName": "OnLicenseExpiration", "message": "expires", "nbDays": -3},
        {"eventName": "OnPreferencesChanged", "loginName": "oxe70020"},  # payload undocumented
    ],
)
def test_documented_events_pass(event: dict[str, Any]) -> None:
    check_event(event, V274)


def test_unknown_event_name_fails() -> None:
    with pytest.raises(
        NonConformance, match=r"eventName names a documented event.*closest: OnCallCreated.*OnCallCreatd"
    ):
        check_event({"eventName": "OnCallCreatd", "loginName": "a"}, V274)


@pytest.mark.parametrize("event", [None, [], "OnCallCreated", {"loginName": "a"}, {"eventName": 5}])
def test_malformed_event_fails(event: object) -> None:
    with pytest.raises(NonConformance, match="an event"):
        check_event(event, V274)


def test_missing_required_field_fails(on_call_created: dict[str, Any]) -> None:
    del on_call_created["callRef"]
    del on_call_created["legs"][0]["deviceId"]
    with pytest.raises(NonConformance) as info:
        check_event(on_call_created, V274)
    assert info.value.problems == (
        "callRef: required field [1] of OnCallCreated is missing",
        "legs[0].deviceId: required field [1] of Leg is missing",
    )
    assert "event OnCallCreated carries its documented fields (2 problem(s))" in str(info.value)


def test_wrong_enum_value_fails(on_call_created: dict[str, Any]) -> None:
    on_call_created["callData"]["state"] = "CONNECTED"
    with pytest.raises(NonConformance, match=r"callData.state: 'CONNECTED' is not a documented MediaState value"):
        check_event(on_call_created, V274)


def test_wrong_type_fails() -> None:
    with pytest.raises(NonConformance, match=r"nbDays: expected an integer \(long\), received string '-3'"):
        check_event({"eventName": "OnLicenseExpiration", "message": "expires", "nbDays": "-3"}, V274)


def test_event_of_a_newer_version_fails_on_an_older_target() -> None:
    rti = {"eventName": "OnQueueRtiChanged", "name": "Q1", "number": "5000", "type": "Normal"}
    check_event(rti, V274)
    with pytest.raises(NonConformance, match=r"event OnQueueRtiChanged exists on API 2.7.3.*since 2.7.4"):
        check_event(rti, V273)


def test_newer_field_is_tolerated_on_an_older_target_unless_strict() -> None:
    created: dict[str, Any] = {"eventName": "OnPilotCallCreated", "pilot": "5000", "caller": "70020", "callRef": "c1"}
    created["cause"] = "DISTRIBUTED"
    created["callData"] = {}  # CallDataPilot since 2.7.2
    check_event(created, V272)
    check_event(created, ApiVersion("2.7.1"))
    with pytest.raises(NonConformance, match=r"callData: field of OnPilotCallCreated introduced in 2.7.2"):
        check_event(created, ApiVersion("2.7.1"), strict=True)


def test_strict_reports_undocumented_fields(on_call_created: dict[str, Any]) -> None:
    on_call_created["mood"] = "happy"
    check_event(on_call_created, V274)
    with pytest.raises(NonConformance, match="mood: field not documented in OnCallCreated"):
        check_event(on_call_created, V274, strict=True)


def test_partial_com_record_in_modified_event_only() -> None:
    # "all or part of the modified fields" (L8409): comRef and medias ([1], [1..*]) may be absent.
    modified: dict[str, Any] = {"eventName": "OnComRecordModified", "loginName": "oxe32535", "record": {"recordId": 1}}
    modified["record"]["acknowledged"] = True
    check_event(modified, V274)
    created = dict(modified, eventName="OnComRecordCreated")
    with pytest.raises(NonConformance) as info:
        check_event(created, V274)
    assert info.value.problems == (
        "record.comRef: required field [1] of ComHistoryRecord is missing",
        "record.medias: required field [1..*] of ComHistoryRecord is missing",
    )
    modified["record"]["acknowledged"] = "yes"
    with pytest.raises(NonConformance, match=r"record.acknowledged: expected a boolean"):
        check_event(modified, V274)
