"""The HA pair: two O2G servers in front of one OXE, their roles, and what a switchover does.

What the reference says (o2g-rest-api-reference.txt): the HA solution is a Primary/Secondary server pair,
licensed by ROXE_HA in CAPEX mode and free in OPEX mode (L339-343); the root descriptor says `haMode`
(L54, L484); `/system/status` names the active (`primary`) and backup (`secondary`) servers with their
version and services status, the global IP address and drbd (replicated disk) state (L9085-9130). The
OXE keeps its own redundancy: the CTI link is CONNECTED_MAIN, CONNECTED_SECONDARY or DISCONNECTED
(L8876-8881), with OnCtiLinkDown / OnCtiLinkUp (L8926-8935).

Readings chosen where the reference is silent (and what the vendor's SDKs do, wire-facts "High
availability": a client that fails over redoes discovery, authentication, session and subscription):
- Calls, users, routing and voice mail are the PBX's: one OXE model serves both servers, so they survive
  every switchover with the same call references, and references never collide.
- O2G's own state (credentials, sessions, subscriptions and their channels, directory searches) lives in
  the memory of the active server's services: a switchover or failure ends it. A session of the old
  active server used on the new one answers INVALID_SESSION 403 (L318-327).
- The standby runs no O2G service: every O2G request to it answers NOT_READY 503 (code 1000, canRetry,
  L313). A failed server refuses connections. The global address leads to the active server; while no
  server is active it resets connections.
- Graceful switchover: the old active server's subscriptions end, so their chunk streams end cleanly.
  Failure: the failed server's connections are reset, its streams end without the terminating chunk.
- Without ROXE_HA in CAPEX mode there is no HA: both servers say `haMode: false`, `/system/status` says
  `ha: false` without primary/secondary, and the secondary never takes over (switchover is refused).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..core import errors
from ..core.licences import Licences
from ..core.registry import Backend
from ..core.sessions import SessionStore
from ..services.system.models import LINK_DOWN_DELAY, SystemState
from ..services.telephony.models import TelephonyState
from .proxy import Doors, Listener

CONFIG_KEY = "ha_pair"
HA_LICENCE = "ROXE_HA"
NODES = ("primary", "secondary")
ROLES = ("active", "standby", "failed")
#: How long an OXE call-server switchover keeps the CTI link down by default: long enough for the
#: OnCtiLinkDown that is "sent with a 30 s minimum and 60 s maximum delay" (L8926) to be sent.
OXE_SWITCHOVER_DOWN = 45.0
#: The O2G services of a server, as /system/status lists them (the reference names none).
SERVICES = ("o2g-api", "o2g-events", "o2g-cstalink", "o2g-cmislink")


@dataclass
class Node:
    """One O2G server of the pair."""

    name: str  # "primary" | "secondary": its configured place in the pair
    fqdn: str
    listener: Listener
    role: str  # "active" | "standby" | "failed"


class HaPair:
    """The pair's roles and doors over one backend; every change runs on the emulator's event loop."""

    def __init__(self, backend: Backend, *, scheme: str, host: str, fqdns: dict[str, str]) -> None:
        self.backend = backend
        self.scheme = scheme
        self.host = host  # the host put in the URLs of every door
        self.fqdns = fqdns  # primary, secondary, global
        self.doors = Doors()
        self.nodes: dict[str, Node] = {}
        self.global_door: Listener | None = None
        self.switchovers = 0
        self._takeover: Any = None
        backend.config.extra[CONFIG_KEY] = self

    # -- doors ------------------------------------------------------------------------------------------
    def add_doors(self, primary: Listener, secondary: Listener, global_door: Listener) -> None:
        self.nodes = {
            "primary": Node("primary", self.fqdns["primary"], primary, "active"),
            "secondary": Node("secondary", self.fqdns["secondary"], secondary, "standby"),
        }
        global_door.admit = lambda: self.active is not None
        self.global_door = global_door

    def url(self, door: str) -> str:
        listener = self.global_door if door == "global" else self.nodes[door].listener
        assert listener is not None
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{listener.port}"

    # -- roles ------------------------------------------------------------------------------------------
    @property
    def active(self) -> Node | None:
        return next((n for n in self.nodes.values() if n.role == "active"), None)

    def node(self, name: str) -> Node:
        """A node by name, or by role: `active` / `standby`."""
        if name in self.nodes:
            return self.nodes[name]
        found = next((n for n in self.nodes.values() if n.role == name), None)
        if found is None:
            raise errors.not_expected(f"no {name} server in the pair now ({self.roles_text()})", status=409)
        return found

    def peer(self, node: Node) -> Node:
        return next(n for n in self.nodes.values() if n is not node)

    def roles_text(self) -> str:
        return ", ".join(f"{n.name} {n.role}" for n in self.nodes.values())

    def serving(self, door: str | None) -> Node | None:
        """The server behind a door: its own for a server's door, the active one for the global address."""
        if door in self.nodes:
            return self.nodes[door]
        return self.active

    def licensed(self) -> bool:
        """ROXE_HA - true in CAPEX mode; free in OPEX mode (L341-343)."""
        licences = self.backend.state(Licences)
        return licences.file.mode == "OPEX" or licences.available(HA_LICENCE)

    # -- transitions ------------------------------------------------------------------------------------
    def _require_ha(self, what: str) -> None:
        if not self.licensed():
            raise errors.not_expected(f"{what}: no HA without the {HA_LICENCE} licence (L339-343)", status=409)

    def _end_o2g_state(self, reason: str) -> int:
        """The leaving server's memory is gone: sessions, credentials, subscriptions, searches."""
        return self.backend.state(SessionStore).forget_all(reason)

    def _activate(self, node: Node) -> None:
        """`node` takes over: the PBX model stays; defect modifiers may spoil it (proof that checks fire)."""
        self._takeover = None
        if node.role != "standby" or self.active is not None:
            return
        node.role = "active"
        self.switchovers += 1
        kinds = {m.kind for m in self.backend.modifiers.items}
        if "ha_lose_calls" in kinds or "ha_renumber_calls" in kinds:
            core = self.backend.state(TelephonyState)
            if "ha_lose_calls" in kinds:
                core.calls.clear()
            else:
                calls = list(core.calls.values())
                core.calls.clear()
                for call in calls:
                    call.ref = core.new_ref()
                    core.calls[call.ref] = call

    def switchover(self) -> dict[str, Any]:
        """Graceful: the active server hands over to the standby one (its streams end cleanly)."""
        self._require_ha("switchover")
        old = self.active
        if old is None or self.peer(old).role != "standby":
            raise errors.not_expected(f"switchover needs an active and a standby server ({self.roles_text()})", 409)
        self._end_o2g_state("switchover")
        old.role = "standby"
        self._activate(self.peer(old))
        return self.view()

    def failback(self) -> dict[str, Any]:
        """The primary server becomes active again (a switchover from the secondary)."""
        if self.nodes["primary"].role == "active":
            raise errors.not_expected("failback: the primary server is active already", status=409)
        if self.nodes["primary"].role != "standby":
            raise errors.not_expected(f"failback needs the primary server as standby ({self.roles_text()})", 409)
        return self.switchover()

    async def fail(self, name: str, takeover: float) -> dict[str, Any]:
        """Abrupt failure of a server: refused connections, reset streams; the standby takes over after
        `takeover` virtual seconds (at once for 0), when the licence allows HA."""
        node = self.node(name)
        if node.role == "failed":
            raise errors.not_expected(f"the {node.name} server has failed already", status=409)
        was_active = node.role == "active"
        node.role = "failed"
        await node.listener.close(abort=True)
        if was_active:
            assert self.global_door is not None
            self.global_door.abort_all()
            self._end_o2g_state("failure")
            peer = self.peer(node)
            if self.licensed() and peer.role == "standby":
                if takeover <= 0:
                    self._activate(peer)
                else:
                    self._takeover = self.backend.clock.call_later(takeover, functools.partial(self._activate, peer))
        return self.view()

    async def restore(self, name: str) -> dict[str, Any]:
        """A failed server comes back, as standby (or as the active one when no server is active)."""
        node = self.node(name)
        if node.role != "failed":
            raise errors.not_expected(f"the {node.name} server has not failed ({self.roles_text()})", status=409)
        await node.listener.open()
        node.role = "standby"
        if self.active is None and self._takeover is None:
            self._activate(node)  # nobody took over (no licence, or both failed): the first back serves
        return self.view()

    async def reset(self) -> None:
        """Back to the start: both servers up, the primary active (the control API's /reset)."""
        if self._takeover is not None:
            self._takeover.cancel()
            self._takeover = None
        for node in self.nodes.values():
            await node.listener.open()
        self.nodes["primary"].role = "active"
        self.nodes["secondary"].role = "standby"

    def oxe_switchover(self, node_id: int | None, down: float, event_delay: float) -> dict[str, Any]:
        """The OXE's main call server fails over to its standby: the CTI link is DISCONNECTED for `down`
        virtual seconds (OnCtiLinkDown after `event_delay`, L8926), then CONNECTED_SECONDARY (OnCtiLinkUp)."""
        system = self.backend.state(SystemState)
        if not LINK_DOWN_DELAY[0] <= event_delay <= LINK_DOWN_DELAY[1]:
            raise errors.bad_parameter("'eventDelay' must be 30 to 60 seconds (L8926)")
        if down <= 0:
            raise errors.bad_parameter("'downSeconds' must be a positive number of seconds")
        nodes = system.node_ids(node_id)

        def up(node: int) -> None:
            system.set_link(node, "CONNECTED_SECONDARY")

        for node in nodes:
            system.set_link(node, "DISCONNECTED", event_delay)
            self.backend.clock.call_later(down, functools.partial(up, node))
        return {"links": system.links_view(), "upAt": self.backend.clock.now() + down}

    # -- views ------------------------------------------------------------------------------------------
    def view(self) -> dict[str, Any]:
        return {
            "haMode": self.licensed(),
            "licensed": self.licensed(),
            "active": self.active.name if self.active else None,
            "switchovers": self.switchovers,
            "servers": {
                n.name: {"role": n.role, "fqdn": n.fqdn, "url": self.url(n.name), "listening": n.listener.listening}
                for n in self.nodes.values()
            },
            "global": {"fqdn": self.fqdns["global"], "url": self.url("global")},
        }

    def _services(self, node: Node) -> dict[str, Any]:
        status = {"active": "RUNNING", "standby": "STOPPED", "failed": "UNREACHABLE"}[node.role]
        mode = {"active": "ACTIVE", "standby": "STANDBY", "failed": "UNKNOWN"}[node.role]
        peer_up = self.peer(node).role != "failed"
        drbd = {
            "active": "Primary/UpToDate" + ("/Connected" if peer_up else "/WFConnection"),
            "standby": "Secondary/UpToDate/Connected",
            "failed": "Unknown",
        }[node.role]
        return {
            "services": [{"name": s, "status": status, "mode": mode} for s in SERVICES],
            "globalIPAdress": "UP" if node.role == "active" else "DOWN",
            "drbd": drbd,
        }

    def status_fields(self, version: str) -> dict[str, Any]:
        """The HA part of SystemStatus (L9088-9130), as the server answering it (always the active one) sees it."""
        if not self.licensed():
            return {"ha": False}
        active = self.active
        assert active is not None  # only the active server answers O2G requests
        backup = self.peer(active)
        return {
            "logicalAddress": {"fqdn": self.fqdns["global"], "ip": self.host},
            "ha": True,
            "primary": active.fqdn,
            "primaryVersion": version,
            "primaryServicesStatus": self._services(active),
            "secondary": backup.fqdn,
            "secondaryVersion": version,
            "secondaryServicesStatus": self._services(backup),
        }


def pair_of(backend: Backend) -> HaPair | None:
    """The HA pair serving this backend, if the emulator runs in HA mode."""
    pair = backend.config.extra.get(CONFIG_KEY)
    return pair if isinstance(pair, HaPair) else None
