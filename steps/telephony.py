"""Shared call-control steps and helpers: parties, call references, requests, listening, settling, errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse, EventLog, EventTimeout
from o2g_conformance.plugin.world import Sender, World, unmet
from o2g_conformance.steplib import Parties, PartyRef, Roles, given

from .common import precondition, target_version

#: The external party of the scenarios: a public number reached through a trunk (emulator: 0... or +...).
EXTERNAL_NUMBER = "0612345678"
#: A well-formed call reference that no call has.
UNKNOWN_REF = "0badc0de00000700"

#: One party of a call, as the features name it (legacy: phrases now use the vocabulary's `{party}`).
PARTY = r"(?:user [A-Z]|the external party|the desk-sharing set|the voice mail|the hunting group of user [A-Z])"
#: One or more parties: `user B`, `users B and C`, `user B and the external party` (legacy: `{parties}`).
PARTIES = rf"(?:users [A-Z](?:, [A-Z])* and [A-Z]|{PARTY}(?: and {PARTY})?)"
CALL_EVENTS = ("OnCallCreated", "OnCallModified", "OnCallRemoved")


@dataclass(frozen=True)
class Party:
    """Someone a user can be in a call with: a user, the external party, a set, the voice mail, a group."""

    key: str
    label: str
    number: str
    login: str | None = None
    numbers: frozenset[str] = field(default_factory=frozenset)
    service: bool = False

    def is_in(self, info: object) -> bool:
        """Whether a PartyInfo (L6153-6175) names this party."""
        if not isinstance(info, Mapping):
            return False
        ident = info.get("id")
        ident = ident if isinstance(ident, Mapping) else {}
        if self.login is not None and ident.get("loginName") == self.login:
            return True
        if str(ident.get("phoneNumber")) in self.numbers:
            return True
        kind = info.get("type")
        return self.service and isinstance(kind, Mapping) and kind.get("main") == "SERVICE"

    def in_call(self, call: Mapping[str, Any]) -> bool:
        """Whether a Call or a call event lists this party among its participants."""
        return any(self.is_in(p.get("identity")) for p in call.get("participants") or [] if isinstance(p, Mapping))


def desk_sharing_set(o2g: World) -> str:
    """The target's first desk-sharing set (topology, or `deskSharingSets` in the target profile)."""
    if not o2g.target.desk_sharing_sets:
        precondition("the target declares no desk-sharing set (deskSharingSets in the target profile)")
    return o2g.target.desk_sharing_sets[0]


def user_party(o2g: World, role: str) -> Party:
    account = o2g.account(role)
    numbers = {d.number for d in account.devices}
    if account.company_phone:
        numbers.add(account.company_phone)
    return Party(role, f"user {role}", account.number, account.login, frozenset(numbers))


def party(o2g: World, ref: PartyRef | str) -> Party:
    """The party a `{party}` word names (its text is read as the vocabulary reads it: `user B`...)."""
    ref = PartyRef.parse(ref) if isinstance(ref, str) else ref
    if ref.kind == "external":
        return Party("external", ref.text, EXTERNAL_NUMBER, numbers=frozenset({EXTERNAL_NUMBER}))
    if ref.kind == "desk-sharing set":
        number = desk_sharing_set(o2g)
        return Party("dss", ref.text, number, numbers=frozenset({number}))
    if ref.kind == "voice mail":
        return Party("voicemail", ref.text, "VOICEMAIL", service=True)
    assert ref.role is not None, ref
    if ref.kind == "hunting group":
        number = hunting_group_of(o2g, ref.role)
        return Party(f"hg:{number}", ref.text, number, numbers=frozenset({number}))
    return user_party(o2g, ref.role)


def parties(o2g: World, refs: Parties | str) -> list[Party]:
    """The parties a `{parties}` word names (`users B and C`, `user B and the external party`), in order."""
    return [party(o2g, ref) for ref in (Parties(refs) if isinstance(refs, str) else refs)]


def named(others: Sequence[Party]) -> str:
    """The parties as a message names them: `user B and the external party`."""
    return " and ".join(p.label for p in others)


def hunting_group_of(o2g: World, role: str) -> str:
    """The current hunting group of a user, as GET /telephony/huntingGroups tells it (L5265-5270)."""
    response = o2g.aside(role, "telephony.huntinggroups.list")
    current = response.json.get("currentHg") if response.status == 200 and isinstance(response.json, dict) else None
    if not current and response.status == 200:
        unmet(f"user {role} is in no hunting group")
    if not current:
        raise AssertionError(f"user {role} is in no hunting group: {response.status} {response.text[:200]}")
    return str(current)


def device_of(o2g: World, role: str, which: int | str = "first") -> str:
    """A device number of a user: its first (main) set, or its second one (`first`/`second`, or an `{nth}`)."""
    devices = o2g.account(role).devices
    index = which if isinstance(which, int) else {"first": 0, "second": 1}[which]
    if len(devices) <= index:
        word = ("first", "second")[index] if index < 2 else f"#{index + 1}"
        unmet(f"user {role} has no {word} device in the topology or target profile")
    return devices[index].number


# -- requests ---------------------------------------------------------------------------------------------


def require(response: ApiResponse, what: str) -> ApiResponse:
    """A Given step's request must succeed: otherwise the scenario cannot be set up."""
    if not response.ok:
        raise AssertionError(f"could not {what}: {response.op_id} answered {response.status} {response.text[:300]}")
    return response


def ref_from_location(response: ApiResponse) -> str | None:
    location = response.headers.get("location") or response.headers.get("Location")
    return location.rstrip("/").rsplit("/", 1)[-1] if location else None


# -- what a scenario keeps ----------------------------------------------------------------------------------------


def _key(others: Sequence[Party]) -> str:
    return "+".join(sorted(p.key for p in others))


@dataclass
class CallRefs:
    """The call references a scenario learned: by the user who sees the call and the parties in it.

    A reference comes from an answer (the Location of a new call), an event or a snapshot; it is forgotten
    when the call is removed or replaced by another callRef (previousCallRef).
    """

    #: (viewer's role, the parties' keys joined) -> callRef
    by_parties: dict[tuple[str, str], str] = field(default_factory=dict)

    def remember(self, viewer: str, others: Sequence[Party], ref: str) -> None:
        self.by_parties[(viewer, _key(others))] = ref

    def known(self, viewer: str, others: Sequence[Party]) -> str | None:
        """The reference remembered for `viewer`'s call with `others`, if any."""
        return self.by_parties.get((viewer, _key(others)))

    def forget(self, viewer: str, ref: str) -> None:
        """The call no longer exists for the user (removed, or replaced by another callRef)."""
        for key in [k for k, v in self.by_parties.items() if k[0] == viewer and v == ref]:
            del self.by_parties[key]


@dataclass
class TelephonyNotes:
    """What the call-control steps of one scenario keep between steps."""

    refs: CallRefs = field(default_factory=CallRefs)
    #: The roles subscribed to their telephony events (`listen`), in order.
    listeners: list[str] = field(default_factory=list)
    #: The last call event a step took, by the loginName it was sent to.
    last_events: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The changes `on_teardown` restores at the end of the scenario.
    restoring: set[str] = field(default_factory=set)


def notes_of(o2g: World) -> TelephonyNotes:
    """The scenario's telephony notes (`o2g.notes`): helpers that only get the world reach them too."""
    return o2g.notes(TelephonyNotes)


@pytest.fixture
def call_refs(o2g: World) -> CallRefs:
    """The scenario's call references (the same ones `remember`, `known_ref`, `forget` and `ref_of` use)."""
    return notes_of(o2g).refs


def remember(o2g: World, viewer: str, others: Sequence[Party], ref: str) -> None:
    notes_of(o2g).refs.remember(viewer, others, ref)


def known_ref(o2g: World, viewer: str, others: Sequence[Party]) -> str | None:
    """The reference remembered for `viewer`'s call with `others`, if any."""
    return notes_of(o2g).refs.known(viewer, others)


def forget(o2g: World, viewer: str, ref: str) -> None:
    """The call no longer exists for the user (removed, or replaced by another callRef)."""
    notes_of(o2g).refs.forget(viewer, ref)


def last_call_event(o2g: World, role: str) -> dict[str, Any]:
    """The last call event (OnCallCreated/Modified/Removed) of the user that a step took (and checked)."""
    event = notes_of(o2g).last_events.get(o2g.account(role).login)
    if event is None:
        raise AssertionError(f"no call event of user {role} was taken by a step yet")
    return event


# -- calls ---------------------------------------------------------------------------------------------------------


def calls_of(o2g: World, role: str) -> list[dict[str, Any]]:
    """The calls of a user now (GET /telephony/calls), without recording it as the scenario's answer."""
    response = o2g.aside(role, "telephony.calls.list")
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(f"cannot list the calls of user {role}: {response.status} {response.text[:200]}")
    calls = response.json.get("calls") or []
    return [c for c in calls if isinstance(c, dict)]


def find_call(o2g: World, viewer: str, others: Sequence[Party]) -> dict[str, Any] | None:
    """The call of `viewer` whose participants include all of `others` (the latest one), or None."""
    found = [c for c in calls_of(o2g, viewer) if all(p.in_call(c) for p in others)]
    if found:
        remember(o2g, viewer, others, str(found[-1]["callRef"]))
        return found[-1]
    return None


def ref_of(o2g: World, viewer: str, others: Sequence[Party]) -> str:
    """The reference of `viewer`'s call with `others`: remembered from an answer or event, else looked up."""
    known = known_ref(o2g, viewer, others)
    if known is not None:
        return known
    call = find_call(o2g, viewer, others)
    if call is None:
        raise AssertionError(f"user {viewer} has no call with {named(others)}")
    return str(call["callRef"])


def leg_device(o2g: World, viewer: str, ref: str) -> str:
    """The device of the user's leg in a call (the leg id, L5283-5287); its first device when none is found."""
    response = o2g.aside(viewer, "telephony.calls.devicelegs.list", path={"callRef": ref})
    legs = response.json.get("legs") if response.status == 200 and isinstance(response.json, dict) else None
    if legs:
        return str(legs[0]["deviceId"])
    return device_of(o2g, viewer)


def on_leg(o2g: World, via: Sender, role: str, others: Sequence[Party], op_id: str) -> ApiResponse:
    """An action on the user's leg in its call with `others` (answer, hold...): path callRef, body deviceId."""
    ref = ref_of(o2g, role, others)
    return via(role, op_id, path={"callRef": ref}, json={"deviceId": leg_device(o2g, role, ref)})


def answer_by(o2g: World, who: Party, caller: Party) -> ApiResponse | None:
    """The called party answers: a user through the API (its answer), the external party at its end (None).

    Only the external party needs the emulator's control API (the control-tag audit reads it as conditional).
    """
    if who.login is None:
        o2g.control.post(f"/telephony/external/{who.number}/answer", {})
        return None
    return on_leg(o2g, o2g.aside, who.key, [caller], "telephony.calls.answer")


# -- events ----------------------------------------------------------------------------------------------------


def listeners(o2g: World) -> list[str]:
    """The roles listening to their telephony events in this scenario (the list itself: callers add to it)."""
    return notes_of(o2g).listeners


def log_of(o2g: World, role: str) -> EventLog:
    return o2g.events(role)


def leg_state(event: Mapping[str, Any], device: str | None = None) -> str | None:
    """The user's state in a call as an event or a Call reports it: its leg, else CallData.state (L4979)."""
    for key in ("modifiedLegs", "addedLegs", "legs"):
        for leg in event.get(key) or []:
            if isinstance(leg, Mapping) and (device is None or leg.get("deviceId") == device):
                return str(leg.get("state"))
    data = event.get("callData")
    state = data.get("state") if isinstance(data, Mapping) else None
    return str(state) if state is not None else None


def checked(o2g: World, viewer: str, event: dict[str, Any]) -> dict[str, Any]:
    """An event a step took: its documented fields are checked, and what it tells of the calls is kept."""
    check_event(event, target_version(o2g))
    if event.get("eventName") in CALL_EVENTS:
        notes_of(o2g).last_events[str(event.get("loginName"))] = event
    if event.get("eventName") == "OnCallRemoved":
        forget(o2g, viewer, str(event.get("callRef")))
    elif event.get("previousCallRef"):
        forget(o2g, viewer, str(event["previousCallRef"]))
    return event


def follow(o2g: World, viewer: str, ref: str, until: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
    """Take the user's events of call `ref` in order until one satisfies `until`.

    The events on the way (the call progressing through intermediate states) are taken too; each is
    checked against its documented fields. An OnCallRemoved that does not satisfy `until` fails at once.
    """
    log = log_of(o2g, viewer)
    login = o2g.account(viewer).login

    def of_call(e: dict[str, Any]) -> bool:
        return (
            e.get("eventName") in CALL_EVENTS
            and e.get("loginName") == login
            and ref in (e.get("callRef"), e.get("previousCallRef"))
        )

    while True:
        try:
            event = log.wait_for(None, where=of_call, timeout=o2g.settings.event_timeout)
        except EventTimeout as exc:
            raise NonConformance(
                f"user {viewer} is told of {what} on call {ref}",
                documented=what,
                received=f"no further event of call {ref} within {o2g.settings.event_timeout:g} s",
                problems=[log.describe()],
            ) from exc
        if until(event):
            return checked(o2g, viewer, event)
        checked(o2g, viewer, event)
        if event.get("eventName") == "OnCallRemoved":
            raise NonConformance(
                f"user {viewer} is told of {what}", documented=what, received=event, problems=[log.describe()]
            )


def settle(o2g: World) -> None:
    """After a Given step: every listening user has received what it caused, and its events are taken.

    Each user asks for a snapshot (POST /telephony/state/snapshot, L4557-4593): its OnTelephonyState
    comes after every event sent before it, so the events received until then are the step's; they are
    checked and taken, and the calls of the snapshot are remembered.
    """
    for role in listeners(o2g):
        log = log_of(o2g, role)
        login = o2g.account(role).login
        require(o2g.aside(role, "telephony.state.snapshot"), f"ask a snapshot for user {role}")
        snapshot = log.wait_for("OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout)
        for event in taken_before(log, snapshot):
            checked(o2g, role, event)
        checked(o2g, role, snapshot)
        for call in (snapshot.get("state") or {}).get("calls") or []:
            _remember_call(o2g, role, call)


def await_call(o2g: World, role: str, others: Sequence[Party]) -> None:
    """Before a Given step acts on a call offered to a listening user: its OnCallCreated has arrived.

    On a real PBX the call reaches the callee a moment after the caller's request was answered.
    """
    if role not in listeners(o2g):
        return
    login = o2g.account(role).login

    def offered(e: dict[str, Any]) -> bool:
        return (
            e.get("eventName") == "OnCallCreated" and e.get("loginName") == login and all(p.in_call(e) for p in others)
        )

    event = log_of(o2g, role).wait_for(None, where=offered, timeout=o2g.settings.event_timeout)
    remember(o2g, role, others, str(checked(o2g, role, event)["callRef"]))


def taken_before(log: EventLog, marker: dict[str, Any]) -> list[dict[str, Any]]:
    """Take every event received before `marker`; returns them in order."""
    order = {id(e): i for i, e in enumerate(log.history)}
    limit = order[id(marker)]
    taken = []
    for event in log.unconsumed():
        if order.get(id(event), limit) < limit:
            taken.append(log.wait_for(None, where=_this(event), timeout=0))
    return taken


def _this(target: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    def match(event: dict[str, Any]) -> bool:
        return event is target

    return match


def _remember_call(o2g: World, viewer: str, call: Mapping[str, Any]) -> None:
    """Remember a call of a snapshot under each known party in it, and under all of them together."""
    ref = str(call["callRef"])
    known = [user_party(o2g, a.role) for a in o2g.target.users if a.role != viewer]
    known += [party(o2g, "the external party"), party(o2g, "the desk-sharing set")]
    found = [p for p in known if p.in_call(call)]
    for p in found:
        remember(o2g, viewer, [p], ref)
    if len(found) > 1:
        remember(o2g, viewer, found, ref)


# -- cleanup ---------------------------------------------------------------------------------------------------


def on_teardown(o2g: World, request: pytest.FixtureRequest, key: str, undo: Callable[[], None]) -> None:
    """Restore what a scenario changed on the target (once per key), before its sessions are closed.

    The event channels are stopped first: what restoring causes is not part of the scenario. A target
    with the emulator's control API is reset before every scenario, so nothing is restored there.
    """
    if o2g.target.control is not None:
        return
    done = notes_of(o2g).restoring
    if key in done:
        return
    done.add(key)

    def run() -> None:
        for collector in o2g.collectors.values():
            collector.consumer.stop()
        undo()

    request.addfinalizer(run)


# -- steps -------------------------------------------------------------------------------------------------------


@given("{users} listens? to telephony events")
def listen(o2g: World, users: Roles) -> None:
    """Subscribe each user to its own telephony events and open its chunk channel (L2086-2087)."""
    for role in users:
        o2g.collect(role, [{"names": ["telephony"]}], wait=o2g.settings.event_timeout)
        if role not in listeners(o2g):
            listeners(o2g).append(role)
