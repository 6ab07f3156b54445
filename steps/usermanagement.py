"""Steps of User Management: list, create, get and delete O2G users (reference L1693-2073)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, precondition
from .users import (
    ROLE,
    UNKNOWN_LOGIN,
    UNKNOWN_PHONE,
    aux,
    body_dict,
    check_devices,
    check_user,
    node_of,
    user_record,
)

LIST = "usermanagement.users.list"
CREATE = "usermanagement.users.create"
GET = "usermanagement.user.get"
DELETE = "usermanagement.user.delete"
ADMIN = "administrator"
#: An OXE node number no target has (the value is the point).
UNKNOWN_NODE = 9999


def _node_value(node: str) -> int | str:
    """UserCreateRequest.nodeId is an int (L2029); the examples send a string (L1807): send the documented type."""
    return int(node) if node.isdigit() else node


def _restore_user(o2g: World, role: str) -> None:
    """Create the O2G user of `role` again unless it exists (a deletion is undone: nothing is left behind)."""
    account = o2g.account(role)
    node = _node_value(node_of(o2g, role, via=ADMIN))
    session = o2g.session(ADMIN)
    if session.call(GET, path={"loginName": account.login}).status == 200:
        return
    session.call(CREATE, json={"nodeId": node, "deviceNumbers": [account.number]}, raise_for_error=True)


def _guard(o2g: World, undo: Undo, role: str) -> None:
    """Before a request that may delete `role`: remember its account and register its restoration, once."""
    guarded: set[str] = o2g.values.setdefault("um-guarded", set())
    if role in guarded:
        return
    user_record(o2g, role, via=ADMIN)
    node_of(o2g, role, via=ADMIN)
    guarded.add(role)
    undo.append((f"the O2G user of user {role}", lambda: _restore_user(o2g, role)))


def secondary_device(o2g: World, role: str) -> str:
    """A device of `role` other than its company phone (the profile's devices, else the target's)."""
    account = o2g.account(role)
    numbers = [d.number for d in account.devices]
    if not numbers:
        devices = user_record(o2g, role, via=ADMIN).get("devices") or []
        numbers = [str(d.get("id")) for d in devices if isinstance(d, dict) and d.get("id")]
    others = [n for n in numbers if n != account.company_phone]
    if not others:
        precondition(f"user {role} has a single device: the scenario needs a multi-device user")
    return others[0]


def _created_users(o2g: World) -> list[Any]:
    body = body_dict(o2g, "Users")
    users = body.get("users")
    if not isinstance(users, list):
        raise NonConformance(
            "the creation answers the Users it created (L1789-1790, L2035-2040)",
            op_id=CREATE,
            documented='{"users": [User, ...]}',
            received=body,
        )
    return users


# -- usermanagement.users.list -----------------------------------------------------------------------------------------


def _list(o2g: World, actor: str, query: dict[str, str] | None = None) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(LIST, query=query)


@when(parsers.re(ACTOR + r" lists the O2G users$"))
def list_users(o2g: World, actor: str) -> None:
    """The actor lists the O2G users; sends usermanagement.users.list."""
    _list(o2g, actor)


@when(parsers.re(ACTOR + r" lists the O2G users by the phone number of " + ROLE + r"$"))
def list_by_number(o2g: World, actor: str, role: str) -> None:
    """The actor lists the O2G users by the phone number of user {role}; sends usermanagement.users.list."""
    _list(o2g, actor, {"deviceNumber": o2g.account(role).number})


@when(parsers.re(ACTOR + r" lists the O2G users by the secondary device of " + ROLE + r"$"))
def list_by_secondary(o2g: World, actor: str, role: str) -> None:
    """The actor lists the O2G users by the secondary device of user {role}; sends usermanagement.users.list."""
    _list(o2g, actor, {"deviceNumber": secondary_device(o2g, role)})


@when(parsers.re(ACTOR + r" lists the O2G users on the node of " + ROLE + r"$"))
def list_on_node(o2g: World, actor: str, role: str) -> None:
    """The actor lists the O2G users on the node of user {role}; sends usermanagement.users.list."""
    _list(o2g, actor, {"nodeIds": node_of(o2g, role, via=ADMIN)})


@when(parsers.re(ACTOR + r" lists the O2G users with the query \"(?P<query>[^\"]*)\"$"))
def list_with_query(o2g: World, actor: str, query: str) -> None:
    """The actor lists the O2G users with the query "{query}"; sends usermanagement.users.list."""
    name, _, value = query.partition("=")
    _list(o2g, actor, {name: value})


@then(parsers.re(r"the O2G users (?P<no>no longer )?include " + ROLE + r"$"))
def users_include(o2g: World, no: str | None, role: str) -> None:
    """Checks that the O2G users [no longer ]include user {role}: the administrator lists the O2G users (L1725-1760).

    Reads usermanagement.users.list.
    """
    login = o2g.account(role).login
    response = aux(o2g, ADMIN, LIST)
    logins = response.json.get("loginNames") if isinstance(response.json, dict) else None
    if response.status != 200 or not isinstance(logins, list):
        raise NonConformance(
            "the administrator lists the O2G users (L1725-1760)",
            op_id=LIST,
            documented="200 with a LoginsResponse",
            received=f"{response.status} {response.text[:200]}",
        )
    if (login in logins) == bool(no):
        raise NonConformance(
            "the list of O2G users follows creations and deletions (L1715-1717)",
            op_id=LIST,
            documented=f"{login} {'absent' if no else 'listed'}",
            received=logins,
        )


# -- usermanagement.users.create ---------------------------------------------------------------------------------------


def _create(o2g: World, actor: str, body: dict[str, Any]) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(CREATE, json=body)


@given(parsers.re(r"the administrator has created the O2G user of " + ROLE + r" again$"))
def created_again(o2g: World, role: str) -> None:
    """Precondition: the administrator has created the O2G user of user {role} again.

    Set up with usermanagement.users.create.
    """
    account = o2g.account(role)
    _create(
        o2g,
        "the administrator",
        {"nodeId": _node_value(node_of(o2g, role, via=ADMIN)), "deviceNumbers": [account.number]},
    )
    status = o2g.response.status if o2g.response else None
    if status != 200:
        raise AssertionError(f"creating the O2G user of user {role} again failed: {status}")


@when(parsers.re(ACTOR + r" creates the O2G user of " + ROLE + r" from its (?P<device>phone number|secondary device)$"))
def create_user(o2g: World, actor: str, role: str, device: str) -> None:
    """The actor creates the O2G user of user {role} from its (phone number|secondary device).

    Sends usermanagement.users.create.
    """
    number = o2g.account(role).number if device == "phone number" else secondary_device(o2g, role)
    _create(o2g, actor, {"nodeId": _node_value(node_of(o2g, role, via=ADMIN)), "deviceNumbers": [number]})


@when(parsers.re(ACTOR + r" creates an O2G user from the phone number of " + ROLE + r" on a node that does not exist$"))
def create_unknown_node(o2g: World, actor: str, role: str) -> None:
    """The actor creates an O2G user from the phone number of user {role} on a node that does not exist.

    Sends usermanagement.users.create.
    """
    _create(o2g, actor, {"nodeId": UNKNOWN_NODE, "deviceNumbers": [o2g.account(role).number]})


@when(parsers.re(ACTOR + r" creates an O2G user from a number that no subscriber of the node of " + ROLE + r" has$"))
def create_unknown_number(o2g: World, actor: str, role: str) -> None:
    """The actor creates an O2G user from a number that no subscriber of the node of user {role} has.

    Sends usermanagement.users.create.
    """
    _create(o2g, actor, {"nodeId": _node_value(node_of(o2g, role, via=ADMIN)), "deviceNumbers": [UNKNOWN_PHONE]})


@when(parsers.re(ACTOR + r" creates an O2G user from the phone number of " + ROLE + r" without a node$"))
def create_without_node(o2g: World, actor: str, role: str) -> None:
    """The actor creates an O2G user from the phone number of user {role} without a node.

    Sends usermanagement.users.create.
    """
    _create(o2g, actor, {"deviceNumbers": [o2g.account(role).number]})


@when(
    parsers.re(ACTOR + r" creates an O2G user from the phone number of " + ROLE + r" on a node that is not a number$")
)
def create_node_not_a_number(o2g: World, actor: str, role: str) -> None:
    """The actor creates an O2G user from the phone number of user {role} on a node that is not a number.

    Sends usermanagement.users.create.
    """
    _create(o2g, actor, {"nodeId": "seven", "deviceNumbers": [o2g.account(role).number]})


@when(parsers.re(ACTOR + r" creates an O2G user on the node of " + ROLE + r" without device numbers$"))
def create_without_numbers(o2g: World, actor: str, role: str) -> None:
    """The actor creates an O2G user on the node of user {role} without device numbers.

    Sends usermanagement.users.create.
    """
    _create(o2g, actor, {"nodeId": _node_value(node_of(o2g, role, via=ADMIN))})


@when(parsers.re(ACTOR + r" creates an O2G user on the node of " + ROLE + r" with \"all\" set to false$"))
def create_all_false(o2g: World, actor: str, role: str) -> None:
    """The actor creates an O2G user on the node of user {role} with "all" set to false.

    Sends usermanagement.users.create.
    """
    _create(o2g, actor, {"nodeId": _node_value(node_of(o2g, role, via=ADMIN)), "all": False})


@then(parsers.re(r"the created users are exactly " + ROLE + r"$"))
def created_exactly(o2g: World, role: str) -> None:
    """Checks that the created users are exactly user {role}."""
    users = _created_users(o2g)
    if len(users) != 1:
        raise NonConformance(
            "the creation answers the users of the numbers given (L1778-1779, L1824-1860)",
            op_id=CREATE,
            documented=f"one user: {o2g.account(role).login}",
            received=users,
        )
    check_user(o2g, users[0], role, op_id=CREATE, what="the created user")


@then(parsers.re(r"the created user carries the devices of " + ROLE + r"$"))
def created_devices(o2g: World, role: str) -> None:
    """Checks that the created user carries the devices of user {role}."""
    users = _created_users(o2g)
    check_devices(o2g, users[0] if users else None, role, op_id=CREATE)


# -- usermanagement.user.get -------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" gets the O2G user of " + ROLE + r"$"))
def get_user(o2g: World, actor: str, role: str) -> None:
    """The actor gets the O2G user of user {role}; sends usermanagement.user.get."""
    o2g.response = o2g.session(actor_name(actor)).call(GET, path={"loginName": o2g.account(role).login})


@when(parsers.re(ACTOR + r" gets an unknown O2G user$"))
def get_unknown_user(o2g: World, actor: str) -> None:
    """The actor gets an unknown O2G user; sends usermanagement.user.get."""
    o2g.response = o2g.session(actor_name(actor)).call(GET, path={"loginName": UNKNOWN_LOGIN})


# -- usermanagement.user.delete ----------------------------------------------------------------------------------------


@given(parsers.re(r"the O2G user of " + ROLE + r" has been deleted$"))
def user_deleted(o2g: World, undo: Undo, role: str) -> None:
    """Precondition: the O2G user of user {role} has been deleted; undone at the end.

    Set up with usermanagement.user.delete.
    """
    delete_user(o2g, undo, "the administrator", role)
    if o2g.response is None or o2g.response.status != 204:
        status = o2g.response.status if o2g.response else None
        raise AssertionError(f"deleting the O2G user of user {role} failed: {status}")


@when(parsers.re(ACTOR + r" deletes the O2G user of " + ROLE + r"$"))
def delete_user(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor deletes the O2G user of user {role}; sends usermanagement.users.create, usermanagement.user.get."""
    _guard(o2g, undo, role)
    o2g.response = o2g.session(actor_name(actor)).call(DELETE, path={"loginName": o2g.account(role).login})


@when(parsers.re(ACTOR + r" deletes an unknown O2G user$"))
def delete_unknown_user(o2g: World, actor: str) -> None:
    """The actor deletes an unknown O2G user; sends usermanagement.user.delete."""
    o2g.response = o2g.session(actor_name(actor)).call(DELETE, path={"loginName": UNKNOWN_LOGIN})
