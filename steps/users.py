"""Steps of User information: logins, accounts, password (reference L1125-1692); shared helpers of the user steps."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse, Session
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .authentication import _authenticate_raw
from .common import ACTOR, actor_name, body_of, last, precondition

LOGINS = "users.logins.list"
BY_PHONE = "users.users.find_by_company_phone"
USER_GET = "users.user.get"
PASSWORD = "users.password.change"
PREFS_GET = "users.preferences.get"
PREFS_UPDATE = "users.preferences.update"
LANGUAGES = "users.supported_languages.get"

#: `user B`, `user "B"`: another user the step is about.
ROLE = r"user \"?(?P<role>[A-Z])\"?"
#: `users A, B and C`, `user A`.
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


def aux(o2g: World, actor: str, op_id: str, **kwargs: Any) -> ApiResponse:
    """A request a step needs besides the one it is about; `o2g.response` stays the scenario's answer."""
    kept = o2g.response
    try:
        return o2g.session(actor).call(op_id, **kwargs)
    finally:
        o2g.response = kept


def user_record(o2g: World, role: str, *, via: str | None = None) -> dict[str, Any]:
    """The User representation of `role` as the target gives it, read once per scenario (by `via` or itself)."""
    key = f"user:{role}"
    if key not in o2g.values:
        response = aux(o2g, via or role, USER_GET, path={"loginName": o2g.account(role).login})
        if response.status != 200 or not isinstance(response.json, dict):
            raise AssertionError(f"reading the account of user {role} failed: {response.status} {response.text[:200]}")
        o2g.values[key] = response.json
    record: dict[str, Any] = o2g.values[key]
    return record


def node_of(o2g: World, role: str, *, via: str | None = None) -> str:
    """The OXE node of `role` (User.nodeId, L1650); skips when the target does not give it (it is [0..1])."""
    node = user_record(o2g, role, via=via).get("nodeId")
    if node in (None, ""):
        precondition(f"the target gives no nodeId for user {role}: the scenario needs one")
    return str(node)


def body_dict(o2g: World, what: str) -> dict[str, Any]:
    response = last(o2g)
    body = body_of(response)
    if not isinstance(body, dict):
        raise NonConformance(f"the answer is a {what} object", op_id=response.op_id, documented=what, received=body)
    return body


def logins_of(o2g: World) -> list[str]:
    body = body_dict(o2g, "LoginsResponse")
    names = body.get("loginNames")
    if not isinstance(names, list):
        raise NonConformance(
            "LoginsResponse.loginNames lists the logins (L1561)",
            op_id=last(o2g).op_id,
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


def _list_logins(o2g: World, actor: str, query: dict[str, str] | None = None) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(LOGINS, query=query)


@when(parsers.re(ACTOR + r" lists the logins$"))
def list_logins(o2g: World, actor: str) -> None:
    """The actor lists the logins; sends users.logins.list."""
    _list_logins(o2g, actor)


@when(parsers.re(ACTOR + r" lists the logins on the node of " + ROLE + r"$"))
def list_logins_on_node(o2g: World, actor: str, role: str) -> None:
    """The actor lists the logins on the node of user {role}; sends users.logins.list."""
    _list_logins(o2g, actor, {"nodeIds": node_of(o2g, role)})


@when(parsers.re(ACTOR + r" lists the logins with the (?P<criterion>nodeIds|onlyACD|onlyWithExtLogin) criterion$"))
def list_logins_criterion(o2g: World, actor: str, criterion: str) -> None:
    """nodeIds names the node of user A; the two flags are sent without value, as documented (L1154-1163)."""
    _list_logins(o2g, actor, {criterion: node_of(o2g, "A") if criterion == "nodeIds" else ""})


@when(parsers.re(ACTOR + r" lists the logins with the query \"(?P<query>[^\"]*)\"$"))
def list_logins_query(o2g: World, actor: str, query: str) -> None:
    """The actor lists the logins with the query "{query}"; sends users.logins.list."""
    _list_logins(o2g, actor, dict(parse_qsl(query, keep_blank_values=True)))


@then(parsers.re(r"the logins are exactly the login of " + ROLE + r"$"))
def logins_exactly(o2g: World, role: str) -> None:
    """Checks that the logins are exactly the login of user {role}."""
    login = o2g.account(role).login
    received = logins_of(o2g)
    if received != [login]:
        raise NonConformance(
            "the logins are exactly the one asked for (L1143-1144, L1772-1777)",
            op_id=last(o2g).op_id,
            documented=[login],
            received=received,
        )


@then(parsers.re(r"the logins include the logins? of " + ROLES + r"$"))
def logins_include(o2g: World, roles: str) -> None:
    """Checks that the logins include the login[s] of user[s] {roles}."""
    wanted = [o2g.account(r).login for r in roles_in(roles)]
    received = logins_of(o2g)
    missing = [login for login in wanted if login not in received]
    if missing:
        raise NonConformance(
            "an administrator lists the O2G users (L1143, L1725-1760)",
            op_id=last(o2g).op_id,
            documented=f"logins including {wanted}",
            received=received,
        )


# -- users.users.find_by_company_phone ---------------------------------------------------------------------------------


def _find(o2g: World, actor: str, query: dict[str, str] | None) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(BY_PHONE, query=query)


@when(parsers.re(ACTOR + r" looks up the company phone of " + ROLE + r"$"))
def find_by_phone(o2g: World, actor: str, role: str) -> None:
    """The actor looks up the company phone of user {role}; sends users.users.find_by_company_phone."""
    _find(o2g, actor, {"companyPhone": o2g.account(role).number})


@when(parsers.re(ACTOR + r" looks up a company phone that belongs to nobody$"))
def find_unknown_phone(o2g: World, actor: str) -> None:
    """The actor looks up a company phone that belongs to nobody; sends users.users.find_by_company_phone."""
    _find(o2g, actor, {"companyPhone": UNKNOWN_PHONE})


@when(parsers.re(ACTOR + r" looks up a user without any query parameter$"))
def find_without_query(o2g: World, actor: str) -> None:
    """The actor looks up a user without any query parameter; sends users.users.find_by_company_phone."""
    _find(o2g, actor, None)


@when(parsers.re(ACTOR + r" looks up an empty company phone$"))
def find_empty_phone(o2g: World, actor: str) -> None:
    """The actor looks up an empty company phone; sends users.users.find_by_company_phone."""
    _find(o2g, actor, {"companyPhone": ""})


@when(parsers.re(ACTOR + r" looks up the company phone of " + ROLE + r" together with its login name$"))
def find_two_parameters(o2g: World, actor: str, role: str) -> None:
    """The actor looks up the company phone of user {role} together with its login name.

    Sends users.users.find_by_company_phone.
    """
    account = o2g.account(role)
    _find(o2g, actor, {"companyPhone": account.number, "loginName": account.login})


# -- users.user.get ----------------------------------------------------------------------------------------------------


def _get_user(o2g: World, actor: str, login: str) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(USER_GET, path={"loginName": login})


@when(parsers.re(ACTOR + r" gets its own account$"))
def get_own_account(o2g: World, actor: str) -> None:
    """The actor gets its own account; sends users.user.get."""
    _get_user(o2g, actor, o2g.account(actor_name(actor)).login)


@when(parsers.re(ACTOR + r" gets the account of " + ROLE + r"$"))
def get_account(o2g: World, actor: str, role: str) -> None:
    """The actor gets the account of user {role}; sends users.user.get."""
    _get_user(o2g, actor, o2g.account(role).login)


@when(parsers.re(ACTOR + r" gets the account of an unknown user$"))
def get_unknown_account(o2g: World, actor: str) -> None:
    """The actor gets the account of an unknown user; sends users.user.get."""
    _get_user(o2g, actor, UNKNOWN_LOGIN)


@then(parsers.re(r"the user is " + ROLE + r"$"))
def user_is(o2g: World, role: str) -> None:
    """Checks that the user is user {role}."""
    check_user(o2g, body_dict(o2g, "User"), role, op_id=last(o2g).op_id)


@then(parsers.re(r"the user carries the devices of " + ROLE + r"$"))
def user_devices(o2g: World, role: str) -> None:
    """Checks that the user carries the devices of user {role}."""
    check_devices(o2g, body_dict(o2g, "User"), role, op_id=last(o2g).op_id)


@then("the user carries no devices")
def user_without_devices(o2g: World) -> None:
    """Checks that the user carries no devices."""
    devices = body_dict(o2g, "User").get("devices")
    if devices:
        raise NonConformance(
            "devices are only provided to their owner or an administrator (footnotes *1/*2, L1649, L1652-1653)",
            op_id=last(o2g).op_id,
            documented="no devices for another user's account",
            received=devices,
        )


# -- users.password.change ---------------------------------------------------------------------------------------------


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


def _change_password(o2g: World, undo: Undo, actor: str, login: str, old: str | None, new: str | None) -> None:
    session = o2g.session(actor_name(actor))
    session.client.http.remember_secret(*(p for p in (old, new) if p))
    body = {k: v for k, v in (("oldPassword", old), ("newPassword", new)) if v is not None}
    o2g.response = session.call(PASSWORD, path={"loginName": login}, json=body)
    if o2g.response.status == 204 and new is not None:
        original = next(a.password for a in (o2g.target.admin, *o2g.target.users) if a.login == login)
        o2g.values[f"password:{login}"] = new
        undo.append((f"the password of {login}", lambda: _restore_password(o2g, session, login, new, original)))


@given(parsers.re(ACTOR + r" has changed its password to a new (?:secret code|one)$"))
@when(parsers.re(ACTOR + r" changes its password to a new (?:secret code|one)$"))
def change_password(o2g: World, undo: Undo, actor: str) -> None:
    """The actor changes its password to a new (secret code|one); sends users.password.change."""
    account = o2g.account(actor_name(actor))
    _change_password(
        o2g, undo, actor, account.login, account.password, new_password(account.password, admin=account.admin)
    )


@when(parsers.re(ACTOR + r" changes its password to \"(?P<new>[^\"]*)\"$"))
def change_password_to(o2g: World, undo: Undo, actor: str, new: str) -> None:
    """The actor changes its password to "{new}"; sends users.password.change."""
    account = o2g.account(actor_name(actor))
    _change_password(o2g, undo, actor, account.login, account.password, new)


@when(parsers.re(ACTOR + r" changes its password giving a wrong old password$"))
def change_password_wrong_old(o2g: World, undo: Undo, actor: str) -> None:
    """The actor changes its password giving a wrong old password; sends users.password.change."""
    account = o2g.account(actor_name(actor))
    wrong = new_password(new_password(account.password, admin=account.admin), admin=account.admin)
    _change_password(o2g, undo, actor, account.login, wrong, new_password(account.password, admin=account.admin))


@when(
    parsers.re(
        ACTOR + r" changes its password (?P<how>without the new password|without the old password|with an empty body)$"
    )
)
def change_password_incomplete(o2g: World, undo: Undo, actor: str, how: str) -> None:
    """The actor changes its password (without the new password|without the old password|with an empty body).

    Sends users.password.change.
    """
    account = o2g.account(actor_name(actor))
    old = None if how in ("without the old password", "with an empty body") else account.password
    new = (
        None
        if how in ("without the new password", "with an empty body")
        else new_password(account.password, admin=False)
    )
    _change_password(o2g, undo, actor, account.login, old, new)


@when(parsers.re(ACTOR + r" changes the password of " + ROLE + r"$"))
def change_password_of(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The old password given is the right one: only the rights can refuse the change."""
    account = o2g.account(role)
    _change_password(o2g, undo, actor, account.login, account.password, new_password(account.password, admin=False))


@when(parsers.re(ACTOR + r" authenticates with its (?P<which>new|former) password$"))
def authenticate_with(o2g: World, actor: str, which: str) -> None:
    """The actor authenticates with its (new|former) password."""
    account = o2g.account(actor_name(actor))
    if which == "former":
        password = account.password
    else:
        password = o2g.values.get(f"password:{account.login}", "")
        if not password:
            raise AssertionError(f"{actor} has not changed its password in this scenario")
    _authenticate_raw(o2g, actor, password=password, version="1.0")
