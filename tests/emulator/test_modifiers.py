"""Defect-injecting modifiers: installed through the control API, they make answers and events wrong."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.emulator.emulator_support import ALICE, Api

PREFIX = "/__emulator__/modifiers"


@pytest.fixture
def clean(api: Api) -> Iterator[Api]:
    yield api
    api.client().delete(PREFIX)


def _install(api: Api, *mods: dict[str, object]) -> httpx.Response:
    return api.client().post(PREFIX, json={"modifiers": list(mods)})


def test_drop_field_removes_a_documented_field(clean: Api) -> None:
    assert (
        _install(clean, {"kind": "drop_field", "op": "sessions.session.get", "path": "privateBaseUrl"}).status_code
        == 200
    )
    c = clean.session(ALICE)
    assert "privateBaseUrl" not in c.get("/api/rest/1.0/sessions").json()
    clean.client().delete(PREFIX)
    assert "privateBaseUrl" in c.get("/api/rest/1.0/sessions").json()


def test_drop_field_reaches_every_list_item(clean: Api) -> None:
    _install(clean, {"kind": "drop_field", "op": "sessions.session.get", "path": "services.*.relativeUrl"})
    services = clean.session(ALICE).get("/api/rest/1.0/sessions").json()["services"]
    assert services and all("relativeUrl" not in s for s in services)


def test_status_and_set_field(clean: Api) -> None:
    _install(
        clean,
        {"kind": "status", "op": "sessions.keepalive.post", "status": 200},
        {"kind": "set_field", "op": "sessions.session.get", "path": "admin", "value": "no"},
    )
    c = clean.session(ALICE)
    assert c.post("/api/rest/1.0/sessions/keepalive").status_code == 200
    assert c.get("/api/rest/1.0/sessions").json()["admin"] == "no"


def test_modifiers_survive_a_reset(clean: Api) -> None:
    _install(clean, {"kind": "status", "op": "root.descriptor.get", "status": 202})
    clean.reset()
    assert clean.client().get("/api/rest").status_code == 202
    assert clean.client().get(PREFIX).json()["modifiers"] == [
        {"kind": "status", "op": "root.descriptor.get", "status": 202}
    ]


def test_omit_and_drop_event_field(clean: Api) -> None:
    c = clean.session(ALICE)
    sub = clean.subscribe(c, {"names": ["telephony"]})
    _install(
        clean,
        {"kind": "omit_event", "event": "OnUserStateModified"},
        {"kind": "drop_event_field", "event": "OnDeviceStateModified", "path": "deviceId"},
    )
    event = {"eventName": "OnUserStateModified", "loginName": ALICE[0], "state": "BUSY"}
    assert clean.publish(event, ALICE[0]) == 0
    dev = {"eventName": "OnDeviceStateModified", "loginName": ALICE[0], "deviceId": "70120", "state": "BUSY"}
    assert clean.publish(dev, ALICE[0]) == 1
    stream = clean.stream(sub["privatePollingUrl"])
    try:
        assert stream.next()["text"] == "Chunk started"
        received = stream.next()
        assert received["eventName"] == "OnDeviceStateModified" and "deviceId" not in received
    finally:
        stream.close()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "explode"}, "modifier 'kind' must be one of"),
        ({"kind": "status", "op": "no.such.op", "status": 500}, "'op' must be a catalog operation id"),
        ({"kind": "status", "op": "sessions.session.get"}, "modifier status needs 'status'"),
        ({"kind": "status", "op": "sessions.session.get", "status": 42}, "must be an HTTP status code"),
        ({"kind": "omit_event", "event": "OnNothing"}, "'event' must be a documented event name"),
        ({"kind": "drop_field", "op": "sessions.session.get", "path": ""}, "'path' must be a dotted field path"),
        ({"modifiers": "all"}, "'modifiers' must be a list"),
    ],
)
def test_bad_modifiers_are_refused_and_nothing_is_installed(clean: Api, body: dict[str, object], message: str) -> None:
    r = clean.client().post(PREFIX, json=body)
    err = Api.check_error(r, 400, "BAD_PARAMETER")
    assert message in err["innerMessage"]
    assert clean.client().get(PREFIX).json()["modifiers"] == []


def test_set_field_leaves_an_empty_answer_empty(clean: Api) -> None:
    _install(clean, {"kind": "set_field", "op": "sessions.keepalive.post", "path": "x", "value": 1})
    r = clean.session(ALICE).post("/api/rest/1.0/sessions/keepalive")
    assert (r.status_code, r.content) == (204, b"")
