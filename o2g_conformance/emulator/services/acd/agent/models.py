"""The Call Center Agent backend: one method per `acd.agent.*` operation (o2g-rest-api-reference.txt L12271-13402).

Readings chosen where the reference is silent or disagrees with itself (see also lifecycle.py,
operators.py and supervision.py):
- pro-ACD set: every operator is a fixed agent whose pro-ACD set is one of its own devices; logging on
  another number is a bad parameter. A supervisor logged on out of group enters a group by logging on again
  with its own number (LoggOnAgentRequest, L13300-13302), as enterPG does.
- pgGroupNumber "may be omitted (depends on the configuration)" (L13305): an agent then logs on in its
  preferred group, a supervisor out of group (L12650); enterPG without a group enters the preferred one.
- exitPG with an empty group number is a logoff (L12481); with a group, the supervisor must be in it.
- withdrawReasons: pgNumber is mandatory (every example gives it, L13090) and must be a group of the
  operator. WithdrawAgentRequest.reasonIndex is an int (L13380) but the example sends "1" (L13050): a
  decimal string is accepted too. The index must be one of the group's reasons (1..N, L13381, L13386).
- The example configuration sends headset as the string "true" (L12347); AgentConfig says boolean
  (L13148): the emulator answers a boolean.
- Skills: an empty list or a skill the agent does not have is a bad parameter; OnAgentSkillChanged
  (whole set, L13308-13325) follows an activation or deactivation that changed something.
- Snapshot: 404 (documented for it alone, L12930) for a login that is no ACD operator; an administrator
  without loginName asks it for every operator (L12900-12901). The emulator processes it at once, so "a
  second request while the first is in progress" (L12902) cannot happen.
"""

from __future__ import annotations

from typing import Any

from ....core import errors
from ....core.registry import state
from .lifecycle import Status
from .supervision import SupervisionMixin

S = Status


@state
class AcdAgents(SupervisionMixin):
    """Every ACD operator of the call center and its operations."""

    def start(self) -> None:
        from ...telephony.models import TelephonyState  # late: both are state of the same registry

        tel = self.backend.state(TelephonyState)
        tel.hooks.call_listeners.append(lambda report: self.call_over(report.ref) if report.final else None)

    # -- configuration ------------------------------------------------------------------------------------
    def config(self, login: str) -> dict[str, Any]:
        """AgentConfig (L13140-13170)."""
        op = self.operator(login)
        rt = self.runtimes[login]
        out: dict[str, Any] = {
            "type": op.type,
            "proacd": rt.number,
            "processingGroups": {"preferred": op.preferred, "groups": list(op.groups)},
        }
        if op.type == "AGENT":
            out["skills"] = {"skills": self._skills(login)}
        out.update({"selfAssign": op.self_assign, "headset": op.headset, "help": op.help, "multiline": op.multiline})
        return out

    def _skills(self, login: str) -> list[dict[str, Any]]:
        op = self.operator(login)
        active = self.runtimes[login].skills
        return [{"number": s.number, "level": s.level, "active": active[s.number]} for s in op.skills]

    def set_skills(self, login: str, numbers: list[int], active: bool) -> None:
        self.operator(login)
        rt = self.runtimes[login]
        if not numbers:
            raise errors.bad_parameter("skills: give at least one skill number")
        unknown = sorted({n for n in numbers if n not in rt.skills})
        if unknown:
            raise errors.bad_parameter(f"{login} has no skill {', '.join(map(str, unknown))}")
        changed = [n for n in dict.fromkeys(numbers) if rt.skills[n] != active]
        for n in changed:
            rt.skills[n] = active
        if changed:
            self.publish("OnAgentSkillChanged", login, skills={"skills": self._skills(login)})
            self.ccd.changed()

    def withdraw_reasons(self, login: str, group: str | None) -> dict[str, Any]:
        """WithdrawReasons (L13389-13402) of one of the operator's groups."""
        op = self.operator(login)
        if not group:
            raise errors.bad_parameter("query parameter 'pgNumber' is mandatory")
        if group not in op.groups:
            raise errors.bad_parameter(f"{group} is not a processing group of {login}")
        reasons = self.ccd.groups[group].reasons
        return {
            "number": len(reasons),
            "reasons": [{"index": i, "label": label} for i, label in enumerate(reasons, start=1)],
        }

    # -- logon and groups ---------------------------------------------------------------------------------
    def logon(self, login: str, device: str, group: str | None, headset: bool | None) -> None:
        op = self.operator(login)
        rt = self.runtimes[login]
        if op.type == "SUPERVISOR" and rt.status == S.OUT_OF_PG:
            if device != rt.number:
                raise errors.bad_parameter(
                    f"a supervisor logged on out of group enters a group with its own number {rt.number} (L13300)"
                )
            self.enter_group(login, group)
            return
        if rt.logged_on:
            raise errors.not_expected(f"{login} is already logged on (on {rt.device})")
        user = self.backend.user(login)
        if user is None or device not in {d.number for d in user.devices}:
            raise errors.bad_parameter(f"{device} is not a pro-ACD set of {login}")
        target = self._group(op.login, group, default=op.preferred if op.type == "AGENT" else None)
        rt.device = device
        rt.group = target
        rt.headset = op.headset if headset is None else headset
        rt.logon_at = self.backend.clock.now()
        self.move(rt, S.READY if target else S.OUT_OF_PG)

    def _group(self, login: str, group: str | None, *, default: str | None) -> str | None:
        if not group:
            return default
        if group not in self.operator(login).groups:
            raise errors.bad_parameter(f"{group} is not a processing group of {login}")
        return group

    def enter_group(self, login: str, group: str | None) -> None:
        op = self.supervisor(login, "enter a processing group")
        rt = self.runtimes[login]
        target = self._group(login, group, default=op.preferred)
        if rt.status != S.OUT_OF_PG:
            where = "logged off" if rt.status == S.LOGGED_OFF else f"already in processing group {rt.group}"
            raise errors.not_expected(f"{login} is {where}: a supervisor enters a group once logged on out of group")
        rt.group = target
        self.move(rt, S.READY)

    def exit_group(self, login: str, group: str | None) -> None:
        self.supervisor(login, "exit a processing group")
        rt = self.runtimes[login]
        if not group:
            self.logoff(login)  # "if the PG number is empty ... equivalent to a logoff" (L12481)
            return
        self._group(login, group, default=None)
        if rt.status not in (S.READY, S.PAUSE, S.WRAPUP, S.WITHDRAW) or rt.group != group:
            raise errors.not_expected(f"{login} is not logged on in processing group {group}")
        self.move(rt, S.OUT_OF_PG)

    def logoff(self, login: str) -> None:
        rt = self.runtime(login)
        if not rt.logged_on:
            raise errors.not_expected(f"{login} is not logged on")
        self.move(rt, S.LOGGED_OFF)

    # -- sub-states -----------------------------------------------------------------------------------------
    def set_status(self, login: str, target: Status) -> None:
        """ready / pause / wrapUp: the operator must be logged on in a group (lifecycle.py)."""
        rt = self.runtime(login)
        self.in_group(rt, f"go {target.value}")
        self.move(rt, target)

    def withdraw(self, login: str, reason: int | None) -> None:
        rt = self.runtime(login)
        self.in_group(rt, "withdraw")
        assert rt.group is not None
        count = len(self.ccd.groups[rt.group].reasons)
        if reason is not None and not 1 <= reason <= count:
            raise errors.bad_parameter(
                f"reasonIndex {reason} is not a withdraw reason of processing group {rt.group} (1..{count})"
            )
        self.move(rt, S.WITHDRAW, reason=reason)

    # -- state ------------------------------------------------------------------------------------------------
    def state(self, login: str) -> dict[str, Any]:
        return self.runtime(login).state_view()

    def snapshot(self, login: str | None) -> None:
        if login is not None:
            if self.ccd.operator(login) is None:
                raise errors.not_found(f"{login} is not an ACD operator of the call center", status=404)
            self.publish_state(self.runtimes[login])
            return
        for rt in self.runtimes.values():
            self.publish_state(rt)
