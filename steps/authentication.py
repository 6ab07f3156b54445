"""Steps of authentication (`GET /api/rest/authenticate?version=1.0`, L190-263, L590-665)."""

from __future__ import annotations

import base64

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import ANONYMOUS, World
from o2g_conformance.steplib import Actor, then, when

from .common import body_of

OP = "authentication.authenticate.get"


def basic_auth(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode("ascii")


def authenticate_raw(
    o2g: World, actor: str, *, password: str | None, version: str | None, header: str | None = None
) -> ApiResponse:
    """GET the authenticate URL as `actor` (its own client, no session), with a Basic header built from
    `password` (or `header` as given, or none); answers the response, which the step hands on."""
    account = o2g.account(actor)
    client = o2g.client(actor)
    url = client.authenticate_url().split("?", 1)[0]
    headers = {}
    if header is not None:
        headers["Authorization"] = header
    elif password is not None:
        headers["Authorization"] = basic_auth(account.login, password)
        client.http.remember_secret(password)
    query = {"version": version} if version is not None else None
    return client.request("GET", url, query=query, headers=headers, op_id=OP)


@when("{actor} authenticates with the right password", target_fixture="answer")
def authenticate_ok(o2g: World, actor: Actor) -> ApiResponse:
    """Sends authentication.authenticate.get with the actor's own login and password (Basic, L190-263)."""
    return authenticate_raw(o2g, actor, password=o2g.account(actor).password, version="1.0")


@when("{actor} authenticates with a wrong password", target_fixture="answer")
def authenticate_wrong(o2g: World, actor: Actor) -> ApiResponse:
    """Sends authentication.authenticate.get with the actor's login and a password that is not its own."""
    return authenticate_raw(o2g, actor, password=o2g.account(actor).password + "-wrong", version="1.0")


@when("an unknown login authenticates", target_fixture="answer")
def authenticate_unknown(o2g: World) -> ApiResponse:
    """Sends authentication.authenticate.get without any account, as a login no target has."""
    client = o2g.client(ANONYMOUS)
    url = client.authenticate_url().split("?", 1)[0]
    return client.request(
        "GET", url, query={"version": "1.0"}, headers={"Authorization": basic_auth("nobody-here", "0000")}, op_id=OP
    )


@when("{actor} authenticates without credentials", target_fixture="answer")
def authenticate_without(o2g: World, actor: Actor) -> ApiResponse:
    """Sends authentication.authenticate.get without an Authorization header."""
    return authenticate_raw(o2g, actor, password=None, version="1.0")


@when("{actor} authenticates with a malformed Basic header", target_fixture="answer")
def authenticate_malformed(o2g: World, actor: Actor) -> ApiResponse:
    """Sends authentication.authenticate.get with a Basic header that is not base64."""
    return authenticate_raw(o2g, actor, password=None, version="1.0", header="Basic %%%not-base64%%%")


@when("{actor} authenticates without the version parameter", target_fixture="answer")
def authenticate_no_version(o2g: World, actor: Actor) -> ApiResponse:
    """Sends authentication.authenticate.get with the right password and no `version` query parameter."""
    return authenticate_raw(o2g, actor, password=o2g.account(actor).password, version=None)


@when('{actor} authenticates with version "{version:text}"', target_fixture="answer")
def authenticate_version(o2g: World, actor: Actor, version: str) -> ApiResponse:
    """Sends authentication.authenticate.get with the right password and that `version` query parameter."""
    return authenticate_raw(o2g, actor, password=o2g.account(actor).password, version=version)


@then("the AlcUserId cookie carries the credential")
def cookie_is_credential(answer: ApiResponse) -> None:
    """Checks that the answer sets the AlcUserId cookie to the credential of its body (L243-250)."""
    response = answer
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


@then('the sessions URLs are absolute URLs ending in "{suffix:text}"')
def sessions_urls(answer: ApiResponse, suffix: str) -> None:
    """Checks that publicUrl and internalUrl are absolute URLs ending in that suffix (L600-606)."""
    body = body_of(answer)
    for key in ("publicUrl", "internalUrl"):
        url = str(body.get(key, ""))
        if not url.startswith(("http://", "https://")) or not url.endswith(suffix):
            raise NonConformance(
                "authentication gives the sessions URL (L600-606)",
                op_id=OP,
                documented=f"absolute URL ending in {suffix}",
                received=f"{key}={url!r}",
            )


@then('the login name is "{login:text}"')
def login_name(answer: ApiResponse, login: str) -> None:
    """Checks that the body's loginName is that login: loginName is the O2G login (L660)."""
    received = body_of(answer).get("loginName")
    if received != login:
        raise NonConformance("loginName is the O2G login (L660)", op_id=OP, documented=login, received=received)


@then("the login name is the login of {actor}")
def login_name_of(o2g: World, answer: ApiResponse, actor: Actor) -> None:
    """Checks that the body's loginName is the actor's O2G login (L660)."""
    login_name(answer, o2g.account(actor).login)
