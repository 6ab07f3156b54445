"""Maintenance state: OXE nodes and their CTI links, system status, and the system events.

Readings chosen (o2g-rest-api-reference.txt L8747-9204):
- OnCtiLinkDown "is sent with a 30 s minimum and 60 s maximum delay" (L8926): the emulator sends it 30
  virtual seconds after the link drops (the control API may ask up to 60). A link restored before the
  event is due sends neither OnCtiLinkDown nor OnCtiLinkUp. OnCtiLinkUp is sent at once (L8931).
- While a node's CTI (CSTA) link is down, telephony requests for its users fail with the telephony
  error SERVICE_UNAVAILABLE, "relies on another service which is unavailable" (L529), which the
  emulator answers as SERVER_PROBLEM 503 like every SERVICE_UNAVAILABLE (telephony/errors.py). The
  reference does not say what a request meets while the link is down; this is the type that fits.
- OnPbxLoaded is sent for every node when a start-up window ends (L8944), then OnServerStart. The latter
  belongs to no event package (L2096 vs L8949) and "needs a webhook url to be configured" (L8950): it goes
  to every webhook subscription, whatever its selectors, since no selector can name it.
- nodeId is an int in PbxStatus (L8998) and a string in the events (L8930, L8935, L8948): both as written.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import TYPE_CHECKING, Any

from ...core import errors
from ...core.clock import TimerHandle
from ...core.faults import Faults
from ...core.licences import Licences, controlled_user
from ...core.registry import Backend, state
from ...core.sessions import iso
from ..subscriptions.models import SubscriptionStore

if TYPE_CHECKING:
    from ...core.dispatch import Context

LINK_STATES = ("CONNECTED_MAIN", "CONNECTED_SECONDARY", "DISCONNECTED")
#: "sent with a 30 s minimum and 60 s maximum delay" (L8926).
LINK_DOWN_DELAY = (30.0, 60.0)
PBX_VERSION = "n1.402.16"


@state
class SystemState:
    """What GET /system/status reports and the control API changes (CTI links)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.started = backend.clock.now()
        self.links: dict[int, str] = {node.id: "CONNECTED_MAIN" for node in backend.topology.nodes}
        self._pending_down: dict[int, TimerHandle] = {}
        self._notified_down: set[int] = set()

    def start(self) -> None:
        self.backend.state(Faults).on_ready.append(self._ready)

    def shutdown(self) -> None:
        for timer in self._pending_down.values():
            timer.cancel()

    # -- CTI links ---------------------------------------------------------------------------------------
    def node_ids(self, node_id: int | None) -> list[int]:
        if node_id is None:
            return list(self.links)
        if node_id not in self.links:
            known = ", ".join(str(n) for n in self.links)
            raise errors.bad_parameter(f"no OXE node {node_id} (nodes: {known})")
        return [node_id]

    def set_link(self, node_id: int | None, link: str, delay: float = LINK_DOWN_DELAY[0]) -> list[dict[str, Any]]:
        """Change the CTI link state of one node (or all): events as the reference describes them."""
        if link not in LINK_STATES:
            raise errors.bad_parameter(f"'state' must be one of {', '.join(LINK_STATES)}, not {link!r}")
        if not LINK_DOWN_DELAY[0] <= delay <= LINK_DOWN_DELAY[1]:
            raise errors.bad_parameter("'eventDelay' must be 30 to 60 seconds (L8926)")
        for node in self.node_ids(node_id):
            before = self.links[node]
            self.links[node] = link
            if link == "DISCONNECTED" and before != "DISCONNECTED":
                self._pending_down[node] = self.backend.clock.call_later(delay, functools.partial(self._down, node))
            elif link != "DISCONNECTED" and before == "DISCONNECTED":
                pending = self._pending_down.pop(node, None)
                if pending is not None:
                    pending.cancel()  # never notified as down: nothing to notify as up
                if node in self._notified_down:
                    self._notified_down.discard(node)
                    self.backend.bus.publish({"eventName": "OnCtiLinkUp", "nodeId": str(node)})
        return self.links_view()

    def _down(self, node: int) -> None:
        self._pending_down.pop(node, None)
        self._notified_down.add(node)
        self.backend.bus.publish({"eventName": "OnCtiLinkDown", "nodeId": str(node)})

    def links_view(self) -> list[dict[str, Any]]:
        return [{"nodeId": n, "ctiLinkState": s} for n, s in self.links.items()]

    def check_telephony(self, login: str | None, op_id: str) -> None:
        """A telephony request while the CTI link of the user's node (or any node, for no user) is down."""
        node = self.backend.topology.node_of(login) if login else None
        down = [n for n, s in self.links.items() if s == "DISCONNECTED" and (node is None or n == node.id)]
        if down:
            message = f"{op_id}: the CTI link of OXE node {down[0]} is down"
            detail = {"errorType": "SERVICE_UNAVAILABLE", "errorCause": "UNKNOWN", "message": message}
            raise errors.ApiError("SERVER_PROBLEM", message, status=503, telephony=detail)

    # -- start-up ----------------------------------------------------------------------------------------
    def _ready(self) -> None:
        self.started = self.backend.clock.now()
        for node in self.backend.topology.nodes:
            self.backend.bus.publish({"eventName": "OnPbxLoaded", "nodeId": str(node.id)})
        self.server_started()

    def server_started(self) -> int:
        """OnServerStart to every webhook subscription (L8949-8950); the number reached."""
        event: dict[str, Any] | None = {"eventName": "OnServerStart", "serverId": self._ip() or "127.0.0.1"}
        bus = self.backend.bus
        if bus.transform is not None:
            event = bus.transform(event)  # type: ignore[arg-type]
        if event is None:
            return 0
        bus.published.append(event)
        reached = 0
        for sub in self.backend.state(SubscriptionStore).all():
            if sub.webhook_url and not sub.ended:
                sub.subscriber.queue.append(dict(event))
                reached += 1
                if sub.subscriber.wake:
                    sub.subscriber.wake()
        return reached

    # -- GET /system/status --------------------------------------------------------------------------------
    def _ip(self) -> str | None:
        host = self.backend.config.advertised_host
        try:
            return str(ipaddress.ip_address(host))
        except ValueError:
            return None

    def status(self) -> dict[str, Any]:
        """SystemStatus (L9088-9204)."""
        b = self.backend
        licences = b.state(Licences)
        starting = b.state(Faults).starting
        host = b.config.advertised_host
        address: dict[str, str] = {"fqdn": host}
        if self._ip():
            address = {"fqdn": "localhost", "ip": host}
        out: dict[str, Any] = {
            "logicalAddress": address,
            "startDate": iso(self.started),
            "ha": b.topology.server.haMode,
            "pbxs": [
                {
                    "name": node.name,
                    "nodeId": node.id,
                    "mainAddress": {"fqdn": f"{node.name.lower()}.oxe.invalid", "ip": f"192.0.2.{node.id % 250}"},
                    "version": PBX_VERSION,
                    "connected": True,
                    "loaded": not starting,
                    "ctiLinkState": self.links[node.id],
                    "secured": False,
                    "monitoredUserNumber": len(node.users),
                    "lmsConnectionStatus": licences.file.mode == "OPEX",
                }
                for node in b.topology.nodes
            ],
            "license": {
                "type": "FLEXLM" if licences.file.mode == "CAPEX" else "LMS",
                "context": licences.file.context,
                "currentServer": host,
                "lics": licences.status_lics(),
            },
            "configurationType": "FULL_SERVICES",
            "applicationId": "o2g-emulator",
            "subscriberFilter": "A4980",
        }
        if licences.file.mode == "OPEX":  # "Only for LMS" (L8921-8922)
            out["license"].update({"status": "NORMAL", "statusMessage": "emulated LMS"})
        version = f"{b.topology.server.major}.{b.topology.server.minor}"
        from ...ha.pair import pair_of  # the HA package builds on this one

        pair = pair_of(b)
        if pair is not None:  # the pair as the active server sees it (L9085-9130)
            out.update(pair.status_fields(version))
            if pair.active is not None:
                out["license"]["currentServer"] = pair.active.fqdn
        elif b.topology.server.haMode:
            out["primary"] = host
            out["primaryVersion"] = version
        return out


def cti_hook(ctx: Context) -> None:
    """The dispatch hook: telephony requests fail while the CTI link they need is down."""
    if ctx.op.id.startswith("telephony."):
        ctx.backend.state(SystemState).check_telephony(controlled_user(ctx), ctx.op.id)
