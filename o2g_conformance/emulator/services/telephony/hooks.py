"""What other services plug into telephony: the routing of offered calls and reports of finished calls.

Telephony knows nothing of routing, the communication log, voice mail or event counters. Those
services install themselves here when the backend starts (their state's `start()`):

- `Hooks.routing(login) -> RoutePlan | None`: consulted every time a call is offered to a user's set
  (forward immediate / on busy / on no answer, overflow, do not disturb);
- `Hooks.call_listeners`: each gets a `CallReport` when a call is over (`final`), and once while it
  goes on when a party first leaves a conference (L7796-7797);
- `Hooks.callback_listeners`: the login whose incoming call-back requests changed;
- `Hooks.numbers`: numbers another service owns (CCD pilots). `resolver(number, caller_login)` gives
  the endpoint a call to `number` is offered to, or None when the number is not its own. The Endpoint
  object it returns becomes the new call's `initial_called`, so the service finds the call by identity
  once the operation is over (`TelephonyCore.defer`).

Listeners run after the telephony events of the operation have been published, so a client sees
OnCallRemoved before what other services derive from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .entities import Endpoint, Presence, Reroute

#: Destination of a diversion meaning the voice mail of the user the call was offered to.
VOICEMAIL = "VOICEMAIL"
#: How long a set rings before a forward or overflow on no answer takes the call. The reference says
#: only "after a ringing duration" (L7593, L7661); this is the emulator's ringing duration.
NO_ANSWER_DELAY = 20.0


@dataclass(frozen=True)
class Diversion:
    """Where a call goes instead of (or after) ringing: a number or VOICEMAIL, and the CallCause to show."""

    to: str
    cause: str  # FORWARDED | OVERFLOWN (CallCause, L4939-4970)


@dataclass(frozen=True)
class RoutePlan:
    """What the routing of a user decides for calls offered to him."""

    dnd: bool = False
    immediate: Diversion | None = None
    busy: Diversion | None = None
    no_answer: Diversion | None = None


RoutingPolicy = Callable[[str], RoutePlan | None]
#: `resolver(number, caller_login)`: the endpoint a call to a number of another service goes to, or None.
NumberResolver = Callable[[str, str | None], Endpoint | None]


@dataclass(frozen=True)
class PartyReport:
    """One party of a reported call."""

    key: str
    endpoint: Endpoint
    role: str
    begin: float
    conv: float | None
    end: float | None
    anonymous: bool
    deposit: bool

    @property
    def login(self) -> str | None:
        return self.endpoint.login if self.endpoint.kind == "device" else None


@dataclass(frozen=True)
class CallReport:
    """A call as other services see it when it ends (or when a party first leaves it)."""

    ref: str
    final: bool
    at: float
    parties: tuple[PartyReport, ...]
    reroutes: tuple[Reroute, ...]
    initial_called: Endpoint | None
    destination: Endpoint | None
    failure: str | None
    associated_data: str | None
    transferred_by: str | None = None

    def victims(self) -> set[str]:
        return {r.victim for r in self.reroutes}

    def party(self, key: str) -> PartyReport | None:
        return next((p for p in self.parties if p.key == key), None)

    def deposits(self) -> list[PartyReport]:
        """Voice mail connections that recorded a message (their endpoint login is the mailbox owner)."""
        return [p for p in self.parties if p.deposit and p.endpoint.login]


def party_report(key: str, p: Presence) -> PartyReport:
    return PartyReport(key, p.endpoint, p.role, p.begin, p.conv, p.end, p.anonymous, p.deposit)


CallListener = Callable[[CallReport], None]


@dataclass
class Hooks:
    """The installed routing policy and listeners (rebuilt with the telephony state on reset)."""

    routing: RoutingPolicy | None = None
    call_listeners: list[CallListener] = field(default_factory=list)
    callback_listeners: list[Callable[[str], None]] = field(default_factory=list)
    numbers: list[NumberResolver] = field(default_factory=list)
