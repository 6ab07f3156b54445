"""The event bus: routes published events to matching subscriptions' queues. No I/O happens here.

A subscription's selectors name event packages or event names and the logins (`ids`) they concern
(o2g-rest-api-reference.txt L2100-2109). Delivery appends to the subscriber's queue and calls its
wake-up callback; streams, webhooks and sockets drain the queues elsewhere.

Memory stays bounded: a subscriber's queue holds at most MAX_QUEUED_EVENTS events and MAX_QUEUED_BYTES
bytes (their compact JSON); past either, the queue is dropped and the subscriber's `on_overflow` runs
(the subscription closes its channel, see the subscription model). The bus keeps only the last
PUBLISHED_KEPT published events, for inspection; delivery never reads them.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_QUEUED_EVENTS = 10_000
MAX_QUEUED_BYTES = 8 * 1024 * 1024
PUBLISHED_KEPT = 256


def event_size(event: dict[str, Any]) -> int:
    """The bytes an event takes on a chunk channel (its compact JSON line)."""
    return len(json.dumps(event, separators=(",", ":"), ensure_ascii=False)) + 1


class EventQueue:
    """A subscriber's events not yet delivered, with their total size (FIFO)."""

    def __init__(self) -> None:
        self._events: deque[tuple[dict[str, Any], int]] = deque()
        self.bytes = 0

    def append(self, event: dict[str, Any], size: int | None = None) -> None:
        size = event_size(event) if size is None else size
        self._events.append((event, size))
        self.bytes += size

    def popleft(self) -> dict[str, Any]:
        event, size = self._events.popleft()
        self.bytes -= size
        return event

    def clear(self) -> None:
        self._events.clear()
        self.bytes = 0

    def over_bound(self) -> bool:
        return len(self._events) > MAX_QUEUED_EVENTS or self.bytes > MAX_QUEUED_BYTES

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (event for event, _ in self._events)


@dataclass(frozen=True)
class Selector:
    """One selector of a subscription filter, normalised to event names."""

    names: frozenset[str]
    ids: frozenset[str] | None  # None: no ids given (system/pbxManagement packages, or a user's own)

    def matches(self, event_name: str, subject: str | None) -> bool:
        if event_name not in self.names:
            return False
        if self.ids is None or subject is None:
            return True
        return "*" in self.ids or subject in self.ids


@dataclass
class Subscriber:
    """The bus side of a subscription: its selectors and the queue of events not yet delivered."""

    key: str
    selectors: tuple[Selector, ...]
    queue: EventQueue = field(default_factory=EventQueue)
    wake: Callable[[], None] | None = None
    #: Called when the queue passed its bound (it has been dropped): the subscription closes its channel.
    on_overflow: Callable[[], None] | None = None
    delivered: int = 0
    failed: int = 0  # webhook deliveries that did not reach the receiver (dropped, not retried)
    dropped: int = 0  # events dropped with an overflowing queue

    def wants(self, event_name: str, subject: str | None) -> bool:
        return any(s.matches(event_name, subject) for s in self.selectors)

    def push(self, event: dict[str, Any], size: int | None = None) -> None:
        """Queue an event and wake the reader; an overflowing queue is dropped and `on_overflow` runs."""
        self.queue.append(event, size)
        if self.queue.over_bound():
            self.dropped += len(self.queue)
            self.queue.clear()
            if self.on_overflow is not None:
                self.on_overflow()
        if self.wake:
            self.wake()


class EventBus:
    """Publish/subscribe in memory, in publication order."""

    def __init__(self, transform: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None) -> None:
        #: Defect-injecting transform (omit an event, drop a field); None passes events unchanged.
        self.transform = transform
        self._subscribers: dict[str, Subscriber] = {}
        #: The last published events, for inspection (tests, debugging); bounded.
        self.published: deque[dict[str, Any]] = deque(maxlen=PUBLISHED_KEPT)

    def add(self, subscriber: Subscriber) -> None:
        self._subscribers[subscriber.key] = subscriber

    def remove(self, key: str) -> Subscriber | None:
        return self._subscribers.pop(key, None)

    def get(self, key: str) -> Subscriber | None:
        return self._subscribers.get(key)

    def subscribers(self) -> Iterable[Subscriber]:
        return list(self._subscribers.values())

    def publish(self, event: dict[str, Any], *, subject: str | None = None, only: Iterable[str] | None = None) -> int:
        """Deliver `event` to every subscriber that selects it; `subject` is the login it concerns.

        `only` restricts delivery to the given subscriber keys (e.g. OnTelephonyState answers one snapshot).
        Returns the number of subscribers reached.
        """
        if self.transform is not None:
            transformed = self.transform(event)
            if transformed is None:
                return 0
            event = transformed
        name = str(event.get("eventName", ""))
        self.published.append(event)
        keys = set(only) if only is not None else None
        reached = 0
        size: int | None = None
        for sub in list(self._subscribers.values()):
            if keys is not None and sub.key not in keys:
                continue
            if sub.wants(name, subject):
                size = event_size(event) if size is None else size
                sub.push(dict(event), size)
                reached += 1
        return reached
