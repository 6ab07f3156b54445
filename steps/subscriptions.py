"""Steps of subscription management: create, update, delete (o2g-rest-api-reference.txt L2080-2417)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import Subscription, SubscriptionResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, body_of, last

CREATE = "subscriptions.subscription.create"


def ids_of(o2g: World, text: str) -> list[str] | None:
    """`none` -> no ids; `*` -> wildcard; `A, B` -> the logins of those roles; a literal login stays."""
    text = text.strip()
    if text in ("none", ""):
        return None
    out = []
    for part in (p.strip() for p in text.split(",")):
        out.append(part if part == "*" or len(part) > 1 else o2g.account(part).login)
    return out


def selectors_from_table(o2g: World, rows: list[list[str]]) -> list[dict[str, Any]]:
    header, *body = rows
    selectors = []
    for row in body:
        cells = dict(zip(header, row, strict=True))
        selector: dict[str, Any] = {"names": [n.strip() for n in cells["names"].split(",") if n.strip()]}
        ids = ids_of(o2g, cells.get("ids", "none"))
        if ids is not None:
            selector["ids"] = ids
        selectors.append(selector)
    return selectors


def _subscribe(o2g: World, actor: str, body: Any) -> None:
    name = actor_name(actor)
    session = o2g.session(name)
    o2g.response = session.call(CREATE, json=body)
    if o2g.response.ok and isinstance(o2g.response.json, dict) and o2g.response.json.get("subscriptionId"):
        sub = Subscription(session, o2g.response.model(SubscriptionResponse), o2g.response)
        session.subscriptions.append(sub)
        o2g.values[f"subscription:{o2g.key(name)}"] = sub


def subscription_of(o2g: World, actor: str) -> Subscription:
    sub = o2g.values.get(f"subscription:{o2g.key(actor_name(actor))}")
    if not isinstance(sub, Subscription):
        raise AssertionError(f"{actor} has no accepted subscription in this scenario")
    return sub


@given(
    parsers.re(ACTOR + r" has subscribed to \"(?P<names>[^\"]+)\"(?: with a timeout of (?P<timeout>\d+) minutes?)?$")
)
@when(parsers.re(ACTOR + r" subscribes to \"(?P<names>[^\"]+)\"(?: with a timeout of (?P<timeout>-?\d+) minutes?)?$"))
def subscribe_names(o2g: World, actor: str, names: str, timeout: str | None) -> None:
    """The actor subscribes to "{names}"[ with a timeout of {timeout} minute[s]].

    Sends subscriptions.subscription.create.
    """
    selector: dict[str, Any] = {"names": [n.strip() for n in names.split(",")]}
    if actor == "the administrator":
        selector["ids"] = [u.login for u in o2g.target.users[:3]]
    body: dict[str, Any] = {"filter": {"selectors": [selector]}, "version": "1.0"}
    if timeout is not None:
        body["timeout"] = int(timeout)
    _subscribe(o2g, actor, body)


@given(parsers.re(ACTOR + r" has subscribed with the selectors:$"))
@when(parsers.re(ACTOR + r" subscribes with the selectors:$"))
def subscribe_table(o2g: World, actor: str, datatable: list[list[str]]) -> None:
    """The actor subscribes with the selectors:; sends subscriptions.subscription.create."""
    _subscribe(o2g, actor, {"filter": {"selectors": selectors_from_table(o2g, datatable)}, "version": "1.0"})


@when(parsers.re(ACTOR + r" subscribes without the version$"))
def subscribe_no_version(o2g: World, actor: str) -> None:
    """The actor subscribes without the version; sends subscriptions.subscription.create."""
    _subscribe(o2g, actor, {"filter": {"selectors": [{"names": ["telephony"]}]}})


@when(parsers.re(ACTOR + r" subscribes with a timeout given as text$"))
def subscribe_bad_timeout(o2g: World, actor: str) -> None:
    """The actor subscribes with a timeout given as text; sends subscriptions.subscription.create."""
    _subscribe(o2g, actor, {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0", "timeout": "ten"})


@when(parsers.re(ACTOR + r" updates its subscription to \"(?P<names>[^\"]+)\"$"))
def update(o2g: World, actor: str, names: str) -> None:
    """The actor updates its subscription to "{names}"; sends subscriptions.subscription.update."""
    name = actor_name(actor)
    selector: dict[str, Any] = {"names": [n.strip() for n in names.split(",")]}
    if actor == "the administrator":
        selector["ids"] = [u.login for u in o2g.target.users[:3]]
    # The update body is a bare Filter (L2286).
    o2g.response = o2g.session(name).call("subscriptions.subscription.update", json={"selectors": [selector]})


@when(parsers.re(ACTOR + r" deletes its subscription$"))
def delete(o2g: World, actor: str) -> None:
    """The actor deletes its subscription; sends subscriptions.subscription.delete."""
    sub = subscription_of(o2g, actor)
    o2g.response = sub.session.call("subscriptions.subscription.delete", path={"subscriptionId": sub.id})
    if o2g.response.status == 204:
        sub.deleted = True


@when(parsers.re(ACTOR + r" deletes an unknown subscription$"))
def delete_unknown(o2g: World, actor: str) -> None:
    """The actor deletes an unknown subscription; sends subscriptions.subscription.delete."""
    o2g.response = o2g.session(actor_name(actor)).call(
        "subscriptions.subscription.delete", path={"subscriptionId": "0123456789abcdef0123456789abcdef"}
    )


@when(parsers.re(ACTOR + r" deletes the subscription of user \"?(?P<other>[A-Z])\"?$"))
def delete_other(o2g: World, actor: str, other: str) -> None:
    """The actor deletes the subscription of user {other}; sends subscriptions.subscription.delete."""
    sub = subscription_of(o2g, f"user {other}")
    o2g.response = o2g.session(actor_name(actor)).call(
        "subscriptions.subscription.delete", path={"subscriptionId": sub.id}
    )


@then("the subscription is accepted with polling URLs")
def accepted(o2g: World) -> None:
    """Checks that the subscription is accepted with polling URLs."""
    body = body_of(last(o2g))
    if body.get("status") != "ACCEPTED" or not body.get("subscriptionId"):
        raise NonConformance(
            "the subscription is ACCEPTED with an id (L2129-2133)",
            op_id=CREATE,
            documented="status ACCEPTED and a subscriptionId",
            received=body,
        )
    urls = [body.get("privatePollingUrl"), body.get("publicPollingUrl")]
    if not any(
        isinstance(u, str) and u.startswith(("http://", "https://")) and body["subscriptionId"] in u for u in urls
    ):
        raise NonConformance(
            "chunk mode gives a polling URL naming the subscription (L2134)",
            op_id=CREATE,
            documented="an absolute polling URL with ?subscriptionId=",
            received=urls,
        )


@then(parsers.re(r"the subscription is refused with a message$"))
def refused(o2g: World) -> None:
    """Checks that the subscription is refused with a message."""
    response = last(o2g)
    body = body_of(response)
    if response.status != 200 or not isinstance(body, dict) or body.get("status") != "REFUSED":
        raise NonConformance(
            "a refused subscription answers 200 with status REFUSED (L2129-2132)",
            op_id=CREATE,
            documented="200 with status REFUSED",
            received=f"{response.status} {body}",
        )
    if not body.get("message"):
        raise NonConformance(
            "a refused subscription gives a hint message (L2132)",
            op_id=CREATE,
            documented="a non-empty message",
            received=body.get("message"),
        )
    if body.get("subscriptionId"):
        raise NonConformance(
            "only an accepted subscription has an id (L2364)",
            op_id=CREATE,
            documented="no subscriptionId",
            received=body.get("subscriptionId"),
        )
