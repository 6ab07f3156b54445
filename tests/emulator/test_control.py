"""The control API under /__emulator__: reset (optionally to another topology), clock, events, state."""

from __future__ import annotations

import pathlib

import yaml

from o2g_conformance.emulator.core.clock import EPOCH
from o2g_conformance.emulator.core.topology import default_topology_path
from tests.emulator.emulator_support import ALICE, Api

CONTROL = "/__emulator__"


def test_reset_drops_sessions_credentials_and_subscriptions(api: Api) -> None:
    c = api.session(ALICE)
    api.subscribe(c, {"names": ["telephony"]})
    api.advance(100)
    before = api.state()
    assert len(before["sessions"]) == 1 and len(before["subscriptions"]) == 1
    r = api.control.post(f"{CONTROL}/reset", json={})
    assert r.status_code == 200
    after = r.json()
    assert after["generation"] == before["generation"] + 1
    assert after["sessions"] == [] and after["subscriptions"] == []
    assert after["clock"]["now"] == EPOCH
    Api.check_error(c.get("/api/rest/1.0/sessions"), 403, "INVALID_SESSION")
    # The credential is gone too: opening a session with it again is refused.
    Api.check_error(c.post("/api/rest/1.0/sessions", json={"applicationName": "t"}), 403, "INVALID_SESSION")


def test_reset_to_another_topology_and_back(api: Api, tmp_path: pathlib.Path) -> None:
    data = yaml.safe_load(default_topology_path().read_text(encoding="utf-8"))
    data["nodes"][0]["users"] = data["nodes"][0]["users"][1:]  # Alice is gone
    data["server"]["haMode"] = True
    other = tmp_path / "topology.yaml"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        assert api.control.post(f"{CONTROL}/reset", json={"topology": str(other)}).status_code == 200
        assert api.control.get("/api/rest").json()["serverInfo"]["haMode"] is True
        r = api.client().get("/api/rest/authenticate", params={"version": "1.0"}, auth=ALICE)
        Api.check_error(r, 401, "NOT_ALLOWED")
        api.reset()  # a plain reset keeps the topology last loaded
        assert api.control.get("/api/rest").json()["serverInfo"]["haMode"] is True
    finally:
        api.control.post(f"{CONTROL}/reset", json={"topology": str(default_topology_path())})
    assert api.control.get("/api/rest").json()["serverInfo"]["haMode"] is False


def test_a_bad_topology_is_refused_and_the_current_one_kept(api: Api, tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("administrators: []\nnodes: []\n", encoding="utf-8")
    body = Api.check_error(api.control.post(f"{CONTROL}/reset", json={"topology": str(bad)}), 400, "BAD_PARAMETER")
    assert "administrators" in body["innerMessage"]
    api.session(ALICE)  # still the bundled topology


def test_publish_counts_the_subscriptions_reached(api: Api) -> None:
    event = {"eventName": "OnCallCreated", "loginName": "oxe70120"}
    assert api.publish(event) == 0
    api.subscribe(api.session(ALICE), {"names": ["telephony"]})
    api.subscribe(api.session(("oxe70121", "1211")), {"names": ["telephony"]})
    assert api.publish(event, subject="oxe70120") == 1
    assert api.publish(event) == 2  # no subject: every subscription selecting the event
    assert [s["queued"] for s in api.state()["subscriptions"]] == [2, 1]


def test_state_lists_live_sessions_with_their_remaining_time(api: Api) -> None:
    api.session(ALICE, timeToLive=600)
    api.advance(100)
    [session] = api.state()["sessions"]
    assert (session["login"], session["admin"], session["remaining"]) == ("oxe70120", False, 500)
    assert session["application"] == "emulator-tests"


def test_a_trailing_slash_is_tolerated(api: Api) -> None:
    assert api.control.post(f"{CONTROL}/clock/advance/", json={"seconds": 1}).json()["now"] == EPOCH + 1
    assert api.control.get(f"{CONTROL}/state/").status_code == 200


def test_advance_accepts_integers_and_fractions(api: Api) -> None:
    assert api.advance(0) == EPOCH
    assert api.advance(0.25) == EPOCH + 0.25
    view = api.control.post(f"{CONTROL}/clock/advance", json={"seconds": 60}).json()
    assert view["iso"] == "2026-01-05T09:01:00.250Z" and view["running"] is False
