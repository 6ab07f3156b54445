"""Steps of the Event summary: the counters read, compared with the scenario's start, and their event (L8644-8746)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import HarnessError, NonConformance, check_event
from o2g_conformance.client import ApiResponse, EventTimeout
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object, target_version
from .events import log_of
from .users import UNKNOWN_LOGIN

SUMMARY = "eventsummary.get"
EVENT = "OnEventSummaryUpdated"
#: The counters the features name (EventSummary, L8701-8725).
COUNTERS = {
    "missed-call": "missedCallsNb",
    "voice message": "voiceMessagesNb",
    "call-back request": "callBackRequestsNb",
}
COUNTER = "|".join(COUNTERS)
#: How much a counter moved: a number, or `the calls missed from user B` (counted when the summary was read).
AMOUNT = r"\d+|the calls missed from user [A-Z]"


@dataclass
class SummaryNotes:
    """What `user X has read its event summary` keeps, per user: the counters, and the participants of the
    unacknowledged missed calls they count."""

    counters: dict[str, dict[str, Any]] = field(default_factory=dict)
    missed: dict[str, list[list[Any]]] = field(default_factory=dict)


@pytest.fixture
def summary_notes() -> SummaryNotes:
    """The event summary steps' notes of the scenario (empty at its start)."""
    return SummaryNotes()


def summary_of(o2g: World, role: str) -> dict[str, Any]:
    """The counters of a user, read by its own session (not the scenario's answer)."""
    response = o2g.aside(role, SUMMARY)
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(
            f"reading the event summary of user {role} failed: {response.status} {response.text[:200]}"
        )
    return dict(response.json)


def baseline(notes: SummaryNotes, role: str, counter: str) -> int:
    """A counter when the scenario started: the Given step `user X has read its event summary` keeps them."""
    saved = notes.counters.get(role)
    if saved is None:
        raise HarnessError(f"user {role} has not read its event summary before: add the Given step that does")
    return int(saved.get(COUNTERS[counter]) or 0)


def _amount(o2g: World, notes: SummaryNotes, role: str, n: str) -> int:
    """`2`, or `the calls missed from user B`: the unacknowledged ones when the summary was read."""
    if n.isdigit():
        return int(n)
    login = o2g.account(n[-1]).login
    missed = notes.missed.get(role, [])
    return sum(1 for r in missed if login in {((p.get("identity") or {}).get("id") or {}).get("loginName") for p in r})


def expected(o2g: World, notes: SummaryNotes, role: str, counter: str, how: str, n: str) -> int:
    change = _amount(o2g, notes, role, n) * (1 if how == "risen" else -1 if how == "fallen" else 0)
    return baseline(notes, role, counter) + change


@given("user {role} has read its event summary")
def has_read(o2g: World, summary_notes: SummaryNotes, role: Role) -> None:
    """Keeps the counters, and the participants of the missed calls they count (L8704-8710).

    Reads eventsummary.get, comlog.records.list.
    """
    summary_notes.counters[role] = summary_of(o2g, role)
    log = o2g.aside(role, "comlog.records.list", query={"unanswered": "true", "unacknowledged": "true"}).json
    records = log.get("comHistoryRecords") if isinstance(log, dict) else None
    summary_notes.missed[role] = [r.get("participants") or [] for r in records or [] if isinstance(r, dict)]


@given('{actor} listens to "(?P<first>[A-Za-z]+)" and "(?P<second>[A-Za-z]+)" events')
def listens_to_two(o2g: World, actor: Actor, first: str, second: str) -> None:
    """Two event packages: one selector each, "at least one per event package" (L2099)."""
    extra: dict[str, Any] = {"ids": ["*"]} if actor.is_admin else {}
    selectors = [{"names": [first], **extra}, {"names": [second], **extra}]
    o2g.collect(actor, selectors, wait=o2g.settings.event_timeout)


@when("{actor} reads (?:its|the) event summary(?: of user {whose:role})?", target_fixture="answer")
def reads(o2g: World, actor: Actor, whose: Role | None) -> ApiResponse:
    """Sends eventsummary.get: an administrator names the user; a user session's loginName is ignored (L8666-8669)."""
    query = {"loginName": o2g.account(whose).login} if whose else None
    return o2g.send(actor, SUMMARY, query=query)


@when(
    "the administrator reads the event summary (?P<how>with no loginName|for an unknown user)",
    target_fixture="answer",
)
def admin_reads(o2g: World, how: str) -> ApiResponse:
    """Sends eventsummary.get as the administrator without loginName, or naming an unknown user."""
    query = {"loginName": UNKNOWN_LOGIN} if how.startswith("for") else None
    return o2g.send("administrator", SUMMARY, query=query)


@then(
    f"the (?P<counter>{COUNTER}) counter of user {{role}} "
    f"(?:has (?P<how>risen|fallen) by (?P<n>{AMOUNT})|is (?P<same>unchanged))"
)
def counter_moved(
    o2g: World, summary_notes: SummaryNotes, counter: str, role: Role, how: str | None, n: str | None, same: str | None
) -> None:
    """Checks that the named event-summary counter of user {role} has risen, fallen or stayed as the phrase says.

    Reads eventsummary.get.
    """
    wanted = expected(o2g, summary_notes, role, counter, how or "", n or "0")
    received = summary_of(o2g, role).get(COUNTERS[counter])
    if received != wanted:
        raise NonConformance(
            f"EventSummary.{COUNTERS[counter]} follows the user's events (L8704-8716)",
            op_id=SUMMARY,
            documented=wanted,
            received=received,
        )


def follow(o2g: World, actor: Actor, done: Callable[[dict[str, Any]], bool], what: str) -> None:
    """Take the actor's OnEventSummaryUpdated in order until one satisfies `done`: it is sent each time the
    counters change (L8739), so several may come on the way."""
    login = o2g.account(actor).login
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
    f"{{actor}} receives its event summary with the (?P<counter>{COUNTER}) counter (?P<how>risen|fallen)"
    f" by (?P<n>{AMOUNT})"
)
def receives_moved(o2g: World, summary_notes: SummaryNotes, actor: Actor, counter: str, how: str, n: str) -> None:
    """Checks that the actor receives an OnEventSummaryUpdated with the named counter moved as the phrase says."""
    wanted = expected(o2g, summary_notes, actor, counter, how, n)
    follow(o2g, actor, lambda s: s.get(COUNTERS[counter]) == wanted, f"{COUNTERS[counter]} = {wanted}")


@then(f"{{actor}} receives its event summary with {{n:count}} (?P<counter>{COUNTER})s?")
def receives_count(o2g: World, actor: Actor, n: int, counter: str) -> None:
    """Checks that the actor receives an OnEventSummaryUpdated with that many of the counter named."""
    follow(o2g, actor, lambda s: s.get(COUNTERS[counter]) == n, f"{COUNTERS[counter]} = {n}")


@then("the missed calls in the answer are the unacknowledged missed calls of the log of user {role}")
def missed_are_the_log(o2g: World, answer: ApiResponse, role: Role) -> None:
    """missedCallsNb: the unanswered, unacknowledged incoming calls of the history (L8704-8710); [0..1]."""
    received = answer_object(answer, "EventSummary").get("missedCallsNb")
    log = o2g.aside(role, "comlog.records.list", query={"unanswered": "true", "unacknowledged": "true"})
    records = log.json.get("comHistoryRecords") if isinstance(log.json, dict) else None
    if received is not None and received != len(records or []):
        raise NonConformance(
            "missedCallsNb counts the unacknowledged unanswered incoming calls (L8704-8710)",
            op_id=SUMMARY,
            documented=len(records or []),
            received=received,
        )


@then("the event summary in the answer is the one user {role} reads")
def summary_is_of(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the EventSummary in the answer is the one user {role} reads (via eventsummary.get)."""
    received = answer_object(answer, "EventSummary")
    own = summary_of(o2g, role)
    if received != own:
        raise NonConformance(
            "the counters of the user the request is for (L8666-8669)",
            op_id=answer.op_id,
            documented=own,
            received=received,
        )
