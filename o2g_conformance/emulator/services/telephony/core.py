"""The telephony state: calls, devices, per-user views, and the one path from a state change to its events.

Operations change the model, then call `publish(call, ...)`: it renders the call for every user
involved, compares with what each user was last told, and emits OnCallCreated / OnCallModified /
OnCallRemoved (with the previousCallRef replacement rule, L5646-5862) and OnUserStateModified. At the
end of every operation `settle()` re-renders everything, so a user is never left with a stale view.

Every call also keeps a history (`observe`: who joined, talked and left when; reroutes; deposits). When a
call is over (`drop_call`, or merged into another by `absorb`) its `CallReport` goes to the services
installed in `hooks` (communication log, voice mail), after the operation's events (`defer`).

Layout of the service: this core and the call progression (progress.py) are shared; each family of
operations (calls.py, transfer.py, devices.py, phone.py, hunting.py, messages.py) derives from them alone,
and models.py combines the families into `TelephonyState`. The data the core holds is in entities.py; the
handlers (handlers_*.py) register through registration.py; the control routes are in control.py.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...core.registry import Backend
from ...core.topology import User
from . import errors, events, views
from .entities import (
    Call,
    CallbackRequest,
    Connection,
    DeviceRecord,
    Endpoint,
    ExternalParty,
    HuntingGroup,
    MediaState,
    MiniMessage,
    OperationalState,
    Presence,
    Role,
    presence_key,
)
from .events import Emitter
from .hooks import CallReport, Hooks, party_report
from .snapshot import Operation, Snapshot

_VALID_NUMBER = re.compile(r"\+?[0-9*#]{1,49}")
EXTERNAL_NUMBER = re.compile(r"\+\d{3,30}|0\d{2,30}")


@dataclass(frozen=True)
class Actor:
    """Who invokes an operation: a user (login) or an administrator (login None unless loginName was given)."""

    login: str | None
    admin: bool


class TelephonyCore:
    """State and shared mechanics of the telephony service; the operations live in the families (models.py)."""

    def control_summary(self) -> dict[str, Any]:
        """What the control API's state view shows of telephony (the leak check reads `calls`)."""
        return {"calls": sorted(self.calls)}

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.emitter = Emitter(backend.bus, backend.modifiers)
        self.calls: dict[str, Call] = {}
        self.devices: dict[str, DeviceRecord] = {}
        for user in backend.topology.users():
            for dev in user.devices:
                self.devices[dev.number] = DeviceRecord(dev.number, dev.type, user.login)
        # The topology's nodes declare their desk-sharing sets, hunting groups and CCD pilots (core/topology.py).
        for number in (n for node in backend.topology.nodes for n in node.deskSharingSets):
            self.devices.setdefault(number, DeviceRecord(number, "ALE", None, desk_sharing=True))
        self.externals: dict[str, ExternalParty] = {}
        self.user_states: dict[str, str] = {login: "FREE" for login in backend.logins()}
        self._position = {login: i for i, login in enumerate(self.user_states)}  # order of `user_states`
        self._not_free: set[str] = set()  # users whose recorded state is not FREE (only refresh_users writes it)
        self.views: dict[tuple[str, str], dict[str, Any]] = {}
        logins = set(backend.logins())
        node = backend.topology.nodes[0].id
        self.node = node
        self.hunting_groups = {
            g.number: HuntingGroup(g.number, node, [m for m in g.members if m in logins])
            for g in backend.topology.nodes[0].huntingGroups
        }
        #: CCD pilots known to POST /telephony/pilots/{nodeId}/{pilotNumber}/transferInfo.
        self.pilots = tuple(p.number for p in backend.topology.nodes[0].callCenter.pilots)
        self.hunting_logon: dict[str, bool] = {login: True for login in logins}
        self.callbacks: dict[str, list[CallbackRequest]] = {}
        self.messages: dict[str, list[MiniMessage]] = {}
        self.desk_sharing: dict[str, str] = {}  # login -> desk-sharing set
        self._seq = itertools.count(1)
        self.hooks = Hooks()  # routing, communication log, voice mail and counters plug in here
        self._deferred: list[Callable[[], None]] = []
        self._snapshot: Snapshot | None = None  # lookups indexed while `settle` renders (nothing moves then)
        self._owners: tuple[tuple[int, int], dict[str | None, list[DeviceRecord]]] | None = None

    # -- identifiers ------------------------------------------------------------------------------
    def new_ref(self) -> str:
        n = next(self._seq)
        return f"{0x2DB0A000 + n:08x}{self.backend.generation % 0x10000:04x}{self.node % 0x100:02x}00"

    def new_participant_id(self) -> str:
        return f"{0x3E80 + next(self._seq):x}"

    # -- lookups ----------------------------------------------------------------------------------
    def user(self, login: str) -> User:
        user = self.backend.user(login)
        if user is None:
            raise errors.bad_value(f"unknown user {login!r}")
        return user

    def device(self, number: str) -> DeviceRecord | None:
        return self.devices.get(number)

    def devices_of(self, login: str) -> list[DeviceRecord]:
        """The user's devices, in `devices` order, from an index rebuilt when a device is added or changes owner."""
        token = (len(self.devices), DeviceRecord.owner_changes)
        if self._owners is None or self._owners[0] != token:
            index: dict[str | None, list[DeviceRecord]] = {}
            for dev in self.devices.values():
                index.setdefault(dev.owner, []).append(dev)
            self._owners = (token, index)
        return list(self._owners[1].get(login, ()))

    def device_for(self, actor: Actor, number: str | None) -> DeviceRecord:
        """The device an operation names; a user session may only name its own (UNAUTHORIZED, L539)."""
        if not number:
            raise errors.bad_value("deviceId is mandatory", "INVALID_DEVICE")
        dev = self.devices.get(number)
        if dev is None:
            if actor.admin or not _VALID_NUMBER.fullmatch(number):
                raise errors.invalid_device(number)
            raise errors.unauthorized(f"device {number} is not a device of {actor.login}")
        if actor.login is not None and dev.owner != actor.login:
            raise errors.unauthorized(f"device {number} is not a device of {actor.login}")
        return dev

    def owner_of(self, actor: Actor, dev: DeviceRecord) -> str | None:
        return actor.login if actor.login is not None else dev.owner

    def device_conns(self, number: str) -> list[tuple[Call, Connection]]:
        if self._snapshot is not None:
            return list(self._snapshot.conns.get(number, ()))
        return [(c, conn) for c in self.calls.values() for conn in c.connections if conn.device == number]

    def user_calls(self, login: str) -> list[Call]:
        if self._snapshot is not None:
            return list(self._snapshot.calls.get(login, ()))
        return [c for c in self.calls.values() if c.of(login)]

    def parked_on(self, number: str) -> bool:
        """A call waits parked on device `number`."""
        if self._snapshot is not None:
            return number in self._snapshot.parked
        return any(c.parked_at == number for c in self.calls.values())

    def call_for(self, actor: Actor, ref: str) -> Call:
        """The call `ref` as the acting user sees it (an administrator without loginName sees every call)."""
        call = self.calls.get(ref)
        if call is None or (actor.login is not None and not call.of(actor.login)):
            raise errors.call_not_found(ref)
        return call

    def leg_of(self, call: Call, login: str | None, device: str | None = None) -> Connection:
        """The acting user's connection in `call`, on `device` when given."""
        for conn in call.connections:
            if device is not None and conn.device != device:
                continue
            if login is not None and conn.owner != login:
                continue
            if conn.endpoint.kind == "device":
                return conn
        raise errors.leg_not_found(call.ref, device)

    def named_leg(self, actor: Actor, ref: str, device_id: str | None) -> tuple[Call, Connection]:
        """The call and the leg of the named device (deviceId in the body or path)."""
        dev = self.device_for(actor, device_id)
        if dev.state != OperationalState.IN_SERVICE:
            raise errors.out_of_service(dev.number)  # the service is rejected (L2425)
        owner = self.owner_of(actor, dev)
        call = self.call_for(Actor(owner, actor.admin), ref)
        return call, self.leg_of(call, owner, dev.number)

    def named_party(self, actor: Actor, ref: str, device_id: str | None) -> tuple[Call, Connection | None]:
        """The call, for operations where deviceId is optional (attachdata, sendaccountinfo)."""
        if device_id:
            return self.named_leg(actor, ref, device_id)
        call = self.call_for(actor, ref)
        return call, (self.leg_of(call, actor.login) if actor.login else None)

    def line_available(self, number: str) -> bool:
        """A set can place or take one more call: its only other call is in conversation or on hold."""
        conns = [x for _, x in self.device_conns(number)]
        return len(conns) < 2 and all(x.state in (MediaState.ACTIVE, MediaState.HELD) for x in conns)

    def has_voicemail(self, login: str | None) -> bool:
        user = self.backend.user(login) if login else None
        return bool(user and user.voicemail and user.voicemailNumber)

    def voicemail_numbers(self) -> dict[str, str]:
        return {u.voicemailNumber: u.login for u in self.backend.topology.users() if u.voicemailNumber}

    def external(self, number: str) -> ExternalParty:
        return self.externals.setdefault(number, ExternalParty(number))

    def hunting_groups_of(self, login: str) -> list[HuntingGroup]:
        return [g for g in self.hunting_groups.values() if login in g.members]

    def add_callback(self, callee: str, requester: str, number: str) -> None:
        """File a call-back request in the callee's incoming list (once per requester)."""
        pending = self.callbacks.setdefault(callee, [])
        if not any(cb.requester == requester for cb in pending):
            pending.append(CallbackRequest(f"{next(self._seq):06d}", requester, number))
            self.callbacks_changed(callee)

    def callbacks_changed(self, login: str) -> None:
        """Tell the callback listeners (event counters) that `login`'s incoming call-back requests changed."""
        for listener in list(self.hooks.callback_listeners):
            self.defer(functools.partial(listener, login))

    # -- numbering plan ---------------------------------------------------------------------------
    def resolve(self, number: str, *, caller: str | None = None) -> Endpoint:
        """What dialling `number` reaches: a device, the voice mail, a hunting group member, a number another
        service owns (`hooks.numbers`: a CCD pilot), a trunk."""
        number = number.strip()
        if not _VALID_NUMBER.fullmatch(number):
            raise errors.invalid_destination(number, unassigned=False)
        dev = self.devices.get(number)
        if dev is not None:
            return Endpoint("device", number, dev.owner)
        mailboxes = self.voicemail_numbers()
        if number in mailboxes:
            return Endpoint("service", number, caller if self.has_voicemail(caller) else mailboxes[number])
        group = self.hunting_groups.get(number)
        if group is not None:
            return self._hunt(group)
        for resolver in self.hooks.numbers:
            owned = resolver(number, caller)
            if owned is not None:
                return owned
        if EXTERNAL_NUMBER.fullmatch(number):
            return Endpoint("external", number)
        raise errors.invalid_destination(number, unassigned=True)

    def _hunt(self, group: HuntingGroup) -> Endpoint:
        """A call to a hunting group rings its first logged-on member with a free set."""
        candidates = [m for m in group.members if self.hunting_logon.get(m, False)]
        for login in candidates:
            for dev in self.devices_of(login):
                if not self.device_conns(dev.number):
                    return Endpoint("device", dev.number, login)
        if not candidates:
            raise errors.busy(f"hunting group {group.number} has no logged-on member")
        first = self.devices_of(candidates[0])[0]
        return Endpoint("device", first.number, first.owner)

    # -- state of users ---------------------------------------------------------------------------
    def user_state(self, login: str) -> str:
        """BUSY while the user has a connection in any call (ringing included), else FREE."""
        return "BUSY" if self.user_calls(login) else "FREE"

    def refresh_users(self, logins: list[str] | None = None) -> None:
        """Tell users whose state changed (all known users, in `user_states` order, when none are named)."""
        for login in logins if logins is not None else self._may_have_changed():
            state = self.user_state(login)
            if self.user_states.get(login, "FREE") != state:
                if login not in self.user_states:
                    self._position[login] = len(self._position)
                self.user_states[login] = state
                (self._not_free.discard if state == "FREE" else self._not_free.add)(login)
                self.emitter.emit(login, events.on_user_state_modified(login, state))

    def _may_have_changed(self) -> list[str]:
        """The known users whose state can differ from the recorded one: those in a call now and those
        recorded as not free (a user in no call and recorded FREE has not changed), in `user_states` order."""
        if self._snapshot is not None:
            in_calls = set(self._snapshot.calls)
        else:
            in_calls = {x for c in self.calls.values() for x in c.logins()}
        maybe = self._not_free.union(x for x in in_calls if x is not None and x in self.user_states)
        return sorted(maybe, key=self._position.__getitem__)

    # -- events -----------------------------------------------------------------------------------
    def operation(self) -> Operation:
        """One operation: its events are published together, after every view has been settled.

        What other services derive from the operation (hooks) runs after these events are published.
        """
        return Operation(self)

    def defer(self, action: Callable[[], None]) -> None:
        """Run `action` once the current operation's events are out (at once outside an operation)."""
        self._deferred.append(action)
        if not self.emitter.active:
            self._run_deferred()

    def _run_deferred(self) -> None:
        while self._deferred:
            self._deferred.pop(0)()

    def publish(
        self,
        call: Call,
        *,
        cause: str | None = None,
        causes: dict[str, str] | None = None,
        previous: str | None = None,
        first: str | None = None,
        new_destination: str | None = None,
    ) -> None:
        """Tell every user concerned by `call` what changed since they were last told.

        `previous`: the callRef that `call` replaces; users who had it and are in `call` get an
        OnCallModified with previousCallRef and no OnCallRemoved, the others an OnCallRemoved of it.
        """
        alive = self.calls.get(call.ref) is call
        if alive:
            self.observe(call)
        now = call.logins() if alive else []
        if self._snapshot is not None and previous is None:  # settling: each call's views change only here
            had, had_previous = list(self._snapshot.viewers.get(call.ref, ())), []
        else:
            had = [login for (login, ref) in self.views if ref == call.ref]
            had_previous = [login for (login, ref) in self.views if previous and ref == previous]
        order = list(dict.fromkeys([x for x in (first, *had, *had_previous, *now) if x]))
        origin = next((c for c in call.connections if c.origin), None)
        for login in order:
            this_cause = (causes or {}).get(login, cause)
            caps = views.device_capabilities(self, login)
            new = views.render_call(self, call, login) if login in now else None
            old = self.views.pop((login, call.ref), None)
            old_previous = self.views.pop((login, previous), None) if previous else None
            if new is None:
                for ref, seen in ((call.ref, old), (previous, old_previous)):
                    if seen is not None and ref:
                        self.emitter.emit(
                            login,
                            events.on_call_removed(login, ref, caps, cause=this_cause, new_destination=new_destination),
                        )
                continue
            base = old if old is not None else old_previous
            if base is None:
                who = origin.id if origin is not None and origin.owner != login else None
                self.emitter.emit(login, events.on_call_created(login, new, caps, cause=this_cause, initiator=who))
            elif old_previous is not None or base != new:
                self.emitter.emit(
                    login,
                    events.on_call_modified(
                        login, new, base, caps, cause=this_cause, previous=previous if old_previous else None
                    ),
                )
            self.views[(login, call.ref)] = new
        self.refresh_users(order)

    def settle(self) -> None:
        """Bring every user's view up to date (capabilities of their other calls change too).

        Rendering moves no call, connection or device, so the lookups it makes (a device's connections, a
        user's calls and devices) are indexed once for the whole settling instead of scanning every call.
        """
        self._snapshot = Snapshot(self.calls.values(), self.views)
        try:
            self._settle()
        finally:
            self._snapshot = None

    def _settle(self) -> None:
        for call in list(self.calls.values()):
            self.publish(call)
        for call in self.calls.values():  # an answer is news for one operation only (Participant.state)
            for conn in call.connections:
                conn.answered_now = False
        for login, ref in list(self.views):
            if ref not in self.calls:
                self.emitter.emit(
                    login,
                    events.on_call_removed(
                        login, ref, views.device_capabilities(self, login), cause=None, new_destination=None
                    ),
                )
                del self.views[(login, ref)]
        self.refresh_users()

    # -- connections ------------------------------------------------------------------------------
    def new_call(self, *, initial_called: Endpoint | None = None) -> Call:
        call = Call(self.new_ref(), self.backend.clock.now(), initial_called=initial_called)
        self.calls[call.ref] = call
        return call

    def attach(
        self,
        call: Call,
        endpoint: Endpoint,
        state: MediaState,
        *,
        origin: bool = False,
        prering: bool = False,
        conn_id: str | None = None,
    ) -> Connection:
        conn = Connection(conn_id or self.new_participant_id(), endpoint, origin=origin, prering=prering)
        conn.move(state)
        call.connections.append(conn)
        self.observe(call)
        return conn

    def detach(self, call: Call, conn: Connection) -> None:
        """The connection leaves the call (RELEASING -> IDLE); the call itself may live on."""
        conn.cancel_timers()
        if conn.state != MediaState.RELEASING:
            conn.move(MediaState.RELEASING)
        conn.move(MediaState.IDLE)
        call.connections.remove(conn)
        self.observe(call)
        if conn.device:
            self._idle_device(conn.device)

    def drop_call(self, call: Call) -> None:
        """Forget a call whose parties have all left; its report goes to the call listeners."""
        for conn in list(call.connections):
            self.detach(call, conn)
        if self.calls.pop(call.ref, None) is call:
            self.report(call, final=True)

    # -- history of a call (communication log, voice mail deposits) -------------------------------
    def observe(self, call: Call) -> None:
        """Bring the call's history up to date: who joined, who talks, who left, at the current instant."""
        now = self.backend.clock.now()
        history = call.history
        present: set[str] = set()
        for conn in call.connections:
            key = presence_key(conn.endpoint)
            present.add(key)
            p = history.presences.get(key)
            if p is None:
                role: Role = "CALLER" if conn.origin else "CALLEE"
                p = history.presences[key] = Presence(conn.endpoint, role, now, anonymous=conn.anonymous)
            p.end = None
            p.deposit = p.deposit or conn.deposit
            if p.conv is None and conn.state in (MediaState.ACTIVE, MediaState.HELD):
                p.conv = now
        for key, p in history.presences.items():
            if key not in present and p.end is None:
                p.end = now

    def absorb(self, survivor: Call, merged: Call) -> None:
        """`merged` becomes part of `survivor` (transfer, conference): one history, the survivor's callRef.

        A party keeps the begin and conversation dates of its first segment (L7794-7795).
        """
        self.observe(merged)
        history = survivor.history
        for key, p in merged.history.presences.items():
            mine = history.presences.get(key)
            if mine is None:
                history.presences[key] = p
                continue
            mine.begin = min(mine.begin, p.begin)
            convs = [c for c in (mine.conv, p.conv) if c is not None]
            mine.conv = min(convs) if convs else None
            if mine.end is not None and p.end is not None:
                mine.end = max(mine.end, p.end)
        history.reroutes = merged.history.reroutes + history.reroutes
        history.transferred_by = history.transferred_by or merged.history.transferred_by
        self.calls.pop(merged.ref, None)
        self.observe(survivor)

    def report(self, call: Call, *, final: bool) -> None:
        """Hand the call's history to the call listeners, after the operation's events."""
        self.observe(call)
        if not final:
            if call.history.reported:
                return
            call.history.reported = True
        history = call.history
        report = CallReport(
            ref=call.ref,
            final=final,
            at=self.backend.clock.now(),
            parties=tuple(party_report(k, p) for k, p in history.presences.items()),
            reroutes=tuple(history.reroutes),
            initial_called=call.initial_called,
            destination=history.destination,
            failure=call.failure,
            associated_data=call.associated_data,
            transferred_by=history.transferred_by,
        )
        for listener in list(self.hooks.call_listeners):
            self.defer(functools.partial(listener, report))

    def _idle_device(self, number: str) -> None:
        dev = self.devices.get(number)
        if dev is not None and not self.device_conns(number):
            dev.micro_muted = False  # the microphone is active again once the set is idle (L3898)
