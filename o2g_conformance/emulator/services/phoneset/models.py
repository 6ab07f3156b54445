"""Phone Set Programming backend: per-device state and one method per `phoneset.*` operation (L9715-10660).

Readings chosen where the reference is silent or disagrees with itself:
- Rights: the service "allows a user to manage its device states" (L9717). A user session names its own
  login in the path; another login is refused (403 NOT_ALLOWED), as User information does for its
  per-user resources. An administrator names any O2G user; an unknown login is NOT_FOUND (404).
- A device the user does not own is NOT_FOUND (404). Every device of the user has a remote extension
  state: an OXE remote extension is a sub-object of the subscriber (Subscriber objectNames, L10895), and
  the reference does not say which sets have one.
- `activate` (REActive, campon, lock) is read as mandatory and must be `true` or `false`: without it the
  request says nothing (400 BAD_PARAMETER).
- REActivationState is sent as its table says, `active` (L10635), not as the example's `activate` (L9872).
- SoftKeys lists its keys under `skeys`, as the table and its JSON example say (L10647, L10649), not
  `softkeys` as the method example (L10342). Soft keys are listed like programmable keys (L10179-10189):
  every position of the set, a free one with an empty number and mnemonic.
- Pin: With_Secret_Code is a boolean and Pin_Group an int as the table says (L10605, L10611); the examples
  write "TRUE" and "1" (L10098-10100, L10141-10143), so the emulator accepts both forms on input and
  answers the table's types. Pin_Number must have PIN_LENGTH digits (L10604), an empty one removes the
  PIN (how to remove it is not documented); fields left out of a PUT keep their value.
- Associate: an absent or empty number removes the associate (how to remove it is not documented).
- Keys: the path position MUST equal the body's (L10203, L10359): a different one is BAD_PARAMETER; a
  body without position takes the path's. A position that is not an integer is BAD_PARAMETER, a position
  the set does not have NOT_FOUND. A locked key (L10625) is the administrator's: a user session cannot
  change or erase it, nor lock or unlock a key (403 NOT_ALLOWED).
- Prefixes: `type` and `value` are mandatory (400 without them) and case sensitive (L10439); a pair the
  node does not have is NOT_FOUND (404).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...core import errors
from ...core.registry import Backend, state
from ...core.sessions import Session
from ...core.topology import Device, User
from ..users.accounts import device_view
from .layout import PIN_LENGTH, PIN_TYPES, PREFIXES, Key, initial_pkeys, initial_softkeys, layout_of

NUMBER = re.compile(r"^[0-9*#]{1,20}$")
MNEMONIC_MAX = 16


@dataclass
class Pin:
    """The PIN configuration of a set (L10592-10611); OXE defaults until a PIN is set."""

    number: str | None = None
    with_secret_code: bool = False
    type_of_control: str = "PIN_Restricted_To_Owner_Set"
    group: int = 0

    def view(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.number:
            out["Pin_Number"] = self.number
        out["With_Secret_Code"] = self.with_secret_code
        out["Pin_Type_Of_Control"] = self.type_of_control
        out["Pin_Group"] = self.group
        return out


@dataclass
class SetState:
    """What Phone Set Programming changes on one device."""

    device: Device
    pkeys: dict[int, Key]
    softkeys: dict[int, Key]
    lock: bool = False
    campon: bool = False
    associate: str | None = None
    re_active: bool = False
    pin: Pin = field(default_factory=Pin)

    def dynamic_view(self) -> dict[str, Any]:
        out: dict[str, Any] = {"lock": self.lock, "campon": self.campon}
        if self.associate:
            out["associate"] = self.associate
        return out


@dataclass(frozen=True)
class KeyChange:
    """A PUT of a programmable or soft key, as the body gives it (None: not given)."""

    position: int | None
    number: str | None
    mnemonic: str | None
    locked: bool | None = None


@dataclass(frozen=True)
class PinChange:
    """A PUT of the PIN: the raw body values, checked by the backend."""

    number: Any = None
    with_secret_code: Any = None
    type_of_control: Any = None
    group: Any = None


def parse_activate(raw: str | None) -> bool:
    """The `activate` query parameter of REActive, campon and lock (boolean, L9811, L9960, L10035)."""
    if raw is None:
        raise errors.bad_parameter("query parameter 'activate' (true or false) is mandatory")
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise errors.bad_parameter(f"activate must be true or false, not {raw!r}")
    return value == "true"


def _bool_value(raw: Any, name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().upper() in ("TRUE", "FALSE"):
        return raw.strip().upper() == "TRUE"
    raise errors.bad_parameter(f'{name} must be a boolean (true/false or "TRUE"/"FALSE"), not {raw!r}')


def _int_value(raw: Any, name: str) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\d{1,6}", raw.strip()):
        value = int(raw)
    else:
        raise errors.bad_parameter(f"{name} must be a non-negative integer, not {raw!r}")
    if value < 0:
        raise errors.bad_parameter(f"{name} must be a non-negative integer, not {raw!r}")
    return value


@state
class PhoneSetProgramming:
    """The programmed state of every device, created from the topology when first used."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._sets: dict[str, SetState] = {}

    # -- access rules ----------------------------------------------------------------------------------
    def _user(self, session: Session, login: str) -> User:
        if not session.admin and login != session.login:
            raise errors.not_allowed(f"a user session manages its own devices only ({session.login}), not {login!r}")
        user = self.backend.user(login)
        if user is None:
            raise errors.not_found(f"no O2G user {login!r}", status=404)
        return user

    def _set(self, session: Session, login: str, device_id: str) -> SetState:
        user = self._user(session, login)
        device = next((d for d in user.devices if d.number == device_id), None)
        if device is None:
            raise errors.not_found(f"user {login} has no device {device_id!r}", status=404)
        found = self._sets.get(device.number)
        if found is None:
            found = SetState(device, initial_pkeys(user, device), initial_softkeys(device))
            self._sets[device.number] = found
        return found

    # -- devices ---------------------------------------------------------------------------------------
    def devices(self, session: Session, login: str) -> dict[str, Any]:
        return {"devices": [device_view(d) for d in self._user(session, login).devices]}

    def device(self, session: Session, login: str, device_id: str) -> dict[str, Any]:
        return device_view(self._set(session, login, device_id).device)

    def addons(self, session: Session, login: str, device_id: str) -> dict[str, Any]:
        return {"addonTypes": list(layout_of(self._set(session, login, device_id).device).addons)}

    # -- states ----------------------------------------------------------------------------------------
    def set_re_active(self, session: Session, login: str, device_id: str, activate: bool) -> None:
        self._set(session, login, device_id).re_active = activate

    def re_active_state(self, session: Session, login: str, device_id: str) -> dict[str, Any]:
        return {"active": self._set(session, login, device_id).re_active}

    def set_campon(self, session: Session, login: str, device_id: str, activate: bool) -> None:
        self._set(session, login, device_id).campon = activate

    def set_lock(self, session: Session, login: str, device_id: str, activate: bool) -> None:
        self._set(session, login, device_id).lock = activate

    def set_associate(self, session: Session, login: str, device_id: str, number: str | None) -> None:
        target = self._set(session, login, device_id)
        if number is not None and number != "" and not NUMBER.match(number):
            raise errors.bad_parameter(f"the associate number must be a phone number, not {number!r}")
        target.associate = number or None

    def dynamic_state(self, session: Session, login: str, device_id: str) -> dict[str, Any]:
        return self._set(session, login, device_id).dynamic_view()

    # -- PIN -------------------------------------------------------------------------------------------
    def pin(self, session: Session, login: str, device_id: str) -> dict[str, Any]:
        return self._set(session, login, device_id).pin.view()

    def set_pin(self, session: Session, login: str, device_id: str, change: PinChange) -> None:
        target = self._set(session, login, device_id)
        new = Pin(target.pin.number, target.pin.with_secret_code, target.pin.type_of_control, target.pin.group)
        if change.number == "":
            new.number = None
        elif change.number is not None:
            if not isinstance(change.number, str) or not re.fullmatch(rf"\d{{{PIN_LENGTH}}}", change.number):
                raise errors.bad_parameter(
                    f"Pin_Number must have the {PIN_LENGTH} digits of the PBX configuration, not {change.number!r}"
                )
            new.number = change.number
        if change.with_secret_code is not None:
            new.with_secret_code = _bool_value(change.with_secret_code, "With_Secret_Code")
        if change.type_of_control is not None:
            if change.type_of_control not in PIN_TYPES:
                raise errors.bad_parameter(
                    f"Pin_Type_Of_Control must be one of {', '.join(PIN_TYPES)}, not {change.type_of_control!r}"
                )
            new.type_of_control = change.type_of_control
        if change.group is not None:
            new.group = _int_value(change.group, "Pin_Group")
        target.pin = new

    # -- keys ------------------------------------------------------------------------------------------
    def pkeys(self, session: Session, login: str, device_id: str, *, programmed_only: bool) -> dict[str, Any]:
        keys = self._set(session, login, device_id).pkeys.values()
        return {"pkeys": [k.pkey_view() for k in keys if k.programmed or not programmed_only]}

    def softkeys(self, session: Session, login: str, device_id: str) -> dict[str, Any]:
        return {"skeys": [k.softkey_view() for k in self._set(session, login, device_id).softkeys.values()]}

    def set_pkey(self, session: Session, login: str, device_id: str, position: str, change: KeyChange) -> None:
        self._write_key(session, self._set(session, login, device_id).pkeys, position, change, "programmable key")

    def delete_pkey(self, session: Session, login: str, device_id: str, position: str) -> None:
        self._erase_key(session, self._set(session, login, device_id).pkeys, position, "programmable key")

    def set_softkey(self, session: Session, login: str, device_id: str, position: str, change: KeyChange) -> None:
        if change.locked is not None:
            raise errors.bad_parameter("a SoftKey has no 'locked' field (L10637-10642)")
        self._write_key(session, self._set(session, login, device_id).softkeys, position, change, "soft key")

    def delete_softkey(self, session: Session, login: str, device_id: str, position: str) -> None:
        self._erase_key(session, self._set(session, login, device_id).softkeys, position, "soft key")

    @staticmethod
    def _key(keys: dict[int, Key], position: str, what: str) -> Key:
        if not re.fullmatch(r"\d{1,4}", position):
            raise errors.bad_parameter(f"the {what} position must be an integer, not {position!r}")
        key = keys.get(int(position))
        if key is None:
            where = f"1 to {len(keys)}" if keys else "none"
            raise errors.not_found(f"the set has no {what} at position {position} (positions: {where})", status=404)
        return key

    def _write_key(self, session: Session, keys: dict[int, Key], position: str, change: KeyChange, what: str) -> None:
        key = self._key(keys, position, what)
        if change.position is not None and change.position != key.position:
            raise errors.bad_parameter(
                f"the body position {change.position} must be the path position {key.position} (L10203, L10359)"
            )
        number = key.number if change.number is None else change.number
        mnemonic = key.mnemonic if change.mnemonic is None else change.mnemonic
        if number and not NUMBER.match(number):
            raise errors.bad_parameter(f"the {what} number must be a phone number, not {number!r}")
        if len(mnemonic) > MNEMONIC_MAX:
            raise errors.bad_parameter(f"the {what} mnemonic has at most {MNEMONIC_MAX} characters")
        locked = key.locked if change.locked is None else change.locked
        if not session.admin and (key.locked or locked):
            raise errors.not_allowed(f"the {what} at position {key.position} is locked by the administrator")
        key.number, key.mnemonic, key.locked = number, mnemonic, locked

    @staticmethod
    def _erase_key(session: Session, keys: dict[int, Key], position: str, what: str) -> None:
        key = PhoneSetProgramming._key(keys, position, what)
        if key.locked and not session.admin:
            raise errors.not_allowed(f"the {what} at position {key.position} is locked by the administrator")
        key.number, key.mnemonic, key.locked = "", "", False

    # -- prefixes --------------------------------------------------------------------------------------
    def prefix(self, session: Session, login: str, type_: str | None, value: str | None) -> dict[str, Any]:
        self._user(session, login)
        if not type_ or not value:
            raise errors.bad_parameter("query parameters 'type' and 'value' are mandatory (L10437-10439)")
        number = PREFIXES.get((type_, value))
        if number is None:
            raise errors.not_found(f"no prefix {type_}/{value} on the node (type and value are case sensitive)")
        return {"value": value, "number": number}
