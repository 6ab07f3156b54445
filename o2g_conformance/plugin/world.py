"""Per-scenario state of the suite: actors, their sessions, subscriptions, event logs and exchanges.

Steps reach it through the `o2g` fixture. It restores what a scenario changed (event channels stopped,
subscriptions deleted, sessions closed) even when the scenario fails.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NoReturn, Protocol, TypedDict, TypeVar, Unpack

import pytest

from ..catalog import load_catalog
from ..checks import CallStateOracle, OracleVerdict
from ..client import (
    ApiResponse,
    ChunkConsumer,
    Credential,
    EventLog,
    Exchange,
    O2GClient,
    O2GError,
    Session,
    Subscription,
    TargetUnreachable,
)
from .options import Settings
from .target import Account, EmulatorControl, Target

log = logging.getLogger("o2g_conformance.plugin")
N = TypeVar("N")


def _clock_after(seconds: float) -> str:
    return (datetime.now() + timedelta(seconds=seconds)).strftime("%H:%M:%S")


def unmet(reason: str) -> NoReturn:
    """A precondition this target cannot meet (a role without a second device, a user in no hunting group):
    the scenario is skipped as not applicable here, never filed as a non-conformance."""
    pytest.skip(f"not applicable: precondition not met on this target: {reason}")


ADMIN_NAMES = ("admin", "administrator", "the administrator")
TELEPHONY_EVENTS = frozenset(e.name for e in load_catalog().events_of_package("telephony"))
#: Skip reason prefix of a step that needs an emulator power (reporting files it under "Needs emulator power").
NEEDS_POWER = "needs emulator power"
#: The actor of requests made without any account (root descriptor, unknown logins).
ANONYMOUS = "client"


class Request(TypedDict, total=False):
    """What a request of `World.send` / `World.aside` may carry besides its operation (see `Session.call`)."""

    path: Mapping[str, Any] | None
    query: Mapping[str, Any] | None
    json: Any
    headers: Mapping[str, str] | None
    timeout: float | None


class Sender(Protocol):
    """How a helper sends on a step's behalf: `o2g.send` (the scenario's answer) or `o2g.aside` (a lookup)."""

    def __call__(self, actor: str, op_id: str, **request: Unpack[Request]) -> ApiResponse: ...


@dataclass
class Collector:
    """An actor's subscription with its open chunk channel and ordered event log."""

    subscription: Subscription
    consumer: ChunkConsumer
    log: EventLog


@dataclass
class World:
    """Everything one scenario holds; created fresh for each scenario."""

    target: Target
    settings: Settings
    exchanges: list[Exchange] = field(default_factory=list)
    clients: dict[str, O2GClient] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    collectors: dict[str, Collector] = field(default_factory=dict)
    #: The last answer `send` got in the current step: the step must hand it on (`target_fixture="answer"`).
    sent: ApiResponse | None = None
    #: Each step family's typed notes of the scenario, by their class (see `notes`).
    _notes: dict[type, object] = field(default_factory=dict, repr=False)
    oracle_verdicts: dict[str, OracleVerdict] = field(default_factory=dict)
    #: Events a step asserted outside the event logs (a webhook receiver): the coverage check counts them.
    asserted_elsewhere: set[str] = field(default_factory=set)
    #: Writes a line to the terminal at once (not captured): long real-time waits say what they wait for.
    announce: Callable[[str], None] = field(default=log.warning, repr=False)

    def wait_real_time(self, seconds: float, what: str) -> None:
        """Wait in real time on a real target (the emulator's clock moves at once instead), saying what for."""
        self.announce(f"o2g: waiting {seconds:g} s of real time for {what} (until {_clock_after(seconds)})")
        time.sleep(seconds)

    # -- actors -------------------------------------------------------------------------------------------
    def account(self, actor: str) -> Account:
        if actor.lower() in ADMIN_NAMES:
            return self.target.admin
        return self.target.user(actor.removeprefix("user ").strip('"'))

    def key(self, actor: str) -> str:
        if actor == ANONYMOUS:
            return ANONYMOUS
        return "admin" if actor.lower() in ADMIN_NAMES else self.account(actor).role

    def new_client(self) -> O2GClient:
        return O2GClient(
            self.target.url,
            secondary=self.target.secondary,
            verify=self.target.verify,
            timeout=self.target.timeout,
            recorder=self.exchanges.append,
        )

    def client(self, actor: str) -> O2GClient:
        k = self.key(actor)
        if k not in self.clients:
            self.clients[k] = self.new_client()
        return self.clients[k]

    @property
    def control(self) -> EmulatorControl:
        """The emulator's control API; on a target without it the scenario skips (never a failure)."""
        if self.target.control is None:
            pytest.skip(NEEDS_POWER + ": a step uses the emulator's control API (tag the scenario @needs-control)")
        return self.target.control

    # -- authentication and sessions ------------------------------------------------------------------------
    def authenticate(self, actor: str) -> Credential:
        account = self.account(actor)
        credential = self.client(actor).authenticate(account.login, account.password)
        self.credentials[self.key(actor)] = credential
        return credential

    def credential(self, actor: str) -> Credential:
        return self.credentials.get(self.key(actor)) or self.authenticate(actor)

    def open_session(self, actor: str, **options: Any) -> Session:
        k = self.key(actor)
        session = self.client(actor).open_session(self.credential(actor), **options)
        self.sessions[k] = session
        return session

    def session(self, actor: str) -> Session:
        k = self.key(actor)
        if k not in self.sessions:
            return self.open_session(actor)
        return self.sessions[k]

    def set_session(self, name: str, session: Session) -> None:
        self.sessions[name] = session

    def notes(self, kind: type[N]) -> N:
        """The scenario's instance of a step family's typed notes (a dataclass), created empty on first use.

        What a family reads once per scenario or remembers for a later step (agent configurations, call
        references, user records) lives in its own typed class; the family's fixture and its helpers that
        only hold the world reach the same instance: `o2g.notes(AcdNotes)`.
        """
        found = self._notes.get(kind)
        if not isinstance(found, kind):
            found = self._notes[kind] = kind()
        return found

    # -- requests -------------------------------------------------------------------------------------------
    def send(self, actor: str, op_id: str, **request: Unpack[Request]) -> ApiResponse:
        """The scenario's request, by `actor` in its session: the step returns it as the `answer` fixture.

        A step that sends with `send` and does not hand the answer on (`target_fixture="answer"`) fails as a
        suite defect (`plugin/handover.py`): the Then steps would check an older answer. A request the step
        needs besides (a read-back, a lookup) is `aside`.
        """
        response = self.aside(actor, op_id, **request)
        self.sent = response
        return response

    def aside(self, actor: str, op_id: str, **request: Unpack[Request]) -> ApiResponse:
        """A request a step needs besides the scenario's answer (a lookup, a read-back): never the `answer`."""
        return self.session(actor).call(op_id, **request)

    # -- events ---------------------------------------------------------------------------------------------
    def collect(
        self,
        actor: str,
        selectors: Sequence[Mapping[str, Any]] | None,
        *,
        timeout: int | None = None,
        wait: float | None = None,
    ) -> Collector:
        session = self.session(actor)
        subscription = session.subscribe(selectors, timeout=timeout)
        if subscription.status != "ACCEPTED":
            raise AssertionError(f"subscription of {actor} refused: {subscription.info.message!r}")
        consumer = subscription.open_channel()
        wait = self.settings.event_timeout if wait is None else wait  # the configured bound, not a constant
        if not consumer.wait_started(wait):
            raise AssertionError(f"the event channel of {actor} did not start within {wait:g} s: {consumer!r}")
        collector = Collector(subscription, consumer, consumer.log)
        self.collectors[self.key(actor)] = collector
        return collector

    def events(self, actor: str) -> EventLog:
        """The actor's event log, after the call-state oracle has accepted everything seen so far."""
        k = self.key(actor)
        if k not in self.collectors:
            raise AssertionError(f"{actor} has no event subscription in this scenario")
        self.check_call_states()
        return self.collectors[k].log

    def check_call_states(self) -> None:
        """Run the call-state oracle over every channel's history (one oracle per subscription).

        Every scenario that receives telephony events is checked, without asking; the verdict of a
        failed check stays in `oracle_verdicts` for the report.
        """
        for key, collector in self.collectors.items():
            history = collector.log.history
            if not any(e.get("eventName") in TELEPHONY_EVENTS for e in history):
                continue
            oracle = CallStateOracle(collect=True)
            oracle.feed_all(history)
            verdict = oracle.verdict()
            if not verdict.ok:
                self.oracle_verdicts[key] = verdict
                raise verdict.violations[0]

    # -- teardown -------------------------------------------------------------------------------------------
    def leftovers(self) -> dict[str, list[dict[str, Any]]]:
        """Events no step consumed, per actor (keepalives and channel information excluded)."""
        return {k: c.log.unconsumed() for k, c in self.collectors.items() if c.log.unconsumed()}

    @staticmethod
    def _release_calls(name: str, session: Session) -> list[str]:
        """Hang up what the scenario left ringing or connected for this user (nothing is left behind)."""
        listed = session.call("telephony.calls.list")
        if listed.status != 200 or not isinstance(listed.json, dict):
            return []  # no telephony on this target, or not licensed: nothing to release
        problems = []
        for call in listed.json.get("calls") or []:
            ref = call.get("callRef") if isinstance(call, dict) else None
            if ref:
                released = session.call("telephony.calls.release", path={"callRef": ref})
                if released.status >= 300 and released.status != 404:
                    problems.append(f"releasing call {ref} of {name}: {released.status}")
        return problems

    def cleanup(self) -> list[str]:
        """Stop channels, delete subscriptions, close sessions; returns problems (never raises)."""
        problems: list[str] = []
        for collector in self.collectors.values():
            collector.consumer.stop()
        for name, session in self.sessions.items():
            if session.closed:
                continue
            try:
                if not session.info.admin:
                    problems += self._release_calls(name, session)
                session.close(raise_for_error=False)
            except (O2GError, TargetUnreachable) as exc:
                problems.append(f"closing the session of {name}: {exc}")
        for client in self.clients.values():
            client.close()
        return problems
