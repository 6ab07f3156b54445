"""Fault injection: latency (virtual, real), errors (count, seeded probability), start-up window, dropped streams."""

from __future__ import annotations

import json
import socket
import time
from typing import Any

import httpx
import pytest

from tests.emulator.emulator_support import ADMIN, ALICE, Api

pytest_plugins = ["pytester"]

CONTROL = "/__emulator__"
SESSION = "/api/rest/1.0/sessions"
CALLS = "/api/rest/1.0/telephony/calls"


def faults(api: Api, *rules: dict[str, Any]) -> dict[str, Any]:
    r = api.control.post(f"{CONTROL}/faults", json={"faults": list(rules)})
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


# -- latency -------------------------------------------------------------------------------------------


def test_latency_runs_on_the_virtual_clock(api: Api) -> None:
    alice = api.session(ALICE)
    faults(api, {"kind": "latency", "op": "sessions.session.get", "seconds": 30})
    before = api.now()
    started = time.monotonic()
    assert alice.get(SESSION).status_code == 200
    assert api.now() - before == pytest.approx(30)
    assert time.monotonic() - started < 1.0  # no real wait
    assert alice.post(f"{SESSION}/keepalive").status_code == 204
    assert api.now() - before == pytest.approx(30)  # another operation: no latency


def test_a_latency_distribution_is_the_same_on_every_run(api: Api) -> None:
    def draws() -> list[float]:
        api.reset()
        alice = api.session(ALICE)
        faults(
            api,
            {"kind": "latency", "op": "sessions.session.get", "distribution": {"type": "uniform", "min": 1, "max": 9}},
        )
        out = []
        for _ in range(5):
            before = api.now()
            assert alice.get(SESSION).status_code == 200
            out.append(round(api.now() - before, 6))
        return out

    first = draws()
    assert first == draws()
    assert all(1 <= d <= 9 for d in first) and len(set(first)) > 1


def test_a_telephony_operation_slower_than_5_seconds_times_out(api: Api) -> None:
    alice = api.session(ALICE)
    faults(api, {"kind": "latency", "op": "telephony.calls.list", "seconds": 4.5, "count": 1})
    before = api.now()
    assert alice.get(CALLS).status_code == 200  # within the telephony service's 5 s
    faults(api, {"kind": "latency", "op": "telephony.*", "seconds": 8})
    middle = api.now()
    body = Api.check_error(alice.get(CALLS), 503, "SERVER_PROBLEM")
    assert body["telephony"]["errorType"] == "REQUEST_TIMEOUT"  # L543
    assert middle - before == pytest.approx(4.5)
    assert api.now() - middle == pytest.approx(5.0)  # the clock stops at the timeout


def test_real_latency_delays_the_http_answer(api: Api) -> None:
    alice = api.session(ALICE)
    faults(api, {"kind": "latency", "op": "sessions.session.get", "seconds": 0.3, "real": True})
    started = time.monotonic()
    assert alice.get(SESSION).status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        alice.get(SESSION, timeout=0.1)


# -- errors --------------------------------------------------------------------------------------------


def test_the_next_n_requests_fail(api: Api) -> None:
    alice = api.session(ALICE)
    faults(api, {"kind": "error", "op": "sessions.session.get", "type": "SERVER_PROBLEM", "count": 2})
    for _ in range(2):
        body = Api.check_error(alice.get(SESSION), 503, "SERVER_PROBLEM")
        assert body["innerMessage"].startswith("injected SERVER_PROBLEM fault")
    assert alice.get(SESSION).status_code == 200
    listed = api.control.get(f"{CONTROL}/faults").json()["faults"]
    assert listed[0]["hits"] == 2 and listed[0]["count"] == 0


def test_a_seeded_probability_gives_the_same_answers_on_every_run(api: Api) -> None:
    def outcomes() -> list[int]:
        api.reset()
        alice = api.session(ALICE)
        faults(api, {"kind": "error", "op": "sessions.session.get", "type": "NOT_READY", "probability": 0.5, "seed": 3})
        return [alice.get(SESSION).status_code for _ in range(20)]

    first = outcomes()
    assert first == outcomes()
    assert set(first) == {200, 503}


def test_an_error_carries_the_details_given(api: Api) -> None:
    alice = api.session(ALICE)
    detail = {"errorType": "CALL_SERVER_ERROR", "errorCause": "RESOURCE_BUSY", "message": "busy"}
    faults(api, {"kind": "error", "op": "telephony.calls.list", "type": "NOT_EXPECTED", "telephony": detail})
    body = Api.check_error(alice.get(CALLS), 400, "NOT_EXPECTED")  # 409 is not documented: 400
    assert body["telephony"] == detail


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"kind": "slowness", "op": "*"}, "kind"),
        ({"kind": "error", "op": "no.such.op"}, "op"),
        ({"kind": "error", "op": "*", "type": "TEAPOT"}, "type"),
        ({"kind": "error", "op": "*", "probability": 2}, "probability"),
        ({"kind": "error", "op": "*", "count": 0}, "count"),
        ({"kind": "latency", "op": "*"}, "seconds"),
        ({"kind": "latency", "op": "*", "distribution": {"type": "uniform", "min": 3, "max": 1}}, "min <= max"),
        ({"kind": "latency", "op": "*", "seconds": 1e999}, "seconds"),
    ],
)
def test_a_bad_fault_is_refused_naming_the_field(api: Api, rule: dict[str, Any], field: str) -> None:
    content = json.dumps(rule).replace("Infinity", "1e999")  # JSON has no infinity: a number that overflows
    r = api.control.post(f"{CONTROL}/faults", content=content, headers={"Content-Type": "application/json"})
    assert field in Api.check_error(r, 400, "BAD_PARAMETER")["innerMessage"]
    assert api.control.get(f"{CONTROL}/faults").json()["faults"] == []


def test_reset_clears_the_faults(api: Api) -> None:
    faults(api, {"kind": "error", "op": "*", "type": "SERVER_PROBLEM"})
    assert api.control.delete(f"{CONTROL}/faults").json()["faults"] == []
    faults(api, {"kind": "error", "op": "*", "type": "SERVER_PROBLEM"})
    api.reset()
    assert api.control.get(f"{CONTROL}/faults").json()["faults"] == []
    api.session(ALICE)


# -- start-up window -------------------------------------------------------------------------------------


def test_the_start_up_window_answers_not_ready(api: Api) -> None:
    alice = api.session(ALICE)
    r = api.control.post(f"{CONTROL}/startup", json={"seconds": 30})
    assert r.status_code == 200 and r.json()["startingUntil"] == "2026-01-05T09:00:30.000Z"
    body = Api.check_error(alice.get(SESSION), 503, "NOT_READY")
    assert body["canRetry"] is True and "ready in 30 s" in body["innerMessage"]
    assert Api.check_error(alice.get(CALLS), 503, "NOT_READY")["telephony"]["errorType"] == "INITIALIZATION"
    Api.check_error(api.client().get("/api/rest/authenticate", params={"version": "1.0"}, auth=ALICE), 503, "NOT_READY")
    assert api.client().get("/api/rest").status_code == 200  # the root descriptor still answers
    api.advance(29)
    Api.check_error(alice.get(SESSION), 503, "NOT_READY")
    api.advance(1)
    assert alice.get(SESSION).status_code == 200


def test_pbx_loaded_follows_the_start_up_window(api: Api) -> None:
    admin = api.session(ADMIN)
    sub = api.subscribe(admin, {"names": ["system"]}, timeout=0)
    stream = api.stream(sub["privatePollingUrl"])
    assert stream.next()["text"] == "Chunk started"
    api.control.post(f"{CONTROL}/startup", json={"seconds": 20})
    api.advance(20)
    assert stream.next() == {"eventName": "OnPbxLoaded", "nodeId": "7"}


# -- dropped streams -------------------------------------------------------------------------------------


def test_a_dropped_stream_can_be_reopened_within_a_minute(api: Api) -> None:
    alice = api.session(ALICE)
    sub = api.subscribe(alice, {"names": ["telephony"]}, timeout=0)
    stream = api.stream(sub["privatePollingUrl"])
    assert stream.next()["text"] == "Chunk started"
    assert api.control.post(f"{CONTROL}/streams/drop", json={"login": "oxe70120"}).json() == {"dropped": 1}
    assert stream.ended()
    api.advance(59)
    again = api.stream(sub["privatePollingUrl"])
    assert again.next()["text"] == "Chunk started"
    api.advance(120)
    assert [s["id"] for s in api.state()["subscriptions"]] == [sub["subscriptionId"]]
    assert api.control.post(f"{CONTROL}/streams/drop", json={}).json() == {"dropped": 1}
    assert again.ended()
    api.advance(60)  # not reopened: the subscription ends a minute later (L2145)
    assert api.state()["subscriptions"] == []


# -- a hung target ----------------------------------------------------------------------------------------

HUNG_FEATURE = """
Feature: Hung target
  Scenario: The target never answers
    When the client reads the root descriptor of a target that never answers
"""

HUNG_BINDER = """
import os

from o2g_conformance.steplib import when
from o2g_conformance.featurefiles import bind

from o2g_conformance.client import O2GClient

@when("the client reads the root descriptor of a target that never answers")
def read(o2g_settings):
    with O2GClient(os.environ["HUNG_TARGET"], timeout=o2g_settings.timeout) as client:
        client.discover()

bind(globals(), "hung.feature")
"""


def test_a_hung_target_fails_clearly_within_the_configured_timeout(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listener that accepts connections and never answers: the hang has no end, so only the configured
    timeout can end the request (no race between a latency and the timeout, no wall-clock assertion)."""
    pytester.makefile(".feature", hung=HUNG_FEATURE)
    pytester.makepyfile(test_hung=HUNG_BINDER)
    with socket.create_server(("127.0.0.1", 0), backlog=8) as silent:  # the kernel accepts; nobody answers
        monkeypatch.setenv("HUNG_TARGET", f"http://127.0.0.1:{silent.getsockname()[1]}")
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--o2g-timeout", "2")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no answer from GET *api/rest*within the configured timeout of 2 s*"])
