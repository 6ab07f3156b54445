"""Routing operations over HTTP: capabilities, DND, forward, overflow, routes, state, snapshot, rights, errors."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
import yaml

from o2g_conformance.emulator.core.topology import default_topology_path
from tests.emulator.services_support import Env, check_error, routing_error

VOICEMAIL_FORWARD = {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}}


def _forward(number: str, forward_type: str | None = None) -> dict[str, Any]:
    route: dict[str, Any] = {"destinations": [{"type": "NUMBER", "number": number}]}
    if forward_type:
        route["forwardType"] = forward_type
    return {"forwardRoute": route}


def _overflow(overflow_type: str | None, dest: dict[str, Any]) -> dict[str, Any]:
    route: dict[str, Any] = {"destinations": [dest]}
    if overflow_type:
        route["overflowType"] = overflow_type
    return {"overflowRoutes": [route]}


def test_capabilities_of_a_user_without_remote_extension(env: Env) -> None:
    alice = env.user("alice")
    caps = alice.ok("GET", "/routing", status=200)
    assert caps == {"presentationRoute": False, "forwardRoute": True, "overflowRoute": True, "dnd": True}


def test_initial_state_and_routes_not_set(env: Env) -> None:
    alice = env.user("alice")
    assert alice.ok("GET", "/routing/state", status=200) == {
        "presentationRoutes": [{"destinations": [{"type": "OFFICE", "selected": True, "deviceId": "70120"}]}],
        "forwardRoutes": [],
        "overflowRoutes": [],
        "dndState": {"activate": False},
    }
    assert alice.ok("GET", "/routing/dnd", status=200) == {"activate": False}
    routing_error(alice.get("/routing/forwardroute"), 404, "NOT_FOUND", "UNKNOWN", "UNKNOWN")
    routing_error(alice.get("/routing/overflowroute"), 404, "NOT_FOUND", "UNKNOWN", "UNKNOWN")


def test_dnd_set_get_cancel_with_events(env: Env) -> None:
    alice = env.user("alice")
    ev = alice.events("routingManagement")
    alice.ok("POST", "/routing/dnd")
    assert alice.ok("GET", "/routing/dnd", status=200) == {"activate": True}
    changed = ev.wait("OnRoutingStateChanged")
    assert changed["loginName"] == "oxe70120" and changed["routingState"]["dndState"] == {"activate": True}
    alice.ok("POST", "/routing/dnd")  # already active: nothing changes, no event
    assert ev.drain() == []
    alice.ok("DELETE", "/routing/dnd")
    assert ev.wait("OnRoutingStateChanged")["routingState"]["dndState"] == {"activate": False}
    alice.ok("DELETE", "/routing/dnd")
    assert ev.drain() == []


def test_the_state_view_lists_users_with_routes(env: Env) -> None:
    alice = env.user("alice")
    alice.ok("POST", "/routing/dnd")
    assert env.api.state()["routing"] == ["oxe70120"]
    alice.ok("DELETE", "/routing/dnd")
    assert env.api.state()["routing"] == []


def test_forward_to_voicemail_then_to_a_number_on_busy(env: Env) -> None:
    alice = env.user("alice")
    ev = alice.events("routingManagement")
    alice.ok("POST", "/routing/forwardroute", VOICEMAIL_FORWARD)
    assert alice.ok("GET", "/routing/forwardroute", status=200) == {"destinations": [{"type": "VOICEMAIL"}]}
    assert ev.wait("OnRoutingStateChanged")["routingState"]["forwardRoutes"] == [
        {"destinations": [{"type": "VOICEMAIL"}]}
    ]
    alice.ok("POST", "/routing/forwardroute", _forward("70122", "BUSY"))
    expected = {"forwardType": "BUSY", "destinations": [{"type": "NUMBER", "number": "70122"}]}
    assert alice.ok("GET", "/routing/forwardroute", status=200) == expected
    assert alice.ok("GET", "/routing/state", status=200)["forwardRoutes"] == [expected]
    assert ev.wait("OnRoutingStateChanged")["routingState"]["forwardRoutes"] == [expected]
    alice.ok("DELETE", "/routing/forwardroute")
    assert ev.wait("OnRoutingStateChanged")["routingState"]["forwardRoutes"] == []
    routing_error(alice.get("/routing/forwardroute"), 404, "NOT_FOUND", "UNKNOWN", "UNKNOWN")


def test_forward_numbers_the_dial_plan_accepts(env: Env) -> None:
    alice = env.user("alice")
    for number, stored in [("(70) 122", "70122"), ("+33612345678", "+33612345678"), ("0612345678", "0612345678")]:
        alice.ok("POST", "/routing/forwardroute", _forward(number, "NO_ANSWER"))
        assert alice.ok("GET", "/routing/forwardroute", status=200)["destinations"] == [
            {"type": "NUMBER", "number": stored}
        ]


def test_post_forwardroute_without_a_route_cancels_the_forward(env: Env) -> None:
    alice = env.user("alice")
    alice.ok("POST", "/routing/forwardroute", VOICEMAIL_FORWARD)
    alice.ok("POST", "/routing/forwardroute", {})
    assert alice.ok("GET", "/routing/state", status=200)["forwardRoutes"] == []


@pytest.mark.parametrize(
    ("body", "status", "type_", "error_type", "cause", "destination"),
    [
        (_forward("70x22"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "BAD_PHONE_NUMBER_FORMAT", "NUMBER"),
        (_forward("1" * 50), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "BAD_PHONE_NUMBER_FORMAT", "NUMBER"),
        (_forward(""), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "NULL_OR_EMPTY_PARAMETER", "NUMBER"),
        (_forward("70520"), 403, "NOT_ALLOWED", "UNAUTHORIZED", "UNAUTHORIZED_PHONE_NUMBER", "NUMBER"),
        (_forward("79000"), 403, "NOT_ALLOWED", "UNAUTHORIZED", "UNAUTHORIZED_PHONE_NUMBER", "NUMBER"),
        (_forward("7012"), 400, "BAD_PARAMETER", "INCOMPLETE_PHONE_NUMBER", "INVALID_FORWARD_ROUTE", "NUMBER"),
        (_forward("5555"), 400, "BAD_PARAMETER", "UNKNOWN_PHONE_NUMBER", "INVALID_FORWARD_ROUTE", "NUMBER"),
        (_forward("70122", "SOMETIMES"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "INVALID_FORWARD_ROUTE", None),
        (
            {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}, {"type": "NUMBER", "number": "70122"}]}},
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "INVALID_FORWARD_ROUTE",
            None,
        ),
        (
            {"forwardRoute": {"destinations": [{"type": "OFFICE"}]}},
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "INVALID_FORWARD_ROUTE",
            "OFFICE",
        ),
        (
            {"forwardRoute": {"destinations": [{"type": "ELSEWHERE"}]}},
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "INVALID_FORWARD_ROUTE",
            "UNKNOWN",
        ),
        (
            {"forwardRoute": {"destinations": []}},
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "NULL_OR_EMPTY_PARAMETER",
            None,
        ),
        ({"forwardRoute": {"destinations": [{}]}}, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "NULL_PARAMETER", None),
        ({"forwardRoute": "VOICEMAIL"}, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN", None),
    ],
)
def test_forward_errors(
    env: Env, body: dict[str, Any], status: int, type_: str, error_type: str, cause: str, destination: str | None
) -> None:
    alice = env.user("alice")
    routing_error(alice.post("/routing/forwardroute", body), status, type_, error_type, cause, destination)
    assert alice.ok("GET", "/routing/state", status=200)["forwardRoutes"] == []


def test_forward_errors_of_the_request_itself(env: Env) -> None:
    alice = env.user("alice")
    r = alice.client.post("/api/rest/1.0/routing/forwardroute", content=b"{not json")
    routing_error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")
    routing_error(alice.post("/routing/forwardroute"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")


def test_forward_to_voicemail_needs_a_mailbox(env: Env) -> None:
    david = env.user("david")  # no voice mail
    r = david.post("/routing/forwardroute", VOICEMAIL_FORWARD)
    routing_error(r, 403, "NOT_ALLOWED", "UNAUTHORIZED", "UNAUTHORIZED_PHONE_NUMBER", "VOICEMAIL")


def test_forward_loop_is_refused(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    alice.ok("POST", "/routing/forwardroute", _forward("70121"))
    bruno.ok("POST", "/routing/forwardroute", _forward("70122", "NO_ANSWER"))
    detail = routing_error(
        chloe.post("/routing/forwardroute", _forward("70120", "BUSY")),
        400,
        "BAD_PARAMETER",
        "BAD_PARAMETER_VALUE",
        "INVALID_FORWARD_ROUTE",
        "NUMBER",
    )
    assert "oxe70122 -> oxe70120 -> oxe70121 -> oxe70122" in detail["message"]
    chloe.ok("POST", "/routing/forwardroute", _forward("70123", "BUSY"))  # no loop through David


def test_overflow_set_get_cancel(env: Env) -> None:
    alice = env.user("alice")
    ev = alice.events("routingManagement")
    alice.ok("POST", "/routing/overflowroute", _overflow("BUSY", {"type": "VOICEMAIL"}))
    expected = {"overflowType": "BUSY", "destinations": [{"type": "VOICEMAIL"}]}
    assert alice.ok("GET", "/routing/overflowroute", status=200) == expected
    assert ev.wait("OnRoutingStateChanged")["routingState"]["overflowRoutes"] == [expected]
    alice.ok("POST", "/routing/overflowroute", _overflow("NO_ANSWER", {"type": "NUMBER", "number": "70121"}))
    associate = {"overflowType": "NO_ANSWER", "destinations": [{"type": "NUMBER", "number": "70121"}]}
    assert alice.ok("GET", "/routing/state", status=200)["overflowRoutes"] == [associate]
    alice.ok("DELETE", "/routing/overflowroute")
    routing_error(alice.get("/routing/overflowroute"), 404, "NOT_FOUND", "UNKNOWN", "UNKNOWN")
    assert [e["routingState"]["overflowRoutes"] for e in ev.drain()] == [[associate], []]


def test_overflow_can_be_set_while_a_forward_is_active(env: Env) -> None:
    alice = env.user("alice")
    alice.ok("POST", "/routing/forwardroute", VOICEMAIL_FORWARD)
    alice.ok("POST", "/routing/overflowroute", _overflow("BUSY_NO_ANSWER", {"type": "VOICEMAIL"}))
    state = alice.ok("GET", "/routing/state", status=200)
    assert len(state["forwardRoutes"]) == 1 and len(state["overflowRoutes"]) == 1


@pytest.mark.parametrize(
    ("body", "status", "type_", "error_type", "cause"),
    [
        (_overflow(None, {"type": "VOICEMAIL"}), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "INVALID_OVERFLOW_ROUTE"),
        (
            _overflow("ALWAYS", {"type": "VOICEMAIL"}),
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "INVALID_OVERFLOW_ROUTE",
        ),
        (
            {"overflowRoutes": [_overflow("BUSY", {"type": "VOICEMAIL"})["overflowRoutes"][0]] * 2},
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "INVALID_OVERFLOW_ROUTE",
        ),
        ({"overflowRoutes": []}, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "NULL_OR_EMPTY_PARAMETER"),
        (
            _overflow("BUSY", {"type": "NUMBER", "number": "0612345678"}),
            400,
            "BAD_PARAMETER",
            "BAD_PARAMETER_VALUE",
            "INVALID_OVERFLOW_ROUTE",
        ),
        (
            _overflow("BUSY", {"type": "NUMBER", "number": "70120"}),
            403,
            "NOT_ALLOWED",
            "UNAUTHORIZED",
            "UNAUTHORIZED_PHONE_NUMBER",
        ),
        (_overflow("BUSY", {"type": "MOBILE"}), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "INVALID_OVERFLOW_ROUTE"),
    ],
)
def test_overflow_errors(env: Env, body: dict[str, Any], status: int, type_: str, error_type: str, cause: str) -> None:
    alice = env.user("alice")
    routing_error(alice.post("/routing/overflowroute", body), status, type_, error_type, cause)
    assert alice.ok("GET", "/routing/state", status=200)["overflowRoutes"] == []


def test_set_routes_sets_and_cancels_the_forward(env: Env) -> None:
    alice = env.user("alice")
    ev = alice.events("routingManagement")
    alice.ok("POST", "/routing", {"forwardRoutes": [{"forwardType": "BUSY", "destinations": [{"type": "VOICEMAIL"}]}]})
    forward = {"forwardType": "BUSY", "destinations": [{"type": "VOICEMAIL"}]}
    assert alice.ok("GET", "/routing/forwardroute", status=200) == forward
    alice.ok("POST", "/routing", {"presentationRoutes": [{"destinations": [{"type": "OFFICE", "selected": "true"}]}]})
    assert alice.ok("GET", "/routing/forwardroute", status=200) == forward  # absent forwardRoutes: unchanged
    alice.ok("POST", "/routing", {"forwardRoutes": []}, params={"sipNomadic": "false"})
    assert alice.ok("GET", "/routing/state", status=200)["forwardRoutes"] == []
    assert [e["routingState"]["forwardRoutes"] for e in ev.drain()] == [[forward], []]


def test_set_routes_errors(env: Env) -> None:
    alice = env.user("alice")
    two = {"forwardRoutes": [VOICEMAIL_FORWARD["forwardRoute"]] * 2}
    routing_error(alice.post("/routing", two), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "INVALID_FORWARD_ROUTE")
    mobile = {"presentationRoutes": [{"destinations": [{"type": "MOBILE", "selected": "true"}]}]}
    routing_error(alice.post("/routing", mobile), 403, "NOT_ALLOWED", "UNAUTHORIZED", "UNKNOWN", "MOBILE")
    office_off = {"presentationRoutes": [{"destinations": [{"type": "OFFICE", "selected": False}]}]}
    routing_error(alice.post("/routing", office_off), 400, "NOT_SUPPORTED", "INVALID_OPERATION", "UNKNOWN", "OFFICE")
    to_voicemail = {"presentationRoutes": [{"destinations": [{"type": "VOICEMAIL"}]}]}
    routing_error(alice.post("/routing", to_voicemail), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")
    r = alice.post("/routing", {"forwardRoutes": []}, params={"sipNomadic": "perhaps"})
    routing_error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")
    # A refused request changes nothing, even its valid part.
    both = {**mobile, "forwardRoutes": [VOICEMAIL_FORWARD["forwardRoute"]]}
    routing_error(alice.post("/routing", both), 403, "NOT_ALLOWED", "UNAUTHORIZED", "UNKNOWN", "MOBILE")
    assert alice.ok("GET", "/routing/state", status=200)["forwardRoutes"] == []


@pytest.fixture
def remote_extension(env: Env, tmp_path: pathlib.Path) -> Any:
    """The emulator with a topology where Alice has a remote extension (MOBILE set 70920); restored after."""
    data = yaml.safe_load(default_topology_path().read_text(encoding="utf-8"))
    alice = data["nodes"][0]["users"][0]
    alice["devices"].append({"number": "70920", "type": "MOBILE"})
    path = tmp_path / "topology.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    env.ctl("POST", "/reset", {"topology": str(path)})
    yield env
    env.ctl("POST", "/reset", {"topology": str(default_topology_path())})


def test_presentation_route_of_a_remote_extension(remote_extension: Env) -> None:
    alice = remote_extension.user("alice")
    assert alice.ok("GET", "/routing", status=200)["presentationRoute"] is True
    ev = alice.events("routingManagement")
    # The reference's own example sends the boolean as a string (L6977-6990).
    alice.ok("POST", "/routing", {"presentationRoutes": [{"destinations": [{"type": "MOBILE", "selected": "true"}]}]})
    destinations = [
        {"type": "OFFICE", "selected": True, "deviceId": "70120"},
        {"type": "MOBILE", "selected": True, "deviceId": "70920"},
    ]
    assert alice.ok("GET", "/routing/state", status=200)["presentationRoutes"] == [{"destinations": destinations}]
    assert ev.wait("OnRoutingStateChanged")["routingState"]["presentationRoutes"] == [{"destinations": destinations}]
    alice.ok("POST", "/routing", {"presentationRoutes": [{"destinations": [{"type": "MOBILE", "selected": False}]}]})
    state = alice.ok("GET", "/routing/state", status=200)
    assert state["presentationRoutes"][0]["destinations"][1]["selected"] is False
    missing = {"presentationRoutes": [{"destinations": [{"type": "MOBILE"}]}]}
    routing_error(alice.post("/routing", missing), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "NULL_PARAMETER")


def test_a_user_acts_on_his_own_routing_only(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    # loginName is ignored for a user session: Alice changes her own forward, not Bruno's.
    alice.ok("POST", "/routing/forwardroute", VOICEMAIL_FORWARD, params={"loginName": "oxe70121"})
    alice.ok("POST", "/routing/dnd", params={"loginName": "oxe70121"})
    assert bruno.ok("GET", "/routing/state", status=200)["forwardRoutes"] == []
    assert bruno.ok("GET", "/routing/dnd", status=200) == {"activate": False}
    assert alice.ok("GET", "/routing/dnd", params={"loginName": "oxe70121"}, status=200) == {"activate": True}


def test_an_administrator_names_the_user(env: Env) -> None:
    admin, bruno = env.user("admin"), env.user("bruno")
    routing_error(admin.get("/routing/state"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")
    routing_error(admin.post("/routing/dnd"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")
    r = admin.get("/routing/state", params={"loginName": "oxe79999"})
    routing_error(r, 404, "NOT_FOUND", "BAD_PARAMETER_VALUE", "UNKNOWN")
    r = admin.get("/routing", params={"loginName": "oxe79999"})  # GET /routing lists no 404
    routing_error(r, 400, "NOT_FOUND", "BAD_PARAMETER_VALUE", "UNKNOWN")
    ev = bruno.events("routingManagement")
    admin.ok("POST", "/routing/forwardroute", _forward("70122"), params={"loginName": "oxe70121"})
    assert bruno.ok("GET", "/routing/forwardroute", status=200)["destinations"][0]["number"] == "70122"
    assert ev.wait("OnRoutingStateChanged")["loginName"] == "oxe70121"
    assert admin.ok("GET", "/routing", params={"loginName": "oxe70121"}, status=200)["dnd"] is True


def test_snapshot_of_one_user_and_of_all_users(env: Env) -> None:
    alice, other_alice, admin = env.user("alice"), env.user("alice"), env.user("admin")
    alice_events = alice.events("routingManagement")
    other_events = other_alice.events("routingManagement")  # Alice's other application
    alice.ok("POST", "/routing/dnd")
    alice_events.wait("OnRoutingStateChanged")
    other_events.wait("OnRoutingStateChanged")
    alice.ok("POST", "/routing/state/snapshot")
    snap = alice_events.wait("OnRoutingStateChanged")
    assert snap["routingState"] == alice.ok("GET", "/routing/state", status=200)
    assert other_events.drain() == []  # the snapshot goes to the requesting session only
    admin_events = admin.events("routingManagement", ids=["*"])
    admin.ok("POST", "/routing/state/snapshot")
    logins = [e["loginName"] for e in admin_events.drain()]
    assert len(logins) == 10 and "oxe70120" in logins
    admin.ok("POST", "/routing/state/snapshot", params={"loginName": "oxe70121"})
    assert [e["loginName"] for e in admin_events.drain()] == ["oxe70121"]
    r = admin.post("/routing/state/snapshot", params={"loginName": "oxe79999"})
    routing_error(r, 404, "NOT_FOUND", "BAD_PARAMETER_VALUE", "UNKNOWN")


ROUTING_OPS = [
    ("GET", "/routing"),
    ("POST", "/routing"),
    ("GET", "/routing/dnd"),
    ("POST", "/routing/dnd"),
    ("DELETE", "/routing/dnd"),
    ("GET", "/routing/forwardroute"),
    ("POST", "/routing/forwardroute"),
    ("DELETE", "/routing/forwardroute"),
    ("GET", "/routing/overflowroute"),
    ("POST", "/routing/overflowroute"),
    ("DELETE", "/routing/overflowroute"),
    ("GET", "/routing/state"),
]


@pytest.mark.parametrize(("method", "path"), ROUTING_OPS)
def test_every_routing_operation_needs_a_session_and_an_administrator_names_the_user(
    env: Env, method: str, path: str
) -> None:
    check_error(env.api.client().request(method, f"/api/rest/1.0{path}"), 403, "INVALID_SESSION")
    admin = env.user("admin")
    r = admin.client.request(method, f"/api/rest/1.0{path}", json={})
    routing_error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE", "UNKNOWN")
    assert "loginName" in r.json()["innerMessage"]


def test_set_field_modifier_changes_a_routing_error(env: Env) -> None:
    alice = env.user("alice")
    env.modifiers(
        {"kind": "set_field", "op": "routing.forwardroute.set", "path": "routing.errorCause", "value": "UNKNOWN"}
    )
    r = alice.post("/routing/forwardroute", _forward("70x22"))
    assert r.status_code == 400 and r.json()["routing"]["errorCause"] == "UNKNOWN"
    env.ctl("DELETE", "/modifiers")
    r = alice.post("/routing/forwardroute", _forward("70x22"))
    assert r.json()["routing"]["errorCause"] == "BAD_PHONE_NUMBER_FORMAT"
