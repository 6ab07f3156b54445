"""Steps of subscription management: create, update, delete (o2g-rest-api-reference.txt L2080-2417)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse, Subscription, SubscriptionResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import body_of

CREATE = "subscriptions.subscription.create"
UPDATE = "subscriptions.subscription.update"
DELETE = "subscriptions.subscription.delete"
#: A subscription id no target has.
UNKNOWN_ID = "0123456789abcdef0123456789abcdef"
#: The event packages of a subscription step, as written: `"telephony, eventSummary"`.
NAMES = r'"(?P<names>[^"]+)"'


@dataclass
class SubscriptionNotes:
    """The subscription each actor had accepted in the scenario, by actor (`administrator` or the role)."""

    accepted: dict[str, Subscription] = field(default_factory=dict)

    def of(self, actor: Actor) -> Subscription:
        """The actor's accepted subscription; none is a suite defect (the scenario must subscribe first)."""
        sub = self.accepted.get(actor)
        if sub is None:
            who = "the administrator" if actor.is_admin else f"user {actor}"
            raise AssertionError(f"{who} has no accepted subscription in this scenario")
        return sub


@pytest.fixture
def subscription_notes() -> SubscriptionNotes:
    """The scenario's accepted subscriptions (none until a step subscribes)."""
    return SubscriptionNotes()


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


def names_selector(o2g: World, actor: Actor, names: str) -> dict[str, Any]:
    """The selector of `"telephony, eventSummary"`; the administrator's names the first three users."""
    selector: dict[str, Any] = {"names": [n.strip() for n in names.split(",")]}
    if actor.is_admin:
        selector["ids"] = [u.login for u in o2g.target.users[:3]]
    return selector


def names_body(o2g: World, actor: Actor, names: str, timeout: int | None) -> dict[str, Any]:
    """A Subscription request of those packages (L2360-2372), with the timeout given if any."""
    body: dict[str, Any] = {"filter": {"selectors": [names_selector(o2g, actor, names)]}, "version": "1.0"}
    if timeout is not None:
        body["timeout"] = timeout
    return body


def table_body(o2g: World, datatable: list[list[str]]) -> dict[str, Any]:
    return {"filter": {"selectors": selectors_from_table(o2g, datatable)}, "version": "1.0"}


def note(o2g: World, notes: SubscriptionNotes, actor: Actor, response: ApiResponse) -> ApiResponse:
    """An accepted subscription is noted for the actor (and deleted with its session at the end)."""
    if response.ok and isinstance(response.json, dict) and response.json.get("subscriptionId"):
        session = o2g.session(actor)
        sub = Subscription(session, response.model(SubscriptionResponse), response)
        session.subscriptions.append(sub)
        notes.accepted[actor] = sub
    return response


@given(r"{actor} has subscribed to " + NAMES + r"(?: with a timeout of {timeout:count} minutes?)?")
def has_subscribed_names(
    o2g: World, subscription_notes: SubscriptionNotes, actor: Actor, names: str, timeout: int | None
) -> None:
    """Precondition: the actor created a subscription to those packages (subscriptions.subscription.create)."""
    body = names_body(o2g, actor, names, timeout)
    note(o2g, subscription_notes, actor, o2g.aside(actor, CREATE, json=body))


@when(
    r"{actor} subscribes to " + NAMES + r"(?: with a timeout of (?P<timeout>-?\d+) minutes?)?",
    converters={"timeout": int},
    target_fixture="answer",
)
def subscribe_names(
    o2g: World, subscription_notes: SubscriptionNotes, actor: Actor, names: str, timeout: int | None
) -> ApiResponse:
    """Sends subscriptions.subscription.create for those packages, with the timeout given if any."""
    body = names_body(o2g, actor, names, timeout)
    return note(o2g, subscription_notes, actor, o2g.send(actor, CREATE, json=body))


@given("{actor} has subscribed with the selectors:")
def has_subscribed_table(
    o2g: World, subscription_notes: SubscriptionNotes, actor: Actor, datatable: list[list[str]]
) -> None:
    """Precondition: the actor created a subscription with the selectors of the table (subscription.create)."""
    note(o2g, subscription_notes, actor, o2g.aside(actor, CREATE, json=table_body(o2g, datatable)))


@when("{actor} subscribes with the selectors:", target_fixture="answer")
def subscribe_table(
    o2g: World, subscription_notes: SubscriptionNotes, actor: Actor, datatable: list[list[str]]
) -> ApiResponse:
    """Sends subscriptions.subscription.create with the selectors of the table (names, ids)."""
    return note(o2g, subscription_notes, actor, o2g.send(actor, CREATE, json=table_body(o2g, datatable)))


@when("{actor} subscribes without the version", target_fixture="answer")
def subscribe_no_version(o2g: World, subscription_notes: SubscriptionNotes, actor: Actor) -> ApiResponse:
    """Sends subscriptions.subscription.create to telephony without the version field."""
    body = {"filter": {"selectors": [{"names": ["telephony"]}]}}
    return note(o2g, subscription_notes, actor, o2g.send(actor, CREATE, json=body))


@when("{actor} subscribes with a timeout given as text", target_fixture="answer")
def subscribe_bad_timeout(o2g: World, subscription_notes: SubscriptionNotes, actor: Actor) -> ApiResponse:
    """Sends subscriptions.subscription.create with the timeout "ten" (a string, not an int)."""
    body = {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0", "timeout": "ten"}
    return note(o2g, subscription_notes, actor, o2g.send(actor, CREATE, json=body))


@when("{actor} updates its subscription to " + NAMES, target_fixture="answer")
def update(o2g: World, actor: Actor, names: str) -> ApiResponse:
    """Sends subscriptions.subscription.update with a bare Filter of those packages (L2286)."""
    return o2g.send(actor, UPDATE, json={"selectors": [names_selector(o2g, actor, names)]})


@when("{actor} deletes its subscription", target_fixture="answer")
def delete(o2g: World, subscription_notes: SubscriptionNotes, actor: Actor) -> ApiResponse:
    """Sends subscriptions.subscription.delete of the actor's subscription; a 204 marks it deleted."""
    sub = subscription_notes.of(actor)
    response = o2g.send(actor, DELETE, path={"subscriptionId": sub.id})
    if response.status == 204:
        sub.deleted = True
    return response


@when("{actor} deletes an unknown subscription", target_fixture="answer")
def delete_unknown(o2g: World, actor: Actor) -> ApiResponse:
    """Sends subscriptions.subscription.delete of a subscription id no target has."""
    return o2g.send(actor, DELETE, path={"subscriptionId": UNKNOWN_ID})


@when("{actor} deletes the subscription of {other:user}", target_fixture="answer")
def delete_other(o2g: World, subscription_notes: SubscriptionNotes, actor: Actor, other: Role) -> ApiResponse:
    """Sends subscriptions.subscription.delete, by the actor, of the other user's subscription."""
    sub = subscription_notes.of(Actor(other))
    return o2g.send(actor, DELETE, path={"subscriptionId": sub.id})


@then("the subscription is accepted with polling URLs")
def accepted(answer: ApiResponse) -> None:
    """Checks status ACCEPTED with an id (L2129-2133) and an absolute polling URL naming it (L2134)."""
    body = body_of(answer)
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


@then("the subscription is refused with a message")
def refused(answer: ApiResponse) -> None:
    """Checks 200 with status REFUSED, a hint message and no subscriptionId (L2129-2132, L2364)."""
    response = answer
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
