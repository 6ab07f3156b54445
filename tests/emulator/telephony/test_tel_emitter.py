"""The one emission point: modifiers plugged into the emitter change what subscribers receive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from o2g_conformance.emulator.services.telephony.events import EventModifier, Outgoing
from o2g_conformance.emulator.services.telephony.models import TelephonyState


def on_server(pbx: Any, fn: Callable[[TelephonyState], None]) -> None:
    """Change the telephony state where it lives (the server's event loop when the server offers it)."""
    server = pbx.server
    invoke = getattr(server, "invoke", None)
    if invoke is not None:
        invoke(lambda: fn(server.backend.state(TelephonyState)))
    else:
        fn(server.backend.state(TelephonyState))


def plug(pbx: Any, modifier: EventModifier) -> None:
    on_server(pbx, lambda tel: tel.emitter.modifiers.append(modifier))


def test_a_modifier_can_omit_an_event(pbx: Any) -> None:
    plug(pbx, lambda batch: [o for o in batch if o.name != "OnUserStateModified"])
    alice = pbx.party("alice")
    ref = alice.call("70120", "70121")
    assert [e["eventName"] for e in alice.ev.drain()] == ["OnCallCreated", "OnCallModified"]
    assert alice.get(f"/telephony/calls/{ref}").status_code == 200


def test_a_modifier_can_reorder_events(pbx: Any) -> None:
    plug(pbx, lambda batch: list(reversed(batch)))
    alice = pbx.party("alice")
    alice.call("70120", "70121")
    assert [e["eventName"] for e in alice.ev.drain()] == ["OnCallModified", "OnUserStateModified", "OnCallCreated"]


def test_a_modifier_can_drop_a_documented_field(pbx: Any) -> None:
    def strip(batch: list[Outgoing]) -> list[Outgoing]:
        return [o.without("callRef") if o.name == "OnCallCreated" else o for o in batch]

    plug(pbx, strip)
    alice = pbx.party("alice")
    alice.call("70120", "70121")
    created = alice.ev.wait("OnCallCreated")
    assert "callRef" not in created and created["loginName"] == "oxe70120"


def test_a_fault_answers_a_wrong_state_with_success(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121")
    assert bruno.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70121"}).status_code == 204
    assert alice.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70120"}).status_code == 204
    alice.ev.drain()
    pbx.error(alice.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70120"}), 400, "NOT_EXPECTED")
    on_server(pbx, lambda tel: tel.faults.accept_wrong_state.add("telephony.calls.hold"))
    assert alice.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70120"}).status_code == 204
    assert alice.ev.drain() == []


def test_reset_removes_modifiers(pbx: Any) -> None:
    plug(pbx, lambda batch: [])
    pbx.reset()
    alice = pbx.party("alice")
    alice.call("70120", "70121")
    assert alice.ev.wait("OnCallCreated")
