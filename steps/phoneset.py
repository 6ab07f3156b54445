"""Steps of Phone Set Programming: devices, their states, PIN, keys, add-ons and prefixes (reference L9715-10660).

A set is named from the actor's side: `its phone` (the company phone), `its remote extension set` (a
MOBILE device of the target profile, else the company phone), `user B's phone`, `a set it does not own`
(another user's phone under the actor's own login) or `a set of an unknown user`. Every change is undone
at teardown from the state read before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object
from .users import UNKNOWN_LOGIN, UNKNOWN_PHONE

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

#: The set a step names, from the actor's side (a fixed choice, read by `target`).
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


@dataclass
class PhonesetNotes:
    """What the steps of a Phone Set Programming scenario hand on: states read before a change, the PIN
    and the key a step set (the restorations and the `unchanged` checks read them)."""

    #: (REActive|lock|campon, deviceId) -> the state before the scenario changed it.
    states: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: deviceId -> the associate number before the scenario changed it ("" for none).
    associates: dict[str, str] = field(default_factory=dict)
    #: deviceId -> the Pin read before the scenario changed it.
    pins: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The PIN the scenario set, as the table types it (With_Secret_Code bool, Pin_Group int).
    pin_set: dict[str, Any] | None = None
    #: (family, deviceId, position) -> the key before the scenario changed it (None: no key there).
    keys_before: dict[tuple[str, str, int], dict[str, Any] | None] = field(default_factory=dict)
    #: The key a step programmed or aimed at: (family, set, position, number).
    key: tuple[str, Target, int, str | None] | None = None


@pytest.fixture
def phoneset_notes() -> PhonesetNotes:
    """The scenario's Phone Set Programming notes (empty at its start)."""
    return PhonesetNotes()


def target(o2g: World, actor: str, text: str) -> Target:
    """(owner, loginName, deviceId) of the set a step names (see the module docstring).

    `actor` is an Actor (`administrator` or the role letter).
    """
    me = str(actor)
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


def set_path(t: Target, position: int | str | None = None) -> dict[str, str]:
    """The path parameters of a request on the set (and a key position)."""
    path = {"loginName": t[1], "deviceId": t[2]}
    if position is not None:
        path["position"] = str(position)
    return path


def _read(o2g: World, t: Target, op_id: str, **kwargs: Any) -> Any:
    """A read by the set's owner (a step's verification or the state to restore); fails unless 200."""
    response = o2g.aside(t[0], op_id, path=set_path(t), **kwargs)
    if response.status != 200:
        raise NonConformance(
            "the set's owner reads it back",
            op_id=op_id,
            documented="200",
            received=f"{response.status} {response.text}",
        )
    return response.json


def _restore(o2g: World, t: Target, op_id: str, *, by: str | None = None, **kwargs: Any) -> None:
    path = {**set_path(t), **kwargs.pop("path", {})}
    o2g.aside(by or t[0], op_id, path=path, **kwargs).raise_for_error()


# -- phoneset.devices.list / get ---------------------------------------------------------------------------------------


@when("{actor} lists (?:its|{whose:user}'s|(?P<unknown>an unknown user)'s) phone sets", target_fixture="answer")
def list_devices(o2g: World, actor: Actor, whose: Role | None, unknown: str | None) -> ApiResponse:
    """Sends phoneset.devices.list for the actor's own login, the user named or an unknown login."""
    login = UNKNOWN_LOGIN if unknown else o2g.account(whose or actor).login
    return o2g.send(actor, DEVICES, path={"loginName": login})


@then("the devices include those of user {role}")
def devices_include(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the devices listed include every device of the user (Devices.devices, L10565-10568)."""
    devices = answer_object(answer, "Devices").get("devices")
    ids = [d.get("id") for d in devices if isinstance(d, dict)] if isinstance(devices, list) else []
    account = o2g.account(role)
    wanted = [d.number for d in account.devices] or [account.number]
    if not all(n in ids for n in wanted):
        raise NonConformance(
            "the devices of a user (Devices.devices, L10565-10568)", op_id=DEVICES, documented=wanted, received=devices
        )


@then("the description is that of user {role}'s phone")
def description_of(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the device described is the one asked for: the user's phone (Device.id, L10556)."""
    body = answer_object(answer, "Device")
    if body.get("id") != o2g.account(role).number:
        raise NonConformance(
            "the device asked for (Device.id, L10556)", op_id=DEVICE, documented=o2g.account(role).number, received=body
        )


# -- reads of one set --------------------------------------------------------------------------------------------------


@when("{actor} reads the (?P<what>" + "|".join(READS) + ") of " + SET, target_fixture="answer")
def read_set(o2g: World, actor: Actor, what: str, set: str) -> ApiResponse:
    """Sends the read of one piece of the set named (description, states, add-ons, PIN, keys: READS)."""
    return o2g.send(actor, READS[what], path=set_path(target(o2g, actor, set)))


# -- remote extension, lock and camp-on --------------------------------------------------------------------------------


def _guard_state(o2g: World, notes: PhonesetNotes, undo: Undo, t: Target, what: str) -> None:
    """Remember a boolean state of the set before a step changes it; restore it at teardown."""
    if (what, t[2]) in notes.states:
        return
    if what == "REActive":
        before = bool(_read(o2g, t, RE_STATE).get("active"))
    else:
        before = bool(_read(o2g, t, DYNAMIC).get(what))
    notes.states[(what, t[2])] = before
    op_id = {"REActive": RE_SET, "lock": LOCK, "campon": CAMPON}[what]
    undo.append((f"{what} of {t[2]}", lambda: _restore(o2g, t, op_id, query={"activate": str(before).lower()})))


@given("{actor} has (?P<verb>activated|deactivated) the remote extension of " + SET, target_fixture="answer")
@when("{actor} (?P<verb>activates|deactivates) the remote extension of " + SET, target_fixture="answer")
def set_remote_extension(
    o2g: World, phoneset_notes: PhonesetNotes, undo: Undo, actor: Actor, verb: str, set: str
) -> ApiResponse:
    """Sends phoneset.devices.reactive.set (activate true|false), the state before restored at teardown."""
    t = target(o2g, actor, set)
    if t[0] != "unknown":
        _guard_state(o2g, phoneset_notes, undo, t, "REActive")
    query = {"activate": str(verb.startswith("activate")).lower()}
    response = o2g.send(actor, RE_SET, path=set_path(t), query=query)
    if verb.startswith("activated") or verb.startswith("deactivated"):
        assert response.status == 204, f"setting the remote extension failed: {response.status} {response.text}"
    return response


@when("{actor} (?P<verb>locks|unlocks|activates camp-on on|deactivates camp-on on) " + SET, target_fixture="answer")
def set_lock_or_campon(
    o2g: World, phoneset_notes: PhonesetNotes, undo: Undo, actor: Actor, verb: str, set: str
) -> ApiResponse:
    """Sends phoneset.devices.lock.set or campon.set; the state before (dynamicstate.get) restored at teardown."""
    t = target(o2g, actor, set)
    what = "lock" if verb.endswith("locks") else "campon"
    if t[0] != "unknown":
        _guard_state(o2g, phoneset_notes, undo, t, what)
    on = verb in ("locks", "activates camp-on on")
    return o2g.send(actor, LOCK if what == "lock" else CAMPON, path=set_path(t), query={"activate": str(on).lower()})


@when(
    "{actor} sets the (?P<what>remote extension|lock|camp-on) of " + SET + ' with the query "{query:text}"',
    target_fixture="answer",
)
def set_state_with_query(o2g: World, actor: Actor, what: str, set: str, query: str) -> ApiResponse:
    """Sends the PUT with `activate` as written: absent, without value or not a boolean (raw query, L9811)."""
    t = target(o2g, actor, set)
    op_id = {"remote extension": RE_SET, "lock": LOCK, "camp-on": CAMPON}[what]
    session = o2g.session(actor)
    url = session.url_for(op_id, set_path(t)) + (f"?{query}" if query else "")
    return session.request("PUT", url, op_id=op_id)


@then("the remote extension of user {role}'s (?P<which>phone|remote extension set) is (?P<state>active|inactive)")
def remote_extension_is(o2g: World, role: Role, which: str, state: str) -> None:
    """Checks, reading phoneset.devices.reactivestate.get, that REActivationState.active is the state named."""
    t = target(o2g, role, "its phone" if which == "phone" else "its remote extension set")
    body = _read(o2g, t, RE_STATE)
    if body.get("active") is not (state == "active"):
        # REActivationState.active (L10635); the example writes "activate" (L9872): the table's name is checked.
        raise NonConformance(
            "the remote extension state follows REActive (REActivationState.active, L10635)",
            op_id=RE_STATE,
            documented={"active": state == "active"},
            received=body,
        )


@then("the dynamic state of user {role}'s phone reads (?P<what>lock|camp-on) (?P<state>on|off)")
def dynamic_state_reads(o2g: World, role: Role, what: str, state: str) -> None:
    """Checks, reading phoneset.devices.dynamicstate.get, that DynamicState.lock/campon is on or off (L10584-10589)."""
    body = _read(o2g, target(o2g, role, "its phone"), DYNAMIC)
    name = "lock" if what == "lock" else "campon"
    if body.get(name) is not (state == "on"):
        raise NonConformance(
            f"DynamicState.{name} follows the last {name} request (L10584-10589)",
            op_id=DYNAMIC,
            documented={name: state == "on"},
            received=body,
        )


# -- associate ---------------------------------------------------------------------------------------------------------


def _guard_associate(o2g: World, notes: PhonesetNotes, undo: Undo, t: Target) -> None:
    if t[0] == "unknown" or t[2] in notes.associates:
        return
    before = _read(o2g, t, DYNAMIC).get("associate") or ""
    notes.associates[t[2]] = before
    undo.append((f"the associate of {t[2]}", lambda: _restore(o2g, t, ASSOCIATE, json={"number": before})))


@when(
    "{actor} sets the associate of " + SET + ' to (?:user {role}\'s phone number|"{raw:text}")',
    target_fixture="answer",
)
def set_associate(
    o2g: World,
    phoneset_notes: PhonesetNotes,
    undo: Undo,
    actor: Actor,
    set: str,
    role: Role | None,
    raw: str | None,
) -> ApiResponse:
    """Sends phoneset.devices.associate.set with the number; the associate before (dynamicstate.get) restored."""
    t = target(o2g, actor, set)
    _guard_associate(o2g, phoneset_notes, undo, t)
    number = o2g.account(role).number if role else raw
    return o2g.send(actor, ASSOCIATE, path=set_path(t), json={"number": number})


@then("the associate of user {role}'s phone is (?:user {other:role}'s phone number|unchanged)")
def associate_is(o2g: World, phoneset_notes: PhonesetNotes, role: Role, other: Role | None) -> None:
    """Checks, reading phoneset.devices.dynamicstate.get, that DynamicState.associate is the number set or as before."""
    t = target(o2g, role, "its phone")
    expected = o2g.account(other).number if other else phoneset_notes.associates.get(t[2]) or None
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


def _guard_pin(o2g: World, notes: PhonesetNotes, undo: Undo, t: Target) -> None:
    if t[0] == "unknown" or t[2] in notes.pins:
        return
    before = _read(o2g, t, PIN_GET)
    notes.pins[t[2]] = before

    def restore() -> None:
        if _read(o2g, t, PIN_GET) == before:
            return
        restored = {k: before[k] for k in ("With_Secret_Code", "Pin_Type_Of_Control", "Pin_Group") if k in before}
        restored["Pin_Number"] = before.get("Pin_Number", "")  # empty: no PIN, as before
        _restore(o2g, t, PIN_SET, json=restored)

    undo.append((f"the PIN of {t[2]}", restore))


@when("{actor} sets a PIN on " + SET + "(?P<form> as the reference's example writes it)?", target_fixture="answer")
def set_pin(
    o2g: World, phoneset_notes: PhonesetNotes, undo: Undo, actor: Actor, set: str, form: str | None
) -> ApiResponse:
    """Sends phoneset.devices.pin.set: a PIN of the length the set already uses (4 digits when none, L10097)."""
    t = target(o2g, actor, set)
    _guard_pin(o2g, phoneset_notes, undo, t)
    digits = "".join(str((7 - i) % 10) for i in range(_pin_length(o2g, t)))
    if form:  # With_Secret_Code and Pin_Group as strings (L10139-10144)
        body: dict[str, Any] = {"With_Secret_Code": "TRUE", "Pin_Group": "1"}
    else:
        body = {"With_Secret_Code": True, "Pin_Group": 1}
    body.update({"Pin_Number": digits, "Pin_Type_Of_Control": "PIN_Category"})
    phoneset_notes.pin_set = {**body, "With_Secret_Code": True, "Pin_Group": 1}
    return o2g.send(actor, PIN_SET, path=set_path(t), json=body)


@when(
    "{actor} sets a PIN on " + SET + ' with (?:{n:count} digits|the control type "{control:text}")',
    target_fixture="answer",
)
def set_bad_pin(
    o2g: World,
    phoneset_notes: PhonesetNotes,
    undo: Undo,
    actor: Actor,
    set: str,
    n: int | None,
    control: str | None,
) -> ApiResponse:
    """Sends phoneset.devices.pin.set with a PIN of n digits or the control type given (the PIN before restored)."""
    t = target(o2g, actor, set)
    _guard_pin(o2g, phoneset_notes, undo, t)
    body: dict[str, Any] = {"Pin_Number": "1" * n} if n is not None else {"Pin_Type_Of_Control": control}
    return o2g.send(actor, PIN_SET, path=set_path(t), json=body)


@then("the PIN of user {role}'s phone is (?P<which>the one set|unchanged)")
def pin_is(o2g: World, phoneset_notes: PhonesetNotes, role: Role, which: str) -> None:
    """Checks, reading phoneset.devices.pin.get, that the PIN is the one set or as before (Pin, L10602-10611)."""
    t = target(o2g, role, "its phone")
    if which == "the one set":
        expected = phoneset_notes.pin_set
        if expected is None:
            raise AssertionError("harness error: no PIN was set in this scenario")
    else:
        if t[2] not in phoneset_notes.pins:
            raise AssertionError(f"harness error: the PIN of {t[2]} was not read before a change in this scenario")
        expected = phoneset_notes.pins[t[2]]
    body = _read(o2g, t, PIN_GET)
    if any(body.get(k) != v for k, v in expected.items()):
        raise NonConformance(
            "the PIN read is the PIN set, with the table's types (Pin, L10602-10611)",
            op_id=PIN_GET,
            documented=expected,
            received=body,
        )
