"""Help requests, intrusion and permanent listening: what links an agent and its supervisor (L12526-13012).

Readings:
- The help request names no supervisor (L12937-12972): it goes to the supervisor of the agent's
  processing group, who must be logged on. OnSupervisorHelpRequested / OnSupervisorHelpCancelled go to
  both; `agentNumber` is "on the agent, the number of the supervisor" (L13352, L13359) and, on the
  supervisor, the number of the agent (the other party, as the `other` parameter of the cancel names it,
  L13007-13010).
- The cancel's `other` parameter is undescribed (L12985); from its two examples it is the supervisor's
  number when the agent cancels and the agent's number when the supervisor rejects (L13005-13010).
- The intrusion example sends the mode in lower case ("restricted", L12562) while IntrusionMode is upper
  case (L13271-13277): modes are read case-insensitively. STOP (2.7.3) only stops an intrusion in progress
  (PUT, L12568); POST with STOP is a bad parameter.
- Changing to the mode already in force makes the supervisor drop out of the call (result matrix,
  L13240-13259), as STOP does.
- The emulated PBX keeps intrusion and listening in the call center only: the supervisor is not added as a
  participant of the agent's call (the "telephony" notifications of L12565 are not emulated).
"""

from __future__ import annotations

from ....core import errors
from .lifecycle import Status
from .operators import AgentsCore

MODES = ("NORMAL", "RESTRICTED", "DISCRETE")


def intrusion_mode(mode: str | None, *, default: str | None, stop: bool) -> str:
    if mode is None or mode == "":
        if default is None:
            raise errors.bad_parameter("mode is mandatory (NORMAL, RESTRICTED, DISCRETE or STOP)")
        return default
    value = mode.upper()
    if value in MODES or (stop and value == "STOP"):
        return value
    allowed = ", ".join(MODES + (("STOP",) if stop else ()))
    raise errors.bad_parameter(f"mode {mode!r} is not an IntrusionMode here: one of {allowed}")


class SupervisionMixin(AgentsCore):
    """Operations between an agent and its supervisor."""

    # -- help ---------------------------------------------------------------------------------------------
    def request_help(self, login: str) -> None:
        op = self.operator(login)
        if op.type != "AGENT":
            raise errors.not_allowed("only an ACD agent requests the help of its supervisor", status=403)
        rt = self.runtimes[login]
        self.in_group(rt, "request help")
        assert rt.group is not None
        supervisor = self.ccd.supervisor_of(rt.group)
        if supervisor is None or not self.runtimes[supervisor.login].logged_on:
            raise errors.not_expected(f"the supervisor of processing group {rt.group} is not logged on")
        if login in self.help_requests:
            raise errors.not_expected(f"{login} already waits for the help of its supervisor")
        self.help_requests[login] = supervisor.login
        self.publish("OnSupervisorHelpRequested", login, agentNumber=self.ccd.number_of(supervisor.login))
        self.publish("OnSupervisorHelpRequested", supervisor.login, agentNumber=rt.number)
        self.ccd.changed()

    def cancel_help(self, login: str, other: str | None) -> None:
        op = self.operator(login)
        if not other:
            raise errors.bad_parameter("query parameter 'other' is mandatory: the number of the other party")
        if op.type == "AGENT":
            supervisor = self.help_requests.get(login)
            if supervisor is None or self.ccd.number_of(supervisor) != other:
                raise errors.not_expected(f"{login} has no help request pending with {other}")
            agent = login
        else:
            found = self.ccd.by_number(other)
            if found is None or self.help_requests.get(found.login) != login:
                raise errors.not_expected(f"no help request of {other} is pending with {login}")
            agent, supervisor = found.login, login
        del self.help_requests[agent]
        self.help_cancelled(agent, supervisor)
        self.ccd.changed()

    # -- intrusion ----------------------------------------------------------------------------------------
    def _supervising(self, login: str, number: str | None, what: str) -> str:
        """The agent a logged-on supervisor names, who must belong to one of the supervisor's groups."""
        sup = self.supervisor(login, what)
        if not self.runtimes[login].logged_on:
            raise errors.not_expected(f"{login} must be logged on to {what}")
        agent = self.agent_by_number(number)
        if not set(agent.groups) & set(sup.groups):
            raise errors.not_allowed(f"{login} does not supervise the groups of agent {number}", status=403)
        return agent.login

    def start_intrusion(self, login: str, number: str | None, mode: str | None) -> None:
        chosen = intrusion_mode(mode, default="NORMAL", stop=False)
        agent = self._supervising(login, number, "intrude into an agent call")
        if login in self.intrusions:
            raise errors.not_expected(f"{login} is already in intrusion on a call")
        call = self.active_call(agent)
        if call is None:
            raise errors.not_expected(f"agent {number} has no call in conversation to intrude into")
        self.intrusions[login] = (agent, chosen, call)
        self.ccd.changed()

    def change_intrusion(self, login: str, mode: str | None) -> None:
        self.supervisor(login, "change an intrusion mode")
        chosen = intrusion_mode(mode, default=None, stop=True)
        current = self.intrusions.get(login)
        if current is None:
            raise errors.not_expected(f"{login} is not in intrusion on an agent call")
        agent, old, call = current
        if chosen in ("STOP", old):
            del self.intrusions[login]
        else:
            self.intrusions[login] = (agent, chosen, call)
        self.ccd.changed()

    # -- permanent listening ------------------------------------------------------------------------------
    def start_listening(self, login: str, number: str | None) -> None:
        agent = self._supervising(login, number, "listen to an agent")
        if login in self.listening:
            raise errors.not_expected(f"{login} already listens to an agent")
        self.listening[login] = agent
        self.ccd.changed()

    def cancel_listening(self, login: str) -> None:
        self.supervisor(login, "cancel a permanent listening")
        if self.listening.pop(login, None) is None:
            raise errors.not_expected(f"{login} has no permanent listening in progress")
        self.ccd.changed()

    def phone_state(self, login: str) -> str:
        """E_AgentPhoneState (L15192-15222) of an operator, for the real-time information."""
        rt = self.runtimes[login]
        if rt.status == Status.LOGGED_OFF:
            return "LoggedOut"
        if login in self.listening:
            return "ContinuousSupervision"
        intrusion = self.intrusions.get(login)
        if intrusion is not None:
            return "SupervisorDiscreteListening" if intrusion[1] == "DISCRETE" else "AcdConversation"
        if rt.acd_call is not None:
            return "AcdConversation" if self.active_call(login) == rt.acd_call else "AcdRinging"
        if login in self.help_requests:
            return "Help"
        if self.active_call(login) is not None:
            return "PrivateLocalConversation"
        return {Status.PAUSE: "Pause", Status.WRAPUP: "WrapUp"}.get(rt.status, "Idle")
