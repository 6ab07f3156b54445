"""What the call-state oracle knows of each user's calls, the violation it raises, and the leg/participant checks."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._errors import NonConformance
from ._oracle_rules import (
    ACTIVE,
    HELD,
    ORACLE_RULES,
    RINGING_INCOMING,
    RINGING_OUTGOING,
    Entry,
    call_state,
    compact,
    entries,
    ids,
    transition_allowed,
)


class CallStateViolation(NonConformance):
    """An illegal telephony event sequence: the rule, the event index in the fed sequence, the offending event."""

    def __init__(
        self,
        rule: str,
        *,
        index: int,
        event: Mapping[str, Any],
        received: str,
        login: str | None = None,
        call_ref: str | None = None,
        line: int | None = None,
    ) -> None:
        self.rule = rule
        self.index = index
        self.event: dict[str, Any] = dict(event)
        self.login = login
        self.call_ref = call_ref
        known = ORACLE_RULES[rule]
        who = "".join((f" for {login}" if login else "", f" on call {call_ref}" if call_ref else ""))
        super().__init__(
            f"call-state rule {rule} broken by event #{index} {event.get('eventName')}{who}",
            line=line if line is not None else known.line,
            documented=known.documented,
            received=received,
            problems=[f"offending event #{index}: {compact(event)}"],
        )

    def __reduce__(self) -> tuple[object, ...]:
        # NonConformance rebuilds a plain NonConformance; keep the subclass and its fields (pytest-xdist).
        return (
            _rebuild,
            (self.rule, self.index, self.event, str(self.received), self.login, self.call_ref, self.line),
        )


def _rebuild(
    rule: str,
    index: int,
    event: dict[str, Any],
    received: str,
    login: str | None,
    call_ref: str | None,
    line: int | None,
) -> CallStateViolation:
    return CallStateViolation(
        rule, index=index, event=event, received=received, login=login, call_ref=call_ref, line=line
    )


class Step:
    """One event being judged: where it sits in the fed sequence and the violations it caused."""

    def __init__(self, index: int, event: Mapping[str, Any]) -> None:
        self.index = index
        self.event = event
        self.name = str(event.get("eventName"))
        self.login: str | None = None
        self.ref: str | None = None
        self.found: list[CallStateViolation] = []

    def fail(self, rule: str, received: str, *, ref: str | None = None, line: int | None = None) -> None:
        self.found.append(
            CallStateViolation(
                rule,
                index=self.index,
                event=self.event,
                received=received,
                login=self.login,
                call_ref=ref or self.ref,
                line=line,
            )
        )


@dataclass
class Leg:
    state: str | None
    rang: bool  # seen RINGING_INCOMING (or already reported for not having rung)
    initial: bool  # present since the user first saw the call


@dataclass
class Participant:
    state: str | None
    multi: bool  # present in a multi-party view at an earlier event


@dataclass
class Call:
    """One user's view of one call."""

    ref: str
    incoming: bool = False  # made to this user (initialCalled) and first seen by OnCallCreated
    legs: dict[str, Leg] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    status: str = "live"  # live | removed | replaced
    ended: str = ""
    lines: list[str] = field(default_factory=list)

    def describe(self) -> str:
        legs = ", ".join(f"{d} {leg.state or '?'}" for d, leg in self.legs.items()) or "-"
        parts = ", ".join(p + (f" {x.state}" if x.state else "") for p, x in self.participants.items()) or "-"
        return f"legs: {legs} | participants: {parts}"


@dataclass
class User:
    """Everything one loginName was told."""

    login: str
    calls: dict[str, Call] = field(default_factory=dict)
    announced: dict[str, str] = field(default_factory=dict)  # replacedByCallRef -> the call it replaces
    state: str | None = None
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    """Where an event carries legs or participants, and the rules that judge their lists."""

    noun: str
    key: str
    full: str
    added: str
    modified: str
    removed: str
    duplicate: str
    conflict: str

    def removed_keys(self, event: Mapping[str, Any]) -> list[Entry]:
        value = event.get(self.removed)
        if self.key == "participantId":  # removedParticipantIds is a list of strings (L5664)
            return [Entry(key, None, {}) for key in ids(value)]
        return entries(value, self.key)


LEGS = Kind(
    "leg", "deviceId", "legs", "addedLegs", "modifiedLegs", "removedLegs", "duplicate-leg", "leg-delta-conflict"
)
PARTICIPANTS = Kind(
    "participant",
    "participantId",
    "participants",
    "addedParticipants",
    "modifiedParticipants",
    "removedParticipantIds",
    "duplicate-participant",
    "participant-delta-conflict",
)


def unique(step: Step, listed: list[Entry], rule: str, where: str) -> None:
    """One entry per key in a list (a device has one leg, a participant one entry)."""
    seen: dict[str, str | None] = {}
    for e in listed:
        if e.key in seen:
            step.fail(rule, f"{where} lists {e.key} twice ({seen[e.key]} and {e.state})")
        seen[e.key] = e.state


def apply_deltas(
    step: Step,
    kind: Kind,
    before: Mapping[str, str | None],
    lookup: Collection[str],
    *,
    lenient: bool,
    replacing: bool,
) -> list[Entry]:
    """The entries of the view after an OnCallModified, each with the state this event reports (or None).

    Deltas (L5659-5664: absent means no change) apply to `before`; a modified or removed entry must be
    known (`lookup`), an added one new, and each in one list only. When the event also carries the full
    list (real servers do, wire-facts events 6) the two must agree and the full list wins; without deltas
    the full list alone is the new view.
    """
    event = step.event
    added = entries(event.get(kind.added), kind.key)
    modified = entries(event.get(kind.modified), kind.key)
    removed = kind.removed_keys(event)
    full = entries(event.get(kind.full), kind.key) if kind.full in event else None
    unique(step, full or [], kind.duplicate, kind.full)
    unique(step, added, kind.duplicate, kind.added)
    unique(step, modified, kind.conflict, kind.modified)
    owner: dict[str, str] = {}
    for where, listed in ((kind.added, added), (kind.modified, modified), (kind.removed, removed)):
        for e in listed:
            if owner.setdefault(e.key, where) != where:
                step.fail(kind.conflict, f"{kind.noun} {e.key} is in {owner[e.key]} and {where}: two states at once")
    gone = {e.key for e in removed}
    if not lenient:
        for e in added:
            if e.key in before and e.key not in gone:
                step.fail(kind.duplicate, f"{kind.added} adds {e.key}, already in the call: two at once")
        for e in (*modified, *removed):
            if e.key not in lookup:
                step.fail(kind.conflict, f"{kind.noun} {e.key} is modified or removed but not in the call")
    after = {key: state for key, state in before.items() if key not in gone}
    for e in (*modified, *added):
        after[e.key] = e.state if e.state is not None else after.get(e.key)
    if full is not None:
        reported = {e.key: e.state for e in full}
        deltas = any(name in event for name in (kind.added, kind.modified, kind.removed))
        if deltas and not (lenient or replacing):
            _agree(step, kind, after, reported)
        after = {k: (s if s is not None else after.get(k)) for k, s in reported.items()}
    shown: dict[str, Entry] = {e.key: e for e in full or []}
    for e in (*modified, *added):
        if e.state is not None or e.key not in shown:
            shown[e.key] = e
    return [shown.get(key, Entry(key, None, {})) for key in after]


def _agree(step: Step, kind: Kind, after: Mapping[str, str | None], full: Mapping[str, str | None]) -> None:
    for key in sorted(set(after) ^ set(full)):
        side = f"in {kind.full} but not in the call after the deltas" if key in full else f"missing from {kind.full}"
        step.fail(kind.conflict, f"{kind.noun} {key} is {side}")
    for key in sorted(set(after) & set(full)):
        mine, theirs = after[key], full[key]
        if mine is not None and theirs is not None and mine != theirs:
            step.fail(kind.conflict, f"{kind.noun} {key} is {mine} by the deltas, {theirs} in {kind.full}")


def judge_legs(
    step: Step, call: Call, before: Mapping[str, Leg], reported: list[Entry], *, initial: bool
) -> dict[str, Leg]:
    """The call's legs after the event, with MediaState moves, ringingRemote and the incoming-call rule checked."""
    out: dict[str, Leg] = {}
    for e in reported:
        prior = before.get(e.key)
        old_state = prior.state if prior is not None else None
        state = e.state if e.state is not None else old_state
        if e.ringing_remote and state is not None and state != RINGING_OUTGOING:
            step.fail("ringing-remote-not-outgoing", f"leg {e.key} has ringingRemote true in state {state}")
        if old_state is not None and state is not None and not transition_allowed(old_state, state):
            step.fail("illegal-media-transition", f"leg {e.key} moves {old_state} -> {state}")
        rang = prior.rang if prior is not None else False
        leg = Leg(state, rang or state == RINGING_INCOMING, prior.initial if prior is not None else initial)
        if call.incoming and leg.initial and not rang and state in (ACTIVE, HELD):
            step.fail(
                "leg-answered-without-ringing",
                f"leg {e.key} of a call made to {step.login} is {state} without having been RINGING_INCOMING",
            )
            leg.rang = True  # reported once, not on every later event of the call
        out[e.key] = leg
    return out


def judge_participants(
    step: Step, before: Mapping[str, Participant], reported: list[Entry], *, change: bool
) -> dict[str, Participant]:
    """Participants after the event; `state` is filled only in multi-party calls, on ringing changes (L6094-6095).

    `change`: the event reports changes to a view the user already had, so ACTIVE reported for a known
    participant of a multi-party call whose ringing was never reported breaks L6094-6095.
    """
    out: dict[str, Participant] = {}
    for e in reported:
        prior = before.get(e.key)
        old_state = prior.state if prior is not None else None
        if e.state is not None:
            if len(reported) < 2:
                step.fail(
                    "participant-state-two-party",
                    f"participant {e.key} has state {e.state} in a call of {1 + len(reported)} parties",
                )
            if old_state is not None and not transition_allowed(old_state, e.state):
                step.fail("illegal-media-transition", f"participant {e.key} moves {old_state} -> {e.state}")
            if change and e.state == ACTIVE and prior is not None and old_state is None and prior.multi:
                step.fail(
                    "participant-answered-without-ringing",
                    f"participant {e.key} of a multi-party call reported ACTIVE, never RINGING_INCOMING",
                )
        state = e.state if e.state is not None else old_state
        out[e.key] = Participant(state, prior.multi if prior is not None else False)
    return out


def call_state_vs_leg(step: Step, call: Call, data: object, ref: str | None = None) -> None:
    """callData.state is computed from the media state (L4979); how, for several legs, is not stated."""
    declared = call_state(data)
    if declared is None or len(call.legs) != 1:
        return
    device, leg = next(iter(call.legs.items()))
    if leg.state is not None and leg.state != declared:
        step.fail("call-state-vs-leg", f"callData.state {declared} while the only leg {device} is {leg.state}", ref=ref)
