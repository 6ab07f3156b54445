"""Steps of User Management: list, create, get and delete O2G users (reference L1693-2073)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object, precondition
from .users import (
    UNKNOWN_LOGIN,
    UNKNOWN_PHONE,
    UserRecords,
    check_devices,
    check_user,
)

LIST = "usermanagement.users.list"
CREATE = "usermanagement.users.create"
GET = "usermanagement.user.get"
DELETE = "usermanagement.user.delete"
ADMIN = "administrator"
#: An OXE node number no target has (the value is the point).
UNKNOWN_NODE = 9999


@dataclass
class UserManagementNotes:
    """The users a scenario may delete: each is created again when the scenario ends, once."""

    guarded: set[str] = field(default_factory=set)


@pytest.fixture
def usermanagement_notes() -> UserManagementNotes:
    """The user management steps' notes of one scenario."""
    return UserManagementNotes()


def _node_value(node: str) -> int | str:
    """UserCreateRequest.nodeId is an int (L2029); the examples send a string (L1807): send the documented type."""
    return int(node) if node.isdigit() else node


def _restore_user(o2g: World, records: UserRecords, role: str) -> None:
    """Create the O2G user of `role` again unless it exists (a deletion is undone: nothing is left behind)."""
    account = o2g.account(role)
    node = _node_value(records.node(o2g, role, via=ADMIN))
    session = o2g.session(ADMIN)
    if session.call(GET, path={"loginName": account.login}).status == 200:
        return
    session.call(CREATE, json={"nodeId": node, "deviceNumbers": [account.number]}, raise_for_error=True)


def _guard(o2g: World, undo: Undo, notes: UserManagementNotes, records: UserRecords, role: str) -> None:
    """Before a request that may delete `role`: remember its account and register its restoration, once."""
    if role in notes.guarded:
        return
    records.record(o2g, role, via=ADMIN)
    records.node(o2g, role, via=ADMIN)
    notes.guarded.add(role)
    undo.append((f"the O2G user of user {role}", lambda: _restore_user(o2g, records, role)))


def secondary_device(o2g: World, records: UserRecords, role: str) -> str:
    """A device of `role` other than its company phone (the profile's devices, else the target's)."""
    account = o2g.account(role)
    numbers = [d.number for d in account.devices]
    if not numbers:
        devices = records.record(o2g, role, via=ADMIN).get("devices") or []
        numbers = [str(d.get("id")) for d in devices if isinstance(d, dict) and d.get("id")]
    others = [n for n in numbers if n != account.company_phone]
    if not others:
        precondition(f"user {role} has a single device: the scenario needs a multi-device user")
    return others[0]


def _created_users(answer: ApiResponse) -> list[Any]:
    body = answer_object(answer, "Users")
    users = body.get("users")
    if not isinstance(users, list):
        raise NonConformance(
            "the creation answers the Users it created (L1789-1790, L2035-2040)",
            op_id=CREATE,
            documented='{"users": [User, ...]}',
            received=body,
        )
    return users


def _on_node(o2g: World, records: UserRecords, role: str, **body: Any) -> dict[str, Any]:
    """A UserCreateRequest on the node of `role` (its nodeId as documented), with the other fields given."""
    return {"nodeId": _node_value(records.node(o2g, role, via=ADMIN)), **body}


# -- usermanagement.users.list -----------------------------------------------------------------------------------------


@when("{actor} lists the O2G users", target_fixture="answer")
def list_users(o2g: World, actor: Actor) -> ApiResponse:
    """Sends usermanagement.users.list without criteria."""
    return o2g.send(actor, LIST)


@when("{actor} lists the O2G users by the phone number of {role:user}", target_fixture="answer")
def list_by_number(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.list with deviceNumber that user's phone number."""
    return o2g.send(actor, LIST, query={"deviceNumber": o2g.account(role).number})


@when("{actor} lists the O2G users by the secondary device of {role:user}", target_fixture="answer")
def list_by_secondary(o2g: World, user_records: UserRecords, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.list with deviceNumber a device of that user other than its company phone."""
    return o2g.send(actor, LIST, query={"deviceNumber": secondary_device(o2g, user_records, role)})


@when("{actor} lists the O2G users on the node of {role:user}", target_fixture="answer")
def list_on_node(o2g: World, user_records: UserRecords, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.list with nodeIds the node of that user (read by the administrator)."""
    return o2g.send(actor, LIST, query={"nodeIds": user_records.node(o2g, role, via=ADMIN)})


@when('{actor} lists the O2G users with the query "{query:text}"', target_fixture="answer")
def list_with_query(o2g: World, actor: Actor, query: str) -> ApiResponse:
    """Sends usermanagement.users.list with the one `name=value` query parameter given."""
    name, _, value = query.partition("=")
    return o2g.send(actor, LIST, query={name: value})


@then("the O2G users (?P<no>no longer )?include {role:user}")
def users_include(o2g: World, no: str | None, role: Role) -> None:
    """Checks that the administrator's usermanagement.users.list lists (or no longer lists) the user (L1715-1760)."""
    login = o2g.account(role).login
    response = o2g.aside(ADMIN, LIST)
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


@given("the administrator has created the O2G user of {role:user} again", target_fixture="answer")
def created_again(o2g: World, user_records: UserRecords, role: Role) -> ApiResponse:
    """Precondition: usermanagement.users.create from the user's phone number on its node answered 200."""
    body = _on_node(o2g, user_records, role, deviceNumbers=[o2g.account(role).number])
    response = o2g.send(ADMIN, CREATE, json=body)
    if response.status != 200:
        raise AssertionError(f"creating the O2G user of user {role} again failed: {response.status}")
    return response


@when(
    "{actor} creates the O2G user of {role:user} from its (?P<device>phone number|secondary device)",
    target_fixture="answer",
)
def create_user(o2g: World, user_records: UserRecords, actor: Actor, role: Role, device: str) -> ApiResponse:
    """Sends usermanagement.users.create on the user's node from its phone number or another of its devices."""
    number = o2g.account(role).number if device == "phone number" else secondary_device(o2g, user_records, role)
    return o2g.send(actor, CREATE, json=_on_node(o2g, user_records, role, deviceNumbers=[number]))


@when(
    "{actor} creates an O2G user from the phone number of {role:user} on a node that does not exist",
    target_fixture="answer",
)
def create_unknown_node(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.create from the user's phone number on a node no target has."""
    return o2g.send(actor, CREATE, json={"nodeId": UNKNOWN_NODE, "deviceNumbers": [o2g.account(role).number]})


@when(
    "{actor} creates an O2G user from a number that no subscriber of the node of {role:user} has",
    target_fixture="answer",
)
def create_unknown_number(o2g: World, user_records: UserRecords, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.create on the user's node from a number no subscriber has."""
    return o2g.send(actor, CREATE, json=_on_node(o2g, user_records, role, deviceNumbers=[UNKNOWN_PHONE]))


@when("{actor} creates an O2G user from the phone number of {role:user} without a node", target_fixture="answer")
def create_without_node(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.create from the user's phone number without nodeId (L2029)."""
    return o2g.send(actor, CREATE, json={"deviceNumbers": [o2g.account(role).number]})


@when(
    "{actor} creates an O2G user from the phone number of {role:user} on a node that is not a number",
    target_fixture="answer",
)
def create_node_not_a_number(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.create from the user's phone number with a nodeId that is no int (L2029)."""
    return o2g.send(actor, CREATE, json={"nodeId": "seven", "deviceNumbers": [o2g.account(role).number]})


@when("{actor} creates an O2G user on the node of {role:user} without device numbers", target_fixture="answer")
def create_without_numbers(o2g: World, user_records: UserRecords, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.create on the user's node without deviceNumbers (L2026-2034)."""
    return o2g.send(actor, CREATE, json=_on_node(o2g, user_records, role))


@when('{actor} creates an O2G user on the node of {role:user} with "all" set to false', target_fixture="answer")
def create_all_false(o2g: World, user_records: UserRecords, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.users.create on the user's node with all false and no deviceNumbers (L2026-2034)."""
    return o2g.send(actor, CREATE, json=_on_node(o2g, user_records, role, all=False))


@then("the created users are exactly {role:user}")
def created_exactly(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that Users.users is one User, that user's (L1778-1779, L1824-1860)."""
    users = _created_users(answer)
    if len(users) != 1:
        raise NonConformance(
            "the creation answers the users of the numbers given (L1778-1779, L1824-1860)",
            op_id=CREATE,
            documented=f"one user: {o2g.account(role).login}",
            received=users,
        )
    check_user(o2g, users[0], role, op_id=CREATE, what="the created user")


@then("the created user carries the devices of {role:user}")
def created_devices(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the first created User lists that user's devices (L1649)."""
    users = _created_users(answer)
    check_devices(o2g, users[0] if users else None, role, op_id=CREATE)


# -- usermanagement.user.get -------------------------------------------------------------------------------------------


@when("{actor} gets the O2G user of {role:user}", target_fixture="answer")
def get_user(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends usermanagement.user.get with that user's login."""
    return o2g.send(actor, GET, path={"loginName": o2g.account(role).login})


@when("{actor} gets an unknown O2G user", target_fixture="answer")
def get_unknown_user(o2g: World, actor: Actor) -> ApiResponse:
    """Sends usermanagement.user.get with a login no target has."""
    return o2g.send(actor, GET, path={"loginName": UNKNOWN_LOGIN})


# -- usermanagement.user.delete ----------------------------------------------------------------------------------------


@given("the O2G user of {role:user} has been deleted", target_fixture="answer")
def user_deleted(
    o2g: World, undo: Undo, usermanagement_notes: UserManagementNotes, user_records: UserRecords, role: Role
) -> ApiResponse:
    """Precondition: usermanagement.user.delete of that user answered 204; the user is created again at the end."""
    response = delete_user(o2g, undo, usermanagement_notes, user_records, Actor("the administrator"), role)
    if response.status != 204:
        raise AssertionError(f"deleting the O2G user of user {role} failed: {response.status}")
    return response


@when("{actor} deletes the O2G user of {role:user}", target_fixture="answer")
def delete_user(
    o2g: World,
    undo: Undo,
    usermanagement_notes: UserManagementNotes,
    user_records: UserRecords,
    actor: Actor,
    role: Role,
) -> ApiResponse:
    """Sends usermanagement.user.delete of that user, its record read first to create it again at the end."""
    _guard(o2g, undo, usermanagement_notes, user_records, role)
    return o2g.send(actor, DELETE, path={"loginName": o2g.account(role).login})


@when("{actor} deletes an unknown O2G user", target_fixture="answer")
def delete_unknown_user(o2g: World, actor: Actor) -> ApiResponse:
    """Sends usermanagement.user.delete with a login no target has."""
    return o2g.send(actor, DELETE, path={"loginName": UNKNOWN_LOGIN})
