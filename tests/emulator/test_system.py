"""Maintenance: system status, CTI link down and up, OnPbxLoaded and OnServerStart (L8747-9204)."""

from __future__ import annotations

from typing import Any

import pytest

from o2g_conformance.catalog import LATEST
from o2g_conformance.checks import check_body, check_event
from tests.emulator.emulator_support import ADMIN, ALICE, Api
from tests.emulator.test_webhook import Receiver

CONTROL = "/__emulator__"
STATUS = "/api/rest/1.0/system/status"
CALLS = "/api/rest/1.0/telephony/calls"


def next_event(stream: Any) -> dict[str, Any]:
    event: dict[str, Any] = stream.next()
    while event["eventName"] == "OnChannelInformation":
        event = stream.next()
    return event


def test_system_status_is_for_administrators(api: Api) -> None:
    Api.check_error(api.session(ALICE).get(STATUS), 403, "NOT_ALLOWED")
    admin = api.session(ADMIN)
    r = admin.get(STATUS)
    assert r.status_code == 200
    body = r.json()
    check_body("system.status.get", 200, body, LATEST)
    pbx = body["pbxs"][0]
    assert (pbx["nodeId"], pbx["ctiLinkState"], pbx["loaded"]) == (7, "CONNECTED_MAIN", True)
    assert pbx["monitoredUserNumber"] == 10
    lics = {lic["name"]: lic for lic in body["license"]["lics"]}
    assert body["license"]["type"] == "FLEXLM"
    assert lics["ROXE_API_TEL_ADVANCED"]["total"] == 1000 and lics["ROXE_API_TEL_ADVANCED"]["currentUsed"] == 0
    assert admin.get(CALLS, params={"loginName": "oxe70120"}).status_code == 200
    lics = {lic["name"]: lic for lic in admin.get(STATUS).json()["license"]["lics"]}
    assert lics["ROXE_API_TEL_ADVANCED"]["currentUsed"] == 1


def test_status_shows_expiration_and_lms(api: Api) -> None:
    r = api.control.post(
        f"{CONTROL}/licences",
        json={"mode": "OPEX", "expiration": "2026-06-30", "licences": [{"name": "api-tel-f", "total": 50}]},
    )
    assert r.status_code == 200
    body = api.session(ADMIN).get(STATUS).json()
    check_body("system.status.get", 200, body, LATEST)
    assert body["license"]["type"] == "LMS" and body["license"]["status"] == "NORMAL"
    assert body["license"]["lics"] == [
        {"name": "api-tel-f", "total": 50, "currentUsed": 0, "expiration": "2026-06-30", "application": True}
    ]


def _system_stream(api: Api) -> Any:
    admin = api.session(ADMIN)
    sub = api.subscribe(admin, {"names": ["system"]}, timeout=0)
    stream = api.stream(sub["privatePollingUrl"])
    assert stream.next()["text"] == "Chunk started"
    return stream


def test_cti_link_down_and_up(api: Api) -> None:
    stream = _system_stream(api)
    alice = api.session(ALICE)
    r = api.control.post(f"{CONTROL}/cti", json={"state": "DISCONNECTED"})
    assert r.json()["links"] == [{"nodeId": 7, "ctiLinkState": "DISCONNECTED"}]
    assert api.session(ADMIN).get(STATUS).json()["pbxs"][0]["ctiLinkState"] == "DISCONNECTED"
    body = Api.check_error(alice.get(CALLS), 503, "SERVER_PROBLEM")
    assert body["telephony"]["errorType"] == "SERVICE_UNAVAILABLE" and "CTI link" in body["innerMessage"]
    assert alice.get("/api/rest/1.0/sessions").status_code == 200  # only telephony needs the link
    api.advance(29)
    assert api.publish({"eventName": "OnPbxLoaded", "nodeId": "marker"}) == 1
    assert next_event(stream)["nodeId"] == "marker"  # nothing before 30 s (L8926)
    api.advance(1)
    down = next_event(stream)
    assert down == {"eventName": "OnCtiLinkDown", "nodeId": "7"}
    check_event(down, LATEST)
    api.control.post(f"{CONTROL}/cti", json={"state": "CONNECTED_SECONDARY", "nodeId": 7})
    assert next_event(stream) == {"eventName": "OnCtiLinkUp", "nodeId": "7"}
    assert alice.get(CALLS).status_code == 200


def test_a_short_outage_is_not_notified(api: Api) -> None:
    stream = _system_stream(api)
    api.control.post(f"{CONTROL}/cti", json={"state": "DISCONNECTED", "eventDelay": 60})
    api.advance(45)
    api.control.post(f"{CONTROL}/cti", json={"state": "CONNECTED_MAIN"})
    api.advance(60)
    assert api.publish({"eventName": "OnPbxLoaded", "nodeId": "marker"}) == 1
    assert next_event(stream)["nodeId"] == "marker"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"state": "BROKEN"}, "'state'"),
        ({"state": "DISCONNECTED", "nodeId": 99}, "no OXE node 99"),
        ({"state": "DISCONNECTED", "eventDelay": 10}, "eventDelay"),
        ({"state": "DISCONNECTED", "nodeId": "7"}, "nodeId"),
    ],
)
def test_bad_cti_requests_are_refused(api: Api, body: dict[str, Any], field: str) -> None:
    r = api.control.post(f"{CONTROL}/cti", json=body)
    assert field in Api.check_error(r, 400, "BAD_PARAMETER")["innerMessage"]
    assert api.control.get(f"{CONTROL}/cti").json()["links"][0]["ctiLinkState"] == "CONNECTED_MAIN"


def test_server_start_goes_to_webhook_subscriptions(api: Api) -> None:
    receiver = Receiver()
    try:
        admin = api.session(ADMIN)
        sub = api.subscribe(admin, {"names": ["system"]}, webHookUrl=receiver.url)
        api.control.post(f"{CONTROL}/startup", json={"seconds": 10})
        api.advance(10)
        calls = receiver.wait_for(2)
        assert [c["body"] for c in calls] == [
            {"eventName": "OnPbxLoaded", "nodeId": "7"},
            {"eventName": "OnServerStart", "serverId": "127.0.0.1"},
        ]
        assert calls[1]["cookie"] == f"AlcUserId={sub['subscriptionId']}"
        check_event(calls[1]["body"], LATEST)
    finally:
        receiver.close()
