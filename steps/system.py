"""Steps of Maintenance: system status, licence availability, CTI links and system events (L8747-9204)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import ANONYMOUS, World
from o2g_conformance.steplib import Actor, EventName, given, then, when

from .common import body_of, precondition, target_version
from .events import log_of

STATUS = "system.status.get"
CHECK = "system.licenses.check"
LINK_STATES = ("CONNECTED_MAIN", "CONNECTED_SECONDARY", "DISCONNECTED")


class WebhookReceiver:
    """A loopback HTTP server that records the JSON events POSTed to it (webhook mode, L2125-2128)."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        events = self.events

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    events.append(json.loads(body))
                finally:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webHookOTEvent"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def wait_for(self, name: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((e for e in self.events if e.get("eventName") == name), None)
            if found is not None:
                return found
            time.sleep(0.02)
        raise AssertionError(f"no {name} reached the webhook within {timeout:g} s (received: {self.events})")

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class SystemNotes:
    """What the system steps of a scenario read once: the OXE node the system events name."""

    node_id: str | None = None


@pytest.fixture
def system_notes() -> SystemNotes:
    """The scenario's system notes (nothing read yet)."""
    return SystemNotes()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """A webhook receiver on the loopback for the scenario (the emulator delivers to it)."""
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


def system_status(o2g: World) -> dict[str, Any]:
    """The administrator's GET /system/status, without changing the scenario's last answer."""
    response = o2g.aside("administrator", STATUS)
    body = response.json
    if response.status != 200 or not isinstance(body, dict):
        raise NonConformance("GET /system/status answers a SystemStatus", op_id=STATUS, documented=200, received=body)
    return body


def node_id(o2g: World, notes: SystemNotes) -> str:
    """The first OXE node of the system status (a string in the system events, L8930), read once."""
    if notes.node_id is None:
        pbxs = system_status(o2g).get("pbxs") or [{}]
        notes.node_id = str(pbxs[0].get("nodeId"))
    return notes.node_id


def licence_check(o2g: World, name: str | None) -> ApiResponse:
    """GET /system/licenses[?lic=name] by a client without session (it needs none, L8806-8809)."""
    query = {"lic": name} if name is not None else None
    return o2g.client(ANONYMOUS).request("GET", "/api/rest/1.0/system/licenses", query=query, op_id=CHECK)


# -- requests ------------------------------------------------------------------------------------------------


@when("{actor} gets the system status", target_fixture="answer")
def get_status(o2g: World, actor: Actor) -> ApiResponse:
    """Sends system.status.get."""
    return o2g.send(actor, STATUS)


@when('a client without session checks the licence "(?P<name>[^"]+)"', target_fixture="answer")
def check_licence(o2g: World, name: str) -> ApiResponse:
    """Sends system.licenses.check of that licence, without a session."""
    return licence_check(o2g, name)


@when("a client without session checks a licence the target declares", target_fixture="answer")
def check_declared_licence(o2g: World) -> ApiResponse:
    """Sends system.licenses.check of the first licence the profile declares, without a session."""
    if not o2g.target.licences:
        precondition("the target profile declares no licences")
    return licence_check(o2g, sorted(o2g.target.licences)[0])


@when("a client without session checks a licence without naming it", target_fixture="answer")
def check_no_licence(o2g: World) -> ApiResponse:
    """Sends system.licenses.check without the lic parameter, without a session."""
    return licence_check(o2g, None)


# -- the status ----------------------------------------------------------------------------------------------


@then("every OXE node of the system status has a CTI link state")
def nodes_have_links(answer: ApiResponse) -> None:
    """Checks that each node of SystemStatus.pbxs has its nodeId and a ctiLinkState (L8994-9043, L8876-8881)."""
    pbxs = (body_of(answer) or {}).get("pbxs")
    if not pbxs or any(p.get("ctiLinkState") not in LINK_STATES or "nodeId" not in p for p in pbxs):
        raise NonConformance(
            "SystemStatus.pbxs gives each node's nodeId and CTI link state (L8994-9043, L8876-8881)",
            op_id=STATUS,
            documented=f"pbxs with nodeId and ctiLinkState in {LINK_STATES}",
            received=pbxs,
        )


@then("the system status lists licences with their total and use")
def licences_listed(answer: ApiResponse) -> None:
    """Checks that license.lics of the status gives, per licence, name, total and currentUsed (L8907-8915)."""
    lics = ((body_of(answer) or {}).get("license") or {}).get("lics")
    ok = bool(lics) and all(
        isinstance(x.get("name"), str) and isinstance(x.get("total"), int) and isinstance(x.get("currentUsed"), int)
        for x in lics or []
    )
    if not ok:
        raise NonConformance(
            "the system status gives, per licence, total and current use (L8752-8755, L8907-8915)",
            op_id=STATUS,
            documented="license.lics with name, total, currentUsed",
            received=lics,
        )


def _licence(o2g: World, name: str) -> dict[str, Any]:
    lics = (system_status(o2g).get("license") or {}).get("lics") or []
    found = next((x for x in lics if x.get("name") == name), None)
    if found is None:
        raise NonConformance(
            "the system status lists every installed licence (L8752-8755)",
            op_id=STATUS,
            documented=name,
            received=[x.get("name") for x in lics],
        )
    return dict(found)


@then(
    r'the system status reports the licence "(?P<name>[^"]+)" with a total of {total:count}'
    r"(?:, {used:count} used)?(?: and an expiration on (?P<expiration>[\d-]+))?"
)
def licence_reported(o2g: World, name: str, total: int, used: int | None, expiration: str | None) -> None:
    """Reads system.status.get: checks the licence's total (and current use, expiration) given (L8907-8915)."""
    lic = _licence(o2g, name)
    expected: dict[str, Any] = {"total": total}
    if used is not None:
        expected["currentUsed"] = used
    if expiration is not None:
        expected["expiration"] = expiration
    received = {k: lic.get(k) for k in expected}
    if received != expected:
        raise NonConformance(
            f"License {name} in the system status (L8907-8915)", op_id=STATUS, documented=expected, received=received
        )


@then('the system status counts {used:count} users? of the licence "(?P<name>[^"]+)"')
def licence_used(o2g: World, used: int, name: str) -> None:
    """Reads system.status.get: checks the licence's currentUsed, one per distinct user (L13-17)."""
    received = _licence(o2g, name).get("currentUsed")
    if received != used:
        raise NonConformance(
            "one licence per distinct user controlled, whatever the number of sessions (L13-17)",
            op_id=STATUS,
            line=13,
            documented=f"currentUsed {used}",
            received=received,
        )


@then("the CTI link of the OXE node is (?P<state>CONNECTED_MAIN|CONNECTED_SECONDARY|DISCONNECTED)")
def link_state(o2g: World, state: str) -> None:
    """Reads system.status.get: checks every node's PbxStatus.ctiLinkState is that state (L9004)."""
    pbxs = system_status(o2g).get("pbxs") or []
    states = [p.get("ctiLinkState") for p in pbxs]
    if not states or any(s != state for s in states):
        raise NonConformance("PbxStatus.ctiLinkState (L9004)", op_id=STATUS, documented=state, received=states)


# -- CTI link (emulator power) ------------------------------------------------------------------------------


@when("the CTI link of the OXE node goes down")
def link_down(o2g: World, system_notes: SystemNotes) -> None:
    """Notes the node first (system.status.get), then takes the CTI link down (emulator control /cti)."""
    node_id(o2g, system_notes)
    o2g.control.post("/cti", {"state": "DISCONNECTED"})


@when("the CTI link of the OXE node comes back on the (?P<server>main|secondary) call server")
def link_up(o2g: World, server: str) -> None:
    """Brings the CTI link back on that call server (emulator control /cti)."""
    o2g.control.post("/cti", {"state": "CONNECTED_MAIN" if server == "main" else "CONNECTED_SECONDARY"})


# -- system events -------------------------------------------------------------------------------------------


@given("{actor} listens to system events")
def listens_to_system(o2g: World, actor: Actor) -> None:
    """Subscribes the actor to the system package (names only, L2101; no timeout) and opens its channel."""
    o2g.collect(actor, [{"names": ["system"]}], timeout=0, wait=o2g.settings.event_timeout)


@then('{actor} receives "{name:event}" for the OXE node')
def receives_for_node(o2g: World, system_notes: SystemNotes, actor: Actor, name: EventName) -> None:
    """Checks that the actor receives that event for the OXE node (read by system.status.get), against its schema."""
    event = log_of(o2g, actor).wait_for(
        name, where={"nodeId": node_id(o2g, system_notes)}, timeout=o2g.settings.event_timeout
    )
    check_event(event, target_version(o2g))


@then(r'{actor} receives "OnLicenseExpiration" with nbDays (?P<days>-?\d+)', converters={"days": int})
def receives_expiration(o2g: World, actor: Actor, days: int) -> None:
    """Checks that the actor receives OnLicenseExpiration with that nbDays and an alarm message (L8940)."""
    event = log_of(o2g, actor).wait_for(
        "OnLicenseExpiration", where={"nbDays": days}, timeout=o2g.settings.event_timeout
    )
    check_event(event, target_version(o2g))
    if not event.get("message"):
        raise NonConformance(
            "OnLicenseExpiration carries an alarm message (L8940)", documented="a message", received=event
        )


@when("{count} virtual (?P<unit>hours|days) pass")
def hours_pass(o2g: World, count: int, unit: str) -> None:
    """The emulator's virtual clock moves on by that many hours or days (needs @needs-control:clock)."""
    o2g.control.advance(count * (3600 if unit == "hours" else 86400))


@given("{actor} has subscribed to system events by webhook")
def webhook_subscription(o2g: World, actor: Actor, webhook_receiver: WebhookReceiver) -> None:
    """Precondition: subscriptions.subscription.create of the system package in webhook mode, accepted."""
    body = {"filter": {"selectors": [{"names": ["system"]}]}, "version": "1.0", "webHookUrl": webhook_receiver.url}
    response = o2g.aside(actor, "subscriptions.subscription.create", json=body)
    if not isinstance(response.json, dict) or response.json.get("status") != "ACCEPTED":
        raise AssertionError(f"the webhook subscription was not accepted: {response.text[:300]}")


@then('the webhook receives "{name:event}"(?P<server> naming the server)?')
def webhook_receives(o2g: World, webhook_receiver: WebhookReceiver, name: EventName, server: str | None) -> None:
    """Checks that the event reaches the webhook, against its schema; OnServerStart names the server (L8954)."""
    event = webhook_receiver.wait_for(name, o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    o2g.asserted_elsewhere.add(name)
    if server and not event.get("serverId"):
        raise NonConformance("OnServerStart names the server (L8954)", documented="serverId", received=event)
