"""The rules of the call-state oracle: MediaState transitions, rule names with their reference lines, event readers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: The telephony event package (o2g-rest-api-reference.txt L2086-2087); every other event is ignored.
TELEPHONY_EVENTS = frozenset(
    {
        "OnCallCreated",
        "OnCallModified",
        "OnCallRemoved",
        "OnUserStateModified",
        "OnDeviceStateModified",
        "OnTelephonyState",
        "OnDynamicStateChanged",
    }
)

# MediaState values, o2g-rest-api-reference.txt L5459-5471.
UNKNOWN = "UNKNOWN"
OFF_HOOK = "OFF_HOOK"
IDLE = "IDLE"
RELEASING = "RELEASING"
DIALING = "DIALING"
HELD = "HELD"
RINGING_INCOMING = "RINGING_INCOMING"
RINGING_OUTGOING = "RINGING_OUTGOING"
ACTIVE = "ACTIVE"

_ALL = frozenset({UNKNOWN, OFF_HOOK, IDLE, RELEASING, DIALING, HELD, RINGING_INCOMING, RINGING_OUTGOING, ACTIVE})

#: Legal moves of a leg's (or participant's) MediaState, from -> targets. The reference gives no table;
#: this one is read from the state descriptions (L5462-5471) and the operations, and forbids only what
#: contradicts them; where the reference says nothing, the move is allowed. Staying in a state is always
#: legal, and UNKNOWN (L5462, no meaning given) may go to and come from anything.
#: - into HELD only from ACTIVE: hold and alternate act on an active call (L3170, L2835).
#: - into RINGING_INCOMING from IDLE/OFF_HOOK (a new incoming call, L5469) and from HELD (a held call
#:   rings back, CallCause RECALL L4962); never from a call in conversation, dialling, ringing out or
#:   being released.
#: - into DIALING from IDLE/OFF_HOOK and from RINGING_INCOMING: without autoAnswer the caller's own set
#:   is rung before the callee is called (L5359-5360); an established or ending call does not dial again.
#: - into RINGING_OUTGOING also from ACTIVE and HELD: after a blind transfer (L2951) or a transfer to a
#:   party still ringing (L3666) the remaining party hears the new destination ring; not from RELEASING.
#: - into ACTIVE from anything: answer (L2863), the remote answering, retrieve/alternate/reconnect
#:   (L3563, L2835, L3420), answer on a held call (L3564), joining directly (pickup L3929, unpark L3959),
#:   and from RELEASING by intrusion into the busy user's call (L3859).
#: - into RELEASING and IDLE from anything (L5465-5466); RELEASING goes nowhere else but ACTIVE (intrusion)
#:   and OFF_HOOK.
#: - into OFF_HOOK only from IDLE and RELEASING: OFF_HOOK is a device busy for other reasons than a call
#:   (L5463), not a call in progress.
MEDIA_TRANSITIONS: Mapping[str, frozenset[str]] = {
    UNKNOWN: _ALL,
    IDLE: _ALL - {HELD},
    OFF_HOOK: _ALL - {HELD},
    DIALING: frozenset({UNKNOWN, IDLE, DIALING, RINGING_OUTGOING, ACTIVE, RELEASING}),
    RINGING_OUTGOING: frozenset({UNKNOWN, IDLE, RINGING_OUTGOING, ACTIVE, RELEASING}),
    RINGING_INCOMING: frozenset({UNKNOWN, IDLE, RINGING_INCOMING, DIALING, RINGING_OUTGOING, ACTIVE, RELEASING}),
    ACTIVE: frozenset({UNKNOWN, IDLE, ACTIVE, HELD, RINGING_OUTGOING, RELEASING}),
    HELD: frozenset({UNKNOWN, IDLE, HELD, ACTIVE, RINGING_INCOMING, RINGING_OUTGOING, RELEASING}),
    RELEASING: frozenset({UNKNOWN, IDLE, OFF_HOOK, RELEASING, ACTIVE}),
}


def transition_allowed(old: str, new: str) -> bool:
    """Whether a MediaState may move from `old` to `new`; values outside the enumeration are not judged here."""
    if old not in MEDIA_TRANSITIONS or new not in MEDIA_TRANSITIONS:
        return True
    return new in MEDIA_TRANSITIONS[old]


@dataclass(frozen=True)
class OracleRule:
    """One rule of the oracle: its name, where the reference states it, and what it documents."""

    name: str
    line: int
    documented: str


_RULES = (
    OracleRule(
        "leg-answered-without-ringing",
        5469,
        "a call made to this user (CallData.initialCalled, L4974) rings (RINGING_INCOMING) before its leg is "
        "ACTIVE or HELD",
    ),
    OracleRule(
        "participant-answered-without-ringing",
        6094,
        "Participant.state is filled in a multi-party call only on a change to RINGING_INCOMING or from "
        "RINGING_INCOMING to ACTIVE (L6094-6095): ACTIVE is reported after RINGING_INCOMING",
    ),
    OracleRule(
        "event-after-removal",
        5863,
        "after OnCallRemoved the call no longer exists for this user; OnCallModified concerns an existing call (L5646)",
    ),
    OracleRule(
        "replaced-call-used",
        5654,
        'previousCallRef: "callRef" replaces "previousCallRef", which has been removed, and no OnCallRemoved is '
        "generated for it (L5654-5655)",
    ),
    OracleRule(
        "unknown-call", 5646, "OnCallModified and OnCallRemoved concern a call this user was told of (L5646, L5863)"
    ),
    OracleRule("call-created-twice", 5490, "OnCallCreated announces a new call, not one the user already has (L5490)"),
    OracleRule(
        "duplicate-leg",
        5283,
        "a leg is the user's device in the call (L5283-5287, deviceId [1] is its key): one leg per device per call",
    ),
    OracleRule(
        "leg-delta-conflict",
        5659,
        "modifiedLegs/addedLegs/removedLegs are the changes of the call's legs (L5659-5661): a leg is modified or "
        "removed only if the call has it, is in one list at a time, and agrees with the call's legs",
    ),
    OracleRule(
        "duplicate-participant",
        6090,
        "participantId [1] identifies a participant (L6090): one entry per participant per call",
    ),
    OracleRule(
        "participant-delta-conflict",
        5662,
        "modifiedParticipants/addedParticipants/removedParticipantIds are the changes of the call's participants "
        "(L5662-5664): a participant is modified or removed only if the call has it, and agrees with participants",
    ),
    OracleRule(
        "participant-state-two-party",
        6094,
        "Participant.state is only filled in a multi-party call (>= 3 participants, L6094)",
    ),
    OracleRule("conferenced-two-party", 4947, "CallCause CONFERENCED: this is a multi-party call (L4947)"),
    OracleRule("illegal-media-transition", 5459, "MediaState moves as the state descriptions and operations allow"),
    OracleRule(
        "ringing-remote-not-outgoing",
        5289,
        "ringingRemote is true when the leg is in RINGING_OUTGOING state and the remote party is alerted (L5289)",
    ),
    OracleRule("call-state-vs-leg", 4979, "CallData.state is the call state computed from the media state (L4979)"),
    OracleRule(
        "snapshot-missing-call",
        6325,
        "OnTelephonyState carries the user's current calls (L4558, L6325); a call ends with OnCallRemoved (L5863)",
    ),
    OracleRule(
        "user-state",
        6490,
        "(strict reading, opt-in) the user is BUSY while in a call and FREE otherwise (UserState L6490-6494)",
    ),
    OracleRule(
        "unplaceable-event", 5494, "telephony events carry loginName [1] and, for a call, callRef [1] (L5494-5495)"
    ),
)

#: Every rule of the oracle by name.
ORACLE_RULES: Mapping[str, OracleRule] = {rule.name: rule for rule in _RULES}


@dataclass(frozen=True)
class Entry:
    """A leg or participant as an event reports it: its key, its MediaState if given, and the raw object."""

    key: str
    state: str | None
    raw: Mapping[str, Any]

    @property
    def ringing_remote(self) -> bool:
        return self.raw.get("ringingRemote") is True


def entries(value: object, key: str) -> list[Entry]:
    """The legs (key `deviceId`) or participants (key `participantId`) of a list, skipping unreadable items."""
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, Mapping) and isinstance(item.get(key), str):
            state = item.get("state")
            out.append(Entry(item[key], state if isinstance(state, str) else None, item))
    return out


def ids(value: object) -> list[str]:
    """removedParticipantIds: the strings of a list."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def initial_called_login(event: Mapping[str, Any]) -> str | None:
    """callData.initialCalled.id.loginName (CallData L4974, PartyInfo/Identifier), if the event carries it."""
    data = event.get("callData")
    called = data.get("initialCalled") if isinstance(data, Mapping) else None
    ident = called.get("id") if isinstance(called, Mapping) else None
    return text(ident.get("loginName")) if isinstance(ident, Mapping) else None


def call_state(data: object) -> str | None:
    """callData.state (L4979), if given."""
    return text(data.get("state")) if isinstance(data, Mapping) else None


def compact(event: Mapping[str, Any]) -> str:
    """The whole event as one line of JSON, for the failure message."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"), default=repr)
