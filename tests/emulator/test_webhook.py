"""Webhook delivery (L2123-2128, L2240-2255; wire-facts, events 7): each event POSTed to webHookUrl."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.emulator.emulator_support import ALICE, Api


class Receiver:
    """A loopback HTTP server recording every POST it gets (path, cookie, content type, JSON body)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.status = 200
        received = self.calls
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                received.append(
                    {
                        "path": self.path,
                        "cookie": self.headers.get("Cookie"),
                        "type": self.headers.get("Content-Type"),
                        "body": json.loads(body),
                    }
                )
                self.send_response(owner.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webHookOTEvent"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.calls) >= count, f"{len(self.calls)} of {count} webhook calls arrived"
        return self.calls

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _event(ref: str) -> dict[str, str]:
    return {"eventName": "OnCallCreated", "loginName": "oxe70120", "callRef": ref}


def _wait(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_each_event_is_posted_in_order_with_the_subscription_id_as_cookie(api: Api, receiver: Receiver) -> None:
    sub = api.subscribe(api.session(ALICE), {"names": ["telephony"]}, webHookUrl=receiver.url)
    assert sub["status"] == "ACCEPTED" and sub["mode"] == "WEBHOOK"
    for ref in "123":
        assert api.publish(_event(ref), subject="oxe70120") == 1
    api.publish({**_event("x"), "loginName": "oxe70121"}, subject="oxe70121")  # not Alice's: not sent
    calls = receiver.wait_for(3)
    assert [c["body"] for c in calls] == [_event("1"), _event("2"), _event("3")]
    assert {c["cookie"] for c in calls} == {f"AlcUserId={sub['subscriptionId']}"}
    assert {c["path"] for c in calls} == {"/webHookOTEvent"}
    assert {c["type"] for c in calls} == {"application/json"}
    assert _wait(lambda: api.state()["subscriptions"][0]["delivered"] == 3)
    time.sleep(0.2)
    assert len(receiver.calls) == 3


def test_the_timeout_does_not_apply_to_a_webhook(api: Api, receiver: Receiver) -> None:
    c = api.session(ALICE)
    api.subscribe(c, {"names": ["telephony"]}, webHookUrl=receiver.url, timeout=2)
    for _ in range(3):
        api.advance(1200)
        assert c.post("/api/rest/1.0/sessions/keepalive").status_code == 204
    assert len(api.state()["subscriptions"]) == 1
    api.publish(_event("1"), subject="oxe70120")
    assert [c["body"] for c in receiver.wait_for(1)] == [_event("1")]


def test_a_failing_receiver_is_counted_and_later_events_still_go(api: Api, receiver: Receiver) -> None:
    receiver.status = 500
    api.subscribe(api.session(ALICE), {"names": ["telephony"]}, webHookUrl=receiver.url)
    api.publish(_event("1"), subject="oxe70120")
    receiver.wait_for(1)
    assert _wait(lambda: api.state()["subscriptions"][0]["failed"] == 1)
    receiver.status = 200
    api.publish(_event("2"), subject="oxe70120")
    assert receiver.wait_for(2)[1]["body"] == _event("2")
    assert _wait(lambda: api.state()["subscriptions"][0]["delivered"] == 1)


def test_an_unreachable_receiver_is_counted_as_failed(api: Api) -> None:
    closed = Receiver()
    url = closed.url
    closed.close()  # nothing listens there any more
    api.subscribe(api.session(ALICE), {"names": ["telephony"]}, webHookUrl=url)
    api.publish(_event("1"), subject="oxe70120")
    api.publish(_event("2"), subject="oxe70120")
    assert _wait(lambda: api.state()["subscriptions"][0]["failed"] == 2)
    assert api.client().get("/api/rest").status_code == 200  # the emulator is unaffected


def test_deleting_the_subscription_stops_deliveries(api: Api, receiver: Receiver) -> None:
    c = api.session(ALICE)
    sub = api.subscribe(c, {"names": ["telephony"]}, webHookUrl=receiver.url)
    api.publish(_event("1"), subject="oxe70120")
    receiver.wait_for(1)
    assert c.delete(f"/api/rest/1.0/subscriptions/{sub['subscriptionId']}").status_code == 204
    assert api.publish(_event("2"), subject="oxe70120") == 0
    time.sleep(0.2)
    assert len(receiver.calls) == 1
