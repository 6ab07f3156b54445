"""The one emission point and the one defect mechanism: control-API modifiers change what subscribers receive.

Modifiers survive `reset` (core/modifiers.py), so every test here removes what it installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def defects(pbx: Any) -> Iterator[Any]:
    """Install modifiers through the control API; they are removed after the test."""

    def install(*mods: dict[str, Any]) -> None:
        pbx.ctl("POST", "/modifiers", {"modifiers": list(mods)})

    yield install
    pbx.ctl("DELETE", "/modifiers")


def test_a_modifier_can_omit_an_event(pbx: Any, defects: Any) -> None:
    defects({"kind": "omit_event", "event": "OnUserStateModified"})
    alice = pbx.party("alice")
    ref = alice.call("70120", "70121")
    assert [e["eventName"] for e in alice.ev.drain()] == ["OnCallCreated", "OnCallModified"]
    assert alice.get(f"/telephony/calls/{ref}").status_code == 200


def test_a_modifier_can_reorder_a_batch(pbx: Any, defects: Any) -> None:
    defects({"kind": "reorder_events", "event": "OnCallCreated"})
    alice = pbx.party("alice")
    alice.call("70120", "70121")
    assert [e["eventName"] for e in alice.ev.drain()] == ["OnCallModified", "OnUserStateModified", "OnCallCreated"]


def test_a_modifier_can_drop_a_documented_field(pbx: Any, defects: Any) -> None:
    defects({"kind": "drop_event_field", "event": "OnCallCreated", "path": "callRef"})
    alice = pbx.party("alice")
    alice.call("70120", "70121")
    created = alice.ev.wait("OnCallCreated")
    assert "callRef" not in created and created["loginName"] == "oxe70120"


def test_a_modifier_answers_a_wrong_state_with_success(pbx: Any, defects: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121")
    assert bruno.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70121"}).status_code == 204
    assert alice.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70120"}).status_code == 204
    alice.ev.drain()
    pbx.error(alice.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70120"}), 400, "NOT_EXPECTED")
    defects({"kind": "accept_wrong_state", "op": "telephony.calls.hold"})
    assert alice.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70120"}).status_code == 204
    assert alice.ev.drain() == []


def test_removing_the_modifiers_restores_the_events(pbx: Any, defects: Any) -> None:
    defects({"kind": "omit_event", "event": "OnCallCreated"})
    pbx.ctl("DELETE", "/modifiers")
    alice = pbx.party("alice")
    alice.call("70120", "70121")
    assert alice.ev.wait("OnCallCreated")
