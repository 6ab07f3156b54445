"""The HTTP chunk channel (L2110-2146; wire-facts, events 2-5): framing, queueing, keepalive, lifetime."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.emulator_support import ADMIN, ALICE, Api, Stream

STARTED = {"eventName": "OnChannelInformation", "text": "Chunk started"}
KEEPALIVE = {"eventName": "OnChannelInformation", "text": "keepalive"}
SUBS = "/api/rest/1.0/subscriptions"


def _event(ref: str, **extra: str) -> dict[str, str]:
    return {"eventName": "OnCallCreated", "loginName": "oxe70120", "callRef": ref, **extra}


def _open(api: Api, method: str = "GET", **extra: int) -> tuple[httpx.Client, str, Stream]:
    """Alice's session, a telephony subscription and its open channel (past the first line)."""
    c = api.session(ALICE)
    sub = api.subscribe(c, {"names": ["telephony"]}, **extra)
    stream = api.stream(sub["publicPollingUrl"], method)
    assert stream.status == 200
    assert stream.next() == STARTED  # the channel is attached once this line is out
    return c, sub["subscriptionId"], stream


def _listed(api: Api, sub_id: str) -> bool:
    return any(s["id"] == sub_id for s in api.state()["subscriptions"])


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_get_and_post_open_the_channel_without_cookie(api: Api, method: str) -> None:
    _, _, stream = _open(api, method)
    assert [s["channelOpen"] for s in api.state()["subscriptions"]] == [True]
    api.publish(_event("1"), subject="oxe70120")
    assert stream.next() == _event("1")


@pytest.mark.parametrize("path", ["/api/rest/1.0/OTEvents", "/api/rest/1.0/events", "/OTEvents", "/events"])
def test_every_polling_path_serves_the_channel(api: Api, path: str) -> None:
    sub = api.subscribe(api.session(ALICE), {"names": ["telephony"]})
    stream = api.stream(f"{api.url}{path}?subscriptionId={sub['subscriptionId']}", "POST")
    assert stream.next() == STARTED


def test_lines_are_compact_utf8_json(api: Api) -> None:
    with httpx.Client(timeout=5) as raw:
        sub = api.subscribe(api.session(("oxe70121", "1211")), {"names": ["telephony"]})
        api.publish({"eventName": "OnCallCreated", "loginName": "oxe70121", "text": "Zoë 北京"}, subject="oxe70121")
        with raw.stream("GET", sub["publicPollingUrl"]) as resp:
            assert resp.headers["content-type"].startswith("application/json")
            chunks = resp.iter_bytes()
            data = b""
            while data.count(b"\n") < 2:
                data += next(chunks)
    first, second = data.split(b"\n")[:2]
    assert first == b'{"eventName":"OnChannelInformation","text":"Chunk started"}'
    assert second == '{"eventName":"OnCallCreated","loginName":"oxe70121","text":"Zoë 北京"}'.encode()


def test_events_before_the_channel_opens_are_queued_and_delivered_first(api: Api) -> None:
    c = api.session(ALICE)
    sub = api.subscribe(c, {"names": ["telephony"]})
    api.publish(_event("1"), subject="oxe70120")
    api.publish(_event("2"), subject="oxe70120")
    assert api.state()["subscriptions"][0]["queued"] == 2
    stream = api.stream(sub["publicPollingUrl"])
    assert [stream.next() for _ in range(3)] == [STARTED, _event("1"), _event("2")]
    api.publish(_event("3"), subject="oxe70120")
    assert stream.next() == _event("3")


def test_a_keepalive_every_idle_minute(api: Api) -> None:
    _, _, stream = _open(api)
    api.advance(59)
    api.publish(_event("1"), subject="oxe70120")  # activity restarts the idle minute
    assert stream.next() == _event("1")
    api.advance(59)
    api.advance(1)
    assert stream.next() == KEEPALIVE
    api.advance(60)
    assert stream.next() == KEEPALIVE


def test_the_server_closes_an_idle_channel_after_the_timeout_then_removes_the_subscription(api: Api) -> None:
    _, sub_id, stream = _open(api, timeout=2)
    api.advance(2 * 60 - 1)
    assert not stream.ended(0.2)
    api.advance(1)
    assert stream.ended()  # closed on server side (L2113)
    assert _listed(api, sub_id)
    api.advance(59)
    assert _listed(api, sub_id)
    api.advance(1)  # not reopened within one minute: the subscription is closed (L2139)
    assert not _listed(api, sub_id)
    reopened = api.client().get(f"/api/rest/1.0/OTEvents?subscriptionId={sub_id}")
    Api.check_error(reopened, 404, "NOT_FOUND")


def test_reopening_within_the_minute_keeps_the_subscription(api: Api) -> None:
    _, sub_id, stream = _open(api, timeout=2)
    api.advance(120)
    assert stream.ended()
    api.advance(30)
    again = api.stream(f"{api.url}/api/rest/1.0/OTEvents?subscriptionId={sub_id}")
    assert again.next() == STARTED
    api.advance(40)  # past the minute that followed the first close
    assert _listed(api, sub_id)
    api.publish(_event("1"), subject="oxe70120")
    assert again.next() == _event("1")


def test_activity_restarts_the_inactivity_timeout(api: Api) -> None:
    _, _, stream = _open(api, timeout=2)
    api.advance(100)
    api.publish(_event("1"), subject="oxe70120")
    assert [stream.next(), stream.next()] == [KEEPALIVE, _event("1")]  # keepalives are not activity
    api.advance(100)
    assert not stream.ended(0.2)
    api.advance(20)
    assert stream.ended()


def test_timeout_zero_keeps_the_channel_as_long_as_the_session_with_keepalives(api: Api) -> None:
    c, sub_id, stream = _open(api, timeout=0)
    for _ in range(2):
        api.advance(1500)
        assert c.post("/api/rest/1.0/sessions/keepalive").status_code == 204
    assert not stream.ended(0.2)
    assert [stream.next() for _ in range(50)] == [KEEPALIVE] * 50
    api.advance(1800 + 5)  # the channel's lifetime is the session's (L2395)
    assert stream.ended()
    assert not _listed(api, sub_id)


def test_a_client_leaving_ends_the_subscription_a_minute_later(api: Api) -> None:
    _, sub_id, stream = _open(api)
    stream.close()
    for _ in range(50):  # the server notices the disconnect asynchronously
        if not api.state()["subscriptions"][0]["channelOpen"]:
            break
        stream.ended(0.02)
    assert not api.state()["subscriptions"][0]["channelOpen"]
    api.publish(_event("1"), subject="oxe70120")  # queued for a reopening client
    api.advance(60)
    assert not _listed(api, sub_id)


def test_a_second_open_replaces_the_first(api: Api) -> None:
    _, sub_id, first = _open(api)
    second = api.stream(f"{api.url}/api/rest/1.0/OTEvents?subscriptionId={sub_id}")
    assert second.next() == STARTED
    assert first.ended()
    api.publish(_event("1"), subject="oxe70120")
    assert second.next() == _event("1")


def test_deleting_the_subscription_ends_the_stream(api: Api) -> None:
    c, sub_id, stream = _open(api)
    assert c.delete(f"{SUBS}/{sub_id}").status_code == 204
    assert stream.ended()


def test_closing_the_session_ends_the_stream(api: Api) -> None:
    c, _, stream = _open(api)
    assert c.delete("/api/rest/1.0/sessions").status_code == 204
    assert stream.ended()
    assert api.state()["subscriptions"] == []


def test_reset_ends_open_streams(api: Api) -> None:
    _, _, stream = _open(api)
    api.reset()
    assert stream.ended()


def test_an_administrator_channel_sees_every_user(api: Api) -> None:
    c = api.session(ADMIN)
    sub = api.subscribe(c, {"ids": ["*"], "names": ["OnCallCreated"]})
    stream = api.stream(sub["publicPollingUrl"])
    assert stream.next() == STARTED
    api.publish(_event("1"), subject="oxe70129")
    assert stream.next() == _event("1")


def test_polling_errors(api: Api) -> None:
    client = api.client()
    Api.check_error(client.get("/api/rest/1.0/OTEvents"), 400, "BAD_PARAMETER")
    Api.check_error(client.get("/api/rest/1.0/OTEvents?subscriptionId="), 400, "BAD_PARAMETER")
    Api.check_error(client.post("/OTEvents?subscriptionId=nope"), 404, "NOT_FOUND")
    r = client.put("/api/rest/1.0/OTEvents?subscriptionId=nope")
    Api.check_error(r, 405, "NOT_SUPPORTED")
    assert r.headers["Allow"] == "GET, POST"


def test_a_webhook_subscription_has_no_chunk_channel(api: Api) -> None:
    sub = api.subscribe(api.session(ALICE), {"names": ["telephony"]}, webHookUrl="http://127.0.0.1:9/hook")
    assert sub["status"] == "ACCEPTED" and sub["mode"] == "WEBHOOK" and "publicPollingUrl" not in sub
    r = api.client().get(f"/api/rest/1.0/OTEvents?subscriptionId={sub['subscriptionId']}")
    Api.check_error(r, 409, "NOT_EXPECTED")
