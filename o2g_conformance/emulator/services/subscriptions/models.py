"""Subscriptions: selector rules, refusal reasons, channel lifetime (o2g-rest-api-reference.txt L2080-2417).

Readings chosen where the reference disagrees with itself:
- timeout range: the table allows 2..60 minutes or 0 (L2395), the overview says 10..60 (L2116, L2140);
  the emulator accepts the wider table range so that clients written from either text work.
- PUT /subscriptions names no subscription (L2271-2274): the emulator updates the session's most recent
  subscription, or the one named by an optional `subscriptionId` query parameter.
- Selector `ids`: optional for a user (defaults to the user's own login), mandatory for an administrator
  (L2359-2361), absent for the system and pbxManagement packages (L2101).
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from ....catalog import load_catalog
from ...core import errors
from ...core.clock import TimerHandle
from ...core.licences import LicenceRefused, Licences
from ...core.registry import Backend, state
from ...core.sessions import Session, SessionStore
from ...events.bus import Selector, Subscriber

DEFAULT_TIMEOUT_MIN = 10
TIMEOUT_RANGE = (2, 60)
KEEPALIVE_PERIOD = 60.0
CLOSED_CHANNEL_GRACE = 60.0
NO_IDS_PACKAGES = {"system", "pbxManagement"}
NUMBER_ID_PACKAGES = {"rsi", "pilot", "rti"}


class Refused(Exception):
    """A subscription request that is well formed but cannot be accepted (answered 200 REFUSED)."""


@dataclass
class Channel:
    """The live chunk stream of a subscription (at most one at a time)."""

    number: int
    open: bool = True
    last_activity: float = 0.0
    keepalive: TimerHandle | None = None
    inactivity: TimerHandle | None = None


@dataclass
class Subscription:
    id: str
    session_id: str
    owner: str
    admin: bool
    selectors: tuple[Selector, ...]
    raw_filter: dict[str, Any]
    timeout_min: int
    webhook_url: str | None
    created: float
    subscriber: Subscriber
    channel: Channel | None = None
    removal: TimerHandle | None = field(default=None, repr=False)
    ended: bool = False

    @property
    def mode(self) -> str:
        return "WEBHOOK" if self.webhook_url else "CHUNK"


@state
class SubscriptionStore:
    """All subscriptions, keyed by id; the bus holds their queues."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._subs: dict[str, Subscription] = {}
        self._channels = itertools.count(1)

    def start(self) -> None:
        self.backend.state(SessionStore).on_close.append(self._session_closed)

    def shutdown(self) -> None:
        for sub in list(self._subs.values()):
            self.delete(sub)

    # -- validation ----------------------------------------------------------------------------------
    def parse_filter(self, session: Session, raw: Any) -> tuple[Selector, ...]:
        packages = load_catalog().packages()
        event_package = {e: p for p, events in packages.items() for e in events}
        if not isinstance(raw, dict) or not isinstance(raw.get("selectors"), list) or not raw["selectors"]:
            raise Refused("the filter must contain at least one selector")
        logins = set(self.backend.logins())
        selectors = []
        for i, sel in enumerate(raw["selectors"]):
            if not isinstance(sel, dict):
                raise Refused(f"selector {i} is not an object")
            names = sel.get("names")
            if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
                raise Refused(f"selector {i}: 'names' must list at least one event or package name")
            resolved: set[str] = set()
            pkgs: set[str] = set()
            for n in names:
                if n in packages:
                    pkgs.add(n)
                    resolved.update(packages[n])
                elif n in event_package:
                    pkgs.add(event_package[n])
                    resolved.add(n)
                else:
                    raise Refused(f"selector {i}: unknown event or package name {n!r}")
            if len(pkgs) > 1:
                mixed = ", ".join(sorted(pkgs))
                raise Refused(f"selector {i}: event names of different packages ({mixed}) cannot be mixed")
            pkg = next(iter(pkgs))
            ids = sel.get("ids")
            if ids is not None and (not isinstance(ids, list) or not all(isinstance(x, str) for x in ids)):
                raise Refused(f"selector {i}: 'ids' must be a list of strings")
            selectors.append(Selector(frozenset(resolved), self._ids(i, pkg, ids, session, logins)))
        return tuple(selectors)

    def _ids(
        self, i: int, pkg: str, ids: list[str] | None, session: Session, logins: set[str]
    ) -> frozenset[str] | None:
        if pkg in NO_IDS_PACKAGES:
            if ids:
                raise Refused(f"selector {i}: 'ids' must be absent for the {pkg} package")
            return None
        if pkg in NUMBER_ID_PACKAGES:
            if not ids:
                raise Refused(f"selector {i}: the {pkg} package needs 'ids' (phone numbers)")
            return frozenset(ids)
        if not ids:
            if session.admin:
                raise Refused(f"selector {i}: 'ids' is mandatory for an administrator session (L2359-2361)")
            return frozenset({session.login})
        if "*" in ids:
            if not session.admin:
                raise Refused(f"selector {i}: the wildcard '*' is reserved to administrators (L2107)")
            return frozenset({"*"})
        unknown = [x for x in ids if x not in logins]
        if unknown:
            raise Refused(f"selector {i}: unknown login(s) {', '.join(unknown)}")
        if not session.admin and set(ids) != {session.login}:
            raise Refused(f"selector {i}: a user session can only subscribe to its own events ({session.login})")
        return frozenset(ids)

    # -- operations ----------------------------------------------------------------------------------
    def create(self, session: Session, raw_filter: Any, timeout: int | None, webhook_url: str | None) -> Subscription:
        selectors = self.parse_filter(session, raw_filter)
        if timeout is None:
            timeout = DEFAULT_TIMEOUT_MIN
        elif timeout != 0 and not TIMEOUT_RANGE[0] <= timeout <= TIMEOUT_RANGE[1]:
            raise Refused(f"timeout must be 0 or {TIMEOUT_RANGE[0]}..{TIMEOUT_RANGE[1]} minutes, not {timeout}")
        sub_id = secrets.token_hex(16)
        self._count_licences(sub_id, session, selectors)
        sub = Subscription(
            id=sub_id,
            session_id=session.id,
            owner=session.login,
            admin=session.admin,
            selectors=selectors,
            raw_filter=raw_filter,
            timeout_min=timeout,
            webhook_url=webhook_url,
            created=self.backend.clock.now(),
            subscriber=Subscriber(sub_id, selectors),
        )
        sub.subscriber.on_overflow = lambda: self.overflow(sub)
        self._subs[sub_id] = sub
        self.backend.bus.add(sub.subscriber)
        return sub

    def update(self, session: Session, raw_filter: Any, sub_id: str | None) -> Subscription:
        sub = self._target_for_update(session, sub_id)
        selectors = self.parse_filter(session, raw_filter)
        self._count_licences(sub.id, session, selectors)
        sub.selectors = selectors
        sub.raw_filter = raw_filter
        sub.subscriber.selectors = selectors
        return sub

    def _count_licences(self, key: str, session: Session, selectors: tuple[Selector, ...]) -> None:
        """The users a subscription controls take their licences, or it is refused whole (L2147-2153)."""
        logins: set[str] = set()
        for selector in selectors:
            if selector.ids is None:
                continue  # system and pbxManagement take no licence (L2101)
            # Phone numbers of rsi, pilot and rti selectors are not logins: no licence (L2102-2104).
            logins |= set(self.backend.logins()) if "*" in selector.ids else selector.ids & set(self.backend.logins())
        try:
            self.backend.state(Licences).take_subscription(key, session, logins)
        except LicenceRefused as why:
            raise Refused(str(why)) from None

    def _target_for_update(self, session: Session, sub_id: str | None) -> Subscription:
        if sub_id:
            return self.owned(session, sub_id)
        mine = [s for s in self._subs.values() if s.session_id == session.id]
        if not mine:
            raise errors.not_found("this session has no subscription to update")
        return max(mine, key=lambda s: s.created)

    def owned(self, session: Session, sub_id: str) -> Subscription:
        sub = self._subs.get(sub_id)
        if sub is None:
            raise errors.not_found(f"no subscription {sub_id}")
        if sub.session_id != session.id and not session.admin:
            raise errors.not_allowed(f"subscription {sub_id} belongs to another session", status=403)
        return sub

    def get(self, sub_id: str) -> Subscription | None:
        return self._subs.get(sub_id)

    def all(self) -> list[Subscription]:
        return list(self._subs.values())

    def delete(self, sub: Subscription) -> None:
        """Remove the subscription; its channel ends and queued events are dropped (L2313-2314)."""
        if sub.ended:
            return
        sub.ended = True
        self._subs.pop(sub.id, None)
        self.backend.bus.remove(sub.id)
        self.backend.state(Licences).release(sub.id)
        sub.subscriber.queue.clear()
        if sub.removal:
            sub.removal.cancel()
        if sub.channel:
            self._stop_timers(sub.channel)
            sub.channel.open = False
        if sub.subscriber.wake:
            sub.subscriber.wake()

    # -- chunk channel lifetime ----------------------------------------------------------------------
    def overflow(self, sub: Subscription) -> None:
        """The queue passed its bound (events nobody reads; the bus has dropped them).

        The server closes the channel as when no activity is detected (L2116-2118): the subscription ends
        one minute later unless the client reopens the channel (L2140-2143), without the dropped events. A
        webhook subscription counts them as failed deliveries.
        """
        if sub.ended:
            return
        if sub.webhook_url:
            sub.subscriber.failed += sub.subscriber.dropped
            sub.subscriber.dropped = 0
            return
        channel = sub.channel
        if channel is not None and channel.open:
            self.detach(sub, channel)
        elif sub.removal is None:
            sub.removal = self.backend.clock.call_later(CLOSED_CHANNEL_GRACE, lambda: self.delete(sub))

    def attach(self, sub: Subscription) -> Channel:
        """A client opened the polling URL: a new channel replaces any previous one."""
        if sub.channel and sub.channel.open:
            self._stop_timers(sub.channel)
            sub.channel.open = False
            if sub.subscriber.wake:
                sub.subscriber.wake()
        if sub.removal:
            sub.removal.cancel()
            sub.removal = None
        channel = Channel(next(self._channels), last_activity=self.backend.clock.now())
        sub.channel = channel
        self._arm(sub, channel)
        return channel

    def activity(self, sub: Subscription, channel: Channel) -> None:
        """An event (not a keepalive) went out on the channel: restart both timers."""
        channel.last_activity = self.backend.clock.now()
        self._arm(sub, channel)

    def detach(self, sub: Subscription, channel: Channel) -> None:
        """The socket is gone (client left or server closed it): the subscription ends a minute later."""
        if channel.open:
            channel.open = False
            self._stop_timers(channel)
        # Called twice when the server closes the channel (timer, then the stream ending): arm the
        # removal once, or a reopened channel would cancel only the second one.
        if sub.ended or sub.channel is not channel or sub.removal is not None:
            return
        sub.removal = self.backend.clock.call_later(CLOSED_CHANNEL_GRACE, lambda: self.delete(sub))

    def _arm(self, sub: Subscription, channel: Channel) -> None:
        self._stop_timers(channel)
        clock = self.backend.clock

        def keepalive() -> None:
            if channel.open and not sub.ended:
                sub.subscriber.push({"eventName": "OnChannelInformation", "text": "keepalive"})
                channel.keepalive = clock.call_later(KEEPALIVE_PERIOD, keepalive)

        channel.keepalive = clock.call_at(channel.last_activity + KEEPALIVE_PERIOD, keepalive)
        if sub.timeout_min > 0:

            def inactive() -> None:
                if channel.open:
                    self.detach(sub, channel)
                    if sub.subscriber.wake:
                        sub.subscriber.wake()

            channel.inactivity = clock.call_at(channel.last_activity + sub.timeout_min * 60, inactive)

    @staticmethod
    def _stop_timers(channel: Channel) -> None:
        for timer in (channel.keepalive, channel.inactivity):
            if timer:
                timer.cancel()

    def _session_closed(self, session: Session) -> None:
        """Closing a session closes its service sessions (L961-963), subscriptions included."""
        for sub in [s for s in self._subs.values() if s.session_id == session.id]:
            self.delete(sub)
