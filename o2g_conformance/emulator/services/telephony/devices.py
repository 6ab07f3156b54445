"""Device services and telephonic state: device states, ITH/micro key, desk sharing, state and snapshot."""

from __future__ import annotations

from typing import Any

from ..subscriptions.models import SubscriptionStore
from . import errors, events, views
from .core import Actor
from .entities import DeviceRecord, MediaState, OperationalState
from .progress import CallProgress

M = MediaState


def device_state(dev: DeviceRecord, cause: str | None = None) -> dict[str, Any]:
    """DeviceState (L5227-5238)."""
    out: dict[str, Any] = {"deviceId": dev.number, "state": dev.state.value}
    if cause:
        out["cause"] = cause
    return out


class DevicesFamily(CallProgress):
    """Operations of /telephony/devices, /telephony/deskSharing and /telephony/state."""

    def device_states(self, login: str) -> list[dict[str, Any]]:
        return [device_state(d) for d in self.devices_of(login)]

    def get_device_state(self, actor: Actor, number: str) -> dict[str, Any]:
        """A device of the user; an unknown device is 404, listed by the operation (L3820-3854)."""
        if number not in self.devices:
            raise errors.telephony_error(
                "BAD_PARAMETER_VALUE", "INVALID_DEVICE", f"no device {number}", rest_type="NOT_FOUND"
            )
        return device_state(self.device_for(actor, number))

    def ithmicro(self, actor: Actor, number: str) -> None:
        """Flip the MICRO/ITH key (L3893-3926): micro during a call, interphony when idle, nothing while ringing.

        Blind mode: no event is sent (L3898).
        """
        dev = self.device_for(actor, number)
        states = {x.state for _, x in self.device_conns(dev.number)}
        if states & {M.DIALING, M.RINGING_OUTGOING, M.ACTIVE, M.HELD}:
            dev.micro_muted = not dev.micro_muted
        elif M.RINGING_INCOMING not in states:
            dev.interphony = not dev.interphony

    def set_operational_state(self, number: str, state: OperationalState, cause: str | None = None) -> DeviceRecord:
        """Put a set in or out of service (control API); its user gets OnDeviceStateModified (L5889-5903).

        A set going out of service leaves its calls first, as when it is unplugged.
        """
        dev = self.devices.get(number)
        if dev is None:
            raise errors.invalid_device(number)
        if dev.state != state:
            if state != OperationalState.IN_SERVICE:
                for call, conn in self.device_conns(number):
                    if conn in call.connections:
                        self.leave(call, conn)
            dev.move(state)
            if dev.owner:
                self.emitter.emit(dev.owner, events.on_device_state_modified(dev.owner, [device_state(dev, cause)]))
        return dev

    # -- desk sharing -----------------------------------------------------------------------------
    def desk_sharing_logon(self, login: str, dss_number: str) -> None:
        """Log the desk-sharing user on a desk-sharing set (L3703-3748); the set becomes one of his devices."""
        dev = self.devices.get(dss_number)
        if dev is None or not dev.desk_sharing:
            raise errors.invalid_device(dss_number)
        if dev.owner == login:
            return
        if dev.owner is not None or self.device_conns(dss_number):
            raise errors.busy(f"desk-sharing set {dss_number} is in use")
        if login in self.desk_sharing:
            raise errors.incompatible(f"{login} is already logged on desk-sharing set {self.desk_sharing[login]}")
        dev.owner = login
        self.desk_sharing[login] = dss_number

    def desk_sharing_logoff(self, login: str) -> None:
        dss = self.desk_sharing.get(login)
        if dss is None:
            raise errors.incompatible(f"{login} is not logged on a desk-sharing set")
        if self.device_conns(dss):
            raise errors.incompatible(f"desk-sharing set {dss} has a call in progress")
        del self.desk_sharing[login]
        self.devices[dss].owner = None

    # -- telephonic state -------------------------------------------------------------------------
    def telephonic_state(self, login: str) -> dict[str, Any]:
        return views.telephonic_state(self, login)

    def snapshot(self, session_id: str, login: str | None) -> int:
        """OnTelephonyState for one user or, for an administrator without loginName, every user (L4557-4593).

        The events go to the subscriptions of the requesting session only. Returns how many were sent.
        """
        subs = frozenset(s.id for s in self.backend.state(SubscriptionStore).all() if s.session_id == session_id)
        logins = [login] if login is not None else self.backend.logins()
        for who in logins:
            self.emitter.emit(who, events.on_telephony_state(who, self.telephonic_state(who)), only=subs)
        return len(logins)
