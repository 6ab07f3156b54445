"""Steps of User information: logins, accounts, password (reference L1125-1692); shared helpers of the user steps."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse, Session
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, Roles, given, then, when

from .authentication import authenticate_raw
from .common import answer_object, precondition

LOGINS = "users.logins.list"
BY_PHONE = "users.users.find_by_company_phone"
USER_GET = "users.user.get"
PASSWORD = "users.password.change"
PREFS_GET = "users.preferences.get"
PREFS_UPDATE = "users.preferences.update"
LANGUAGES = "users.supported_languages.get"

#: `user B`, `user "B"`: another user the step is about (legacy regex: the phrases now write `{user}`).
ROLE = r"user \"?(?P<role>[A-Z])\"?"
#: `users A, B and C`, `user A` (legacy regex: the phrases now write `{users}`).
ROLES = r"users? (?P<roles>[A-Z](?:(?:, | and )[A-Z])*)"
#: A login no target has (the value is the point: an unknown account).
UNKNOWN_LOGIN = "oxe00000000"
#: A company phone no target has.
UNKNOWN_PHONE = "0000000000"
#: A GUI language code: `fr`, `en-gb`, `en_GB`, `es-us` (the correspondence table L1366-1422, example L1530).
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


# -- helpers shared with the other user-related step modules -----------------------------------------------------------


def roles_in(text: str) -> list[str]:
    """`A, B and C` -> ["A", "B", "C"]."""
    return re.findall(r"[A-Z]", text)


def _read_user(o2g: World, role: str, via: str | None) -> dict[str, Any]:
    """The User representation of `role`, read by `via` (or itself) with users.user.get."""
    response = o2g.session(via or role).call(USER_GET, path={"loginName": o2g.account(role).login})
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(f"reading the account of user {role} failed: {response.status} {response.text[:200]}")
    return response.json


def _node_in(record: dict[str, Any], role: str) -> str:
    node = record.get("nodeId")
    if node in (None, ""):
        precondition(f"the target gives no nodeId for user {role}: the scenario needs one")
    return str(node)


@dataclass
class UserRecords:
    """The User representation of each role as the target gives it, read once per scenario (users.user.get)."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def record(self, o2g: World, role: str, *, via: str | None = None) -> dict[str, Any]:
        """The User of `role`, read by `via` (or itself) the first time it is asked for."""
        if role not in self.records:
            self.records[role] = _read_user(o2g, role, via)
        return self.records[role]

    def node(self, o2g: World, role: str, *, via: str | None = None) -> str:
        """The OXE node of `role` (User.nodeId, L1650); skips when the target does not give it (it is [0..1])."""
        return _node_in(self.record(o2g, role, via=via), role)


@pytest.fixture
def user_records(o2g: World) -> UserRecords:
    """The user records of one scenario, each read once (shared with `user_record` / `node_of`)."""
    return o2g.notes(UserRecords)


def user_record(o2g: World, role: str, *, via: str | None = None) -> dict[str, Any]:
    """The User of `role` as the target gives it, read once per scenario (by `via`, or the user itself)."""
    return o2g.notes(UserRecords).record(o2g, role, via=via)


def node_of(o2g: World, role: str, *, via: str | None = None) -> str:
    """The OXE node of `role` (User.nodeId, L1650), read once per scenario; skips when the target gives none."""
    return o2g.notes(UserRecords).node(o2g, role, via=via)


def logins_of(answer: ApiResponse) -> list[str]:
    """LoginsResponse.loginNames of the answer (L1561)."""
    body = answer_object(answer, "LoginsResponse")
    names = body.get("loginNames")
    if not isinstance(names, list):
        raise NonConformance(
            "LoginsResponse.loginNames lists the logins (L1561)",
            op_id=answer.op_id,
            documented="a list of logins",
            received=body,
        )
    return [str(n) for n in names]


def check_user(o2g: World, user: Any, role: str, *, op_id: str | None, what: str = "the user") -> None:
    """`user` is the User of `role`: its login, and its phone number and names where the profile gives them."""
    account = o2g.account(role)
    if not isinstance(user, dict) or user.get("loginName") != account.login:
        raise NonConformance(
            f"{what} is the account asked for (User.loginName, L1647)",
            op_id=op_id,
            documented=account.login,
            received=user.get("loginName") if isinstance(user, dict) else user,
        )
    expected = {"companyPhone": account.company_phone, "firstName": account.first_name, "lastName": account.last_name}
    for name, value in expected.items():
        if value is not None and user.get(name) not in (None, value):
            raise NonConformance(
                f"User.{name} of {account.login} (L1642-1645)", op_id=op_id, documented=value, received=user.get(name)
            )


def check_devices(o2g: World, user: Any, role: str, *, op_id: str | None) -> None:
    """`user` lists the devices of `role`, at least those the target profile names (User.devices, L1649)."""
    devices = user.get("devices") if isinstance(user, dict) else None
    ids = [d.get("id") for d in devices if isinstance(d, dict)] if isinstance(devices, list) else []
    wanted = [d.number for d in o2g.account(role).devices]
    if not ids or any(number not in ids for number in wanted):
        raise NonConformance(
            "the devices are given to their owner and to administrators (footnotes *1/*2, L1649, L1652-1653)",
            op_id=op_id,
            documented=f"the devices {wanted or 'of the user'}",
            received=devices,
        )


def about(login: str) -> Callable[[dict[str, Any]], bool]:
    """An event about `login`: its `user` object names it, or else its `loginName` does (L1566-1627)."""

    def concerns(event: dict[str, Any]) -> bool:
        user = event.get("user")
        if isinstance(user, dict):
            return bool(user.get("loginName") == login)
        return bool(event.get("loginName") == login)

    concerns.__name__ = f"about_{login}"
    return concerns


# -- users.logins.list -------------------------------------------------------------------------------------------------


@when("{actor} lists the logins", target_fixture="answer")
def list_logins(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.logins.list without criteria."""
    return o2g.send(actor, LOGINS)


@when("{actor} lists the logins on the node of {role:user}", target_fixture="answer")
def list_logins_on_node(o2g: World, user_records: UserRecords, actor: Actor, role: Role) -> ApiResponse:
    """Sends users.logins.list with nodeIds the node of that user (read with users.user.get)."""
    return o2g.send(actor, LOGINS, query={"nodeIds": user_records.node(o2g, role)})


@when(
    "{actor} lists the logins with the (?P<criterion>nodeIds|onlyACD|onlyWithExtLogin) criterion",
    target_fixture="answer",
)
def list_logins_criterion(o2g: World, user_records: UserRecords, actor: Actor, criterion: str) -> ApiResponse:
    """nodeIds names the node of user A; the two flags are sent without value, as documented (L1154-1163)."""
    value = user_records.node(o2g, "A") if criterion == "nodeIds" else ""
    return o2g.send(actor, LOGINS, query={criterion: value})


@when('{actor} lists the logins with the query "{query:text}"', target_fixture="answer")
def list_logins_query(o2g: World, actor: Actor, query: str) -> ApiResponse:
    """Sends users.logins.list with that query string as its parameters."""
    return o2g.send(actor, LOGINS, query=dict(parse_qsl(query, keep_blank_values=True)))


@then("the logins are exactly the login of {role:user}")
def logins_exactly(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that LoginsResponse.loginNames is that user's login alone (L1143-1144, L1772-1777)."""
    login = o2g.account(role).login
    received = logins_of(answer)
    if received != [login]:
        raise NonConformance(
            "the logins are exactly the one asked for (L1143-1144, L1772-1777)",
            op_id=answer.op_id,
            documented=[login],
            received=received,
        )


@then("the logins include the logins? of {roles:users}")
def logins_include(o2g: World, answer: ApiResponse, roles: Roles) -> None:
    """Checks that LoginsResponse.loginNames includes the login of each user named (L1143, L1725-1760)."""
    wanted = [o2g.account(r).login for r in roles]
    received = logins_of(answer)
    missing = [login for login in wanted if login not in received]
    if missing:
        raise NonConformance(
            "an administrator lists the O2G users (L1143, L1725-1760)",
            op_id=answer.op_id,
            documented=f"logins including {wanted}",
            received=received,
        )


# -- users.users.find_by_company_phone ---------------------------------------------------------------------------------


@when("{actor} looks up the company phone of {role:user}", target_fixture="answer")
def find_by_phone(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends users.users.find_by_company_phone with that user's company phone."""
    return o2g.send(actor, BY_PHONE, query={"companyPhone": o2g.account(role).number})


@when("{actor} looks up a company phone that belongs to nobody", target_fixture="answer")
def find_unknown_phone(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.users.find_by_company_phone with a company phone no target has."""
    return o2g.send(actor, BY_PHONE, query={"companyPhone": UNKNOWN_PHONE})


@when("{actor} looks up a user without any query parameter", target_fixture="answer")
def find_without_query(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.users.find_by_company_phone without any query parameter."""
    return o2g.send(actor, BY_PHONE)


@when("{actor} looks up an empty company phone", target_fixture="answer")
def find_empty_phone(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.users.find_by_company_phone with an empty companyPhone."""
    return o2g.send(actor, BY_PHONE, query={"companyPhone": ""})


@when("{actor} looks up the company phone of {role:user} together with its login name", target_fixture="answer")
def find_two_parameters(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends users.users.find_by_company_phone with that user's companyPhone and loginName both."""
    account = o2g.account(role)
    return o2g.send(actor, BY_PHONE, query={"companyPhone": account.number, "loginName": account.login})


# -- users.user.get ----------------------------------------------------------------------------------------------------


@when("{actor} gets its own account", target_fixture="answer")
def get_own_account(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.user.get with the actor's own login."""
    return o2g.send(actor, USER_GET, path={"loginName": o2g.account(actor).login})


@when("{actor} gets the account of {role:user}", target_fixture="answer")
def get_account(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends users.user.get with that user's login."""
    return o2g.send(actor, USER_GET, path={"loginName": o2g.account(role).login})


@when("{actor} gets the account of an unknown user", target_fixture="answer")
def get_unknown_account(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.user.get with a login no target has."""
    return o2g.send(actor, USER_GET, path={"loginName": UNKNOWN_LOGIN})


@then("the user is {role:user}")
def user_is(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the User answered is that user: its login, and phone and names the profile gives (L1642-1647)."""
    check_user(o2g, answer_object(answer, "User"), role, op_id=answer.op_id)


@then("the user carries the devices of {role:user}")
def user_devices(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that User.devices lists that user's devices (L1649)."""
    check_devices(o2g, answer_object(answer, "User"), role, op_id=answer.op_id)


@then("the user carries no devices")
def user_without_devices(answer: ApiResponse) -> None:
    """Checks that the User answered has no devices (only for the owner or an administrator, L1649)."""
    devices = answer_object(answer, "User").get("devices")
    if devices:
        raise NonConformance(
            "devices are only provided to their owner or an administrator (footnotes *1/*2, L1649, L1652-1653)",
            op_id=answer.op_id,
            documented="no devices for another user's account",
            received=devices,
        )


# -- users.password.change ---------------------------------------------------------------------------------------------


@dataclass
class UserNotes:
    """What the password steps of a scenario note for later steps."""

    #: The new password of each login whose change was accepted in this scenario.
    passwords: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def user_notes() -> UserNotes:
    """The password steps' notes of one scenario."""
    return UserNotes()


def new_password(current: str, *, admin: bool) -> str:
    """A password that differs from `current` and follows its kind: 4 digits for a secret code (L1329-1330)."""
    if admin:  # the O2G password policy is not given (L1326): long, with letters and digits
        return f"N3w-{current}-7x"
    if re.fullmatch(r"\d{4}", current):
        rotated = current[1:] + current[0]
        return rotated if rotated != current else f"{(int(current) + 1357) % 10000:04d}"
    return current + "7"  # OXE local authentication: a string (L1331-1333)


def _restore_password(o2g: World, session: Session, login: str, current: str, original: str) -> None:
    body = {"oldPassword": current, "newPassword": original}
    if not session.closed and session.call(PASSWORD, path={"loginName": login}, json=body).status == 204:
        return
    client = o2g.new_client()  # the scenario's session is gone: log in with the password it set
    try:
        credential = client.authenticate(login, current)
        with client.open_session(credential, application_name="o2g-conformance-restore") as fresh:
            fresh.call(PASSWORD, path={"loginName": login}, json=body, raise_for_error=True)
    finally:
        client.close()


def _change_password(
    o2g: World, undo: Undo, notes: UserNotes, actor: str, login: str, old: str | None, new: str | None
) -> ApiResponse:
    """Sends users.password.change; an accepted change is noted and undone when the scenario ends."""
    session = o2g.session(actor)
    session.client.http.remember_secret(*(p for p in (old, new) if p))
    body = {k: v for k, v in (("oldPassword", old), ("newPassword", new)) if v is not None}
    response = o2g.send(actor, PASSWORD, path={"loginName": login}, json=body)
    if response.status == 204 and new is not None:
        original = next(a.password for a in (o2g.target.admin, *o2g.target.users) if a.login == login)
        notes.passwords[login] = new
        undo.append((f"the password of {login}", lambda: _restore_password(o2g, session, login, new, original)))
    return response


@given("{actor} has changed its password to a new (?:secret code|one)", target_fixture="answer")
@when("{actor} changes its password to a new (?:secret code|one)", target_fixture="answer")
def change_password(o2g: World, undo: Undo, user_notes: UserNotes, actor: Actor) -> ApiResponse:
    """Sends users.password.change from the actor's password to a new one of its kind (L1329-1333)."""
    account = o2g.account(actor)
    new = new_password(account.password, admin=account.admin)
    return _change_password(o2g, undo, user_notes, actor, account.login, account.password, new)


@when('{actor} changes its password to "{new:text}"', target_fixture="answer")
def change_password_to(o2g: World, undo: Undo, user_notes: UserNotes, actor: Actor, new: str) -> ApiResponse:
    """Sends users.password.change from the actor's password to that one."""
    account = o2g.account(actor)
    return _change_password(o2g, undo, user_notes, actor, account.login, account.password, new)


@when("{actor} changes its password giving a wrong old password", target_fixture="answer")
def change_password_wrong_old(o2g: World, undo: Undo, user_notes: UserNotes, actor: Actor) -> ApiResponse:
    """Sends users.password.change with an oldPassword that is not the actor's."""
    account = o2g.account(actor)
    wrong = new_password(new_password(account.password, admin=account.admin), admin=account.admin)
    new = new_password(account.password, admin=account.admin)
    return _change_password(o2g, undo, user_notes, actor, account.login, wrong, new)


@when(
    "{actor} changes its password (?P<how>without the new password|without the old password|with an empty body)",
    target_fixture="answer",
)
def change_password_incomplete(o2g: World, undo: Undo, user_notes: UserNotes, actor: Actor, how: str) -> ApiResponse:
    """Sends users.password.change with a body that lacks the new password, the old one or both."""
    account = o2g.account(actor)
    old = None if how in ("without the old password", "with an empty body") else account.password
    new = (
        None
        if how in ("without the new password", "with an empty body")
        else new_password(account.password, admin=False)
    )
    return _change_password(o2g, undo, user_notes, actor, account.login, old, new)


@when("{actor} changes the password of {role:user}", target_fixture="answer")
def change_password_of(o2g: World, undo: Undo, user_notes: UserNotes, actor: Actor, role: Role) -> ApiResponse:
    """The old password given is the right one: only the rights can refuse the change."""
    account = o2g.account(role)
    new = new_password(account.password, admin=False)
    return _change_password(o2g, undo, user_notes, actor, account.login, account.password, new)


@when("{actor} authenticates with its (?P<which>new|former) password", target_fixture="answer")
def authenticate_with(o2g: World, user_notes: UserNotes, actor: Actor, which: str) -> ApiResponse:
    """Sends authentication.authenticate.get with the password the actor had before, or the one it set."""
    account = o2g.account(actor)
    if which == "former":
        password = account.password
    else:
        password = user_notes.passwords.get(account.login, "")
        if not password:
            raise AssertionError(f"{actor} has not changed its password in this scenario")
    return authenticate_raw(o2g, actor, password=password, version="1.0")
