"""Subscriptions (L2080-2417): accepted and refused filters, bad requests, update, delete, ownership."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.emulator_support import ADMIN, ALICE, BRUNO, Api

SUBS = "/api/rest/1.0/subscriptions"
CALL = {"eventName": "OnCallCreated", "loginName": "oxe70120", "callRef": "1"}
USER_INFO = {"eventName": "OnUserInfoChanged", "loginName": "oxe70120"}


def _post(c: httpx.Client, body: Any) -> httpx.Response:
    return c.post(SUBS, json=body)


def test_a_user_subscription_without_ids_is_accepted_for_the_users_own_events(api: Api) -> None:
    c = api.session(ALICE)
    body = api.subscribe(c, {"names": ["telephony"]})
    assert body["status"] == "ACCEPTED" and body["message"] == ""
    assert body["mode"] == "CHUNK" and body["format"] == "JSON"  # as real servers answer (wire-facts, events 1)
    sub_id = body["subscriptionId"]
    url = f"{api.url}/api/rest/1.0/OTEvents?subscriptionId={sub_id}"
    assert body["publicPollingUrl"] == body["privatePollingUrl"] == url
    assert api.publish(CALL, subject="oxe70121") == 0
    assert api.publish(CALL, subject="oxe70120") == 1
    [view] = api.state()["subscriptions"]
    assert (view["id"], view["owner"], view["mode"], view["queued"]) == (sub_id, "oxe70120", "CHUNK", 1)


@pytest.mark.parametrize(
    ("account", "selectors", "extra"),
    [
        (ALICE, [{"ids": ["oxe70120"], "names": ["telephony", "OnCallCreated"]}], {}),
        (ALICE, [{"names": ["OnCallCreated"]}, {"names": ["eventSummary"]}, {"names": ["system"]}], {}),
        (ALICE, [{"names": ["telephony"]}], {"timeout": 0}),
        (ALICE, [{"names": ["telephony"]}], {"timeout": 2}),
        (ALICE, [{"names": ["telephony"]}], {"timeout": 60}),
        (ALICE, [{"names": ["telephony"]}], {"sessionId": "reserved"}),
        (ADMIN, [{"ids": ["oxe70120", "oxe70121"], "names": ["telephony"]}], {}),
        (ADMIN, [{"ids": ["*"], "names": ["telephony"]}, {"names": ["pbxManagement"]}], {}),
        (ADMIN, [{"ids": ["60141"], "names": ["pilot"]}, {"ids": ["65000"], "names": ["rsi"]}], {}),
    ],
)
def test_accepted_subscriptions(
    api: Api, account: tuple[str, str], selectors: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    body = api.subscribe(api.session(account), *selectors, **extra)
    assert body["status"] == "ACCEPTED", body


def test_an_administrator_wildcard_reaches_every_user(api: Api) -> None:
    api.subscribe(api.session(ADMIN), {"ids": ["*"], "names": ["telephony"]})
    assert api.publish(CALL, subject="oxe70125") == 1


@pytest.mark.parametrize(
    ("account", "body", "reason"),
    [
        (ALICE, {"selectors": [{"ids": ["*"], "names": ["telephony"]}]}, "wildcard"),
        (ALICE, {"selectors": [{"ids": ["oxe70121"], "names": ["telephony"]}]}, "its own events"),
        (ALICE, {"selectors": [{"ids": ["oxe99999"], "names": ["telephony"]}]}, "unknown login"),
        (ALICE, {"selectors": [{"names": ["OnNoSuchEvent"]}]}, "unknown event or package name"),
        (ALICE, {"selectors": [{"names": ["OnCallCreated", "OnEventSummaryUpdated"]}]}, "cannot be mixed"),
        (ALICE, {"selectors": [{"names": []}]}, "'names'"),
        (ALICE, {"selectors": [{"names": [""]}]}, "'names'"),
        (ALICE, {"selectors": [{"ids": ["oxe70120"]}]}, "'names'"),
        (ALICE, {"selectors": [{"ids": ["oxe70120"], "names": ["system"]}]}, "must be absent"),
        (ALICE, {"selectors": [{"names": ["telephony"], "ids": "oxe70120"}]}, "'ids' must be a list"),
        (ALICE, {"selectors": []}, "at least one selector"),
        (ALICE, {"selectors": ["telephony"]}, "not an object"),
        (ALICE, {}, "at least one selector"),
        (ADMIN, {"selectors": [{"names": ["telephony"]}]}, "mandatory for an administrator"),
        (ADMIN, {"selectors": [{"names": ["rsi"]}]}, "needs 'ids'"),
    ],
)
def test_refused_filters_answer_200_refused_with_a_message(
    api: Api, account: tuple[str, str], body: dict[str, Any], reason: str
) -> None:
    r = _post(api.session(account), {"filter": body, "version": "1.0"})
    assert r.status_code == 200  # a refused subscription still answers 200 (L2129-2132)
    answer = r.json()
    assert answer["status"] == "REFUSED" and reason in answer["message"], answer
    assert "subscriptionId" not in answer
    assert api.state()["subscriptions"] == []


@pytest.mark.parametrize("timeout", [1, 61, -1, 100000])
def test_a_timeout_out_of_range_is_refused(api: Api, timeout: int) -> None:
    body = {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0", "timeout": timeout}
    r = _post(api.session(ALICE), body)
    assert r.status_code == 200
    assert r.json()["status"] == "REFUSED" and "timeout" in r.json()["message"]


def test_an_unknown_event_version_is_refused(api: Api) -> None:
    r = _post(api.session(ALICE), {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "9.9"})
    assert r.status_code == 200 and r.json()["status"] == "REFUSED"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"filter": {"selectors": [{"names": ["telephony"]}]}}, id="missing version"),
        pytest.param({"filter": {"selectors": []}, "version": 1.0}, id="version not a string"),
        pytest.param({"filter": {"selectors": []}, "version": ""}, id="empty version"),
        pytest.param({"filter": "telephony", "version": "1.0"}, id="filter not an object"),
        pytest.param({"filter": {"selectors": []}, "version": "1.0", "timeout": "10"}, id="timeout a string"),
        pytest.param({"filter": {"selectors": []}, "version": "1.0", "timeout": 1.5}, id="timeout a float"),
        pytest.param({"filter": {"selectors": []}, "version": "1.0", "webHookUrl": 8091}, id="webHookUrl a number"),
        pytest.param({"filter": {"selectors": []}, "version": "1.0", "webHookUrl": "ftp://x/y"}, id="webHookUrl ftp"),
        pytest.param([{"version": "1.0"}], id="array body"),
        pytest.param("1.0", id="string body"),
    ],
)
def test_bad_subscription_requests_are_400(api: Api, body: Any) -> None:
    Api.check_error(_post(api.session(ALICE), body), 400, "BAD_PARAMETER")


def test_malformed_or_missing_json_is_400(api: Api) -> None:
    c = api.session(ALICE)
    headers = {"Content-Type": "application/json"}
    Api.check_error(c.post(SUBS, content=b'{"version": "1.0",', headers=headers), 400, "BAD_PARAMETER")
    Api.check_error(c.post(SUBS, headers=headers), 400, "BAD_PARAMETER")


def test_update_replaces_the_filter_with_a_bare_filter(api: Api) -> None:
    c = api.session(ALICE)
    api.subscribe(c, {"names": ["telephony"]})
    assert api.publish(USER_INFO, subject="oxe70120") == 0
    r = c.put(SUBS, json={"selectors": [{"ids": ["oxe70120"], "names": ["user"]}]})  # L2300-2307
    assert r.status_code == 204
    assert api.publish(USER_INFO, subject="oxe70120") == 1
    assert api.publish(CALL, subject="oxe70120") == 0


def test_update_accepts_a_wrapped_filter_and_refuses_a_bad_one(api: Api) -> None:
    c = api.session(ALICE)
    api.subscribe(c, {"names": ["telephony"]})
    assert c.put(SUBS, json={"filter": {"selectors": [{"names": ["eventSummary"]}]}}).status_code == 204
    Api.check_error(c.put(SUBS, json={"selectors": [{"names": ["OnNoSuchEvent"]}]}), 400, "BAD_PARAMETER")
    Api.check_error(c.put(SUBS, json=["telephony"]), 400, "BAD_PARAMETER")


def test_update_without_a_subscription_is_refused(api: Api) -> None:
    r = api.session(ALICE).put(SUBS, json={"selectors": [{"names": ["telephony"]}]})
    Api.check_error(r, 400, "NOT_FOUND")  # 404 is not documented for PUT /subscriptions


def test_delete(api: Api) -> None:
    c = api.session(ALICE)
    sub_id = api.subscribe(c, {"names": ["telephony"]})["subscriptionId"]
    assert c.delete(f"{SUBS}/{sub_id}").status_code == 204
    assert api.state()["subscriptions"] == []
    assert api.publish(CALL, subject="oxe70120") == 0
    Api.check_error(c.delete(f"{SUBS}/{sub_id}"), 400, "NOT_FOUND")  # 404 is not documented for DELETE


def test_someone_elses_subscription_cannot_be_deleted(api: Api) -> None:
    alice, bruno = api.session(ALICE), api.session(BRUNO)
    sub_id = api.subscribe(alice, {"names": ["telephony"]})["subscriptionId"]
    Api.check_error(bruno.delete(f"{SUBS}/{sub_id}"), 403, "NOT_ALLOWED")
    assert [s["id"] for s in api.state()["subscriptions"]] == [sub_id]


def test_closing_the_session_deletes_its_subscriptions(api: Api) -> None:
    alice, bruno = api.session(ALICE), api.session(BRUNO)
    api.subscribe(alice, {"names": ["telephony"]})
    api.subscribe(alice, {"names": ["eventSummary"]})
    kept = api.subscribe(bruno, {"names": ["telephony"]})["subscriptionId"]
    assert alice.delete("/api/rest/1.0/sessions").status_code == 204
    assert [s["id"] for s in api.state()["subscriptions"]] == [kept]


def test_an_expired_session_deletes_its_subscriptions(api: Api) -> None:
    api.subscribe(api.session(ALICE), {"names": ["telephony"]})
    api.advance(1800 + 5)
    assert api.state()["subscriptions"] == []
