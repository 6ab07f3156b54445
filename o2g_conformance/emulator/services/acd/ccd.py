"""The emulated CCD configuration (pilots, queues, processing groups, operators, calendars) and its runtime state.

The call center of the first node comes from the topology (`callCenter`, see `core/topology.py`), so that
every run (and every reset) starts from the same CCD; the bundled topology declares

    pilot 79200 SALES   -> queue 79210 Q_SALES   -> processing group 79220 PG_SALES
    pilot 79201 SUPPORT -> queue 79211 Q_SUPPORT -> processing group 79221 PG_SUPPORT
    other processing groups: 79230 PG_OVERFLOW (Forward), 79231 PG_WELCOME (Guide)

    oxe70125 agent       groups 79220, 79221 (preferred 79220)  skills 1 (level 2, active), 2 (level 1)
    oxe70126 agent       group 79220                            skills 1 (level 3, active), 3 (level 1, active)
    oxe70127 agent       group 79221                            skills 2 (level 2, active), 3 (level 2)
    oxe70128 supervisor  groups 79220, 79221 (preferred 79220)  supervisor of both groups

Operators are users with an ACD role: their agent number and pro-ACD set are their company phone (fixed
agents, AgentConfig.proacd L13145). A topology without `callCenter` has an empty CCD. Numbers are not
dialable except the pilots (telephony `hooks.numbers`, see `pilot/calls.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from ...core import topology as topo
from ...core.registry import Backend, state

OperatorType = Literal["AGENT", "SUPERVISOR"]
Mode = Literal["normal", "closed", "forward"]
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Skill:
    """AgentSkill (L13178-13183) as configured."""

    number: int
    level: int
    active: bool


@dataclass(frozen=True)
class Operator:
    """An ACD operator: an agent or a supervisor (AgentConfig, L13140-13170)."""

    login: str
    type: OperatorType
    groups: tuple[str, ...]
    preferred: str
    skills: tuple[Skill, ...] = ()
    self_assign: bool = False
    headset: bool = False
    help: bool = True
    multiline: bool = False


@dataclass(frozen=True)
class ProcessingGroup:
    """A processing group of agents, its withdraw reasons (WithdrawReasons, max 9, L13384-13402) and supervisor."""

    number: str
    name: str
    reasons: tuple[str, ...]
    supervisor: str


@dataclass(frozen=True)
class OtherGroup:
    """A processing group not associated to agents (PGOtherTypeDTO, L15525-15531)."""

    number: str
    name: str
    type: Literal["MutualAid", "Forward", "Guide", "Remote"]


@dataclass(frozen=True)
class Queue:
    """A waiting queue and the processing group it distributes to."""

    number: str
    name: str
    group: str


@dataclass(frozen=True)
class Rule:
    """PilotRule (L14253-14258)."""

    number: int
    name: str


@dataclass(frozen=True)
class Pilot:
    """A CCD pilot: its queue and its rules (the first one is active at start)."""

    number: str
    name: str
    queue: str
    rules: tuple[Rule, ...]


Transition = tuple[str, int, Mode]  # PilotTransition (L14291-14302): time "hh:mm", ruleNumber, mode


def _configuration(centre: topo.CallCenter) -> tuple[list[Operator], list[ProcessingGroup], list[OtherGroup]]:
    operators = [
        Operator(
            o.login,
            o.type,
            o.groups,
            o.preferred or o.groups[0],
            tuple(Skill(k.number, k.level, k.active) for k in o.skills),
            self_assign=o.selfAssign,
            headset=o.headset,
            help=o.help,
            multiline=o.multiline,
        )
        for o in centre.operators
    ]
    groups = [ProcessingGroup(g.number, g.name, g.reasons, g.supervisor or "") for g in centre.processingGroups]
    others = [OtherGroup(g.number, g.name, g.type) for g in centre.otherGroups]
    return operators, groups, others


@dataclass
class PilotRuntime:
    """What changes on a pilot: open or closed (management), its calendars (lists of transitions per day)."""

    config: Pilot
    open: bool = True
    normal: dict[str, list[Transition]] = field(default_factory=dict)
    exceptions: dict[str, list[Transition]] = field(default_factory=dict)


@state
class CallCenter:
    """The CCD of the first node: configuration, pilots' runtime state, and who to tell when something changes."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        node = backend.topology.nodes[0]
        self.node_id = node.id
        users = {u.login: u for u in node.users}
        operators, groups, others = _configuration(node.callCenter)
        self.operators: dict[str, Operator] = {o.login: o for o in operators}
        self.numbers: dict[str, str] = {users[o].companyPhone: o for o in self.operators}
        self.groups: dict[str, ProcessingGroup] = {g.number: g for g in groups}
        self.other_groups: dict[str, OtherGroup] = {g.number: g for g in others}
        self.queues: dict[str, Queue] = {q.number: Queue(q.number, q.name, q.group) for q in node.callCenter.queues}
        self.pilots: dict[str, PilotRuntime] = {
            p.number: PilotRuntime(
                Pilot(p.number, p.name, p.queue, tuple(Rule(r.number, r.name) for r in p.rules)),
                normal={d: list(t) for d, t in p.normalCalendar.items()},
                exceptions={d: list(t) for d, t in p.exceptionCalendar.items()},
            )
            for p in node.callCenter.pilots
        }
        #: Called after every change of an agent, a pilot or a queue: queued calls are distributed, then the
        #: real-time information follows (in the order the services installed themselves).
        self.listeners: list[Callable[[], None]] = []
        self._notifying = False
        self._again = False

    def changed(self) -> None:
        """Run the listeners until nothing changes any more; a change made by a listener runs them again."""
        if self._notifying:
            self._again = True
            return
        self._notifying = True
        try:
            self._again = True
            while self._again:
                self._again = False
                for listener in list(self.listeners):
                    listener()
        finally:
            self._notifying = False

    # -- lookups ----------------------------------------------------------------------------------------
    def operator(self, login: str) -> Operator | None:
        return self.operators.get(login)

    def number_of(self, login: str) -> str:
        """The agent number (and pro-ACD set) of an operator: its company phone."""
        return next((number for number, owner in self.numbers.items() if owner == login), "")

    def by_number(self, number: str) -> Operator | None:
        login = self.numbers.get(number)
        return self.operators.get(login) if login else None

    def agents(self) -> list[Operator]:
        return [o for o in self.operators.values() if o.type == "AGENT"]

    def members(self, group: str) -> list[Operator]:
        return [o for o in self.operators.values() if group in o.groups]

    def pilot(self, number: str) -> PilotRuntime | None:
        return self.pilots.get(number)

    def group_of_pilot(self, pilot: Pilot) -> str:
        return self.queues[pilot.queue].group

    def supervisor_of(self, group: str) -> Operator | None:
        pg = self.groups.get(group)
        return self.operators.get(pg.supervisor) if pg else None

    def name_of(self, login: str) -> tuple[str, str]:
        """(lastName, firstName) of an operator.

        The OXE subscriber outlives its O2G account: an operator whose O2G user was deleted
        (`DELETE /usermanagement/{loginName}`) keeps the name of the topology.
        """
        user = self.backend.user(login) or next((u for u in self.backend.topology.users() if u.login == login), None)
        return (user.lastName, user.firstName) if user is not None else ("", "")

    # -- the rule and operating mode in force (calendars on the virtual clock) --------------------------
    def in_force(self, pilot: PilotRuntime) -> tuple[int, Mode]:
        """The rule and mode of the latest calendar transition at or before now (UTC virtual time).

        A day of the exception calendar replaces its weekday (L13716-13719); looking back at most a week,
        the pilot's first rule in normal mode applies when no transition is found. A pilot closed through
        the API (L14003) is closed whatever its calendar says, until it is opened again.
        """
        now = self.backend.clock.now_datetime()
        found: tuple[int, Mode] | None = None
        for back in range(8):
            day = now - timedelta(days=back)
            transitions = pilot.exceptions.get(day.strftime("%Y%m%d"))
            if transitions is None:
                transitions = pilot.normal.get(DAYS[day.weekday()], [])
            limit = now.strftime("%H:%M") if back == 0 else "24:00"
            passed = sorted((t for t in transitions if t[0] <= limit), key=lambda t: t[0])
            if passed:
                found = (passed[-1][1], passed[-1][2])
                break
        rule, mode = found if found is not None else (pilot.config.rules[0].number, "normal")
        return rule, ("closed" if not pilot.open else mode)
