"""The event bus: routes published events to matching subscriptions' queues. No I/O happens here.

A subscription's selectors name event packages or event names and the logins (`ids`) they concern
(o2g-rest-api-reference.txt L2100-2109). Delivery appends to the subscriber's queue and calls its
wake-up callback; streams, webhooks and sockets drain the queues elsewhere.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


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
    queue: deque[dict[str, Any]] = field(default_factory=deque)
    wake: Callable[[], None] | None = None
    delivered: int = 0
    failed: int = 0  # webhook deliveries that did not reach the receiver (dropped, not retried)

    def wants(self, event_name: str, subject: str | None) -> bool:
        return any(s.matches(event_name, subject) for s in self.selectors)


class EventBus:
    """Publish/subscribe in memory, in publication order."""

    def __init__(self, transform: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None) -> None:
        #: Defect-injecting transform (omit an event, drop a field); None passes events unchanged.
        self.transform = transform
        self._subscribers: dict[str, Subscriber] = {}
        self.published: list[dict[str, Any]] = []

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
        for sub in list(self._subscribers.values()):
            if keys is not None and sub.key not in keys:
                continue
            if sub.wants(name, subject):
                sub.queue.append(dict(event))
                reached += 1
                if sub.wake:
                    sub.wake()
        return reached
