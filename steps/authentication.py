"""Steps of authentication (`GET /api/rest/authenticate?version=1.0`, L190-263, L590-665)."""

from __future__ import annotations

import base64

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .common import ACTOR, actor_name, body_of, last

OP = "authentication.authenticate.get"


def basic_auth(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode("ascii")


def _authenticate_raw(
    o2g: World, actor: str, *, password: str | None, version: str | None, header: str | None = None
) -> None:
    account = o2g.account(actor_name(actor))
    client = o2g.client(actor_name(actor))
    url = client.authenticate_url().split("?", 1)[0]
    headers = {}
    if header is not None:
        headers["Authorization"] = header
    elif password is not None:
        headers["Authorization"] = basic_auth(account.login, password)
        client.http.remember_secret(password)
    query = {"version": version} if version is not None else None
    o2g.response = client.request("GET", url, query=query, headers=headers, op_id=OP)


@when(parsers.re(ACTOR + r" authenticates with the right password$"))
def authenticate_ok(o2g: World, actor: str) -> None:
    """The actor authenticates with the right password; sends authentication.authenticate.get."""
    _authenticate_raw(o2g, actor, password=o2g.account(actor_name(actor)).password, version="1.0")


@when(parsers.re(ACTOR + r" authenticates with a wrong password$"))
def authenticate_wrong(o2g: World, actor: str) -> None:
    """The actor authenticates with a wrong password; sends authentication.authenticate.get."""
    _authenticate_raw(o2g, actor, password=o2g.account(actor_name(actor)).password + "-wrong", version="1.0")


@when(parsers.re(r"an unknown login authenticates$"))
def authenticate_unknown(o2g: World) -> None:
    """An unknown login authenticates; sends authentication.authenticate.get."""
    client = o2g.client("client")
    url = client.authenticate_url().split("?", 1)[0]
    o2g.response = client.request(
        "GET", url, query={"version": "1.0"}, headers={"Authorization": basic_auth("nobody-here", "0000")}, op_id=OP
    )


@when(parsers.re(ACTOR + r" authenticates without credentials$"))
def authenticate_without(o2g: World, actor: str) -> None:
    """The actor authenticates without credentials; sends authentication.authenticate.get."""
    _authenticate_raw(o2g, actor, password=None, version="1.0")


@when(parsers.re(ACTOR + r" authenticates with a malformed Basic header$"))
def authenticate_malformed(o2g: World, actor: str) -> None:
    """The actor authenticates with a malformed Basic header; sends authentication.authenticate.get."""
    _authenticate_raw(o2g, actor, password=None, version="1.0", header="Basic %%%not-base64%%%")


@when(parsers.re(ACTOR + r" authenticates without the version parameter$"))
def authenticate_no_version(o2g: World, actor: str) -> None:
    """The actor authenticates without the version parameter; sends authentication.authenticate.get."""
    _authenticate_raw(o2g, actor, password=o2g.account(actor_name(actor)).password, version=None)


@when(parsers.re(ACTOR + r" authenticates with version \"(?P<version>[^\"]*)\"$"))
def authenticate_version(o2g: World, actor: str, version: str) -> None:
    """The actor authenticates with version "{version}"; sends authentication.authenticate.get."""
    _authenticate_raw(o2g, actor, password=o2g.account(actor_name(actor)).password, version=version)


@then("the AlcUserId cookie carries the credential")
def cookie_is_credential(o2g: World) -> None:
    """Checks that the AlcUserId cookie carries the credential."""
    response = last(o2g)
    cookie = response.cookie("AlcUserId")
    credential = body_of(response).get("credential")
    if not cookie or cookie != credential:
        raise NonConformance(
            "authentication sets the AlcUserId cookie to the credential (L243-250)",
            op_id=OP,
            line=243,
            documented="Set-Cookie: AlcUserId=<credential>; Path=/",
            received="absent" if not cookie else "a different value",
        )


@then(parsers.re(r"the sessions URLs are absolute URLs ending in \"(?P<suffix>[^\"]+)\"$"))
def sessions_urls(o2g: World, suffix: str) -> None:
    """Checks that the sessions URLs are absolute URLs ending in "{suffix}"."""
    body = body_of(last(o2g))
    for key in ("publicUrl", "internalUrl"):
        url = str(body.get(key, ""))
        if not url.startswith(("http://", "https://")) or not url.endswith(suffix):
            raise NonConformance(
                "authentication gives the sessions URL (L600-606)",
                op_id=OP,
                documented=f"absolute URL ending in {suffix}",
                received=f"{key}={url!r}",
            )


@then(parsers.re(r"the login name is \"(?P<login>[^\"]+)\"$"))
def login_name(o2g: World, login: str) -> None:
    """Checks that the login name is "{login}": loginName is the O2G login (L660)."""
    received = body_of(last(o2g)).get("loginName")
    if received != login:
        raise NonConformance("loginName is the O2G login (L660)", op_id=OP, documented=login, received=received)


@then(parsers.re(r"the login name is the login of (?P<actor>the administrator|user \"?[A-Z]\"?)$"))
def login_name_of(o2g: World, actor: str) -> None:
    """Checks that the login name is the login of {actor}."""
    login_name(o2g, o2g.account(actor_name(actor)).login)
