"""What people do outside the API: external parties calling in, answering, hanging up; sets going off-hook.

These are the emulator-only powers behind the control routes (services/telephony/control.py). The family
uses two operations of its siblings (placing a call, putting a set out of service): it declares them below
for the type checker, and the combined `TelephonyState` (models.py) provides them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors
from .calls import MakeCall
from .core import EXTERNAL_NUMBER, Actor
from .entities import Behaviour, Call, Connection, DeviceRecord, Endpoint, MediaState, OperationalState
from .progress import CallProgress

M = MediaState
#: Which connection a person hangs up first when a set has several calls.
_HANGUP_ORDER = [M.ACTIVE, M.DIALING, M.RINGING_OUTGOING, M.RELEASING, M.RINGING_INCOMING, M.HELD]


class PhoneFamily(CallProgress):
    """Control-plane actions on the simulated PBX."""

    if TYPE_CHECKING:  # provided by the sibling families (calls.py, devices.py) in `TelephonyState`

        def make_call(self, actor: Actor, req: MakeCall) -> tuple[Call, DeviceRecord]: ...

        def set_operational_state(
            self, number: str, state: OperationalState, cause: str | None = None
        ) -> DeviceRecord: ...

    def external_call_in(self, caller: str, to: str, name: str | None = None) -> tuple[Call | None, str | None]:
        """An external party dials a number of the PBX; returns the call, or None and the failure cause."""
        if not EXTERNAL_NUMBER.fullmatch(caller):
            raise errors.bad_value(f"{caller!r} is not an external number (0... or +...)", "INVALID_CALLING")
        party = self.external(caller)
        if name is not None:
            party.name = name
        callee = self.resolve(to)
        if callee.kind == "external":
            raise errors.bad_value("an external party calls a number of the PBX, not another trunk number")
        call = self.new_call(initial_called=callee)
        conn = self.attach(call, Endpoint("external", caller), M.DIALING, origin=True)
        self.offer(call, callee, [conn])
        if call.failure is not None:
            failure = call.failure
            self.drop_call(call)  # the caller hears the tone and hangs up; no user saw the call
            return None, failure
        return call, None

    def _conn_of(self, number: str, ref: str | None, states: list[MediaState]) -> tuple[Call, Connection]:
        pairs = [
            (c, x)
            for c in self.calls.values()
            for x in c.connections
            if x.endpoint.number == number and x.endpoint.kind != "service" and (ref is None or c.ref == ref)
        ]
        pairs = [p for p in pairs if p[1].state in states]
        if not pairs:
            wanted = "/".join(s.value for s in states)
            raise errors.incompatible(f"{number} has no call{f' {ref}' if ref else ''} in state {wanted}")
        return min(pairs, key=lambda p: states.index(p[1].state))

    def party_answer(self, number: str, ref: str | None = None) -> Call:
        """The person at `number` (a set or an external party) answers its ringing call."""
        call, conn = self._conn_of(number, ref, [M.RINGING_INCOMING])
        if conn.device:
            dev = self.devices[conn.device]
            if dev.state != OperationalState.IN_SERVICE:
                raise errors.out_of_service(dev.number)
        self.answer_connection(call, conn)
        return call

    def party_hangup(self, number: str, ref: str | None = None) -> Call:
        """The person at `number` hangs up (or rejects a ringing call)."""
        call, conn = self._conn_of(number, ref, _HANGUP_ORDER)
        self.leave(call, conn)
        return call

    def dial(self, device: str, to: str) -> Call:
        """A person dials on the set itself (as a make call with autoAnswer)."""
        call, _ = self.make_call(Actor(None, True), MakeCall(device, to, auto_answer=True))
        return call

    def configure(self, number: str, settings: dict[str, Any]) -> dict[str, Any]:
        """Set how a set or an external number behaves when called; a set may go in or out of service."""
        dev = self.devices.get(number)
        if dev is not None:
            behaviour = dev.behaviour
        elif EXTERNAL_NUMBER.fullmatch(number):
            party = self.external(number)
            behaviour = party.behaviour
            if "name" in settings:
                party.name = settings["name"]
        else:
            raise errors.invalid_device(number)
        if "answer" in settings:
            behaviour.answer = settings["answer"]
        if "answerAfter" in settings:
            behaviour.answer_after = settings["answerAfter"]
        if "ringTimeout" in settings:
            behaviour.ring_timeout = settings["ringTimeout"]
        if settings.get("state") is not None:
            if dev is None:
                raise errors.bad_value("only a set of the PBX has an operational state")
            self.set_operational_state(number, OperationalState(settings["state"]), settings.get("cause"))
        return behaviour_view(behaviour)

    def dump(self) -> dict[str, Any]:
        """Everything the emulator holds, for tests and leak checks."""
        return {
            "calls": [
                {
                    "callRef": c.ref,
                    "answered": c.answered,
                    "failure": c.failure,
                    "parkedAt": c.parked_at,
                    "associatedData": c.associated_data,
                    "hexaBinaryAssociatedData": c.hexa_associated_data,
                    "accountInfo": c.account_info,
                    "recordState": c.record.value if c.record else None,
                    "dtmf": list(c.dtmf),
                    "connections": [
                        {
                            "participantId": x.id,
                            "kind": x.endpoint.kind,
                            "number": x.endpoint.number,
                            "login": x.endpoint.login,
                            "state": x.state.value,
                            "ringingRemote": x.ringing_remote,
                        }
                        for x in c.connections
                    ],
                }
                for c in self.calls.values()
            ],
            "devices": [
                {
                    "number": d.number,
                    "owner": d.owner,
                    "deskSharing": d.desk_sharing,
                    "state": d.state.value,
                    "microMuted": d.micro_muted,
                    "interphony": d.interphony,
                    "behaviour": behaviour_view(d.behaviour),
                }
                for d in self.devices.values()
            ],
            "externals": [
                {"number": e.number, "name": e.name, "behaviour": behaviour_view(e.behaviour)}
                for e in self.externals.values()
            ],
            "userStates": dict(self.user_states),
            "huntingGroups": {g.number: list(g.members) for g in self.hunting_groups.values()},
            "huntingLogon": dict(self.hunting_logon),
            "deskSharing": dict(self.desk_sharing),
            "eventsSent": self.emitter.count,
        }


def behaviour_view(b: Behaviour) -> dict[str, Any]:
    return {"answer": b.answer, "answerAfter": b.answer_after, "ringTimeout": b.ring_timeout}
