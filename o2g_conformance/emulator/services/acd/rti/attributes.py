"""The real-time attributes of ACD objects: what each filter attribute is on the wire and its value now.

Each kind of object (agent, pilot, queue, processing group of agents, other processing group) has its
filter attributes (AgentAttribute L15145, PilotAttribute L15477, QueueAttribute, PGAgentAttribute,
PGOtherAttribute) and its event (OnAgentRtiChanged L15218 ... OnQueueRtiChanged L15400). `FIELDS` maps
an attribute to the event fields it fills; identity fields (name, number, type, firstName) go with every
event. Readings:
- NbOfWithdrawnAgents fills the event field as documented, `nbOfWidthdrawnAgents` (L15282, L15311).
- CurrentRuleName has no field in OnPilotRtiChanged (L15355-15399): it selects nothing.
- ServiceLevel and Efficiency of a processing group fill the consolidated, worst and best fields
  (L15297-15303); the emulated CCD has one pilot per group, so the three are equal.
- Figures the emulated CCD does not produce (private, refused, transferred, outgoing and intercepted
  calls, mutual aid, dissuasion, remote groups, general forwarding) are 0.
- serviceLevel is the share of waiting calls that waited at most SERVICE_LEVEL_SECONDS (100 when none
  waits); efficiency the share of received calls that were distributed (100 before the first call).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ...telephony.entities import MediaState, presence_key
from ...telephony.models import TelephonyState
from ..agent.lifecycle import Status
from ..agent.models import AcdAgents
from ..ccd import CallCenter
from ..pilot.models import QUEUE_CAPACITY, SECONDS_PER_CALL, AcdPilots

SERVICE_LEVEL_SECONDS = 20
KINDS = ("agent", "pilot", "queue", "pgAgent", "pgOther")
EVENTS = {
    "agent": "OnAgentRtiChanged",
    "pilot": "OnPilotRtiChanged",
    "queue": "OnQueueRtiChanged",
    "pgAgent": "OnPGAgentRtiChanged",
    "pgOther": "OnPGOtherRtiChanged",
}


def _camel(name: str) -> str:
    return name[0].lower() + name[1:]


def _fields(*names: str, **special: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {n: (_camel(n),) for n in names}
    out.update(special)
    return out


FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "agent": _fields(
        "AssociatedSet",
        "CurrentPG",
        "PhoneState",
        "LogonDate",
        "PrivateCallsTotalDuration",
        "ComDate",
        "NbOfServedACDCalls",
        "NbOfRefusedACDCalls",
        "NbOfTransferedACDCalls",
        "NbOfOutgoingACDCalls",
        "NbOfInterceptedACDCalls",
        "NbOfWithdrawals",
        "WithdrawalsTotalDuration",
        "WithdrawReason",
        "PilotName",
        "QueueName",
        NBOfPrivateCalls=("nbOfPrivateCalls",),
        ServiceState=("serviceState", "serviceStateDate"),
    ),
    "pilot": _fields(
        "State",
        "ServiceLevel",
        "NbOfWaitingCalls",
        "NbOfMutualAidCalls",
        "NbOfCallsInConversation",
        "NbOfCallsInRemotePG",
        "AverageWaitingTime",
        "NbOfRunningCalls",
        "NbOfRingingACDCalls",
        "NbOfDissuadedCalls",
        "NbOfCallsInGeneralForwarding",
        "Efficiency",
        "IncomingTraffic",
        CurrentRuleName=(),
    ),
    "queue": _fields(
        "State",
        "NbOfAgentsInDistribution",
        "IncomingTraffic",
        "OutgoingTraffic",
        "NbOfWaitingCalls",
        "CurrentWaitingTime",
        "ExpectedWaitingTime",
        "FillingRate",
        "LongestWaitingTimeInList",
    ),
    "pgAgent": _fields(
        "State",
        "NbOfAgentsInPrivateCall",
        "NbOfAgentsInACDCall",
        "NbOfAgentsInACDRinging",
        "NbOfAgentsInACDConv",
        "NbOfAgentsInWrapupAndTransaction",
        "NbOfAgentsInPause",
        "NbOfBusyAgents",
        "NbOfLoggedOnAgents",
        "NbOfFreeAgents",
        "NbOfIdleAgents",
        "NbOfLoggedOnAndNotWithdrawnAgents",
        "ConsolidatedQueuesNbOfWaitingCalls",
        "ConsolidatedQueuesEWT",
        "IncomingTraffic",
        NbOfWithdrawnAgents=("nbOfWidthdrawnAgents",),
        ConsolidatedQueuesWaitingTime=("consolidatedQueuesWaitingTime", "queuesLonguestWaitingTime"),
        ServiceLevel=("consolidatedPilotsServiceLevel", "pilotsWorstServiceLevel", "pilotsBestServiceLevel"),
        Efficiency=("consolidatedPilotsEfficiency", "pilotsWorstEfficiency", "pilotsBestEfficiency"),
    ),
    "pgOther": _fields("State", "NbOfACDCalls", "IncomingTraffic"),
}


def iso(at: float) -> str:
    return datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Figures:
    """Current values of every ACD object, computed from the agents, the pilots and telephony."""

    def __init__(self, ccd: CallCenter, agents: AcdAgents, pilots: AcdPilots, tel: TelephonyState) -> None:
        self.ccd, self.agents, self.pilots, self.tel = ccd, agents, pilots, tel
        self.now = ccd.backend.clock.now()

    def numbers(self, kind: str) -> list[str]:
        ccd = self.ccd
        table: dict[str, Callable[[], list[str]]] = {
            "agent": lambda: [rt.number for rt in self.agents.runtimes.values()],
            "pilot": lambda: list(ccd.pilots),
            "queue": lambda: list(ccd.queues),
            "pgAgent": lambda: list(ccd.groups),
            "pgOther": lambda: list(ccd.other_groups),
        }
        return table[kind]()

    def identity(self, kind: str, number: str) -> dict[str, Any]:
        ccd = self.ccd
        if kind == "agent":
            login = ccd.numbers[number]
            last, first = ccd.name_of(login)
            return {"name": last, "firstName": first, "number": number, "type": "Normal"}
        if kind == "pilot":
            return {"name": ccd.pilots[number].config.name, "number": number}
        if kind == "queue":
            return {"name": ccd.queues[number].name, "number": number, "type": "Normal"}
        if kind == "pgAgent":
            return {"name": ccd.groups[number].name, "number": number, "type": "Agent"}
        other = ccd.other_groups[number]
        return {"name": other.name, "number": number, "type": other.type}

    def values(self, kind: str, number: str) -> dict[str, Any]:
        """Every event field of the object (identity excluded)."""
        method: Callable[[str], dict[str, Any]] = getattr(self, f"_{kind}")
        return method(number)

    # -- agents -----------------------------------------------------------------------------------------
    def _agent(self, number: str) -> dict[str, Any]:
        login = self.ccd.numbers[number]
        rt = self.agents.runtimes[login]
        service = {
            Status.LOGGED_OFF: "LoggedOut",
            Status.OUT_OF_PG: "LoggedIn",
            Status.WITHDRAW: "Withdrawn",
        }.get(rt.status, "Assigned")
        withdrawn = rt.withdrawn_seconds + (self.now - rt.since if rt.status == Status.WITHDRAW else 0)
        pilot = next((pc for pc in self.pilots.calls.values() if pc.agent == login), None)
        config = self.ccd.pilots[pilot.pilot].config if pilot else None
        out: dict[str, Any] = {
            "associatedSet": rt.device or "",
            "currentPG": rt.group if rt.group and rt.status != Status.OUT_OF_PG else "",
            "phoneState": self.agents.phone_state(login),
            "logonDate": iso(rt.logon_at) if rt.logon_at is not None else "NS",
            "comDate": self._com_date(login),
            "serviceState": service,
            "serviceStateDate": iso(rt.since),
            "nbOfWithdrawals": rt.withdrawals,
            "withdrawalsTotalDuration": int(withdrawn),
            "nbOfServedACDCalls": rt.served_calls,
            "pilotName": config.name if config else "",
            "queueName": self.ccd.queues[config.queue].name if config else "",
        }
        for name in ("nbOfPrivateCalls", "privateCallsTotalDuration", "nbOfRefusedACDCalls", "nbOfOutgoingACDCalls"):
            out[name] = 0
        out["nbOfTransferedACDCalls"] = out["nbOfInterceptedACDCalls"] = 0
        if rt.status == Status.WITHDRAW and rt.withdraw_reason is not None:
            out["withdrawReason"] = rt.withdraw_reason
        return out

    def _com_date(self, login: str) -> str:
        """When the agent's current conversation began (the call's history), or "NS" (L15236-15238)."""
        for call in self.tel.user_calls(login):
            for conn in call.of(login):
                presence = call.history.presences.get(presence_key(conn.endpoint))
                if conn.state == MediaState.ACTIVE and presence is not None and presence.conv is not None:
                    return iso(presence.conv)
        return "NS"

    # -- pilots and queues ----------------------------------------------------------------------------
    def _pilot_state(self, number: str) -> str:
        return "Closed" if self.ccd.in_force(self.ccd.pilots[number])[1] == "closed" else "Opened"

    def _service_level(self, pilot: str) -> int:
        waiting = self.pilots.waiting(pilot)
        if not waiting:
            return 100
        quick = sum(1 for pc in waiting if self.now - pc.arrived <= SERVICE_LEVEL_SECONDS)
        return 100 * quick // len(waiting)

    def _efficiency(self, pilot: str) -> int:
        received = sum(1 for _, p in self.pilots.arrivals if p == pilot)
        served = sum(1 for _, p in self.pilots.distributions if p == pilot)
        return 100 * served // received if received else 100

    def _pilot(self, number: str) -> dict[str, Any]:
        p = self.pilots
        out = {
            "state": self._pilot_state(number),
            "serviceLevel": self._service_level(number),
            "efficiency": self._efficiency(number),
            "nbOfWaitingCalls": len(p.waiting(number)),
            "nbOfRunningCalls": len(p.running(number)),
            "nbOfRingingACDCalls": p.in_state(number, MediaState.RINGING_INCOMING),
            "nbOfCallsInConversation": p.in_state(number, MediaState.ACTIVE),
            "incomingTraffic": p.traffic(number),
            "averageWaitingTime": p.average_wait(number),
        }
        for name in ("nbOfMutualAidCalls", "nbOfDissuadedCalls", "nbOfCallsInGeneralForwarding", "nbOfCallsInRemotePG"):
            out[name] = 0
        return out

    def _pilot_of_queue(self, queue: str) -> str:
        return next(n for n, p in self.ccd.pilots.items() if p.config.queue == queue)

    def _queue(self, number: str) -> dict[str, Any]:
        pilot = self._pilot_of_queue(number)
        waiting = len(self.pilots.waiting(pilot))
        group = self.ccd.queues[number].group
        distributing = [rt for rt in self._group_agents(group) if rt.status != Status.WITHDRAW]
        return {
            "state": self._pilot_state(pilot),
            "nbOfAgentsInDistribution": len(distributing),
            "incomingTraffic": self.pilots.traffic(pilot),
            "outgoingTraffic": self.pilots.traffic(pilot, outgoing=True),
            "nbOfWaitingCalls": waiting,
            "currentWaitingTime": self.pilots.longest_wait(pilot),
            "expectedWaitingTime": SECONDS_PER_CALL * waiting,
            "fillingRate": 100 * waiting // QUEUE_CAPACITY,
            "longestWaitingTimeInList": self.pilots.longest_wait(pilot),
        }

    # -- processing groups ------------------------------------------------------------------------------
    def _group_agents(self, group: str) -> list[Any]:
        """Operators logged on in the group (out of group and logged off ones are not in it)."""
        return [
            rt
            for rt in self.agents.runtimes.values()
            if rt.group == group and rt.status not in (Status.LOGGED_OFF, Status.OUT_OF_PG)
        ]

    def _pgAgent(self, number: str) -> dict[str, Any]:
        members = self._group_agents(number)
        acd = [rt for rt in members if rt.status == Status.BUSY]
        ringing = [rt for rt in acd if self.agents.active_call(rt.login) != rt.acd_call]
        private = [rt for rt in members if rt.status != Status.BUSY and self.agents.active_call(rt.login)]
        free = [rt for rt in members if rt.status in (Status.READY, Status.WITHDRAW) and rt not in private]
        idle = [rt for rt in free if rt.status == Status.READY]
        withdrawn = [rt for rt in members if rt.status == Status.WITHDRAW]
        queue = next(q for q in self.ccd.queues.values() if q.group == number)
        pilot = self._pilot_of_queue(queue.number)
        figures = self._queue(queue.number)
        level, efficiency = self._service_level(pilot), self._efficiency(pilot)
        return {
            "state": "Opened",
            "nbOfWidthdrawnAgents": len(withdrawn),
            "nbOfAgentsInPrivateCall": len(private),
            "nbOfAgentsInACDCall": len(acd),
            "nbOfAgentsInACDRinging": len(ringing),
            "nbOfAgentsInACDConv": len(acd) - len(ringing),
            "nbOfAgentsInWrapupAndTransaction": sum(1 for rt in members if rt.status == Status.WRAPUP),
            "nbOfAgentsInPause": sum(1 for rt in members if rt.status == Status.PAUSE),
            "nbOfBusyAgents": len(acd) + len(private),
            "nbOfLoggedOnAgents": len(members),
            "nbOfFreeAgents": len(free),
            "nbOfIdleAgents": len(idle),
            "nbOfLoggedOnAndNotWithdrawnAgents": len(members) - len(withdrawn) - len(idle),
            "incomingTraffic": figures["incomingTraffic"],
            "consolidatedQueuesWaitingTime": figures["currentWaitingTime"],
            "queuesLonguestWaitingTime": figures["longestWaitingTimeInList"],
            "consolidatedQueuesNbOfWaitingCalls": figures["nbOfWaitingCalls"],
            "consolidatedQueuesEWT": figures["expectedWaitingTime"],
            "consolidatedPilotsServiceLevel": level,
            "pilotsWorstServiceLevel": level,
            "pilotsBestServiceLevel": level,
            "consolidatedPilotsEfficiency": efficiency,
            "pilotsWorstEfficiency": efficiency,
            "pilotsBestEfficiency": efficiency,
        }

    def _pgOther(self, number: str) -> dict[str, Any]:
        return {"state": "Opened", "nbOfACDCalls": 0, "incomingTraffic": 0}
