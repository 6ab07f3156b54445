"""CCD pilot calls and their monitoring: distribution to agents, waiting queues, OnPilotCall* events (L14341-14634).

A call to a pilot number (an external party through the telephony control routes, or a user) reaches
the call center through telephony's `hooks.numbers`:

- the pilot's mode in force is not normal (closed through the API or by its calendar, or forwarding):
  OnPilotCallCreated then OnPilotCallRemoved (RESOURCES_NOT_AVAILABLE, or FORWARDED to the forward
  group); the caller stays on the pilot's guide until it hangs up;
- an agent of the pilot's processing group is READY with a free set: OnPilotCallCreated,
  OnPilotCallQueued (ACD_ENTER_DISTRIBUTION), OnPilotCallRemoved (DISTRIBUTED, newDestination = the
  agent's set); the set rings and the agent is BUSY until the call ends, then in wrap-up;
- otherwise the call waits in the queue (OnPilotCallQueued, NO_AVAILABLE_AGENT) with the caller on the
  pilot's guide (a telephony "service" connection, answered at once) until an agent gets READY (the call
  is then offered to the agent's set: OnPilotCallRemoved DISTRIBUTED) or the caller hangs up
  (OnPilotCallRemoved ABANDONED, releasingDevice = the caller).

Events go to `pilot` subscriptions whose ids name the pilot (L2103), only while at least one live
session monitors the pilot: monitoring again is no error, and stopping keeps the monitoring of the other
live sessions (L14349-14355).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

from ....core import errors
from ....core.registry import Backend, state
from ....core.sessions import Session, SessionStore
from ...telephony.entities import Call, Endpoint, MediaState
from ...telephony.hooks import CallReport
from ...telephony.models import TelephonyState
from ..agent.models import AcdAgents
from ..ccd import CallCenter, PilotRuntime

#: A queue holds at most this many waiting calls before it is saturated (Pilot.saturation, L14181).
QUEUE_CAPACITY = 10
#: Expected wait per call ahead in the queue, seconds (Pilot.waitingTime, L14180).
SECONDS_PER_CALL = 30
#: Window of the "calls within the minute" counters of the real-time information.
TRAFFIC_WINDOW = 60.0


@dataclass
class PilotCall:
    """A call that reached a pilot."""

    ref: str
    pilot: str
    caller: str
    arrived: float
    status: Literal["waiting", "distributed"] = "waiting"
    agent: str | None = None
    distributed_at: float | None = None


def node_of(backend: Backend, node_id: str) -> int:
    """The nodeId path parameter (int, L13420): not a number is a bad parameter, another node not found."""
    try:
        node = int(node_id)
    except ValueError:
        raise errors.bad_parameter(f"nodeId must be a PBX node number, not {node_id!r}") from None
    if node != backend.state(CallCenter).node_id:
        raise errors.not_found(f"no call center on node {node}", status=404)
    return node


@state
class AcdPilots:
    """Pilot calls, queues and monitoring."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.monitors: dict[str, set[str]] = {}  # pilot -> session ids
        self.calls: dict[str, PilotCall] = {}
        self.arrivals: list[tuple[float, str]] = []  # (time, pilot) of every call received
        self.distributions: list[tuple[float, str]] = []  # (time, pilot) of every call distributed

    def start(self) -> None:
        tel = self.backend.state(TelephonyState)
        tel.hooks.numbers.append(self._resolve)
        tel.hooks.call_listeners.append(self._call_over)
        self.backend.state(SessionStore).on_close.append(self._session_closed)
        self.ccd.listeners.insert(0, self.dispatch)  # before the real-time information looks at the result

    @property
    def ccd(self) -> CallCenter:
        return self.backend.state(CallCenter)

    @property
    def agents(self) -> AcdAgents:
        return self.backend.state(AcdAgents)

    # -- monitoring -----------------------------------------------------------------------------------
    def pilot(self, number: str) -> PilotRuntime:
        pilot = self.ccd.pilot(number)
        if pilot is None:
            raise errors.not_found(f"no CCD pilot {number} on node {self.ccd.node_id}", status=404)
        return pilot

    def start_monitoring(self, session: Session, node_id: str | None, number: str) -> None:
        if node_id is not None:
            node_of(self.backend, node_id)
        self.pilot(number)
        self.monitors.setdefault(number, set()).add(session.id)

    def stop_monitoring(self, session: Session, node_id: str | None, number: str) -> None:
        if node_id is not None:
            node_of(self.backend, node_id)
        self.pilot(number)
        self.monitors.get(number, set()).discard(session.id)

    def monitored(self, number: str) -> bool:
        return bool(self.monitors.get(number))

    def _session_closed(self, session: Session) -> None:
        for sessions in self.monitors.values():
            sessions.discard(session.id)

    def _publish(self, name: str, pilot: str, **fields: Any) -> None:
        if self.monitored(pilot):
            self.backend.bus.publish({"eventName": name, "pilot": pilot, **fields}, subject=pilot)

    # -- calls arriving -------------------------------------------------------------------------------
    def _free_endpoint(self, pilot: PilotRuntime, exclude: str | None) -> Endpoint | None:
        """The set of an agent the pilot can distribute to now, if its mode is normal."""
        if self.ccd.in_force(pilot)[1] != "normal":
            return None
        tel = self.backend.state(TelephonyState)
        agent = self.agents.free_agent(self.ccd.group_of_pilot(pilot.config), exclude=exclude)
        if agent is None or agent.device is None:
            return None
        endpoint = Endpoint("device", agent.device, agent.login)
        return endpoint if tel.failure_for(endpoint) is None else None

    def _resolve(self, number: str, caller: str | None) -> Endpoint | None:
        """telephony `hooks.numbers`: a pilot number reaches a free agent's set, or the pilot's guide."""
        pilot = self.ccd.pilot(number)
        if pilot is None:
            return None
        endpoint = self._free_endpoint(pilot, caller) or Endpoint("service", number, None)
        tel = self.backend.state(TelephonyState)
        tel.defer(functools.partial(self._arrived, pilot, endpoint))
        return endpoint

    def _arrived(self, pilot: PilotRuntime, endpoint: Endpoint) -> None:
        """After the telephony operation: the call created towards `endpoint` (found by identity) is a pilot call."""
        tel = self.backend.state(TelephonyState)
        call = next((c for c in tel.calls.values() if c.initial_called is endpoint), None)
        if call is None or call.ref in self.calls:
            return  # the number was only checked (transfer, forward), or the offer failed
        origin = next((c for c in call.connections if c.origin), None)
        caller = origin.endpoint.number if origin is not None else ""
        number = pilot.config.number
        now = self.backend.clock.now()
        self.arrivals.append((now, number))
        pc = PilotCall(call.ref, number, caller, now)
        data = {"initialCalled": number, "anonymous": bool(origin and origin.anonymous)}
        self._publish(
            "OnPilotCallCreated", number, caller=caller, callRef=call.ref, cause="ACD_ENTER_DISTRIBUTION", callData=data
        )
        mode = self.ccd.in_force(pilot)[1]
        if mode != "normal":
            forward = next(iter(self.ccd.other_groups), "") if mode == "forward" else ""
            cause = "FORWARDED" if mode == "forward" else "RESOURCES_NOT_AVAILABLE"
            self._publish(
                "OnPilotCallRemoved",
                number,
                releasingDevice=number,
                newDestination=forward,
                callRef=call.ref,
                cause=cause,
            )
            return
        self.calls[call.ref] = pc
        queue = pilot.config.queue
        if endpoint.kind == "device" and endpoint.login:
            self._queued(pc, queue, "ACD_ENTER_DISTRIBUTION")
            self._distributed(pc, endpoint)
        else:
            self._queued(pc, queue, "NO_AVAILABLE_AGENT")
        self.ccd.changed()

    def _queued(self, pc: PilotCall, queue: str, cause: str) -> None:
        self._publish(
            "OnPilotCallQueued",
            pc.pilot,
            caller=pc.caller,
            queue=queue,
            callRef=pc.ref,
            cause=cause,
            numberOfQueued=len(self.waiting(pc.pilot)),
        )

    def _distributed(self, pc: PilotCall, endpoint: Endpoint) -> None:
        assert endpoint.login is not None
        now = self.backend.clock.now()
        pc.status, pc.agent, pc.distributed_at = "distributed", endpoint.login, now
        self.distributions.append((now, pc.pilot))
        self._publish(
            "OnPilotCallRemoved",
            pc.pilot,
            releasingDevice=pc.pilot,
            newDestination=endpoint.number,
            callRef=pc.ref,
            cause="DISTRIBUTED",
        )
        self.agents.distributed(endpoint.login, pc.ref)

    # -- the queue ------------------------------------------------------------------------------------
    def waiting(self, pilot: str) -> list[PilotCall]:
        return [pc for pc in self.calls.values() if pc.pilot == pilot and pc.status == "waiting"]

    def dispatch(self) -> None:
        """CallCenter listener: offer waiting calls, oldest first, to agents that became READY."""
        tel = self.backend.state(TelephonyState)
        for pc in sorted((p for p in self.calls.values() if p.status == "waiting"), key=lambda p: p.arrived):
            pilot = self.ccd.pilots[pc.pilot]
            call = tel.calls.get(pc.ref)
            endpoint = self._free_endpoint(pilot, None)
            if call is None or endpoint is None:
                continue
            guide = next((c for c in call.connections if c.endpoint.kind == "service"), None)
            callers = [c for c in call.connections if c is not guide]
            with tel.operation():
                if guide is not None:
                    tel.detach(call, guide)
                tel.offer(call, endpoint, callers)
            if call.failure is None:
                self._distributed(pc, endpoint)

    def _call_over(self, report: CallReport) -> None:
        """telephony call listener: a waiting caller hung up (ABANDONED), or an agent's ACD call ended."""
        pc = self.calls.get(report.ref)
        if pc is None or not report.final:
            return
        del self.calls[report.ref]
        if pc.status == "waiting":
            self._publish(
                "OnPilotCallRemoved",
                pc.pilot,
                releasingDevice=pc.caller,
                newDestination="",
                callRef=pc.ref,
                cause="ABANDONED",
            )
        else:
            self.agents.acd_call_over(pc.ref)
        self.ccd.changed()

    # -- figures for pilot information and real-time information ---------------------------------------
    def running(self, pilot: str) -> list[PilotCall]:
        return [pc for pc in self.calls.values() if pc.pilot == pilot]

    def in_state(self, pilot: str, state: MediaState) -> int:
        """Distributed calls of the pilot whose agent leg is in `state` (ringing, in conversation)."""
        tel = self.backend.state(TelephonyState)
        count = 0
        for pc in self.running(pilot):
            call: Call | None = tel.calls.get(pc.ref)
            if pc.agent and call is not None and any(c.state == state for c in call.of(pc.agent)):
                count += 1
        return count

    def traffic(self, pilot: str, *, outgoing: bool = False) -> int:
        """Calls received (or distributed) by the pilot within the last minute."""
        since = self.backend.clock.now() - TRAFFIC_WINDOW
        return sum(1 for at, p in (self.distributions if outgoing else self.arrivals) if p == pilot and at >= since)

    def longest_wait(self, pilot: str) -> int:
        now = self.backend.clock.now()
        return max((int(now - pc.arrived) for pc in self.waiting(pilot)), default=0)

    def average_wait(self, pilot: str) -> int:
        waits = [pc.distributed_at - pc.arrived for pc in self.running(pilot) if pc.distributed_at is not None]
        return int(sum(waits) / len(waits)) if waits else 0
