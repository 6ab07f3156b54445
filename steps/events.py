"""Steps of event channels: open the chunk stream, wait for events, inject events on the emulator."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import CHUNK_STARTED, EventLog
from o2g_conformance.plugin.world import Collector, World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, target_version
from .subscriptions import subscription_of


def _collector(o2g: World, actor: str) -> Collector:
    key = o2g.key(actor_name(actor))
    if key not in o2g.collectors:
        raise AssertionError(f"{actor} has no open event channel in this scenario")
    return o2g.collectors[key]


def log_of(o2g: World, actor: str) -> EventLog:
    """The actor's event log; the call-state oracle has accepted every event seen so far."""
    collector = _collector(o2g, actor)
    o2g.check_call_states()
    return collector.log


@given(parsers.re(ACTOR + r" has opened its event channel$"))
@when(parsers.re(ACTOR + r" opens its event channel$"))
def open_channel(o2g: World, actor: str) -> None:
    """The actor opens its event channel."""
    sub = subscription_of(o2g, actor)
    consumer = sub.open_channel()
    if not consumer.wait_started(o2g.settings.event_timeout):
        raise NonConformance(
            "the chunk channel starts with 'Chunk started' (wire-facts, events 3)",
            documented=CHUNK_STARTED,
            received=consumer,
        )
    o2g.collectors[o2g.key(actor_name(actor))] = Collector(sub, consumer, consumer.log)


@given(parsers.re(ACTOR + r" listens to \"(?P<names>[^\"]+)\" events$"))
def listens(o2g: World, actor: str, names: str) -> None:
    """Precondition: {actor} listens to "{names}" events."""
    name = actor_name(actor)
    selector: dict[str, Any] = {"names": [n.strip() for n in names.split(",")]}
    if actor == "the administrator":
        selector["ids"] = ["*"]
    o2g.collect(name, [selector], wait=o2g.settings.event_timeout)


@then(parsers.re(r"the event channel of (?P<actor>the administrator|user \"?[A-Z]\"?) starts with \"Chunk started\"$"))
def starts_with_chunk_started(o2g: World, actor: str) -> None:
    """Checks that the event channel of {actor} starts with "Chunk started"."""
    history = log_of(o2g, actor).history
    if not history or history[0] != CHUNK_STARTED:
        raise NonConformance(
            "the first line of the chunk channel (wire-facts, events 3)", documented=CHUNK_STARTED, received=history[:1]
        )
    log_of(o2g, actor).wait_for("OnChannelInformation", where={"text": "Chunk started"}, timeout=0.1)


@when(parsers.re(r"the emulator publishes \"(?P<name>On[A-Za-z]+)\" for user \"?(?P<role>[A-Z])\"?$"))
@given(parsers.re(r"the emulator has published \"(?P<name>On[A-Za-z]+)\" for user \"?(?P<role>[A-Z])\"?$"))
def publish(o2g: World, name: str, role: str) -> None:
    """The emulator publishes "{name}" for user {role}."""
    login = o2g.account(role).login
    event = _sample_event(name, login)
    o2g.values.setdefault("published", []).append(event)
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


@then(parsers.re(ACTOR + r" receives \"(?P<name>On[A-Za-z]+)\" for user \"?(?P<role>[A-Z])\"?$"))
def receives_for(o2g: World, actor: str, name: str, role: str) -> None:
    """Checks that {actor} receives "{name}" for user {role}."""
    login = o2g.account(role).login
    event = log_of(o2g, actor).wait_for(name, where={"loginName": login}, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))


@then(parsers.re(ACTOR + r" receives the channel keepalive$"))
def receives_keepalive(o2g: World, actor: str) -> None:
    """Checks that {actor} receives the channel keepalive: the keepalive event (L2121-2122)."""
    event = log_of(o2g, actor).wait_for(
        "OnChannelInformation", where={"text": "keepalive"}, timeout=o2g.settings.event_timeout
    )
    if event != {"eventName": "OnChannelInformation", "text": "keepalive"}:
        raise NonConformance(
            "the keepalive event (L2121-2122)",
            documented='{"eventName": "OnChannelInformation", "text": "keepalive"}',
            received=event,
        )


@then(parsers.re(ACTOR + r" receives no channel keepalive$"))
def receives_no_keepalive(o2g: World, actor: str) -> None:
    """Checks that {actor} receives no channel keepalive."""
    log_of(o2g, actor).assert_absent("OnChannelInformation", where={"text": "keepalive"}, within=0.3)


@then(parsers.re(ACTOR + r" receives no \"(?P<name>On[A-Za-z]+)\"$"))
def receives_none(o2g: World, actor: str, name: str) -> None:
    """Checks that {actor} receives no "{name}"."""
    log_of(o2g, actor).assert_absent(name, within=0.3)


@then(parsers.re(r"the queued events come first on the channel of (?P<actor>the administrator|user \"?[A-Z]\"?)$"))
def queued_first(o2g: World, actor: str) -> None:
    """Checks that the queued events come first on the channel of {actor}."""
    published = o2g.values.get("published", [])
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


@then(parsers.re(r"the server closes the event channel of (?P<actor>the administrator|user \"?[A-Z]\"?)$"))
def server_closes(o2g: World, actor: str) -> None:
    """Checks that the server closes the event channel of {actor}."""
    consumer = _collector(o2g, actor).consumer
    if not consumer.wait_closed(o2g.settings.event_timeout):
        raise NonConformance(
            "the server closes the chunk channel (L2117-2118, L2313-2314)",
            documented="the chunked response ends",
            received="the channel is still open",
        )


@then(parsers.re(r"the event channel of (?P<actor>the administrator|user \"?[A-Z]\"?) stays open$"))
def stays_open(o2g: World, actor: str) -> None:
    """Checks that the event channel of {actor} stays open."""
    consumer = _collector(o2g, actor).consumer
    if consumer.wait_closed(0.3):
        raise NonConformance(
            "a server must not end the chunk channel while the subscription lives (wire-facts, events 4)",
            documented="the channel stays open",
            received="the channel was closed",
        )


@then(parsers.re(r"the subscription of (?P<actor>the administrator|user \"?[A-Z]\"?) no longer exists$"))
def subscription_gone(o2g: World, actor: str) -> None:
    """Checks that the subscription of {actor} no longer exists."""
    sub = subscription_of(o2g, actor)
    response = sub.session.call("subscriptions.subscription.delete", path={"subscriptionId": sub.id})
    if response.status == 204:
        raise NonConformance(
            "the subscription is closed one minute after its channel closed (L2142, L2145)",
            op_id="subscriptions.subscription.delete",
            documented="an error: no such subscription",
            received="204: the subscription still existed",
        )
    sub.deleted = True
