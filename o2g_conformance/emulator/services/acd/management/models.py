"""The Call Center Management backend: one method per `acd.management.*` operation (L13403-14340).

Readings chosen where the reference is silent or disagrees with itself:
- Pilot: the examples answer "queueState": "s_Opened" (L13447, L13502) where the representation has
  state (ServiceState) and detailedState (PilotStatus) (L14172-14201): the emulator answers the
  representation. state/detailedState follow the mode in force (`CallCenter.in_force`): Opened/OPEN in
  normal mode, Closed/BLOCKED when closed through the API, Closed/BLOCKED_ON_RULE when a calendar
  transition closes it, Opened/GENERAL_FORWARDING_ON_RULE when it forwards. The active rule is the rule
  of the transition in force.
- waitingTime is SECONDS_PER_CALL per call ahead in the queue (0 when an agent is free); saturation is a
  full queue (QUEUE_CAPACITY). The advanced query (2.7.4) computes both for its call profile: candidate
  agents are those logged on in the pilot's group with every asked skill (acrStatus not false) active at
  the asked level or more, and the named agent only when agentNumber is given; a priority transfer waits
  behind no queued call. Its example body is not valid JSON (trailing comma, L13557): a body must be JSON.
- ExceptionTransitions name their day `date` (L14121-14128) while the examples write "day"
  (L13646, L13704): the emulator answers `date`, as the representation says.
- PilotTransition: time "hh:mm" (L14311), ruleNumber between 0 and 29 (L14312) and a rule of the pilot,
  mode normal|closed|forward (L14236-14241, read case-insensitively); at most 10 transitions a day
  (L14128, L14325): an eleventh is a bad parameter. A transition's number is its position in its day
  (1..10, L14325): removing one renumbers the next ones; a day left without transitions disappears.
- dayOfWeek is read case-insensitively (DayOfWeek, L14093-14101); date is yyyymmdd (L13727).
- The close example posts to .../open (L14033): the resource of the operation, .../close, closes. Opening
  an open pilot or closing a closed one changes nothing and is no error.
- An unknown node or pilot, date or transition is NOT_FOUND 404 (documented for every operation).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ....core import errors
from ....core.registry import Backend, state
from ..agent.lifecycle import IN_GROUP, Status
from ..agent.models import AcdAgents
from ..ccd import DAYS, CallCenter, Mode, PilotRuntime, Transition
from ..pilot.models import QUEUE_CAPACITY, SECONDS_PER_CALL, AcdPilots, node_of

MAX_TRANSITIONS = 10
RULE_RANGE = (0, 29)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_STATES: dict[str, tuple[str, str]] = {
    "normal": ("Opened", "OPEN"),
    "forward": ("Opened", "GENERAL_FORWARDING_ON_RULE"),
    "closed": ("Closed", "BLOCKED_ON_RULE"),
}


def transition_view(i: int, t: Transition) -> dict[str, Any]:
    """PilotTransitions (L14320-14332)."""
    return {"number": i, "transition": {"time": t[0], "ruleNumber": t[1], "mode": t[2]}}


@state
class AcdManagement:
    """Pilots of the call center as an administrator manages them."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @property
    def ccd(self) -> CallCenter:
        return self.backend.state(CallCenter)

    def _pilot(self, node_id: str, number: str) -> PilotRuntime:
        node_of(self.backend, node_id)
        return self.backend.state(AcdPilots).pilot(number)

    # -- pilots ---------------------------------------------------------------------------------------
    def pilots(self, node_id: str) -> dict[str, Any]:
        node_of(self.backend, node_id)
        return {"pilotList": [self._view(p) for p in self.ccd.pilots.values()]}

    def pilot(self, node_id: str, number: str) -> dict[str, Any]:
        return self._view(self._pilot(node_id, number))

    def _view(self, pilot: PilotRuntime, profile: dict[str, Any] | None = None) -> dict[str, Any]:
        """Pilot (L14172-14201), for the default call profile or the one of an advanced query."""
        rule, mode = self.ccd.in_force(pilot)
        state_, detailed = ("Closed", "BLOCKED") if not pilot.open else _STATES[mode]
        candidates = self._candidates(pilot, profile or {})
        agents = self.backend.state(AcdAgents)
        free = any(rt.status == Status.READY and agents.set_free(rt) for rt in candidates)
        waiting = len(self.backend.state(AcdPilots).waiting(pilot.config.number))
        ahead = 0 if (profile or {}).get("priorityTransfer") else waiting
        out: dict[str, Any] = {
            "number": pilot.config.number,
            "name": pilot.config.name,
            "state": state_,
            "detailedState": detailed,
            "waitingTime": 0 if free else SECONDS_PER_CALL * (ahead + 1),
            "saturation": waiting >= QUEUE_CAPACITY,
            "rules": {
                "ruleList": [
                    {"ruleNumber": str(r.number), "name": r.name, "active": r.number == rule}
                    for r in pilot.config.rules
                ]
            },
            "possibleTransfer": mode == "normal" and bool(candidates),
        }
        if profile is not None:
            out["supervisedTransfer"] = bool(profile.get("supervisedTransfer"))
        return out

    def _candidates(self, pilot: PilotRuntime, profile: dict[str, Any]) -> list[Any]:
        agents = self.backend.state(AcdAgents)
        group = self.ccd.group_of_pilot(pilot.config)
        wanted: str | None = profile.get("agentNumber")
        skills = [s for s in profile.get("skills") or [] if s.get("acrStatus") is not False]
        out = []
        for op in self.ccd.members(group):
            rt = agents.runtimes[op.login]
            if op.type != "AGENT" or rt.group != group or (rt.status not in IN_GROUP and rt.status != Status.BUSY):
                continue
            if wanted is not None and rt.number != wanted:
                continue
            levels = {s.number: s.level for s in op.skills if rt.skills.get(s.number)}
            if all(
                s["skillNumber"] in levels and levels[s["skillNumber"]] >= (s.get("expertEvalLevel") or 0)
                for s in skills
            ):
                out.append(rt)
        return out

    def pilot_advanced(self, node_id: str, number: str, profile: dict[str, Any]) -> dict[str, Any]:
        pilot = self._pilot(node_id, number)
        agent = profile.get("agentNumber")
        if agent is not None:
            op = self.ccd.by_number(agent)
            if op is None or op.type != "AGENT":
                raise errors.bad_parameter(f"agentNumber {agent} is not the number of an ACD agent")
        for i, skill in enumerate(profile.get("skills") or []):
            if skill.get("skillNumber") is None:
                raise errors.bad_parameter(f"skills.skills[{i}].skillNumber is mandatory")
        return self._view(pilot, profile)

    def set_open(self, node_id: str, number: str, is_open: bool) -> None:
        pilot = self._pilot(node_id, number)
        if pilot.open != is_open:
            pilot.open = is_open
            self.ccd.changed()

    # -- calendars ------------------------------------------------------------------------------------
    def calendar(self, node_id: str, number: str) -> dict[str, Any]:
        pilot = self._pilot(node_id, number)
        return {"normalDays": self._normal(pilot), "exceptionDays": self._exceptions(pilot)}

    def normal_calendar(self, node_id: str, number: str) -> dict[str, Any]:
        return self._normal(self._pilot(node_id, number))

    def exception_calendar(self, node_id: str, number: str) -> dict[str, Any]:
        return self._exceptions(self._pilot(node_id, number))

    @staticmethod
    def _normal(pilot: PilotRuntime) -> dict[str, Any]:
        """NormalCalendar (L14138-14155): the days that have transitions, Monday first."""
        return {
            "calendar": [
                {"day": day, "list": [transition_view(i, t) for i, t in enumerate(pilot.normal[day], start=1)]}
                for day in DAYS
                if pilot.normal.get(day)
            ]
        }

    @staticmethod
    def _exceptions(pilot: PilotRuntime) -> dict[str, Any]:
        """ExceptionCalendar (L14103-14120), dates in order."""
        return {
            "calendar": [
                {"date": date, "list": [transition_view(i, t) for i, t in enumerate(pilot.exceptions[date], start=1)]}
                for date in sorted(pilot.exceptions)
                if pilot.exceptions[date]
            ]
        }

    def _transition(self, pilot: PilotRuntime, time: str, rule: int, mode: str) -> Transition:
        if not _TIME.match(time):
            raise errors.bad_parameter(f"time {time!r} is not in the mandatory format hh:mm (L14311)")
        if not RULE_RANGE[0] <= rule <= RULE_RANGE[1]:
            raise errors.bad_parameter(f"ruleNumber {rule} is not between {RULE_RANGE[0]} and {RULE_RANGE[1]}")
        if rule not in {r.number for r in pilot.config.rules}:
            raise errors.bad_parameter(f"pilot {pilot.config.number} has no rule {rule}")
        value = mode.lower()
        if value not in ("normal", "closed", "forward"):
            raise errors.bad_parameter(f"mode {mode!r} is not a PilotOperatingMode: normal, closed or forward")
        chosen: Mode = "normal" if value == "normal" else "closed" if value == "closed" else "forward"
        return (time, rule, chosen)

    def _day(self, pilot: PilotRuntime, kind: str, key: str, *, create: bool) -> list[Transition]:
        if kind == "normal":
            day = key.lower()
            if day not in DAYS:
                raise errors.bad_parameter(f"dayOfWeek {key!r} is not a day of the week (monday ... sunday)")
            table = pilot.normal
        else:
            try:
                datetime.strptime(key, "%Y%m%d")
            except ValueError:
                raise errors.bad_parameter(f"date {key!r} is not a day in the format yyyymmdd") from None
            day, table = key, pilot.exceptions
        if day not in table or not table[day]:
            if not create:
                raise errors.not_found(f"pilot {pilot.config.number} has no transition on {key}", status=404)
            table[day] = []
        return table[day]

    @staticmethod
    def _index(transitions: list[Transition], number: str) -> int:
        if not number.isdigit():
            raise errors.bad_parameter(f"transitionNbr must be a transition number (1, 2, ...), not {number!r}")
        index = int(number)
        if not 1 <= index <= len(transitions):
            raise errors.not_found(f"no transition {number} on this day (1..{len(transitions)})", status=404)
        return index - 1

    def add_transition(self, node_id: str, number: str, kind: str, key: str, body: tuple[str, int, str]) -> None:
        """A new transition at the end of its day; a day without transitions gets its first (L13719-13720)."""
        pilot = self._pilot(node_id, number)
        transition = self._transition(pilot, *body)
        transitions = self._day(pilot, kind, key, create=True)
        if len(transitions) >= MAX_TRANSITIONS:
            raise errors.bad_parameter(f"a day holds at most {MAX_TRANSITIONS} transitions (L14325)")
        transitions.append(transition)
        self.ccd.changed()

    def modify_transition(
        self, node_id: str, number: str, kind: str, key: str, nbr: str, body: tuple[str, int, str]
    ) -> None:
        pilot = self._pilot(node_id, number)
        transitions = self._day(pilot, kind, key, create=False)
        index = self._index(transitions, nbr)
        transitions[index] = self._transition(pilot, *body)
        self.ccd.changed()

    def remove_transition(self, node_id: str, number: str, kind: str, key: str, nbr: str) -> None:
        pilot = self._pilot(node_id, number)
        transitions = self._day(pilot, kind, key, create=False)
        del transitions[self._index(transitions, nbr)]
        if not transitions:
            table = pilot.normal if kind == "normal" else pilot.exceptions
            table.pop(key.lower() if kind == "normal" else key, None)
        self.ccd.changed()
