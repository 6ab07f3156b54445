"""Steps of the Event summary: the counters read, compared with the scenario's start, and their event (L8644-8746)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import HarnessError, NonConformance, check_event
from o2g_conformance.client import EventTimeout
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, last, target_version
from .events import log_of
from .users import UNKNOWN_LOGIN, aux, body_dict

SUMMARY = "eventsummary.get"
EVENT = "OnEventSummaryUpdated"
#: The counters the features name (EventSummary, L8701-8725).
COUNTERS = {
    "missed-call": "missedCallsNb",
    "voice message": "voiceMessagesNb",
    "call-back request": "callBackRequestsNb",
}
COUNTER = "|".join(COUNTERS)


def summary_of(o2g: World, role: str) -> dict[str, Any]:
    """The counters of a user, read by its own session (not the scenario's answer)."""
    response = aux(o2g, role, SUMMARY)
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(
            f"reading the event summary of user {role} failed: {response.status} {response.text[:200]}"
        )
    return dict(response.json)


def baseline(o2g: World, role: str, counter: str) -> int:
    """A counter when the scenario started: the Given step `user X has read its event summary` keeps them."""
    saved = o2g.values.get(f"summary:{role}")
    if saved is None:
        raise HarnessError(f"user {role} has not read its event summary before: add the Given step that does")
    return int(saved.get(COUNTERS[counter]) or 0)


def _amount(o2g: World, role: str, n: str) -> int:
    """`2`, or `the calls missed from user B`: the unacknowledged ones when the summary was read."""
    if n.isdigit():
        return int(n)
    login = o2g.account(n[-1]).login
    missed = o2g.values.get(f"missed:{role}", [])
    return sum(1 for r in missed if login in {((p.get("identity") or {}).get("id") or {}).get("loginName") for p in r})


def expected(o2g: World, role: str, counter: str, how: str, n: str) -> int:
    change = _amount(o2g, role, n) * (1 if how == "risen" else -1 if how == "fallen" else 0)
    return baseline(o2g, role, counter) + change


@given(parsers.re(r"user (?P<role>[A-Z]) has read its event summary$"))
def has_read(o2g: World, role: str) -> None:
    """Keeps the counters, and the participants of the missed calls they count (L8704-8710)."""
    o2g.values[f"summary:{role}"] = summary_of(o2g, role)
    log = aux(o2g, role, "comlog.records.list", query={"unanswered": "true", "unacknowledged": "true"}).json
    records = log.get("comHistoryRecords") if isinstance(log, dict) else None
    o2g.values[f"missed:{role}"] = [r.get("participants") or [] for r in records or [] if isinstance(r, dict)]


@given(parsers.re(ACTOR + r" listens to \"(?P<first>[A-Za-z]+)\" and \"(?P<second>[A-Za-z]+)\" events$"))
def listens_to_two(o2g: World, actor: str, first: str, second: str) -> None:
    """Two event packages: one selector each, "at least one per event package" (L2099)."""
    extra: dict[str, Any] = {"ids": ["*"]} if actor == "the administrator" else {}
    selectors = [{"names": [first], **extra}, {"names": [second], **extra}]
    o2g.collect(actor_name(actor), selectors, wait=o2g.settings.event_timeout)


@when(parsers.re(ACTOR + r" reads (?:its|the) event summary(?: of user (?P<whose>[A-Z]))?$"))
def reads(o2g: World, actor: str, whose: str | None) -> None:
    """An administrator names the user; a user session's loginName is ignored (L8666-8669)."""
    query = {"loginName": o2g.account(whose).login} if whose else None
    o2g.response = o2g.session(actor_name(actor)).call(SUMMARY, query=query)


@when(parsers.re(r"the administrator reads the event summary (?P<how>with no loginName|for an unknown user)$"))
def admin_reads(o2g: World, how: str) -> None:
    """The administrator reads the event summary (with no loginName|for an unknown user); sends eventsummary.get.

    Sends eventsummary.get.
    """
    query = {"loginName": UNKNOWN_LOGIN} if how.startswith("for") else None
    o2g.response = o2g.session("administrator").call(SUMMARY, query=query)


@then(
    parsers.re(
        rf"the (?P<counter>{COUNTER}) counter of user (?P<role>[A-Z]) "
        r"(?:has (?P<how>risen|fallen) by (?P<n>\d+|the calls missed from user [A-Z])|is (?P<same>unchanged))$"
    )
)
def counter_moved(o2g: World, counter: str, role: str, how: str | None, n: str | None, same: str | None) -> None:
    """Checks that the named event-summary counter of user {role} has risen, fallen or stayed as the phrase says.

    Reads eventsummary.get.
    """
    wanted = expected(o2g, role, counter, how or "", n or "0")
    received = summary_of(o2g, role).get(COUNTERS[counter])
    if received != wanted:
        raise NonConformance(
            f"EventSummary.{COUNTERS[counter]} follows the user's events (L8704-8716)",
            op_id=SUMMARY,
            documented=wanted,
            received=received,
        )


def follow(o2g: World, actor: str, done: Callable[[dict[str, Any]], bool], what: str) -> None:
    """Take the actor's OnEventSummaryUpdated in order until one satisfies `done`: it is sent each time the
    counters change (L8739), so several may come on the way."""
    login = o2g.account(actor_name(actor)).login
    log = log_of(o2g, actor)
    seen: list[Any] = []
    while True:
        try:
            event = log.wait_for(EVENT, where={"loginName": login}, timeout=o2g.settings.event_timeout)
        except EventTimeout:
            raise NonConformance(
                f"{EVENT} tells the new counters (L8737-8746)", documented=what, received=seen
            ) from None
        check_event(event, target_version(o2g))
        summary = event.get("eventSummary")
        seen.append(summary)
        if isinstance(summary, dict) and done(summary):
            return


@then(
    parsers.re(
        ACTOR + rf" receives its event summary with the (?P<counter>{COUNTER}) counter (?P<how>risen|fallen)"
        r" by (?P<n>\d+|the calls missed from user [A-Z])$"
    )
)
def receives_moved(o2g: World, actor: str, counter: str, how: str, n: str) -> None:
    """Checks that the actor receives its event summary with the named counter moved as the phrase says."""
    wanted = expected(o2g, actor_name(actor), counter, how, n)
    follow(o2g, actor, lambda s: s.get(COUNTERS[counter]) == wanted, f"{COUNTERS[counter]} = {wanted}")


@then(parsers.re(ACTOR + rf" receives its event summary with (?P<n>\d+) (?P<counter>{COUNTER})s?$"))
def receives_count(o2g: World, actor: str, n: str, counter: str) -> None:
    """Checks that {actor} receives its event summary with {n} (missed-call|voice message|call-back request)[s]."""
    follow(o2g, actor, lambda s: s.get(COUNTERS[counter]) == int(n), f"{COUNTERS[counter]} = {n}")


@then(
    parsers.re(
        r"the missed calls in the answer are the unacknowledged missed calls of the log of user (?P<role>[A-Z])$"
    )
)
def missed_are_the_log(o2g: World, role: str) -> None:
    """missedCallsNb: the unanswered, unacknowledged incoming calls of the history (L8704-8710); [0..1]."""
    received = body_dict(o2g, "EventSummary").get("missedCallsNb")
    log = aux(o2g, role, "comlog.records.list", query={"unanswered": "true", "unacknowledged": "true"})
    records = log.json.get("comHistoryRecords") if isinstance(log.json, dict) else None
    if received is not None and received != len(records or []):
        raise NonConformance(
            "missedCallsNb counts the unacknowledged unanswered incoming calls (L8704-8710)",
            op_id=SUMMARY,
            documented=len(records or []),
            received=received,
        )


@then(parsers.re(r"the event summary in the answer is the one user (?P<role>[A-Z]) reads$"))
def summary_is_of(o2g: World, role: str) -> None:
    """Checks that the event summary in the answer is the one user {role} reads (via eventsummary.get).

    Reads eventsummary.get.
    """
    received = body_dict(o2g, "EventSummary")
    own = summary_of(o2g, role)
    if received != own:
        raise NonConformance(
            "the counters of the user the request is for (L8666-8669)",
            op_id=last(o2g).op_id,
            documented=own,
            received=received,
        )
