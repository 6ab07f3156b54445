"""Basic call control: make, answer, hold, retrieve, alternate, release, drop, legs, participants, call data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import errors, views
from .core import Actor
from .entities import Call, DeviceRecord, Endpoint, MediaState, RecordState
from .progress import CallProgress

M = MediaState
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")
_DTMF = re.compile(r"[0-9*#A-Da-d]+")
_DIGITS = re.compile(r"[0-9]+")
MAX_ASSOCIATED_BYTES = 32


def associated_data(plain: str | None, hexa: str | None) -> tuple[str | None, str | None]:
    """Validate associated data: 32 bytes at most, hex form without byte 00, the plain form wins.

    The reference's own examples send byte 00 in the hex form and get 204 (L2747 "f1f200a0b3", L2946
    "f0a4f900b3"), while MakeCallRequest and SendAssociatedDataRequest say byte 00 is not authorized by
    OXE (L5392, L6295): the emulator follows the rule, not the examples. When both forms are given the
    hex one is discarded without being checked (L6291, L6296).
    """
    if plain is not None:
        if len(plain.encode("utf-8")) > MAX_ASSOCIATED_BYTES:
            raise errors.bad_value(f"associatedData is limited to {MAX_ASSOCIATED_BYTES} bytes (L521)")
        return plain, None
    if hexa is not None:
        if not _HEX.fullmatch(hexa):
            raise errors.bad_value("hexaBinaryAssociatedData must be a sequence of hexadecimal bytes, e.g. f3f40201")
        pairs = [hexa[i : i + 2] for i in range(0, len(hexa), 2)]
        if len(pairs) > MAX_ASSOCIATED_BYTES:
            raise errors.bad_value(f"hexaBinaryAssociatedData is limited to {MAX_ASSOCIATED_BYTES} bytes")
        if "00" in pairs:
            raise errors.bad_value("byte 00 is not authorized in hexaBinaryAssociatedData (L5392, L6295)")
        return None, hexa.lower()
    return None, None


@dataclass(frozen=True)
class MakeCall:
    """The parameters of a make call (MakeCallRequest, L5370-5458), already parsed."""

    device_id: str
    callee: str | None
    auto_answer: bool = False
    associated: str | None = None
    hexa: str | None = None
    pin: str | None = None
    secret_code: str | None = None
    business_code: str | None = None
    calling_number: str | None = None
    secret_identity: bool = False
    acd: dict[str, Any] | None = None


class CallsFamily(CallProgress):
    """Operations of /telephony/calls and /telephony/basicCall on a single call."""

    # -- making and answering ---------------------------------------------------------------------
    def make_call(self, actor: Actor, req: MakeCall) -> tuple[Call, DeviceRecord]:
        """Usage profiles *1-*5 of MakeCallRequest (L5407-5433); exclusive parameters are refused."""
        dev = self.device_for(actor, req.device_id)
        login = self.owner_of(actor, dev)
        self._check_profile(req, login)
        if req.acd is not None and req.acd.get("callToSupervisor"):
            raise errors.not_provided("the emulated PBX has no CCD supervisor to call")
        if not req.callee:
            raise errors.bad_value("callee is mandatory", "INVALID_DESTINATION")
        plain, hexa = associated_data(req.associated, req.hexa)
        callee = self.resolve(req.callee, caller=login)
        if callee.kind == "device" and login is not None and callee.login == login:
            raise errors.unauthorized("a user cannot call one of his own devices (L539)")
        conversation = self.check_line(dev)
        self.hold_for_new_call(conversation)
        call = self.new_call(initial_called=callee)
        call.associated_data, call.hexa_associated_data = plain, hexa
        me = Endpoint("device", dev.number, dev.owner)
        if req.auto_answer:
            conn = self.attach(call, me, M.DIALING, origin=True)
        else:
            conn = self.attach(call, me, M.RINGING_INCOMING, origin=True, prering=True)
            call.pending_callee = callee
        conn.anonymous = bool(req.secret_identity and req.calling_number and callee.kind == "external")
        self.publish(call, first=login)
        if req.auto_answer:
            self.offer(call, callee, [conn], first=login)
        else:
            self.arm(call, conn, dev.behaviour)
        return call, dev

    def _check_profile(self, req: MakeCall, login: str | None) -> None:
        data = req.associated is not None or req.hexa is not None
        private = req.pin is not None or req.secret_code is not None
        if private and (req.pin is None or req.secret_code is None):
            raise errors.bad_value("a private call needs both pin and secretCode")
        if data and (private or req.business_code is not None):
            raise errors.bad_value("associated data cannot be combined with pin, secretCode or businessCode")
        if private and req.business_code is not None:
            raise errors.bad_value("businessCode cannot be combined with pin or secretCode")
        if req.acd is not None and private:
            raise errors.bad_value("acdCall cannot be combined with pin or secretCode")
        if private:
            user = self.backend.user(login) if login else None
            if user is None or req.secret_code != user.secretCode:
                raise errors.bad_value("wrong secretCode for a private call")
        if req.business_code is not None and not _DIGITS.fullmatch(req.business_code):
            raise errors.bad_value("businessCode must be digits")

    def answer(self, actor: Actor, ref: str, device_id: str) -> None:
        call, conn = self.named_leg(actor, ref, device_id)
        if conn.state == M.HELD:
            # Answering a held call works like retrieve for a standard user (L3564-3566).
            self.retrieve(actor, ref, device_id)
            return
        if conn.state != M.RINGING_INCOMING:
            raise errors.incompatible(f"leg {conn.device} of call {ref} is {conn.state}, not RINGING_INCOMING")
        self.answer_connection(call, conn)

    def basic_answer(self, actor: Actor, device_id: str) -> None:
        dev = self.device_for(actor, device_id)
        ringing = [(c, x) for c, x in self.device_conns(dev.number) if x.state == M.RINGING_INCOMING]
        if not ringing:
            raise errors.incompatible(f"no incoming call is ringing on device {dev.number}")
        self.answer_connection(*ringing[0])

    # -- hold, retrieve, alternate ----------------------------------------------------------------
    def hold(self, actor: Actor, ref: str, device_id: str) -> None:
        call, conn = self.named_leg(actor, ref, device_id)
        if not views.leg_capabilities(self, call, conn)["hold"]:
            raise errors.incompatible(f"leg {conn.device} of call {ref} is {conn.state}, not ACTIVE")
        conn.move(M.HELD)
        self.publish(call, first=conn.owner)

    def retrieve(self, actor: Actor, ref: str, device_id: str) -> None:
        call, conn = self.named_leg(actor, ref, device_id)
        if conn.state != M.HELD:
            raise errors.incompatible(f"leg {conn.device} of call {ref} is {conn.state}, not HELD")
        busy = [x for c, x in self.device_conns(conn.device or "") if c is not call and x.state != M.HELD]
        if busy:
            raise errors.incompatible(f"device {conn.device} has a call {busy[0].state}: use alternate or reconnect")
        conn.move(M.ACTIVE)
        self.publish(call, first=conn.owner)

    def alternate(self, actor: Actor, ref: str, device_id: str) -> None:
        """`ref` is the held call (L2842); the device's active call goes on hold first."""
        held_call, held = self.named_leg(actor, ref, device_id)
        active = [(c, x) for c, x in self.device_conns(held.device or "") if c is not held_call and x.state == M.ACTIVE]
        if held.state != M.HELD or not active:
            raise errors.incompatible("alternate needs this call HELD and another call ACTIVE on the device")
        self.hold_for_new_call(active[0])
        held.move(M.ACTIVE)
        self.publish(held_call, first=held.owner)

    # -- releasing --------------------------------------------------------------------------------
    def release(self, actor: Actor, ref: str) -> None:
        """DELETE /calls/{callRef}: every party is released (L2797-2832)."""
        call = self.call_for(actor, ref)
        mine = call.of(actor.login) if actor.login else []
        self.end(call, by=mine[0] if mine else None)

    def dropme(self, actor: Actor, ref: str) -> None:
        call = self.call_for(actor, ref)
        self.leave(call, self.leg_of(call, actor.login))

    def basic_dropme(self, actor: Actor) -> None:
        """basicCall/dropme names no call: the user's conversation, else the call in progress (L2581-2611)."""
        assert actor.login is not None
        rank = [M.ACTIVE, M.DIALING, M.RINGING_OUTGOING, M.RELEASING, M.RINGING_INCOMING, M.HELD]
        mine = [(c, x) for c in self.user_calls(actor.login) for x in c.of(actor.login)]
        if not mine:
            raise errors.incompatible(f"{actor.login} has no call to leave")
        call, conn = min(mine, key=lambda pair: rank.index(pair[1].state) if pair[1].state in rank else len(rank))
        self.leave(call, conn)

    # -- participants and legs --------------------------------------------------------------------
    def participants(self, actor: Actor, ref: str) -> list[dict[str, Any]]:
        assert actor.login is not None
        view = views.render_call(self, self.call_for(actor, ref), actor.login)
        return view["participants"] if view else []

    def participant(self, actor: Actor, ref: str, participant_id: str) -> dict[str, Any]:
        found = next((p for p in self.participants(actor, ref) if p["participantId"] == participant_id), None)
        if found is None:
            raise errors.telephony_error(
                "BAD_PARAMETER_VALUE",
                "INVALID_DATA",
                f"no participant {participant_id} in call {ref}",
                rest_type="NOT_FOUND",
            )
        return found

    def drop_participant(self, actor: Actor, ref: str, participant_id: str) -> None:
        """An unknown participant is BAD_PARAMETER_VALUE (L522): the DELETE lists no 404 (L3382-3417)."""
        call = self.call_for(actor, ref)
        me = self.leg_of(call, actor.login)
        target = next((c for c in call.connections if c.id == participant_id and c.owner != actor.login), None)
        if target is None:
            raise errors.bad_value(f"no participant {participant_id} in call {ref}")
        if me.state != M.ACTIVE:
            raise errors.incompatible(f"call {ref} is {me.state}: participants are dropped from an active call")
        self.leave(call, target)

    def legs(self, actor: Actor, ref: str) -> list[dict[str, Any]]:
        assert actor.login is not None
        call = self.call_for(actor, ref)
        return [views.leg(self, call, c) for c in call.of(actor.login)]

    def leg(self, actor: Actor, ref: str, leg_id: str) -> dict[str, Any]:
        found = next((leg for leg in self.legs(actor, ref) if leg["deviceId"] == leg_id), None)
        if found is None:
            raise errors.leg_not_found(ref, leg_id)
        return found

    def switch_device(self, actor: Actor, ref: str, leg_id: str, other_id: str) -> None:
        """Move the leg to another device of the same user (L3095-3130; not his device: UNAUTHORIZED, L539)."""
        call, conn = self.named_leg(actor, ref, leg_id)
        other = self.device_for(Actor(conn.owner, actor.admin), other_id)
        if other.number == conn.device:
            raise errors.bad_value(f"the call is already on device {other_id}")
        if not views.leg_capabilities(self, call, conn)["switchDevice"]:
            if conn.state == M.ACTIVE:
                self.check_line(other)
            raise errors.incompatible(f"leg {conn.device} of call {ref} cannot switch now ({conn.state})")
        self.attach(call, Endpoint("device", other.number, other.owner), M.ACTIVE, conn_id=conn.id)
        call.connections.insert(call.connections.index(conn), call.connections.pop())
        self.detach(call, conn)
        self.publish(call, first=conn.owner)

    # -- data on a call ---------------------------------------------------------------------------
    def attach_data(self, actor: Actor, ref: str, device_id: str | None, plain: str | None, hexa: str | None) -> None:
        call, _ = self.named_party(actor, ref, device_id)
        plain, hexa = associated_data(plain, hexa)
        if plain is None and hexa is None:
            raise errors.bad_value("associatedData or hexaBinaryAssociatedData is mandatory")
        call.associated_data, call.hexa_associated_data = plain, hexa
        self.publish(call)

    def send_dtmf(self, actor: Actor, ref: str, device_id: str, digits: str) -> None:
        call, conn = self.named_leg(actor, ref, device_id)
        if not _DTMF.fullmatch(digits):
            raise errors.bad_value("number must be DTMF codes (0-9, *, #, A-D)")
        if conn.state != M.ACTIVE:
            raise errors.incompatible(f"leg {conn.device} of call {ref} is {conn.state}, not ACTIVE")
        call.dtmf.append(digits)

    def send_account_info(self, actor: Actor, ref: str, device_id: str | None, info: str) -> None:
        """The transaction code must be digits only (L3629)."""
        call, _ = self.named_party(actor, ref, device_id)
        if not _DIGITS.fullmatch(info):
            raise errors.bad_value("accountInfo must be digits only (transaction code accepted by OXE, L3629)")
        call.account_info = info
        self.publish(call)

    def recording(self, actor: Actor, ref: str, action: str | None) -> None:
        """action start|stop|pause|resume (L3467-3513); no active leg: LEG_NOT_FOUND, no voice mail: L532."""
        targets = {"start": RecordState.RECORDING, "pause": RecordState.PAUSED, "resume": RecordState.RECORDING}
        if action not in ("start", "stop", "pause", "resume"):
            raise errors.bad_value("query parameter 'action' must be one of start, stop, pause, resume")
        call = self.call_for(actor, ref)
        assert actor.login is not None
        conn = self.leg_of(call, actor.login)
        if action == "start":
            if conn.state != M.ACTIVE:
                raise errors.leg_not_found(ref, None)
            if not self.has_voicemail(actor.login):
                raise errors.service_unavailable(f"{actor.login} has no voice mail to record to (L532)")
            if call.record is not None:
                raise errors.incompatible(f"call {ref} is already being recorded ({call.record})")
            call.recorder = actor.login
        elif call.record is None or call.recorder != actor.login:
            raise errors.incompatible(f"call {ref} is not being recorded by {actor.login}")
        target = targets.get(action)
        if action == "pause" and call.record != RecordState.RECORDING:
            raise errors.incompatible(f"call {ref} recording is {call.record}, not RECORDING")
        if action == "resume" and call.record != RecordState.PAUSED:
            raise errors.incompatible(f"call {ref} recording is {call.record}, not PAUSED")
        call.move_record(target)
        if target is None:
            call.recorder = None
        self.publish(call, first=actor.login)

    # -- views ------------------------------------------------------------------------------------
    def list_calls(self, login: str) -> list[dict[str, Any]]:
        return [v for c in self.user_calls(login) if (v := views.render_call(self, c, login)) is not None]

    def get_call(self, actor: Actor, ref: str) -> dict[str, Any]:
        assert actor.login is not None
        view = views.render_call(self, self.call_for(actor, ref), actor.login)
        assert view is not None
        return view
