"""Steps of Phone Set Programming: devices, their states, PIN, keys, add-ons and prefixes (reference L9715-10660).

A set is named from the actor's side: `its phone` (the company phone), `its remote extension set` (a
MOBILE device of the target profile, else the company phone), `user B's phone`, `a set it does not own`
(another user's phone under the actor's own login) or `a set of an unknown user`. Every change is undone
at teardown from the state read before it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World

from .common import ACTOR, actor_name
from .users import UNKNOWN_LOGIN, UNKNOWN_PHONE, Undo, aux, body_dict

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
    if whose is None:
        login = o2g.account(actor_name(actor)).login
    else:
        login = UNKNOWN_LOGIN if whose == "an unknown user" else o2g.account(whose[-1]).login
    o2g.response = o2g.session(actor_name(actor)).call(DEVICES, path={"loginName": login})


@then(parsers.re(r"the devices include those of user (?P<role>[A-Z])$"))
def devices_include(o2g: World, role: str) -> None:
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
    body = body_dict(o2g, "Device")
    if body.get("id") != o2g.account(role).number:
        raise NonConformance(
            "the device asked for (Device.id, L10556)", op_id=DEVICE, documented=o2g.account(role).number, received=body
        )


# -- reads of one set --------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads the (?P<what>" + "|".join(READS) + r") of " + SET + r"$"))
def read_set(o2g: World, actor: str, what: str, set: str) -> None:
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
    t = target(o2g, actor, set)
    if t[0] != "unknown":
        _guard_state(o2g, undo, t, "REActive")
    response = _send(o2g, actor, RE_SET, t, query={"activate": str(verb.startswith("activate")).lower()})
    if verb.startswith("activated") or verb.startswith("deactivated"):
        assert response.status == 204, f"setting the remote extension failed: {response.status} {response.text}"


@when(parsers.re(ACTOR + r" (?P<verb>locks|unlocks|activates camp-on on|deactivates camp-on on) " + SET + r"$"))
def set_lock_or_campon(o2g: World, undo: Undo, actor: str, verb: str, set: str) -> None:
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
    t = target(o2g, actor, set)
    _guard_associate(o2g, undo, t)
    number = o2g.account(role).number if role else raw
    _send(o2g, actor, ASSOCIATE, t, json={"number": number})


@then(
    parsers.re(r"the associate of user (?P<role>[A-Z])'s phone is (?:user (?P<other>[A-Z])'s phone number|unchanged)$")
)
def associate_is(o2g: World, role: str, other: str | None) -> None:
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
    t = target(o2g, actor, set)
    _guard_pin(o2g, undo, t)
    body: dict[str, Any] = {"Pin_Number": "1" * int(n)} if n else {"Pin_Type_Of_Control": control}
    _send(o2g, actor, PIN_SET, t, json=body)


@then(parsers.re(r"the PIN of user (?P<role>[A-Z])'s phone is (?P<which>the one set|unchanged)$"))
def pin_is(o2g: World, role: str, which: str) -> None:
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


# -- programmable and soft keys ----------------------------------------------------------------------------------------


def _keys(o2g: World, t: Target, family: str) -> list[dict[str, Any]]:
    list_op, _, _, field = KEYS[family]
    keys = _read(o2g, t, list_op).get(field)
    if not isinstance(keys, list):
        raise NonConformance(f"the {family}s of a set are listed under '{field}'", op_id=list_op, received=keys)
    return [k for k in keys if isinstance(k, dict)]


def _free(key: dict[str, Any]) -> bool:
    return not key.get("number") and not key.get("mnemonic") and not key.get("locked")


def _free_position(o2g: World, t: Target, family: str) -> int:
    free = [k["position"] for k in _keys(o2g, t, family) if _free(k) and isinstance(k.get("position"), int)]
    if not free:
        pytest.skip(f"{t[2]} has no free {family}: the scenario needs one")
    return int(free[0])


def _guard_key(o2g: World, undo: Undo, t: Target, family: str, position: int) -> None:
    """Remember the key before a step changes it; at teardown set it back if it changed.

    A locked key is the administrator's (ProgrammeableKey.locked, L10625): the administrator restores it.
    """
    key_id = f"{family}:{t[2]}:{position}"
    if key_id in o2g.values:
        return
    before = next((k for k in _keys(o2g, t, family) if k.get("position") == position), None)
    o2g.values[key_id] = before
    _, set_op, delete_op, _ = KEYS[family]
    by = "administrator" if before is not None and before.get("locked") else None

    def restore() -> None:
        if next((k for k in _keys(o2g, t, family) if k.get("position") == position), None) == before:
            return
        if before is None or _free(before):
            _restore(o2g, t, delete_op, by=by, path={"position": str(position)})
        else:
            body = {k: before[k] for k in ("position", "number", "mnemonic", "locked") if k in before}
            _restore(o2g, t, set_op, by=by, path={"position": str(position)}, json=body)

    undo.append((f"{family} {position} of {t[2]}", restore))


def _key_body(family: str, position: int, number: str) -> dict[str, Any]:
    body: dict[str, Any] = {"position": position, "number": number, "mnemonic": MNEMONIC}
    if family == "key":
        body["locked"] = False  # the example's body (L10228)
    return body


PROGRAM_FREE_KEY = (
    ACTOR
    + r" (?P<verb>has programmed|programs) a free (?P<family>key|soft key) of "
    + SET
    + r" with user (?P<role>[A-Z])'s phone number$"
)


@given(parsers.re(PROGRAM_FREE_KEY))
@when(parsers.re(PROGRAM_FREE_KEY))
def program_free_key(o2g: World, undo: Undo, actor: str, verb: str, family: str, set: str, role: str) -> None:
    t = target(o2g, actor, set)
    position = _free_position(o2g, t, family)
    _guard_key(o2g, undo, t, family, position)
    number = o2g.account(role).number
    o2g.values["key"] = (family, t, position, number)
    response = _send(o2g, actor, KEYS[family][1], t, position=position, json=_key_body(family, position, number))
    if verb == "has programmed" and response.status != 204:
        raise AssertionError(f"programming {family} {position} failed: {response.status} {response.text}")


@when(parsers.re(ACTOR + r" erases that (?P<family>key|soft key)$"))
def erase_that_key(o2g: World, actor: str, family: str) -> None:
    _, t, position, _ = o2g.values["key"]
    _send(o2g, actor, KEYS[family][2], t, position=position)


@when(
    parsers.re(
        ACTOR + r" programs a free (?P<family>key|soft key) of " + SET + r" with a body naming another position$"
    )
)
def program_key_other_position(o2g: World, undo: Undo, actor: str, family: str, set: str) -> None:
    """The path position MUST be the body's (L10203, L10359)."""
    t = target(o2g, actor, set)
    position = _free_position(o2g, t, family)
    _guard_key(o2g, undo, t, family, position)
    o2g.values["key"] = (family, t, position, None)
    body = _key_body(family, position + 1, o2g.account(t[0]).number)
    _send(o2g, actor, KEYS[family][1], t, position=position, json=body)


@when(
    parsers.re(
        ACTOR + r" (?P<verb>programs|erases) the (?P<family>key|soft key) at a position " + SET + r" does not have$"
    )
)
def key_out_of_range(o2g: World, actor: str, verb: str, family: str, set: str) -> None:
    t = target(o2g, actor, set)
    positions = [k["position"] for k in _keys(o2g, t, family) if isinstance(k.get("position"), int)]
    position = max(positions, default=0) + 1
    if verb == "programs":
        _send(o2g, actor, KEYS[family][1], t, position=position, json=_key_body(family, position, UNKNOWN_PHONE))
    else:
        _send(o2g, actor, KEYS[family][2], t, position=position)


@when(
    parsers.re(
        ACTOR
        + r" (?P<verb>programs|erases) the (?P<family>key|soft key) at position \"(?P<position>[^\"]+)\" of "
        + SET
        + r"$"
    )
)
def key_at_raw_position(o2g: World, actor: str, verb: str, family: str, position: str, set: str) -> None:
    t = target(o2g, actor, set)
    if verb == "programs":
        _send(o2g, actor, KEYS[family][1], t, position=position, json={"number": o2g.account(t[0]).number})
    else:
        _send(o2g, actor, KEYS[family][2], t, position=position)


@when(parsers.re(ACTOR + r" (?P<verb>programs|erases) the locked key of " + SET + r"$"))
def locked_key(o2g: World, undo: Undo, actor: str, verb: str, set: str) -> None:
    t = target(o2g, actor, set)
    locked = [k for k in _keys(o2g, t, "key") if k.get("locked") is True and isinstance(k.get("position"), int)]
    if not locked:
        pytest.skip(f"{t[2]} has no locked key (ProgrammeableKey.locked, L10625): the scenario needs one")
    position = int(locked[0]["position"])
    _guard_key(o2g, undo, t, "key", position)
    o2g.values["key"] = ("key", t, position, locked[0].get("number"))
    if verb == "programs":
        _send(o2g, actor, PKEY_SET, t, position=position, json={"position": position, "number": UNKNOWN_PHONE})
    else:
        _send(o2g, actor, PKEY_DELETE, t, position=position)


def _key_at(o2g: World, family: str) -> tuple[Target, int, str | None, dict[str, Any] | None]:
    _, t, position, number = o2g.values["key"]
    list_op = PROGRAMMED if family == "key" else SOFTKEYS
    field = KEYS[family][3]
    keys = _read(o2g, t, list_op).get(field) or []
    return t, position, number, next((k for k in keys if isinstance(k, dict) and k.get("position") == position), None)


@then(
    parsers.re(
        r"the (?P<listing>programmed keys|soft keys) of the set (?P<verb>include|no longer include)"
        r" that (?P<family>key|soft key)$"
    )
)
def keys_include(o2g: World, listing: str, verb: str, family: str) -> None:
    _, position, number, key = _key_at(o2g, family)
    present = key is not None and key.get("number") == number and key.get("mnemonic") == MNEMONIC
    wanted = f"programmed with {number}" if verb == "include" else "free or absent"
    if present != (verb == "include"):
        raise NonConformance(
            f"the {listing} follow PUT and DELETE of a {family} (L10226-10262, L10386-10422)",
            op_id=PROGRAMMED if family == "key" else SOFTKEYS,
            documented=f"position {position} {wanted}",
            received=key,
        )


@then(parsers.re(r"the (?P<family>key|soft key) at that position is unchanged$"))
def key_unchanged(o2g: World, family: str) -> None:
    t, position, _, _ = _key_at(o2g, family)
    before = o2g.values.get(f"{family}:{t[2]}:{position}")
    now = next((k for k in _keys(o2g, t, family) if k.get("position") == position), None)
    if now != before:
        raise NonConformance(f"a refused request leaves the {family} as it was", documented=before, received=now)


@then(parsers.re(r"the keys listed are programmed keys among the programmable keys of user (?P<role>[A-Z])'s phone$"))
def programmed_among(o2g: World, role: str) -> None:
    """programmedKeys is the programmed subset of programmeableKeys (L10267-10300, L10149-10190)."""
    listed = body_dict(o2g, "ProgrammeableKeys").get("pkeys") or []
    t = target(o2g, f"user {role}", "its phone")
    every = {k.get("position"): k for k in _keys(o2g, t, "key")}
    wrong = [k for k in listed if _free(k) or every.get(k.get("position")) != k]
    if wrong:
        raise NonConformance(
            "the programmed keys are the programmable keys that have a number or mnemonic",
            op_id=PROGRAMMED,
            documented="programmed keys, each as programmeableKeys lists it",
            received=wrong,
        )


@then(parsers.re(r"every (?P<family>key|soft key) is listed once by its position$"))
def keys_once(o2g: World, family: str) -> None:
    field = KEYS[family][3]
    keys = body_dict(o2g, "keys").get(field)
    positions = [k.get("position") for k in keys if isinstance(k, dict)] if isinstance(keys, list) else None
    if not positions or not all(isinstance(p, int) for p in positions) or len(set(positions)) != len(positions):
        raise NonConformance(
            f"the {family}s of a set, each with its position (L10179-10190, L10338-10346)",
            op_id=KEYS[family][0],
            documented=f"'{field}': one object per position",
            received=keys,
        )


# -- prefixes ----------------------------------------------------------------------------------------------------------


@when(
    parsers.re(
        ACTOR + r" reads (?:its|(?P<whose>user [A-Z])'s) prefix \"(?P<type_>[^\"]*)\""
        r" (?:\"(?P<value>[^\"]*)\"|without a value)$"
    )
)
def read_prefix(o2g: World, actor: str, whose: str | None, type_: str, value: str | None) -> None:
    login = o2g.account(whose[-1] if whose else actor_name(actor)).login
    query = {"type": type_} if value is None else {"type": type_, "value": value}
    o2g.response = o2g.session(actor_name(actor)).call(PREFIX, path={"loginName": login}, query=query)


@then(parsers.re(r"the prefix is \"(?P<value>[^\"]+)\" with its number$"))
def prefix_is(o2g: World, value: str) -> None:
    body = body_dict(o2g, "Prefix")
    number = body.get("number")
    if body.get("value") != value or not isinstance(number, str) or not re.fullmatch(r"[0-9*#]+", number):
        raise NonConformance(
            "the prefix asked for and the number to dial (Prefix, L10613-10617, example L10528)",
            op_id=PREFIX,
            documented=f'{{"value": "{value}", "number": digits}}',
            received=body,
        )
