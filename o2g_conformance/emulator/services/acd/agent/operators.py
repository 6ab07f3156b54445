"""Shared mechanics of the agent service: operators' runtime records, the one path of a state change to its event.

Readings of the rights (the reference gives no per-state or per-role error, partE notes):
- a login that is no ACD operator answers NOT_FOUND (L316, "missing or bad parameter"; 400 where the
  operation documents no 404): the user exists but not as an agent of the CCD;
- an agent using a supervisor's operation (enterPG/exitPG L12433-12481, intrusion L12526, permanent
  listening L12738, rejecting a help request L12973) answers NOT_ALLOWED 403 ("insufficient rights", L315);
- a request the operator's state forbids answers NOT_EXPECTED (L317), 400 as no 409 is documented.
"""

from __future__ import annotations

from typing import Any

from ....core import errors
from ....core.registry import Backend
from ...telephony.entities import MediaState
from ...telephony.models import TelephonyState
from ..ccd import CallCenter, Operator
from .lifecycle import AGENT_LIFECYCLE, BY_PBX, IN_GROUP, WRAPUP_SECONDS, AgentRuntime, Status

S = Status


class AgentsCore:
    """Operators' runtime records and the state changes every operation goes through."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        ccd = backend.state(CallCenter)
        self.runtimes: dict[str, AgentRuntime] = {
            login: AgentRuntime(
                login,
                ccd.number_of(login),
                skills={s.number: s.active for s in op.skills},
                headset=op.headset,
                since=backend.clock.now(),
            )
            for login, op in ccd.operators.items()
        }
        self.help_requests: dict[str, str] = {}  # agent login -> supervisor login
        self.intrusions: dict[str, tuple[str, str, str]] = {}  # supervisor -> (agent login, mode, callRef)
        self.listening: dict[str, str] = {}  # supervisor -> agent login

    @property
    def ccd(self) -> CallCenter:
        return self.backend.state(CallCenter)

    # -- lookups and rights -------------------------------------------------------------------------------
    def operator(self, login: str) -> Operator:
        op = self.ccd.operator(login)
        if op is None:
            raise errors.not_found(f"{login} is not an ACD operator (agent or supervisor) of the call center")
        return op

    def runtime(self, login: str) -> AgentRuntime:
        self.operator(login)
        return self.runtimes[login]

    def supervisor(self, login: str, what: str) -> Operator:
        op = self.operator(login)
        if op.type != "SUPERVISOR":
            raise errors.not_allowed(f"only an ACD supervisor can {what}; {login} is an agent", status=403)
        return op

    def agent_by_number(self, number: str | None) -> Operator:
        """The agent a supervisor's request names by its number (IntrusionRequest.agentNumber, L13286)."""
        if not number:
            raise errors.bad_parameter("agentNumber is mandatory")
        op = self.ccd.by_number(number)
        if op is None or op.type != "AGENT":
            raise errors.bad_parameter(f"{number} is not the number of an ACD agent")
        return op

    def in_group(self, rt: AgentRuntime, what: str) -> None:
        if rt.status not in IN_GROUP and rt.status != S.BUSY:
            where = "logged off" if rt.status == S.LOGGED_OFF else "logged on out of its processing groups"
            raise errors.not_expected(f"{rt.login} is {where}: it cannot {what}")

    def active_call(self, login: str) -> str | None:
        """The callRef of the user's call in conversation (telephony), if any."""
        tel = self.backend.state(TelephonyState)
        for call in tel.user_calls(login):
            if any(conn.state == MediaState.ACTIVE for conn in call.of(login)):
                return call.ref
        return None

    def set_free(self, rt: AgentRuntime) -> bool:
        """The operator's pro-ACD set can take a call: no connection on it (telephony)."""
        tel = self.backend.state(TelephonyState)
        return rt.device is not None and not tel.device_conns(rt.device)

    # -- state changes ------------------------------------------------------------------------------------
    def move(self, rt: AgentRuntime, target: Status, *, reason: int | None = None, pbx: bool = False) -> None:
        """Move an operator along its lifecycle; the event and the listeners follow a real change only.

        `pbx`: the PBX moves the operator (ACD calls); an API request never makes the moves of BY_PBX.
        """
        if rt.status == target and (target != S.WITHDRAW or reason == rt.withdraw_reason):
            return
        allowed = AGENT_LIFECYCLE.allows(rt.status, target) and (pbx or (rt.status, target) not in BY_PBX)
        if not allowed:
            raise errors.not_expected(f"{rt.login} is {rt.status.value}: it cannot go {target.value} now")
        now = self.backend.clock.now()
        if rt.timer is not None:
            rt.timer.cancel()
            rt.timer = None
        if rt.status == S.WITHDRAW:
            rt.withdrawn_seconds += now - rt.since
        if target == S.WITHDRAW and rt.status != S.WITHDRAW:
            rt.withdrawals += 1
        rt.withdraw_reason = reason if target == S.WITHDRAW else None
        rt.status, rt.since = target, now
        if target == S.WRAPUP:
            rt.timer = self.backend.clock.call_later(WRAPUP_SECONDS, lambda: self._wrapup_over(rt))
        if target == S.LOGGED_OFF:
            rt.device = rt.group = None
            rt.logon_at = None
            self._forget_supervision(rt.login)
        self.publish_state(rt)
        self.ccd.changed()

    def _wrapup_over(self, rt: AgentRuntime) -> None:
        rt.timer = None
        if rt.status == S.WRAPUP:
            self.move(rt, S.READY, pbx=True)

    def publish_state(self, rt: AgentRuntime) -> None:
        """OnAgentStateChanged (L13326-13344) to the operator's own subscriptions."""
        event = {"eventName": "OnAgentStateChanged", "loginName": rt.login, "state": rt.state_view()}
        self.backend.bus.publish(event, subject=rt.login)

    def publish(self, name: str, login: str, **fields: Any) -> None:
        self.backend.bus.publish({"eventName": name, "loginName": login, **fields}, subject=login)

    def _forget_supervision(self, login: str) -> None:
        """A logged-off operator has no pending help request, intrusion or permanent listening any more."""
        supervisor = self.help_requests.pop(login, None)
        if supervisor is not None:
            self.help_cancelled(login, supervisor)
        for agent, sup in list(self.help_requests.items()):
            if sup == login:
                del self.help_requests[agent]
                self.help_cancelled(agent, sup)
        self.intrusions.pop(login, None)
        self.listening.pop(login, None)
        for sup, (agent, _, _) in list(self.intrusions.items()):
            if agent == login:
                del self.intrusions[sup]
        for sup, agent in list(self.listening.items()):
            if agent == login:
                del self.listening[sup]

    def help_cancelled(self, agent: str, supervisor: str) -> None:
        """OnSupervisorHelpCancelled (L13345-13353) to both: each is told the other's number."""
        self.publish("OnSupervisorHelpCancelled", agent, agentNumber=self.ccd.number_of(supervisor))
        self.publish("OnSupervisorHelpCancelled", supervisor, agentNumber=self.ccd.number_of(agent))

    # -- what the PBX does to agents (ACD calls, see pilot/calls.py) ------------------------------------
    def free_agent(self, group: str, *, exclude: str | None = None) -> AgentRuntime | None:
        """The agent of `group` READY the longest with a free set (the distribution's choice)."""
        ready = [
            rt
            for op in self.ccd.members(group)
            if op.type == "AGENT" and op.login != exclude
            for rt in (self.runtimes[op.login],)
            if rt.status == S.READY and rt.group == group and self.set_free(rt)
        ]
        return min(ready, key=lambda rt: (rt.since, rt.login)) if ready else None

    def distributed(self, login: str, call_ref: str) -> None:
        rt = self.runtimes[login]
        rt.acd_call = call_ref
        self.move(rt, S.BUSY, pbx=True)

    def acd_call_over(self, call_ref: str) -> None:
        """The ACD call of an agent ended: wrap-up, then READY after WRAPUP_SECONDS."""
        for rt in self.runtimes.values():
            if rt.acd_call == call_ref:
                rt.acd_call = None
                rt.served_calls += 1
                if rt.status == S.BUSY:
                    self.move(rt, S.WRAPUP, pbx=True)

    def call_over(self, call_ref: str) -> None:
        """A call ended: an intrusion into it ends with it."""
        for sup, (_, _, ref) in list(self.intrusions.items()):
            if ref == call_ref:
                del self.intrusions[sup]
                self.ccd.changed()
