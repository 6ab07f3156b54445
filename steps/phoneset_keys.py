"""Steps of Phone Set Programming: programmable, programmed and soft keys (reference from L10146), prefixes."""

from __future__ import annotations

import re
from typing import Any

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object, precondition
from .phoneset import (
    KEYS,
    MNEMONIC,
    PKEY_DELETE,
    PKEY_SET,
    PREFIX,
    PROGRAMMED,
    SET,
    SOFTKEYS,
    PhonesetNotes,
    Target,
    _read,
    _restore,
    set_path,
    target,
)
from .users import UNKNOWN_PHONE

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
        precondition(f"{t[2]} has no free {family}: the scenario needs one")
    return int(free[0])


def _guard_key(o2g: World, notes: PhonesetNotes, undo: Undo, t: Target, family: str, position: int) -> None:
    """Remember the key before a step changes it; at teardown set it back if it changed.

    A locked key is the administrator's (ProgrammeableKey.locked, L10625): the administrator restores it.
    """
    if (family, t[2], position) in notes.keys_before:
        return
    before = next((k for k in _keys(o2g, t, family) if k.get("position") == position), None)
    notes.keys_before[(family, t[2], position)] = before
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


def _noted_key(notes: PhonesetNotes) -> tuple[str, Target, int, str | None]:
    if notes.key is None:
        raise AssertionError("harness error: no key was programmed or aimed at earlier in this scenario")
    return notes.key


PROGRAM_FREE_KEY = (
    "{actor} (?P<verb>has programmed|programs) a free (?P<family>key|soft key) of "
    + SET
    + " with user {role}'s phone number"
)


@given(PROGRAM_FREE_KEY, target_fixture="answer")
@when(PROGRAM_FREE_KEY, target_fixture="answer")
def program_free_key(
    o2g: World, phoneset_notes: PhonesetNotes, undo: Undo, actor: Actor, verb: str, family: str, set: str, role: Role
) -> ApiResponse:
    """Sends the PUT of the set's first free key (or soft key) with the user's number; the key before restored."""
    t = target(o2g, actor, set)
    position = _free_position(o2g, t, family)
    _guard_key(o2g, phoneset_notes, undo, t, family, position)
    number = o2g.account(role).number
    phoneset_notes.key = (family, t, position, number)
    body = _key_body(family, position, number)
    response = o2g.send(actor, KEYS[family][1], path=set_path(t, position), json=body)
    if verb == "has programmed" and response.status != 204:
        raise AssertionError(f"programming {family} {position} failed: {response.status} {response.text}")
    return response


@when("{actor} erases that (?P<family>key|soft key)", target_fixture="answer")
def erase_that_key(o2g: World, phoneset_notes: PhonesetNotes, actor: Actor, family: str) -> ApiResponse:
    """Sends phoneset.devices.programmeablekeys.delete or softkeys.delete at the position programmed before."""
    _, t, position, _ = _noted_key(phoneset_notes)
    return o2g.send(actor, KEYS[family][2], path=set_path(t, position))


@when(
    "{actor} programs a free (?P<family>key|soft key) of " + SET + " with a body naming another position",
    target_fixture="answer",
)
def program_key_other_position(
    o2g: World, phoneset_notes: PhonesetNotes, undo: Undo, actor: Actor, family: str, set: str
) -> ApiResponse:
    """Sends the PUT of a free key whose body names the next position (the position MUST match, L10203, L10359)."""
    t = target(o2g, actor, set)
    position = _free_position(o2g, t, family)
    _guard_key(o2g, phoneset_notes, undo, t, family, position)
    phoneset_notes.key = (family, t, position, None)
    body = _key_body(family, position + 1, o2g.account(t[0]).number)
    return o2g.send(actor, KEYS[family][1], path=set_path(t, position), json=body)


@when(
    "{actor} (?P<verb>programs|erases) the (?P<family>key|soft key) at a position " + SET + " does not have",
    target_fixture="answer",
)
def key_out_of_range(o2g: World, actor: Actor, verb: str, family: str, set: str) -> ApiResponse:
    """Sends the PUT or DELETE of the key one past the last position the set lists."""
    t = target(o2g, actor, set)
    positions = [k["position"] for k in _keys(o2g, t, family) if isinstance(k.get("position"), int)]
    position = max(positions, default=0) + 1
    if verb == "programs":
        body = _key_body(family, position, UNKNOWN_PHONE)
        return o2g.send(actor, KEYS[family][1], path=set_path(t, position), json=body)
    return o2g.send(actor, KEYS[family][2], path=set_path(t, position))


@when(
    '{actor} (?P<verb>programs|erases) the (?P<family>key|soft key) at position "(?P<position>[^"]+)" of ' + SET,
    target_fixture="answer",
)
def key_at_raw_position(o2g: World, actor: Actor, verb: str, family: str, position: str, set: str) -> ApiResponse:
    """Sends the PUT (the owner's number) or DELETE of the key at the position as written (`three`, `1`)."""
    t = target(o2g, actor, set)
    if verb == "programs":
        body = {"number": o2g.account(t[0]).number}
        return o2g.send(actor, KEYS[family][1], path=set_path(t, position), json=body)
    return o2g.send(actor, KEYS[family][2], path=set_path(t, position))


@when("{actor} (?P<verb>programs|erases) the locked key of " + SET, target_fixture="answer")
def locked_key(o2g: World, phoneset_notes: PhonesetNotes, undo: Undo, actor: Actor, verb: str, set: str) -> ApiResponse:
    """Sends phoneset.devices.programmeablekeys.set or delete on the set's first locked key (L10625)."""
    t = target(o2g, actor, set)
    locked = [k for k in _keys(o2g, t, "key") if k.get("locked") is True and isinstance(k.get("position"), int)]
    if not locked:
        precondition(f"{t[2]} has no locked key (ProgrammeableKey.locked, L10625): the scenario needs one")
    position = int(locked[0]["position"])
    _guard_key(o2g, phoneset_notes, undo, t, "key", position)
    phoneset_notes.key = ("key", t, position, locked[0].get("number"))
    if verb == "programs":
        body = {"position": position, "number": UNKNOWN_PHONE}
        return o2g.send(actor, PKEY_SET, path=set_path(t, position), json=body)
    return o2g.send(actor, PKEY_DELETE, path=set_path(t, position))


def _key_at(o2g: World, notes: PhonesetNotes, family: str) -> tuple[Target, int, str | None, dict[str, Any] | None]:
    _, t, position, number = _noted_key(notes)
    list_op = PROGRAMMED if family == "key" else SOFTKEYS
    field = KEYS[family][3]
    keys = _read(o2g, t, list_op).get(field) or []
    return t, position, number, next((k for k in keys if isinstance(k, dict) and k.get("position") == position), None)


@then(
    "the (?P<listing>programmed keys|soft keys) of the set (?P<verb>include|no longer include)"
    " that (?P<family>key|soft key)"
)
def keys_include(o2g: World, phoneset_notes: PhonesetNotes, listing: str, verb: str, family: str) -> None:
    """Checks, reading programmedkeys.list or softkeys.list, that the key is listed with its number or is gone."""
    _, position, number, key = _key_at(o2g, phoneset_notes, family)
    present = key is not None and key.get("number") == number and key.get("mnemonic") == MNEMONIC
    wanted = f"programmed with {number}" if verb == "include" else "free or absent"
    if present != (verb == "include"):
        raise NonConformance(
            f"the {listing} follow PUT and DELETE of a {family} (L10226-10262, L10386-10422)",
            op_id=PROGRAMMED if family == "key" else SOFTKEYS,
            documented=f"position {position} {wanted}",
            received=key,
        )


@then("the (?P<family>key|soft key) at that position is unchanged")
def key_unchanged(o2g: World, phoneset_notes: PhonesetNotes, family: str) -> None:
    """Checks, reading the set's keys, that a refused request left the key at that position as it was."""
    t, position, _, _ = _key_at(o2g, phoneset_notes, family)
    before = phoneset_notes.keys_before.get((family, t[2], position))
    now = next((k for k in _keys(o2g, t, family) if k.get("position") == position), None)
    if now != before:
        raise NonConformance(f"a refused request leaves the {family} as it was", documented=before, received=now)


@then("the keys listed are programmed keys among the programmable keys of user {role}'s phone")
def programmed_among(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that programmedKeys is the programmed subset of programmeableKeys (L10267-10300, L10149-10190)."""
    listed = answer_object(answer, "ProgrammeableKeys").get("pkeys") or []
    t = target(o2g, role, "its phone")
    every = {k.get("position"): k for k in _keys(o2g, t, "key")}
    wrong = [k for k in listed if _free(k) or every.get(k.get("position")) != k]
    if wrong:
        raise NonConformance(
            "the programmed keys are the programmable keys that have a number or mnemonic",
            op_id=PROGRAMMED,
            documented="programmed keys, each as programmeableKeys lists it",
            received=wrong,
        )


@then("every (?P<family>key|soft key) is listed once by its position")
def keys_once(answer: ApiResponse, family: str) -> None:
    """Checks that the answer lists each key once, each with an integer position (L10179-10190, L10338-10346)."""
    field = KEYS[family][3]
    keys = answer_object(answer, "keys").get(field)
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
    '{actor} reads (?:its|{whose:user}\'s) prefix "{type_:text}" (?:"{value:text}"|without a value)',
    target_fixture="answer",
)
def read_prefix(o2g: World, actor: Actor, whose: Role | None, type_: str, value: str | None) -> ApiResponse:
    """Sends phoneset.prefixes.get for the actor's (or the user's) login with the type and value given."""
    login = o2g.account(whose or actor).login
    query = {"type": type_} if value is None else {"type": type_, "value": value}
    return o2g.send(actor, PREFIX, path={"loginName": login}, query=query)


@then('the prefix is "(?P<value>[^"]+)" with its number')
def prefix_is(answer: ApiResponse, value: str) -> None:
    """Checks that the answer is the prefix asked for with the digits to dial (Prefix, L10613-10617, L10528)."""
    body = answer_object(answer, "Prefix")
    number = body.get("number")
    if body.get("value") != value or not isinstance(number, str) or not re.fullmatch(r"[0-9*#]+", number):
        raise NonConformance(
            "the prefix asked for and the number to dial (Prefix, L10613-10617, example L10528)",
            op_id=PREFIX,
            documented=f'{{"value": "{value}", "number": digits}}',
            received=body,
        )
