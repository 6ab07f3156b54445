"""HA failover as the vendor SDKs do it: a session and subscription that survive the loss of their server.

wire-facts "High availability": the Node SDK treats a broken event stream, a failed keepalive or a failed
connect as a lost session, switches to the other server and redoes everything there (root discovery,
authenticate, session, subscription, polling URL) with backoff 2, 4, 8, 16, then 30 s; old sessions and
subscriptions are not deleted. `FailoverSession` does the same (the first attempt is immediate, the
backoff comes between failed attempts) and records (`report()`), per failover, when the failure was seen, when
events flowed again, the attempts made, and which events were seen twice across the switch.

    fs = FailoverSession(O2GClient(primary, secondary=secondary), login, password, [{"names": ["telephony"]}])
    fs.start()
    ...                       # fs.log holds every event of every channel, in arrival order
    fs.report()[-1].recovery_seconds
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._client import O2GClient
from ._errors import O2GError, TargetUnreachable, UnusableAnswer
from ._events import EventLog, Where, _matches
from ._response import UNSET, ApiResponse
from ._session import Session
from ._subscription import Subscription

__all__ = ["DEFAULT_BACKOFF", "FailoverRecord", "FailoverSession"]

log = logging.getLogger("o2g_conformance.client")

#: Seconds between failed attempts (wire-facts, High availability); the last one repeats.
DEFAULT_BACKOFF = (2.0, 4.0, 8.0, 16.0, 30.0)
#: How often the watcher looks at the keepalive failures (a broken channel wakes it at once).
WATCH_PERIOD = 0.05
_IGNORED = ("OnChannelInformation",)
#: Events a client asks for (a snapshot, L4557-4593): the same answer twice is no replay.
_REQUESTED = ("OnTelephonyState",)


def _key(event: Mapping[str, Any]) -> str:
    return json.dumps(event, sort_keys=True, default=str)


@dataclass
class FailoverRecord:
    """One failover: what was seen, when (time.monotonic()), and how it ended."""

    reason: str
    from_host: str
    failure_seen: float
    last_event_before: float | None
    history_index: int  # events in the log before the failure
    to_host: str | None = None
    recovered: float | None = None  # the new channel said "Chunk started": events flow again
    first_event_after: float | None = None
    attempts: int = 0
    errors: list[str] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recovery_seconds(self) -> float | None:
        """From the failure seen to events flowing again."""
        return None if self.recovered is None else self.recovered - self.failure_seen

    @property
    def event_gap_seconds(self) -> float | None:
        """From the last event before the failure (or the failure) to the first event after it."""
        if self.first_event_after is None:
            return None
        return self.first_event_after - (self.last_event_before or self.failure_seen)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "from": self.from_host,
            "to": self.to_host,
            "attempts": self.attempts,
            "recovery_seconds": self.recovery_seconds,
            "event_gap_seconds": self.event_gap_seconds,
            "errors": list(self.errors),
            "duplicates": [e.get("eventName") for e in self.duplicates],
        }


class FailoverSession:
    """A user's session and event subscription that follow the pair's active server."""

    def __init__(
        self,
        client: O2GClient,
        login: str,
        password: str,
        selectors: Sequence[Mapping[str, Any]] | None,
        *,
        application_name: str = "o2g-conformance",
        subscription_timeout: int | None = None,
        backoff: Sequence[float] = DEFAULT_BACKOFF,
        keepalive: bool = True,
        keepalive_interval: float | None = None,
        max_attempts: int | None = None,
        start_timeout: float = 10.0,
        sleep: Callable[[float], None] | None = None,
        watch: bool = True,
    ) -> None:
        if not backoff or any(b < 0 for b in backoff):
            raise ValueError("backoff must be a non-empty sequence of seconds >= 0")
        self.client = client
        self.login = login
        self._password = password
        self.selectors = [dict(s) for s in selectors] if selectors is not None else None
        self.application_name = application_name
        self.subscription_timeout = subscription_timeout
        self.backoff = tuple(backoff)
        #: Keepalives every `keepalive_interval` s (default 0.9 x the session TTL, as the Node SDK does).
        self.keepalive = keepalive
        self.keepalive_interval = keepalive_interval
        self.max_attempts = max_attempts
        self.start_timeout = start_timeout
        #: Watch the channel and keepalives on a thread; without it only refused requests (`call`) fail over.
        self.watch = watch
        self.log = EventLog()  # every channel's events, in arrival order
        self.records: list[FailoverRecord] = []
        self.session: Session | None = None
        self.subscription: Subscription | None = None
        self.sessions: list[Session] = []  # every session opened, old ones included (never deleted)
        self.sleeps: list[float] = []
        self._stop = threading.Event()
        self._sleep = sleep or self._stop.wait
        self._lock = threading.RLock()
        self._recovered = threading.Condition(self._lock)
        self._watcher: threading.Thread | None = None
        self._ka_seen = 0

    def __repr__(self) -> str:
        return f"FailoverSession({self.login!r}, host={self.client.active_host!r}, failovers={len(self.records)})"

    # -- life -------------------------------------------------------------------------------------------------
    def start(self) -> FailoverSession:
        """Connect (a refused first connection already fails over) and watch the channel and keepalives."""
        with self._lock:
            try:
                self._connect()
            except (O2GError, TargetUnreachable, UnusableAnswer, RuntimeError) as exc:
                self._failover(f"connection failed: {type(exc).__name__}")
        if self.watch:
            self._watcher = threading.Thread(target=self._watch, name=f"o2g-failover {self.login}", daemon=True)
            self._watcher.start()
        return self

    def stop(self, *, close: bool = True) -> None:
        """Stop watching; close the channel and (with `close`) delete the subscription and the session."""
        self._stop.set()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(5)
        with self._lock:
            for session in self.sessions:
                session.stop_keepalive()
                for sub in session.subscriptions:
                    sub.close_channel()
            if close and self.session is not None and not self.session.closed:
                with contextlib.suppress(O2GError, TargetUnreachable):
                    self.session.close(raise_for_error=False)

    def __enter__(self) -> FailoverSession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def failovers(self) -> int:
        return len(self.records)

    def wait_failovers(self, count: int, timeout: float) -> bool:
        """Wait until `count` failures have been seen (recovered or not); does not wait for the failover's lock."""
        deadline = time.monotonic() + timeout
        while len(self.records) < count:
            if time.monotonic() >= deadline:
                return False
            time.sleep(WATCH_PERIOD / 5)
        return True

    def wait_recovered(self, count: int, timeout: float) -> bool:
        """Wait until `count` failovers have recovered (events flow again)."""
        deadline = time.monotonic() + timeout
        with self._recovered:
            while not (len(self.records) >= count and all(r.recovered for r in self.records[:count])):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._recovered.wait(left)
            return True

    # -- requests on the current session -------------------------------------------------------------------
    def call(self, op_id: str, *, path: Mapping[str, Any] | None = None, json: Any = UNSET, **kw: Any) -> ApiResponse:
        """A catalog operation on the current session; a refused connection fails over and retries once."""
        with self._lock:
            session = self.session
        if session is None:
            raise RuntimeError("no session: the failover has not recovered")
        try:
            return session.call(op_id, path=path, json=json, **kw)
        except TargetUnreachable:
            with self._lock:
                if self.session is session:
                    self._failover("refused connection")
                session = self.session
            assert session is not None
            return session.call(op_id, path=path, json=json, **kw)

    # -- what was received ---------------------------------------------------------------------------------
    def missing(self, expected: Sequence[tuple[str, Where]]) -> list[tuple[str, Where]]:
        """The expected (eventName, where) pairs no received event matches: events lost."""
        history = self.log.history
        return [(n, w) for n, w in expected if not any(_matches(e, n, w) for e in history)]

    # -- internals -------------------------------------------------------------------------------------------
    def _connect(self) -> None:
        """Discover, authenticate, open a session and a subscription, open the channel into `self.log`."""
        self.client.descriptor = None
        credential = self.client.authenticate(self.login, self._password)
        session = self.client.open_session(credential, application_name=self.application_name)
        self.sessions.append(session)
        try:
            subscription = session.subscribe(self.selectors, timeout=self.subscription_timeout)
            if not subscription.accepted:
                raise RuntimeError(f"subscription {subscription.status}: {subscription.info.message}")
            consumer = subscription.open_channel(self.log)
            if not consumer.wait_started(self.start_timeout):
                consumer.stop()
                raise RuntimeError(f"the event channel did not start: {consumer.error or consumer.violations}")
        except BaseException:
            with contextlib.suppress(O2GError, TargetUnreachable):  # a half-made attempt leaves nothing behind
                session.close(raise_for_error=False)
            raise
        if self.keepalive:
            session.start_keepalive(self.keepalive_interval)
        self._ka_seen = 0
        self.session, self.subscription = session, subscription

    def _broken(self) -> str | None:
        session, sub = self.session, self.subscription
        if session is None or sub is None or sub.consumer is None:
            return None
        consumer = sub.consumer
        if not consumer.running and not consumer.stopped:
            return "broken channel" if consumer.error is not None else "channel ended"
        if len(session.keepalive_failures) > self._ka_seen:
            return "failed keepalive"
        return None

    def _watch(self) -> None:
        while not self._stop.is_set():
            sub = self.subscription
            consumer = sub.consumer if sub is not None else None
            if consumer is not None and not consumer.stopped:
                consumer.wait_closed(WATCH_PERIOD)
            else:
                self._stop.wait(WATCH_PERIOD)
            with self._lock:
                reason = self._broken()
                if reason is not None and not self._stop.is_set():
                    self._failover(reason)

    def _failover(self, reason: str) -> None:
        """Switch server, then redo everything with backoff until it works (or stop / max_attempts)."""
        timeline = [t for t, e in self.log.timeline() if e.get("eventName") not in _IGNORED]
        record = FailoverRecord(
            reason=reason,
            from_host=self.client.active_host,
            failure_seen=time.monotonic(),
            last_event_before=timeline[-1] if timeline else None,
            history_index=len(self.log),
        )
        self.records.append(record)
        log.info("%r: %s on %s, failing over", self, reason, record.from_host)
        if self.session is not None:
            self.session.stop_keepalive()
        if self.subscription is not None:
            self.subscription.close_channel()
        self.session = self.subscription = None
        record.to_host = self.client.switch_host()
        while not self._stop.is_set():
            record.attempts += 1
            try:
                self._connect()
            except (O2GError, TargetUnreachable, UnusableAnswer, RuntimeError) as exc:
                record.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                if self.max_attempts is not None and record.attempts >= self.max_attempts:
                    return
                delay = self.backoff[min(record.attempts - 1, len(self.backoff) - 1)]
                self.sleeps.append(delay)
                self._sleep(delay)
                continue
            record.recovered = time.monotonic()
            self._recovered.notify_all()
            return

    def report(self) -> list[FailoverRecord]:
        """The failovers so far, with the first event after each switch and the events seen twice (an event
        received after the switch that equals one received before it, requested snapshots aside), worked
        out from the log now."""
        with self._lock:
            timeline = self.log.timeline()
            for n, record in enumerate(self.records):
                end = self.records[n + 1].history_index if n + 1 < len(self.records) else len(timeline)
                after = [(t, e) for t, e in timeline[record.history_index : end] if e.get("eventName") not in _IGNORED]
                record.first_event_after = after[0][0] if after else None
                before = {_key(e) for _, e in timeline[: record.history_index] if e.get("eventName") not in _IGNORED}
                record.duplicates = [e for _, e in after if _key(e) in before and e.get("eventName") not in _REQUESTED]
            return list(self.records)
