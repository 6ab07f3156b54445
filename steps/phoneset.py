"""Steps of Phone Set Programming: devices, their states, PIN, keys, add-ons and prefixes (reference L9715-10660).

A set is named from the actor's side: `its phone` (the company phone), `its remote extension set` (a
MOBILE device of the target profile, else the company phone), `user B's phone`, `a set it does not own`
(another user's phone under the actor's own login) or `a set of an unknown user`. Every change is undone
at teardown from the state read before it.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name
from .users import UNKNOWN_LOGIN, UNKNOWN_PHONE, aux, body_dict

DEVICES = "phoneset.devices.list"
DEVICE = "phoneset.devices.get"
RE_SET = "phoneset.devices.reactive.set"
RE_STATE = "phoneset.devices.reactivestate.get"
ADDONS = "phoneset.devices.addons.get"
ASSOCIATE = "phoneset.devices.associate.set"
CAMPON = "phoneset.devices.campon.set"
DYNAMIC = "phoneset.devices.dynamicstate.get"
LOCK = "phoneset.devices.lock.set"
PIN_GET = "phoneset.devices.pin.get"
PIN_SET = "phoneset.devices.pin.set"
PKEYS = "phoneset.devices.programmeablekeys.list"
PKEY_SET = "phoneset.devices.programmeablekeys.set"
PKEY_DELETE = "phoneset.devices.programmeablekeys.delete"
PROGRAMMED = "phoneset.devices.programmedkeys.list"
SOFTKEYS = "phoneset.devices.softkeys.list"
SOFTKEY_SET = "phoneset.devices.softkeys.set"
SOFTKEY_DELETE = "phoneset.devices.softkeys.delete"
PREFIX = "phoneset.prefixes.get"

SET = r"(?P<set>its phone|its remote extension set|user [A-Z]'s phone|a set it does not own|a set of an unknown user)"
#: The reads of one set, by what the step names.
READS = {
    "description": DEVICE,
    "remote extension state": RE_STATE,
    "add-ons": ADDONS,
    "dynamic state": DYNAMIC,
    "PIN": PIN_GET,
    "programmable keys": PKEYS,
    "programmed keys": PROGRAMMED,
    "soft keys": SOFTKEYS,
}
#: The mnemonic the scenarios program keys with (recognisable on a real target if a restoration fails).
MNEMONIC = "O2GTEST"
#: The key families: list operation, set, delete, the list's field (SoftKeys.skeys L10647, pkeys L10630).
KEYS = {
    "key": (PKEYS, PKEY_SET, PKEY_DELETE, "pkeys"),
    "soft key": (SOFTKEYS, SOFTKEY_SET, SOFTKEY_DELETE, "skeys"),
}

Target = tuple[str, str, str]  # (owner role or "unknown", loginName, deviceId)


def target(o2g: World, actor: str, text: str) -> Target:
    """(owner, loginName, deviceId) of the set a step names (see the module docstring)."""
    me = actor_name(actor)
    if text == "a set of an unknown user":
        return "unknown", UNKNOWN_LOGIN, UNKNOWN_PHONE
    if text.startswith("user "):
        role = text[5]
        return role, o2g.account(role).login, o2g.account(role).number
    if me == "administrator":
        raise AssertionError(f"the administrator has no set: name the user ('user B's phone'), not {text!r}")
    account = o2g.account(me)
    if text == "a set it does not own":
        other = "B" if me != "B" else "A"
        return me, account.login, o2g.account(other).number
    if text == "its remote extension set":
        mobile = [d.number for d in account.devices if d.type == "MOBILE"]
        return me, account.login, mobile[0] if mobile else account.number
    return me, account.login, account.number


def _path(t: Target, **more: str) -> dict[str, str]:
    return {"loginName": t[1], "deviceId": t[2], **more}


def _send(o2g: World, actor: str, op_id: str, t: Target, **kwargs: Any) -> ApiResponse:
    position = kwargs.pop("position", None)
    path = _path(t, position=str(position)) if position is not None else _path(t)
    o2g.response = o2g.session(actor_name(actor)).call(op_id, path=path, **kwargs)
    return o2g.response


def _read(o2g: World, t: Target, op_id: str, **kwargs: Any) -> Any:
    """A read by the set's owner (a step's verification or the state to restore); fails unless 200."""
    response = aux(o2g, t[0], op_id, path=_path(t), **kwargs)
    if response.status != 200:
        raise NonConformance(
            "the set's owner reads it back",
            op_id=op_id,
            documented="200",
            received=f"{response.status} {response.text}",
        )
    return response.json


def _restore(o2g: World, t: Target, op_id: str, *, by: str | None = None, **kwargs: Any) -> None:
    path = _path(t, **kwargs.pop("path", {}))
    aux(o2g, by or t[0], op_id, path=path, raise_for_error=True, **kwargs)


# -- phoneset.devices.list / get ---------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" lists (?:its|(?P<whose>user [A-Z]|an unknown user)'s) phone sets$"))
def list_devices(o2g: World, actor: str, whose: str | None) -> None:
    """The actor lists (its|{whose}'s) phone sets; sends phoneset.devices.list."""
    if whose is None:
        login = o2g.account(actor_name(actor)).login
    else:
        login = UNKNOWN_LOGIN if whose == "an unknown user" else o2g.account(whose[-1]).login
    o2g.response = o2g.session(actor_name(actor)).call(DEVICES, path={"loginName": login})


@then(parsers.re(r"the devices include those of user (?P<role>[A-Z])$"))
def devices_include(o2g: World, role: str) -> None:
    """Checks that the devices include those of user {role}: the devices of a user (Devices.devices, L10565-10568)."""
    devices = body_dict(o2g, "Devices").get("devices")
    ids = [d.get("id") for d in devices if isinstance(d, dict)] if isinstance(devices, list) else []
    account = o2g.account(role)
    wanted = [d.number for d in account.devices] or [account.number]
    if not all(n in ids for n in wanted):
        raise NonConformance(
            "the devices of a user (Devices.devices, L10565-10568)", op_id=DEVICES, documented=wanted, received=devices
        )


@then(parsers.re(r"the description is that of user (?P<role>[A-Z])'s phone$"))
def description_of(o2g: World, role: str) -> None:
    """Checks that the description is that of user {role}'s phone: the device asked for (Device.id, L10556)."""
    body = body_dict(o2g, "Device")
    if body.get("id") != o2g.account(role).number:
        raise NonConformance(
            "the device asked for (Device.id, L10556)", op_id=DEVICE, documented=o2g.account(role).number, received=body
        )


# -- reads of one set --------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads the (?P<what>" + "|".join(READS) + r") of " + SET + r"$"))
def read_set(o2g: World, actor: str, what: str, set: str) -> None:
    """The actor reads one piece of a phone set (description, state, add-ons, PIN, keys ...) of the set named."""
    _send(o2g, actor, READS[what], target(o2g, actor, set))


# -- remote extension, lock and camp-on --------------------------------------------------------------------------------


def _guard_state(o2g: World, undo: Undo, t: Target, what: str) -> None:
    """Remember a boolean state of the set before a step changes it; restore it at teardown."""
    key = f"state:{what}:{t[2]}"
    if key in o2g.values:
        return
    if what == "REActive":
        before = bool(_read(o2g, t, RE_STATE).get("active"))
    else:
        before = bool(_read(o2g, t, DYNAMIC).get(what))
    o2g.values[key] = before
    op_id = {"REActive": RE_SET, "lock": LOCK, "campon": CAMPON}[what]
    undo.append((f"{what} of {t[2]}", lambda: _restore(o2g, t, op_id, query={"activate": str(before).lower()})))


@given(parsers.re(ACTOR + r" has (?P<verb>activated|deactivated) the remote extension of " + SET + r"$"))
@when(parsers.re(ACTOR + r" (?P<verb>activates|deactivates) the remote extension of " + SET + r"$"))
def set_remote_extension(o2g: World, undo: Undo, actor: str, verb: str, set: str) -> None:
    """The actor (activates|deactivates) the remote extension of {set}; sends phoneset.devices.reactive.set."""
    t = target(o2g, actor, set)
    if t[0] != "unknown":
        _guard_state(o2g, undo, t, "REActive")
    response = _send(o2g, actor, RE_SET, t, query={"activate": str(verb.startswith("activate")).lower()})
    if verb.startswith("activated") or verb.startswith("deactivated"):
        assert response.status == 204, f"setting the remote extension failed: {response.status} {response.text}"


@when(parsers.re(ACTOR + r" (?P<verb>locks|unlocks|activates camp-on on|deactivates camp-on on) " + SET + r"$"))
def set_lock_or_campon(o2g: World, undo: Undo, actor: str, verb: str, set: str) -> None:
    """The actor (locks|unlocks|activates camp-on on|deactivates camp-on on) {set}.

    Sends phoneset.devices.campon.set, phoneset.devices.dynamicstate.get, phoneset.devices.lock.set.
    """
    t = target(o2g, actor, set)
    what = "lock" if verb.endswith("locks") else "campon"
    if t[0] != "unknown":
        _guard_state(o2g, undo, t, what)
    on = verb in ("locks", "activates camp-on on")
    _send(o2g, actor, LOCK if what == "lock" else CAMPON, t, query={"activate": str(on).lower()})


@when(
    parsers.re(
        ACTOR
        + r" sets the (?P<what>remote extension|lock|camp-on) of "
        + SET
        + r" with the query \"(?P<query>[^\"]*)\"$"
    )
)
def set_state_with_query(o2g: World, actor: str, what: str, set: str, query: str) -> None:
    """`activate` as sent: absent, without value or not a boolean (the query is given raw, L9811)."""
    t = target(o2g, actor, set)
    op_id = {"remote extension": RE_SET, "lock": LOCK, "camp-on": CAMPON}[what]
    session = o2g.session(actor_name(actor))
    url = session.url_for(op_id, _path(t)) + (f"?{query}" if query else "")
    o2g.response = session.request("PUT", url, op_id=op_id)


@then(
    parsers.re(
        r"the remote extension of user (?P<role>[A-Z])'s (?P<which>phone|remote extension set)"
        r" is (?P<state>active|inactive)$"
    )
)
def remote_extension_is(o2g: World, role: str, which: str, state: str) -> None:
    """Checks that the remote extension of user {role}'s (phone|remote extension set) is (active|inactive).

    Reads phoneset.devices.reactivestate.get.
    """
    t = target(o2g, f"user {role}", "its phone" if which == "phone" else "its remote extension set")
    body = _read(o2g, t, RE_STATE)
    if body.get("active") is not (state == "active"):
        # REActivationState.active (L10635); the example writes "activate" (L9872): the table's name is checked.
        raise NonConformance(
            "the remote extension state follows REActive (REActivationState.active, L10635)",
            op_id=RE_STATE,
            documented={"active": state == "active"},
            received=body,
        )


@then(parsers.re(r"the dynamic state of user (?P<role>[A-Z])'s phone reads (?P<what>lock|camp-on) (?P<state>on|off)$"))
def dynamic_state_reads(o2g: World, role: str, what: str, state: str) -> None:
    """Checks that the dynamic state of user {role}'s phone reads (lock|camp-on) (on|off).

    Reads phoneset.devices.dynamicstate.get.
    """
    body = _read(o2g, target(o2g, f"user {role}", "its phone"), DYNAMIC)
    name = "lock" if what == "lock" else "campon"
    if body.get(name) is not (state == "on"):
        raise NonConformance(
            f"DynamicState.{name} follows the last {name} request (L10584-10589)",
            op_id=DYNAMIC,
            documented={name: state == "on"},
            received=body,
        )


# -- associate ---------------------------------------------------------------------------------------------------------


def _guard_associate(o2g: World, undo: Undo, t: Target) -> None:
    if t[0] == "unknown" or f"associate:{t[2]}" in o2g.values:
        return
    before = _read(o2g, t, DYNAMIC).get("associate") or ""
    o2g.values[f"associate:{t[2]}"] = before
    undo.append((f"the associate of {t[2]}", lambda: _restore(o2g, t, ASSOCIATE, json={"number": before})))


@when(
    parsers.re(
        ACTOR + r" sets the associate of " + SET + r" to (?:user (?P<role>[A-Z])'s phone number|\"(?P<raw>[^\"]*)\")$"
    )
)
def set_associate(o2g: World, undo: Undo, actor: str, set: str, role: str | None, raw: str | None) -> None:
    """The actor sets the associate of {set} to (user {role}'s phone number|"{raw}").

    Sends phoneset.devices.associate.set, phoneset.devices.dynamicstate.get.
    """
    t = target(o2g, actor, set)
    _guard_associate(o2g, undo, t)
    number = o2g.account(role).number if role else raw
    _send(o2g, actor, ASSOCIATE, t, json={"number": number})


@then(
    parsers.re(r"the associate of user (?P<role>[A-Z])'s phone is (?:user (?P<other>[A-Z])'s phone number|unchanged)$")
)
def associate_is(o2g: World, role: str, other: str | None) -> None:
    """Checks that the associate of user {role}'s phone is (user {other}'s phone number|unchanged).

    Reads phoneset.devices.dynamicstate.get.
    """
    t = target(o2g, f"user {role}", "its phone")
    expected = o2g.account(other).number if other else o2g.values.get(f"associate:{t[2]}") or None
    body = _read(o2g, t, DYNAMIC)
    if (body.get("associate") or None) != expected:
        raise NonConformance(
            "DynamicState.associate is the number set by PUT .../associate (L10589, L9941)",
            op_id=DYNAMIC,
            documented=expected,
            received=body,
        )


# -- PIN ---------------------------------------------------------------------------------------------------------------


def _pin_length(o2g: World, t: Target) -> int:
    current = _read(o2g, t, PIN_GET).get("Pin_Number")
    return len(current) if isinstance(current, str) and current.isdigit() else 4


def _guard_pin(o2g: World, undo: Undo, t: Target) -> None:
    if t[0] == "unknown" or f"pin:{t[2]}" in o2g.values:
        return
    before = _read(o2g, t, PIN_GET)
    o2g.values[f"pin:{t[2]}"] = before

    def restore() -> None:
        if _read(o2g, t, PIN_GET) == before:
            return
        restored = {k: before[k] for k in ("With_Secret_Code", "Pin_Type_Of_Control", "Pin_Group") if k in before}
        restored["Pin_Number"] = before.get("Pin_Number", "")  # empty: no PIN, as before
        _restore(o2g, t, PIN_SET, json=restored)

    undo.append((f"the PIN of {t[2]}", restore))


@when(parsers.re(ACTOR + r" sets a PIN on " + SET + r"(?P<form> as the reference's example writes it)?$"))
def set_pin(o2g: World, undo: Undo, actor: str, set: str, form: str | None) -> None:
    """A PIN of the length the set already uses (4 digits when it has none, as the example, L10097)."""
    t = target(o2g, actor, set)
    _guard_pin(o2g, undo, t)
    digits = "".join(str((7 - i) % 10) for i in range(_pin_length(o2g, t)))
    if form:  # With_Secret_Code and Pin_Group as strings (L10139-10144)
        body: dict[str, Any] = {"With_Secret_Code": "TRUE", "Pin_Group": "1"}
    else:
        body = {"With_Secret_Code": True, "Pin_Group": 1}
    body.update({"Pin_Number": digits, "Pin_Type_Of_Control": "PIN_Category"})
    o2g.values["pin:set"] = {**body, "With_Secret_Code": True, "Pin_Group": 1}
    _send(o2g, actor, PIN_SET, t, json=body)


@when(
    parsers.re(
        ACTOR + r" sets a PIN on " + SET + r" with (?:(?P<n>\d+) digits|the control type \"(?P<control>[^\"]*)\")$"
    )
)
def set_bad_pin(o2g: World, undo: Undo, actor: str, set: str, n: str | None, control: str | None) -> None:
    """The actor sets a PIN on {set} with ({n} digits|the control type "{control}"); sends phoneset.devices.pin.get."""
    t = target(o2g, actor, set)
    _guard_pin(o2g, undo, t)
    body: dict[str, Any] = {"Pin_Number": "1" * int(n)} if n else {"Pin_Type_Of_Control": control}
    _send(o2g, actor, PIN_SET, t, json=body)


@then(parsers.re(r"the PIN of user (?P<role>[A-Z])'s phone is (?P<which>the one set|unchanged)$"))
def pin_is(o2g: World, role: str, which: str) -> None:
    """Checks that the PIN of user {role}'s phone is (the one set|unchanged) (via phoneset.devices.pin.get)."""
    t = target(o2g, f"user {role}", "its phone")
    expected = o2g.values["pin:set"] if which == "the one set" else o2g.values[f"pin:{t[2]}"]
    body = _read(o2g, t, PIN_GET)
    if any(body.get(k) != v for k, v in expected.items()):
        raise NonConformance(
            "the PIN read is the PIN set, with the table's types (Pin, L10602-10611)",
            op_id=PIN_GET,
            documented=expected,
            received=body,
        )
