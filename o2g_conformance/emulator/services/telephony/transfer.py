"""Services that join or split calls: transfer, blind transfer, conference, reconnect, redirect, overflow,
park/unpark, pickup, intrusion and call-back during a call.

Where two calls become one (transfer, merge, intrusion) the surviving call keeps one callRef; users who
knew the other one get OnCallModified with previousCallRef and no OnCallRemoved for it (L5662-5668).
"""

from __future__ import annotations

from . import errors, views
from .core import Actor
from .entities import Call, Connection, Endpoint, MediaState
from .progress import CallProgress

M = MediaState
VOICEMAIL = "VOICEMAIL"


class TransferFamily(CallProgress):
    """Operations that move parties between calls."""

    def _active_and_held(
        self, actor: Actor, active_ref: str, held_ref: str
    ) -> tuple[Call, Connection, Call, Connection]:
        """The two calls of a transfer or merge; without one active and one held: L524-527."""
        if active_ref == held_ref:
            raise errors.bad_value("heldCallRef must name another call than the active one")
        active_call = self.call_for(actor, active_ref)
        held_call = self.call_for(actor, held_ref)
        login = actor.login
        active = self.leg_of(active_call, login)
        held = self.leg_of(held_call, login)
        return active_call, active, held_call, held

    def transfer(self, actor: Actor, active_ref: str, held_ref: str) -> None:
        """Consultation transfer: the held party and the consulted party stay together (L3666-3700).

        The held call's callRef survives; the transferring user's two calls are removed (TRANSFERRED).
        Transferring while the consulted party still rings is allowed: the held party then hears it ring.
        """
        active_call, active, held_call, held = self._active_and_held(actor, active_ref, held_ref)
        can = views.call_capabilities(self, active_call, active.owner or "", active)["transfer"]
        if not can or held.state != M.HELD:
            raise errors.incompatible("transfer needs one active (or ringing) call and one held call (L526)")
        login = active.owner
        moving = active_call.others(active)
        self.detach(active_call, active)
        self.detach(held_call, held)
        for conn in moving:
            active_call.connections.remove(conn)
            held_call.connections.append(conn)
        ringing = any(c.state == M.RINGING_INCOMING for c in moving)
        for conn in held_call.connections:
            if ringing and conn not in moving and conn.state in (M.ACTIVE, M.HELD):
                conn.move(M.RINGING_OUTGOING)
                conn.ringing_remote = True
        held_call.answered = not ringing
        if held_call.associated_data is None and held_call.hexa_associated_data is None:
            held_call.associated_data = active_call.associated_data
            held_call.hexa_associated_data = active_call.hexa_associated_data
        self.absorb(held_call, active_call)
        held_call.history.transferred_by = login
        self.publish(held_call, cause="TRANSFERRED", previous=active_call.ref, first=login)

    def merge(self, actor: Actor, active_ref: str, held_ref: str) -> None:
        """Conference of the active call and the held call (L3199-3234); the active call's callRef survives."""
        active_call, active, held_call, held = self._active_and_held(actor, active_ref, held_ref)
        if active.state != M.ACTIVE or held.state != M.HELD:
            raise errors.incompatible("merge needs one active call and one held call (L526)")
        self.detach(held_call, held)
        for conn in list(held_call.connections):
            held_call.connections.remove(conn)
            active_call.connections.append(conn)
        self.absorb(active_call, held_call)
        self.publish(active_call, cause="CONFERENCED", previous=held_call.ref, first=active.owner)

    def blind_transfer(self, actor: Actor, ref: str, transfer_to: str, anonymous: bool) -> None:
        """Transfer without consultation (L2951-2985): the other party now calls `transfer_to`."""
        call = self.call_for(actor, ref)
        me = self.leg_of(call, actor.login)
        if not views.call_capabilities(self, call, me.owner or "", me)["blindTransfer"]:
            raise errors.incompatible(f"call {ref} is {me.state} with {len(call.others(me))} other parties")
        target = self.resolve(transfer_to, caller=me.owner)
        if target.kind == "device" and target.number == me.device:
            raise errors.bad_value("a call cannot be transferred to the transferring device")
        self.require_reachable(target)
        remaining = call.others(me)
        login = me.owner
        self.detach(call, me)
        call.history.transferred_by = login
        call.anonymous = call.anonymous or anonymous
        self.offer(call, target, remaining, cause="TRANSFERRED", first=login, new_destination=target.number)

    def reconnect(self, actor: Actor, held_ref: str, device_id: str, enquiry_ref: str) -> None:
        """Cancel the enquiry call (active or ringing) and retrieve the held call (L3420-3464)."""
        held_call, held = self.named_leg(actor, held_ref, device_id)
        owner = held.owner
        enquiry_call = self.call_for(Actor(owner, actor.admin), enquiry_ref)
        enquiry = self.leg_of(enquiry_call, owner, held.device)
        if held.state != M.HELD or enquiry.state not in (M.ACTIVE, M.DIALING, M.RINGING_OUTGOING, M.RELEASING):
            raise errors.incompatible("reconnect needs this call HELD and an enquiry call in progress")
        self.leave(enquiry_call, enquiry)
        held.move(M.ACTIVE)
        self.publish(held_call, first=owner)

    def redirect(self, actor: Actor, ref: str, redirect_to: str, anonymous: bool) -> None:
        """Redirect an incoming ringing call (L3516-3560); "VOICEMAIL" means the user's voice mail."""
        call = self.call_for(actor, ref)
        me = self.leg_of(call, actor.login)
        if me.state != M.RINGING_INCOMING or me.prering:
            raise errors.incompatible(f"call {ref} is {me.state}: only an incoming ringing call is redirected")
        login = me.owner
        if redirect_to.strip().upper() == VOICEMAIL:
            user = self.backend.user(login) if login else None
            if user is None or not self.has_voicemail(login) or not user.voicemailNumber:
                raise errors.service_unavailable(f"{login} has no voice mail (L531)")
            target = Endpoint("service", user.voicemailNumber, login)
        else:
            target = self.resolve(redirect_to, caller=login)
            if target.kind == "device" and target.number == me.device:
                raise errors.bad_value("a call cannot be redirected to the ringing device itself")
            self.require_reachable(target)
        callers = [c for c in call.others(me) if c.state == M.RINGING_OUTGOING]
        self.detach(call, me)
        call.last_redirecting = me.endpoint
        call.anonymous = call.anonymous or anonymous
        deposit = target.kind == "service" and target.login == login  # the redirecting user's own mailbox
        self.note_reroute(call, me.endpoint, "VOICEMAIL" if deposit else "REDIRECTED")
        self.offer(
            call, target, callers, cause="REDIRECTED", first=login, new_destination=target.number, deposit=deposit
        )

    def overflow_to_voicemail(self, actor: Actor, ref: str) -> None:
        """The caller sends its ringing call to the called user's voice mail (L3237-3270)."""
        call = self.call_for(actor, ref)
        me = self.leg_of(call, actor.login)
        ringing = next((c for c in call.others(me) if c.state == M.RINGING_INCOMING), None)
        if me.state != M.RINGING_OUTGOING or ringing is None or ringing.owner is None:
            raise errors.incompatible(f"call {ref} is {me.state}: only an outgoing call ringing a user can overflow")
        user = self.backend.user(ringing.owner)
        if user is None or not self.has_voicemail(ringing.owner) or not user.voicemailNumber:
            raise errors.service_unavailable(f"the called user {ringing.owner} has no voice mail (L531)")
        self.detach(call, ringing)
        self.note_reroute(call, ringing.endpoint, "VOICEMAIL")
        target = Endpoint("service", user.voicemailNumber, ringing.owner)
        self.offer(call, target, [me], cause="OVERFLOWN", first=me.owner, new_destination=target.number, deposit=True)

    def park(self, actor: Actor, ref: str, park_to: str | None) -> None:
        """Park an external call on a device (L3273-3306); only external calls (L3274)."""
        call = self.call_for(actor, ref)
        me = self.leg_of(call, actor.login)
        others = call.others(me)
        if len(others) != 1 or others[0].endpoint.kind != "external":
            raise errors.not_provided("park is only available on calls with an external party (L3274)")
        if me.state != M.ACTIVE:
            raise errors.incompatible(f"call {ref} is {me.state}, not ACTIVE")
        where = park_to or me.device or ""
        if where not in self.devices:
            raise errors.invalid_device(where)
        login = me.owner
        self.detach(call, me)
        call.parked_at = where
        self.publish(call, cause="PARKED", first=login)

    def unpark(self, actor: Actor, device_id: str, unpark_from: str | None) -> None:
        """Take a parked call on `device_id`, from where it was parked (L3959-3999)."""
        dev = self.device_for(actor, device_id)
        where = unpark_from or dev.number
        call = next((c for c in self.calls.values() if c.parked_at == where), None)
        if call is None:
            raise errors.incompatible(f"no call is parked on device {where}")
        self.hold_for_new_call(self.check_line(dev))
        call.parked_at = None
        self.attach(call, Endpoint("device", dev.number, dev.owner), M.ACTIVE)
        call.answered = True
        self.publish(call, first=dev.owner)

    def pickup(self, actor: Actor, device_id: str, other_number: str | None) -> None:
        """Take a call ringing on another set (direct) or on a member of the user's group (L3929-3956)."""
        dev = self.device_for(actor, device_id)
        login = self.owner_of(actor, dev)
        if other_number:
            if other_number == dev.number:
                raise errors.bad_value("a device cannot pick up its own call")
            if other_number not in self.devices:
                raise errors.invalid_device(other_number)
            sets = [other_number]
        else:
            members = {m for g in self.hunting_groups_of(login or "") for m in g.members if m != login}
            sets = [d.number for m in sorted(members) for d in self.devices_of(m)]
        found = next(
            (
                (c, x)
                for number in sets
                for c, x in self.device_conns(number)
                if x.state == M.RINGING_INCOMING and not x.prering
            ),
            None,
        )
        if found is None:
            raise errors.incompatible("no call is ringing there to pick up")
        call, ringing = found
        self.hold_for_new_call(self.check_line(dev))
        loser = ringing.owner
        self.detach(call, ringing)
        self.note_reroute(call, ringing.endpoint, "PICKUP")
        conn = self.attach(call, Endpoint("device", dev.number, dev.owner), M.ACTIVE)
        call.history.destination = conn.endpoint
        for other in call.others(conn):
            if other.state == M.RINGING_OUTGOING:
                other.move(M.ACTIVE)
        call.answered = True
        self.publish(call, cause="PICKED_UP", first=loser, new_destination=dev.number)

    def intrusion(self, actor: Actor, device_id: str) -> None:
        """From a busy call in RELEASING, join the conversation of the busy user (L3857-3890)."""
        dev = self.device_for(actor, device_id)
        failed = next(
            (c for c, x in self.device_conns(dev.number) if x.state == M.RELEASING and c.failure == "BUSY"), None
        )
        target = views.intrusion_target(self, failed) if failed is not None else None
        if failed is None or target is None:
            raise errors.incompatible(f"device {dev.number} has no busy call in RELEASING state to intrude from")
        self.drop_call(failed)
        self.attach(target, Endpoint("device", dev.number, dev.owner), M.ACTIVE)
        self.publish(target, previous=failed.ref, first=dev.owner)

    def callback_request(self, actor: Actor, ref: str) -> None:
        """Ask the busy or unanswering called user to call back (L2988-3019); the call is then released."""
        call = self.call_for(actor, ref)
        me = self.leg_of(call, actor.login)
        ringing = next((c for c in call.others(me) if c.state == M.RINGING_INCOMING), None)
        if me.state == M.RINGING_OUTGOING and ringing is not None:
            callee = ringing.owner
        elif me.state == M.RELEASING and call.failure == "BUSY" and call.failed_target is not None:
            callee = call.failed_target.login
        else:
            raise errors.incompatible(f"call {ref} is {me.state}: call-back is asked while the callee rings or is busy")
        if callee is None or me.owner is None:
            raise errors.not_provided("call-back is only available towards a user of the PBX")
        self.add_callback(callee, me.owner, me.device or "")
        self.end(call, by=me)
