"""Services joining or splitting calls, driven over HTTP and read from the chunk stream of each party."""

from __future__ import annotations

from typing import Any

import httpx

API = "/api/rest/1.0"


def answered(caller: Any, callee: Any, src: str, dst: str) -> str:
    ref = caller.call(src, dst)
    assert callee.post(f"/telephony/calls/{ref}/answer", {"deviceId": dst}).status_code == 204
    caller.ev.drain()
    callee.ev.drain()
    return str(ref)


def wait_leg(stream: Any, ref: str, state: str) -> dict[str, Any]:
    """The next OnCallModified of `ref` whose (first) leg reaches `state`."""
    while True:
        event: dict[str, Any] = stream.wait("OnCallModified", callRef=ref)
        if event["legs"] and event["legs"][0]["state"] == state:
            return event


def test_three_party_consultation_transfer_read_from_the_chunk_stream(pbx: Any) -> None:
    """A plain HTTP client drives A-B, A holds B, A consults C, A transfers: B and C stay together."""
    accounts = {"a": ("oxe70120", "1201"), "b": ("oxe70121", "1211"), "c": ("oxe70122", "1221")}
    clients: dict[str, httpx.Client] = {}
    streams = {}
    for name, (login, password) in accounts.items():
        c = pbx.client()
        assert c.get("/api/rest/authenticate", params={"version": "1.0"}, auth=(login, password)).status_code == 200
        assert c.post(f"{API}/sessions", json={"applicationName": "transfer-demo"}).status_code == 200
        body = {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0"}
        polling_url = c.post(f"{API}/subscriptions", json=body).json()["privatePollingUrl"]
        assert polling_url.startswith(pbx.server.url)
        clients[name] = c
        streams[name] = pbx.stream(polling_url, login)
    a, b, c = clients["a"], clients["b"], clients["c"]
    sa, sb, sc = streams["a"], streams["b"], streams["c"]

    r = a.post(f"{API}/telephony/calls", json={"deviceId": "70120", "callee": "70121", "autoAnswer": True})
    first = r.headers["Location"].rsplit("/", 1)[1]
    sb.wait("OnCallCreated", callRef=first)
    assert b.post(f"{API}/telephony/calls/{first}/answer", json={"deviceId": "70121"}).status_code == 204
    a_pid_for_b = wait_leg(sb, first, "ACTIVE")["participants"][0]["participantId"]
    assert a.post(f"{API}/telephony/calls/{first}/hold", json={"deviceId": "70120"}).status_code == 204
    wait_leg(sa, first, "HELD")

    r = a.post(f"{API}/telephony/calls", json={"deviceId": "70120", "callee": "70122", "autoAnswer": True})
    second = r.headers["Location"].rsplit("/", 1)[1]
    sc.wait("OnCallCreated", callRef=second)
    assert c.post(f"{API}/telephony/calls/{second}/answer", json={"deviceId": "70122"}).status_code == 204
    a_pid_for_c = wait_leg(sc, second, "ACTIVE")["participants"][0]["participantId"]
    assert wait_leg(sa, second, "ACTIVE")["callData"]["capabilities"]["transfer"] is True
    for stream in (sa, sb, sc):
        stream.drain()

    r = a.post(f"{API}/telephony/calls/{second}/transfer", json={"heldCallRef": first})
    assert r.status_code == 204, r.text

    # A: both calls removed (TRANSFERRED), then A is free.
    assert [(e["eventName"], e.get("callRef"), e.get("cause"), e.get("state")) for e in sa.sequence(3)] == [
        ("OnCallRemoved", first, "TRANSFERRED", None),
        ("OnCallRemoved", second, "TRANSFERRED", None),
        ("OnUserStateModified", None, None, "FREE"),
    ]
    # B: the held call goes on, with C instead of A.
    b_mod = sb.next()
    assert (b_mod["eventName"], b_mod["callRef"], b_mod["cause"]) == ("OnCallModified", first, "TRANSFERRED")
    assert "previousCallRef" not in b_mod
    assert b_mod["removedParticipantIds"] == [a_pid_for_b]
    assert [p["identity"]["id"]["loginName"] for p in b_mod["addedParticipants"]] == ["oxe70122"]
    assert b_mod["legs"][0]["state"] == "ACTIVE"
    # C: the consultation call is replaced by the held call's callRef; no OnCallRemoved for it.
    c_mod = sc.next()
    assert (c_mod["eventName"], c_mod["callRef"], c_mod["previousCallRef"]) == ("OnCallModified", first, second)
    assert c_mod["cause"] == "TRANSFERRED"
    assert c_mod["removedParticipantIds"] == [a_pid_for_c]
    assert [p["identity"]["id"]["loginName"] for p in c_mod["participants"]] == ["oxe70121"]
    assert all(e["eventName"] != "OnCallRemoved" for e in sc.drain() + sb.drain())

    assert a.get(f"{API}/telephony/calls").json() == {"calls": []}
    assert [x["callRef"] for x in c.get(f"{API}/telephony/calls").json()["calls"]] == [first]
    assert b.delete(f"{API}/telephony/calls/{first}").status_code == 204
    assert sc.wait("OnCallRemoved", callRef=first)["cause"] == "CLEARED"


def test_transfer_while_the_consulted_party_rings(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    first = answered(alice, bruno, "70120", "70121")
    second = alice.call("70120", "70122")  # the conversation with B goes on hold by itself
    chloe.ev.wait("OnCallCreated", callRef=second)
    assert alice.post(f"/telephony/calls/{second}/transfer", {"heldCallRef": first}).status_code == 204
    leg = bruno.ev.wait("OnCallModified", callRef=first)["legs"][0]
    assert (leg["state"], leg["ringingRemote"]) == ("RINGING_OUTGOING", True)
    assert chloe.ev.wait("OnCallModified", callRef=first)["previousCallRef"] == second
    assert chloe.post(f"/telephony/calls/{first}/answer", {"deviceId": "70122"}).status_code == 204
    assert bruno.ev.wait("OnCallModified", callRef=first)["legs"][0]["state"] == "ACTIVE"


def test_transfer_and_merge_need_an_active_and_a_held_call(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    first = answered(alice, bruno, "70120", "70121")
    for op in ("transfer", "merge"):
        r = alice.post(f"/telephony/calls/{first}/{op}", {"heldCallRef": "0badc0de00000700"})
        pbx.error(r, 400 if op == "merge" else 404, "NOT_FOUND", "CALL_REFERENCE_NOT_FOUND")
    pbx.error(alice.post(f"/telephony/calls/{first}/merge", {"heldCallRef": first}), 400, "BAD_PARAMETER")


def test_merge_makes_a_conference_and_dropme_leaves_it(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    first = answered(alice, bruno, "70120", "70121")
    second = alice.call("70120", "70122")
    assert chloe.post(f"/telephony/calls/{second}/answer", {"deviceId": "70122"}).status_code == 204
    for p in (alice, bruno, chloe):
        p.ev.drain()
    r = alice.post(f"/telephony/calls/{second}/merge", {"heldCallRef": first})
    assert r.status_code == 204, r.text
    a_mod = alice.ev.wait("OnCallModified", callRef=second)
    assert (a_mod["cause"], a_mod["previousCallRef"]) == ("CONFERENCED", first)
    assert sorted(p["identity"]["id"]["loginName"] for p in a_mod["participants"]) == ["oxe70121", "oxe70122"]
    # Nobody's state changed to or from ringing in the merge: Participant.state stays empty (L6094-6095).
    assert all("state" not in p for p in a_mod["participants"])
    assert bruno.ev.wait("OnCallModified", callRef=second)["previousCallRef"] == first
    c_mod = chloe.ev.wait("OnCallModified", callRef=second)
    assert "previousCallRef" not in c_mod
    assert [p["identity"]["id"]["loginName"] for p in c_mod["addedParticipants"]] == ["oxe70121"]
    assert all(e["eventName"] != "OnCallRemoved" for p in (alice, bruno) for e in p.ev.drain())

    b_pid = next(p["participantId"] for p in a_mod["participants"] if p["identity"]["id"]["loginName"] == "oxe70121")
    assert bruno.post(f"/telephony/calls/{second}/dropme").status_code == 204
    assert bruno.ev.wait("OnCallRemoved", callRef=second)["cause"] == "CLEARED"
    left = alice.ev.wait("OnCallModified", callRef=second)
    assert (left["cause"], left["removedParticipantIds"]) == ("PARTICIPANT_LEFT", [b_pid])
    assert chloe.ev.wait("OnCallModified", callRef=second)["cause"] == "PARTICIPANT_LEFT"


def test_reconnect_cancels_the_enquiry_call(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    first = answered(alice, bruno, "70120", "70121")
    second = alice.call("70120", "70122")
    chloe.ev.wait("OnCallCreated", callRef=second)
    alice.ev.drain()
    # The key as the reference's example spells it, "\ndeviceId" (L3459-3460).
    r = alice.post(f"/telephony/calls/{first}/reconnect", {"\ndeviceId": "70120", "enquiryCallRef": second})
    assert r.status_code == 204, r.text
    assert chloe.ev.wait("OnCallRemoved", callRef=second)["cause"] == "ABANDONED"
    removed, back = alice.ev.sequence(2)
    assert (removed["eventName"], removed["callRef"]) == ("OnCallRemoved", second)
    assert (back["eventName"], back["callRef"], back["legs"][0]["state"]) == ("OnCallModified", first, "ACTIVE")


def test_blind_transfer(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    ref = answered(alice, bruno, "70120", "70121")
    assert alice.post(f"/telephony/calls/{ref}/blindtransfer", {"transferTo": "70122"}).status_code == 204
    gone = alice.ev.wait("OnCallRemoved", callRef=ref)
    assert (gone["cause"], gone["newDestination"]) == ("TRANSFERRED", "70122")
    b_mod = bruno.ev.wait("OnCallModified", callRef=ref)
    assert b_mod["cause"] == "TRANSFERRED" and b_mod["legs"][0]["state"] == "RINGING_OUTGOING"
    c_new = chloe.ev.wait("OnCallCreated", callRef=ref)
    assert c_new["cause"] == "TRANSFERRED" and c_new["legs"][0]["state"] == "RINGING_INCOMING"


def test_blind_transfer_to_a_busy_user_is_resource_busy(pbx: Any) -> None:
    alice, bruno, chloe, david = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe"), pbx.party("david")
    ref = answered(alice, bruno, "70120", "70121")
    answered(chloe, david, "70122", "70123")
    body = pbx.error(alice.post(f"/telephony/calls/{ref}/blindtransfer", {"transferTo": "70122"}), 400, "NOT_EXPECTED")
    assert body["telephony"] == {
        "errorType": "CALL_SERVER_ERROR",
        "errorCause": "RESOURCE_BUSY",
        "message": body["telephony"]["message"],
    }


def test_redirect_to_a_user_and_to_the_voicemail(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    assert bruno.post(f"/telephony/calls/{ref}/redirect", {"redirectTo": "70122"}).status_code == 204
    gone = bruno.ev.wait("OnCallRemoved", callRef=ref)
    assert (gone["cause"], gone["newDestination"]) == ("REDIRECTED", "70122")
    c_new = chloe.ev.wait("OnCallCreated", callRef=ref)
    assert c_new["callData"]["lastRedirecting"]["id"]["loginName"] == "oxe70121"
    assert alice.ev.wait("OnCallModified", callRef=ref, cause="REDIRECTED")
    assert chloe.post(f"/telephony/calls/{ref}/redirect", {"redirectTo": "VOICEMAIL"}).status_code == 204
    to_vm = alice.ev.wait("OnCallModified", callRef=ref, cause="REDIRECTED")
    assert to_vm["legs"][0]["state"] == "ACTIVE"
    assert to_vm["participants"][0]["identity"]["type"] == {"main": "SERVICE", "subType": "voicemail"}


def test_redirect_to_voicemail_without_voicemail_is_service_unavailable(pbx: Any) -> None:
    alice, david = pbx.party("alice"), pbx.party("david")
    ref = alice.call("70120", "70123")
    david.ev.wait("OnCallCreated", callRef=ref)
    r = david.post(f"/telephony/calls/{ref}/redirect", {"redirectTo": "VOICEMAIL"})
    pbx.error(r, 503, "SERVER_PROBLEM", "SERVICE_UNAVAILABLE")
    r = alice.post(f"/telephony/calls/{ref}/redirect", {"redirectTo": "70122"})
    pbx.error(r, 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")


def test_overflow_to_voicemail(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    assert alice.post(f"/telephony/calls/{ref}/overflowToVoiceMail").status_code == 204
    gone = bruno.ev.wait("OnCallRemoved", callRef=ref)
    assert (gone["cause"], gone["newDestination"]) == ("OVERFLOWN", "79000")
    mod = alice.ev.wait("OnCallModified", callRef=ref, cause="OVERFLOWN")
    assert mod["legs"][0]["state"] == "ACTIVE" and mod["participants"][0]["identity"]["type"]["main"] == "SERVICE"
    other = alice.call("70520", "70123")  # David has no voice mail
    r = alice.post(f"/telephony/calls/{other}/overflowToVoiceMail")
    pbx.error(r, 503, "SERVER_PROBLEM", "SERVICE_UNAVAILABLE")


def test_direct_and_group_pickup(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    assert chloe.post("/telephony/devices/70122/pickup", {"otherPhoneNumber": "70121"}).status_code == 204
    gone = bruno.ev.wait("OnCallRemoved", callRef=ref)
    assert (gone["cause"], gone["newDestination"]) == ("PICKED_UP", "70122")
    picked = chloe.ev.wait("OnCallCreated", callRef=ref)
    assert (picked["cause"], picked["legs"][0]["state"]) == ("PICKED_UP", "ACTIVE")
    assert alice.ev.wait("OnCallModified", callRef=ref, cause="PICKED_UP")["legs"][0]["state"] == "ACTIVE"

    ines, jules = pbx.party("ines"), pbx.party("jules")
    ref2 = bruno.call("70121", "70129")
    jules.ev.wait("OnCallCreated", callRef=ref2)
    assert ines.post("/telephony/devices/70128/pickup").status_code == 204  # group pickup (hunting group 79100)
    assert jules.ev.wait("OnCallRemoved", callRef=ref2)["cause"] == "PICKED_UP"
    r = ines.post("/telephony/devices/70128/pickup", {"otherPhoneNumber": "70125"})
    pbx.error(r, 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")


def test_park_and_unpark_an_external_call(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = pbx.call_in("0612345678", "70120", name="ACME")["callRef"]
    alice.ev.wait("OnCallCreated", callRef=ref)
    assert alice.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70120"}).status_code == 204
    assert alice.ev.wait("OnCallModified", callRef=ref)["callData"]["capabilities"]["park"] is True
    assert alice.post(f"/telephony/calls/{ref}/park", {"parkTo": "70121"}).status_code == 204
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "PARKED"
    state = bruno.get("/telephony/state").json()
    assert state["deviceCapabilities"][0]["unParkCall"] is True
    pbx.error(alice.post("/telephony/devices/70120/unpark"), 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
    assert bruno.post("/telephony/devices/70121/unpark").status_code == 204
    back = bruno.ev.wait("OnCallCreated", callRef=ref)
    assert back["legs"][0]["state"] == "ACTIVE"
    assert back["participants"][0]["identity"]["type"] == {"main": "EXTERNAL", "subType": "public"}
    assert back["participants"][0]["identity"]["displayName"] == "ACME"


def test_park_is_for_external_calls_only(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = answered(alice, bruno, "70120", "70121")
    pbx.error(alice.post(f"/telephony/calls/{ref}/park"), 400, "NOT_SUPPORTED", "SERVICE_NOT_PROVIDED")


def test_intrusion_from_a_busy_call(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    target = answered(alice, bruno, "70120", "70121")
    pbx.error(chloe.post("/telephony/devices/70122/intrusion"), 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
    failed = chloe.call("70122", "70121")
    assert chloe.ev.wait("OnCallModified", callRef=failed)["legs"][0]["state"] == "RELEASING"
    assert chloe.post("/telephony/devices/70122/intrusion").status_code == 204
    joined = chloe.ev.wait("OnCallModified", callRef=target)
    assert joined["previousCallRef"] == failed and joined["legs"][0]["state"] == "ACTIVE"
    assert len(joined["participants"]) == 2
    added = alice.ev.wait("OnCallModified", callRef=target)["addedParticipants"]
    assert [p["identity"]["id"]["loginName"] for p in added] == ["oxe70122"]
    assert all(e["eventName"] != "OnCallRemoved" for e in chloe.ev.drain())


def test_callback_request_during_a_busy_call(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    answered(alice, bruno, "70120", "70121")
    failed = chloe.call("70122", "70121")
    chloe.ev.wait("OnCallModified", callRef=failed)
    assert chloe.post(f"/telephony/calls/{failed}/callback").status_code == 204
    chloe.ev.wait("OnCallRemoved", callRef=failed)
    callbacks = bruno.get("/telephony/incomingCallbacks").json()["callbacks"]
    assert [cb["partyInfo"]["id"]["loginName"] for cb in callbacks] == ["oxe70122"]
