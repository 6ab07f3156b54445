"""Steps of event channels: open the chunk stream, wait for events, inject events on the emulator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import CHUNK_STARTED, EventLog
from o2g_conformance.plugin.world import Collector, World
from o2g_conformance.steplib import Actor, EventName, Role, given, then, when

from .common import actor_name, target_version
from .subscriptions import SubscriptionNotes


@dataclass
class PublishedEvents:
    """The events the emulator was made to publish in the scenario, in order."""

    events: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def events_published() -> PublishedEvents:
    """The scenario's published events (none until a step publishes one)."""
    return PublishedEvents()


def _collector(o2g: World, actor: str) -> Collector:
    key = o2g.key(actor_name(actor))
    if key not in o2g.collectors:
        who = ("the administrator" if actor.is_admin else f"user {actor}") if isinstance(actor, Actor) else actor
        raise AssertionError(f"{who} has no open event channel in this scenario")
    return o2g.collectors[key]


def log_of(o2g: World, actor: str) -> EventLog:
    """The actor's event log; the call-state oracle has accepted every event seen so far."""
    collector = _collector(o2g, actor)
    o2g.check_call_states()
    return collector.log


@given("{actor} has opened its event channel")
@when("{actor} opens its event channel")
def open_channel(o2g: World, subscription_notes: SubscriptionNotes, actor: Actor) -> None:
    """Opens the chunk channel of the actor's subscription; checks it starts (wire-facts, events 3)."""
    sub = subscription_notes.of(actor)
    consumer = sub.open_channel()
    if not consumer.wait_started(o2g.settings.event_timeout):
        raise NonConformance(
            "the chunk channel starts with 'Chunk started' (wire-facts, events 3)",
            documented=CHUNK_STARTED,
            received=consumer,
        )
    o2g.collectors[o2g.key(actor)] = Collector(sub, consumer, consumer.log)


@given('{actor} listens to "(?P<names>[^"]+)" events')
def listens(o2g: World, actor: Actor, names: str) -> None:
    """Subscribes the actor to those event packages (the administrator for every user) and opens its channel."""
    selector: dict[str, Any] = {"names": [n.strip() for n in names.split(",")]}
    if actor.is_admin:
        selector["ids"] = ["*"]
    o2g.collect(actor, [selector], wait=o2g.settings.event_timeout)


@then('the event channel of {actor} starts with "Chunk started"')
def starts_with_chunk_started(o2g: World, actor: Actor) -> None:
    """Checks that the channel's first event is the 'Chunk started' channel information (wire-facts, events 3)."""
    history = log_of(o2g, actor).history
    if not history or history[0] != CHUNK_STARTED:
        raise NonConformance(
            "the first line of the chunk channel (wire-facts, events 3)", documented=CHUNK_STARTED, received=history[:1]
        )
    log_of(o2g, actor).wait_for("OnChannelInformation", where={"text": "Chunk started"}, timeout=0.1)


@when('the emulator publishes "{name:event}" for {role:user}')
@given('the emulator has published "{name:event}" for {role:user}')
def publish(o2g: World, events_published: PublishedEvents, name: EventName, role: Role) -> None:
    """Publishes a documented sample of the event for the user (emulator control) and notes it."""
    login = o2g.account(role).login
    event = _sample_event(name, login)
    events_published.events.append(event)
    o2g.control.publish(event, subject=login)


def _sample_event(name: str, login: str) -> dict[str, Any]:
    """A documented event as the emulator's services would send it (telephony fields per L6370-6480)."""
    samples: dict[str, dict[str, Any]] = {
        "OnUserStateModified": {"eventName": "OnUserStateModified", "loginName": login, "state": "BUSY"},
        "OnUserInfoChanged": {"eventName": "OnUserInfoChanged", "loginName": login},
        "OnEventSummaryUpdated": {
            "eventName": "OnEventSummaryUpdated",
            "loginName": login,
            "eventSummary": {
                "missedCallsNb": 1,
                "voiceMessagesNb": 0,
                "callBackRequestsNb": 0,
                "faxNb": 0,
                "newVoiceMessagesNb": 0,
                "newFaxNb": 0,
                "eventsSummaryTime": "2026-01-05T09:00:00.000Z",
            },
        },
    }
    if name not in samples:
        raise AssertionError(f"no sample of {name} for injection; add one to steps/events.py")
    return samples[name]


@then('{actor} receives "{name:event}" for {role:user}')
def receives_for(o2g: World, actor: Actor, name: EventName, role: Role) -> None:
    """Checks that the actor's channel delivers that event for the user's login, against its schema."""
    login = o2g.account(role).login
    event = log_of(o2g, actor).wait_for(name, where={"loginName": login}, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))


@then("{actor} receives the channel keepalive")
def receives_keepalive(o2g: World, actor: Actor) -> None:
    """Checks that the actor's channel delivers the keepalive event, exactly as documented (L2121-2122)."""
    event = log_of(o2g, actor).wait_for(
        "OnChannelInformation", where={"text": "keepalive"}, timeout=o2g.settings.event_timeout
    )
    if event != {"eventName": "OnChannelInformation", "text": "keepalive"}:
        raise NonConformance(
            "the keepalive event (L2121-2122)",
            documented='{"eventName": "OnChannelInformation", "text": "keepalive"}',
            received=event,
        )


@then("{actor} receives no channel keepalive")
def receives_no_keepalive(o2g: World, actor: Actor) -> None:
    """Checks that no keepalive reaches the actor's channel within 0.3 s."""
    log_of(o2g, actor).assert_absent("OnChannelInformation", where={"text": "keepalive"}, within=0.3)


@then('{actor} receives no "{name:event}"')
def receives_none(o2g: World, actor: Actor, name: EventName) -> None:
    """Checks that no event of that name reaches the actor's channel within 0.3 s."""
    log_of(o2g, actor).assert_absent(name, within=0.3)


@then("the queued events come first on the channel of {actor}")
def queued_first(o2g: World, events_published: PublishedEvents, actor: Actor) -> None:
    """Checks that the events published before the channel opened come first on it (L2138-2139)."""
    published = events_published.events
    log = log_of(o2g, actor)
    for event in published:
        log.wait_for(event["eventName"], where={"loginName": event["loginName"]}, timeout=o2g.settings.event_timeout)
    names = [e.get("eventName") for e in log.history[1 : 1 + len(published)]]
    if names != [e["eventName"] for e in published]:
        raise NonConformance(
            "events between subscription and channel are queued and delivered first (L2138-2139)",
            documented=[e["eventName"] for e in published],
            received=names,
        )


@then("the server closes the event channel of {actor}")
def server_closes(o2g: World, actor: Actor) -> None:
    """Checks that the server ends the actor's chunked channel (L2117-2118, L2313-2314)."""
    consumer = _collector(o2g, actor).consumer
    if not consumer.wait_closed(o2g.settings.event_timeout):
        raise NonConformance(
            "the server closes the chunk channel (L2117-2118, L2313-2314)",
            documented="the chunked response ends",
            received="the channel is still open",
        )


@then("the event channel of {actor} stays open")
def stays_open(o2g: World, actor: Actor) -> None:
    """Checks that the actor's channel is not ended within 0.3 s (wire-facts, events 4)."""
    consumer = _collector(o2g, actor).consumer
    if consumer.wait_closed(0.3):
        raise NonConformance(
            "a server must not end the chunk channel while the subscription lives (wire-facts, events 4)",
            documented="the channel stays open",
            received="the channel was closed",
        )


@then("the subscription of {actor} no longer exists")
def subscription_gone(subscription_notes: SubscriptionNotes, actor: Actor) -> None:
    """Deletes the actor's subscription (subscriptions.subscription.delete): it must be gone (L2142, L2145)."""
    sub = subscription_notes.of(actor)
    response = sub.session.call("subscriptions.subscription.delete", path={"subscriptionId": sub.id})
    if response.status == 204:
        raise NonConformance(
            "the subscription is closed one minute after its channel closed (L2142, L2145)",
            op_id="subscriptions.subscription.delete",
            documented="an error: no such subscription",
            received="204: the subscription still existed",
        )
    sub.deleted = True
