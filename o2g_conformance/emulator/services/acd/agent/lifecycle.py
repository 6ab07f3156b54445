"""The declared lifecycle of an ACD operator and its runtime record (AgentState, L13200-13233).

The reference lists the states but never the allowed moves nor the error of a refused one (partE,
"STATE MACHINE"). The emulator declares them here, read from the operations:

    LOGGED_OFF --logon (agent, or supervisor naming a PG)----------------> READY
    LOGGED_OFF --logon (supervisor without PG, L12650)-------------------> OUT_OF_PG
    OUT_OF_PG  --enterPG / logon with its own number (L12434, L13300)----> READY
    in a PG    --exitPG (supervisor, L12480)------------------------------> OUT_OF_PG
    READY, PAUSE, WRAPUP, WITHDRAW --ready/pause/wrapUp/withdraw---------> READY/PAUSE/WRAPUP/WITHDRAW
    READY      --an ACD call is distributed to the set (the PBX)----------> BUSY
    BUSY       --the ACD call ends (the PBX)------------------------------> WRAPUP
    WRAPUP     --WRAPUP_SECONDS of virtual time (timed progression)-------> READY
    any logged-on state but BUSY --logoff / exitPG with no PG (L12481)---> LOGGED_OFF

A request for a move the table does not hold is refused with NOT_EXPECTED ("due to current user's
state", L317), answered 400 as the operations document no 409. A request for the state already in force
is accepted and changes nothing (no event). TRANSACTION_CODE_INPUT and the WRAPUP_* variants of other
media are never entered: the emulated PBX has no transaction codes nor IM/e-mail channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ...telephony.entities import Lifecycle

#: How long an agent stays in wrap-up before it is READY again (the OXE's wrap-up timer), virtual seconds.
WRAPUP_SECONDS = 30.0


class Status(StrEnum):
    """Where an operator is in its lifecycle; LOGGED_OFF is AgentMainState LOG_OFF, the others LOG_ON + subState."""

    LOGGED_OFF = "LOGGED_OFF"
    OUT_OF_PG = "OUT_OF_PG"
    READY = "READY"
    BUSY = "BUSY"
    WRAPUP = "WRAPUP"
    PAUSE = "PAUSE"
    WITHDRAW = "WITHDRAW"


S = Status
#: States in which the operator is logged on inside a processing group and may change its sub-state.
IN_GROUP = frozenset({S.READY, S.WRAPUP, S.PAUSE, S.WITHDRAW})
AGENT_LIFECYCLE: Lifecycle[Status] = Lifecycle(
    "AgentState",
    {
        S.LOGGED_OFF: frozenset({S.READY, S.OUT_OF_PG}),
        S.OUT_OF_PG: frozenset({S.READY, S.LOGGED_OFF}),
        S.READY: frozenset({S.PAUSE, S.WRAPUP, S.WITHDRAW, S.BUSY, S.OUT_OF_PG, S.LOGGED_OFF}),
        S.PAUSE: frozenset({S.READY, S.WRAPUP, S.WITHDRAW, S.OUT_OF_PG, S.LOGGED_OFF}),
        S.WRAPUP: frozenset({S.READY, S.PAUSE, S.WITHDRAW, S.OUT_OF_PG, S.LOGGED_OFF}),
        S.WITHDRAW: frozenset({S.READY, S.PAUSE, S.WRAPUP, S.OUT_OF_PG, S.LOGGED_OFF}),
        S.BUSY: frozenset({S.WRAPUP}),
    },
)
#: Moves only the PBX makes (an ACD call distributed to the set, and its end): an API request asking them
#: (wrapUp while BUSY, say) is refused like any move the table does not hold.
BY_PBX = frozenset({(S.READY, S.BUSY), (S.BUSY, S.WRAPUP)})


@dataclass
class AgentRuntime:
    """One operator now: lifecycle state, where it is logged on, its skills and what the RTI counts."""

    login: str
    number: str
    status: Status = S.LOGGED_OFF
    device: str | None = None
    group: str | None = None
    withdraw_reason: int | None = None
    headset: bool = False
    skills: dict[int, bool] = field(default_factory=dict)  # skill number -> active
    since: float = 0.0  # when the current status began
    logon_at: float | None = None
    withdrawals: int = 0
    withdrawn_seconds: float = 0.0
    served_calls: int = 0
    acd_call: str | None = None  # the callRef of the ACD call distributed to the set
    timer: Any = None  # the TimerHandle of a timed progression (wrap-up)

    @property
    def logged_on(self) -> bool:
        return self.status != S.LOGGED_OFF

    def state_view(self) -> dict[str, Any]:
        """AgentState (L13200-13218). Readings: the representation's LOG_ON/LOG_OFF and pgNumber, not the
        example's LOGGED_ON/LOGGED_OFF, IDLE and pgGroupNumber (L12890-12895 vs L13171-13177, L13208)."""
        if self.status == S.LOGGED_OFF:
            return {"mainState": "LOG_OFF"}
        out: dict[str, Any] = {"mainState": "LOG_ON", "subState": self.status.value}
        if self.device:
            out["proAcdDeviceNumber"] = self.device
        if self.group and self.status != S.OUT_OF_PG:
            out["pgNumber"] = self.group
        if self.status == S.WITHDRAW and self.withdraw_reason is not None:
            out["withdrawReason"] = self.withdraw_reason
        return out
