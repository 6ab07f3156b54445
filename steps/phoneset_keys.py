"""Steps of Phone Set Programming: programmable, programmed and soft keys (reference from L10146), prefixes."""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, precondition
from .phoneset import (
    KEYS,
    MNEMONIC,
    PKEY_DELETE,
    PKEY_SET,
    PREFIX,
    PROGRAMMED,
    SET,
    SOFTKEYS,
    Target,
    _read,
    _restore,
    _send,
    target,
)
from .users import UNKNOWN_PHONE, body_dict

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
    """The actor (has programmed|programs) a free (key|soft key) of {set} with user {role}'s phone number."""
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
    """The actor erases that (key|soft key).

    Sends phoneset.devices.programmeablekeys.delete, phoneset.devices.softkeys.delete.
    """
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
    """The actor (programs|erases) the (key|soft key) at a position {set} does not have."""
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
    """The actor (programs|erases) the (key|soft key) at position "{position}" of {set}.

    Sends phoneset.devices.programmeablekeys.delete, phoneset.devices.softkeys.set.
    """
    t = target(o2g, actor, set)
    if verb == "programs":
        _send(o2g, actor, KEYS[family][1], t, position=position, json={"number": o2g.account(t[0]).number})
    else:
        _send(o2g, actor, KEYS[family][2], t, position=position)


@when(parsers.re(ACTOR + r" (?P<verb>programs|erases) the locked key of " + SET + r"$"))
def locked_key(o2g: World, undo: Undo, actor: str, verb: str, set: str) -> None:
    """The actor (programs|erases) the locked key of {set}; sends phoneset.devices.programmeablekeys.set."""
    t = target(o2g, actor, set)
    locked = [k for k in _keys(o2g, t, "key") if k.get("locked") is True and isinstance(k.get("position"), int)]
    if not locked:
        precondition(f"{t[2]} has no locked key (ProgrammeableKey.locked, L10625): the scenario needs one")
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
    """Checks that the (programmed keys|soft keys) of the set (include|no longer include) that (key|soft key).

    Reads phoneset.devices.programmedkeys.list, phoneset.devices.softkeys.list.
    """
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
    """Checks that the (key|soft key) at that position is unchanged: a refused request leaves the {family} as it was."""
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
    """Checks that every (key|soft key) is listed once by its position."""
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
    """The actor reads (its|{whose}'s) prefix "{type_}" ("{value}"|without a value); sends phoneset.prefixes.get."""
    login = o2g.account(whose[-1] if whose else actor_name(actor)).login
    query = {"type": type_} if value is None else {"type": type_, "value": value}
    o2g.response = o2g.session(actor_name(actor)).call(PREFIX, path={"loginName": login}, query=query)


@then(parsers.re(r"the prefix is \"(?P<value>[^\"]+)\" with its number$"))
def prefix_is(o2g: World, value: str) -> None:
    """Checks that the prefix is "{value}" with its number."""
    body = body_dict(o2g, "Prefix")
    number = body.get("number")
    if body.get("value") != value or not isinstance(number, str) or not re.fullmatch(r"[0-9*#]+", number):
        raise NonConformance(
            "the prefix asked for and the number to dial (Prefix, L10613-10617, example L10528)",
            op_id=PREFIX,
            documented=f'{{"value": "{value}", "number": digits}}',
            received=body,
        )
