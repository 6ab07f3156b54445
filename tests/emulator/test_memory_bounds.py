"""Memory stays bounded under load: the sizes of the timer heap, the event record, the credential store and
the per-subscription queues are checked structurally (no timings)."""

from __future__ import annotations

from o2g_conformance.emulator.core.clock import COMPACT_AT, EPOCH, VirtualClock
from o2g_conformance.emulator.core.sessions import CREDENTIAL_TTL, PURGE_PERIOD, SessionStore
from o2g_conformance.emulator.events.bus import MAX_QUEUED_BYTES, MAX_QUEUED_EVENTS, PUBLISHED_KEPT
from o2g_conformance.emulator.server import EmulatorServer
from o2g_conformance.emulator.services.subscriptions.models import SubscriptionStore
from tests.emulator.emulator_support import ALICE, Api

EVENT = {"eventName": "OnUserInfoChanged", "loginName": "oxe70120"}


def test_cancelled_timers_leave_the_heap() -> None:
    clock = VirtualClock(running=False, start=EPOCH)
    handle = clock.call_later(1800, lambda: None)
    for _ in range(10_000):  # what every request does to its session's expiry
        handle.cancel()
        handle = clock.call_later(1800, lambda: None)
    assert clock.pending() == 1
    assert clock.heap_size() <= 2 * COMPACT_AT


def test_cancelling_a_fired_timer_changes_nothing() -> None:
    clock = VirtualClock(running=False, start=EPOCH)
    fired: list[int] = []
    handles = [clock.call_later(i, lambda i=i: fired.append(i)) for i in range(1, 201)]
    clock.advance(100)
    for handle in handles:
        handle.cancel()
    assert clock.heap_size() <= 2 * COMPACT_AT
    clock.advance(1000)
    assert fired == list(range(1, 101))


def test_requests_do_not_grow_the_timer_heap(api: Api, emulator_server: EmulatorServer) -> None:
    alice = api.session(ALICE)
    backend = emulator_server.backend
    before = emulator_server.invoke(backend.clock.heap_size)
    for _ in range(300):
        assert alice.post("/api/rest/1.0/sessions/keepalive").status_code == 204
    assert emulator_server.invoke(backend.clock.heap_size) <= before + 2 * COMPACT_AT


def test_published_events_are_not_all_kept(api: Api, emulator_server: EmulatorServer) -> None:
    backend = emulator_server.backend
    emulator_server.invoke(lambda: [backend.bus.publish(dict(EVENT)) for _ in range(PUBLISHED_KEPT * 3)])
    assert emulator_server.invoke(lambda: len(backend.bus.published)) == PUBLISHED_KEPT


def test_credentials_without_a_session_are_dropped_by_the_purge(api: Api, emulator_server: EmulatorServer) -> None:
    store = emulator_server.backend.state(SessionStore)
    for _ in range(20):
        api.authenticate(*ALICE)
    kept = api.session(ALICE, timeToLive=86400)  # a credential a live session uses stays
    assert emulator_server.invoke(store.credential_count) == 21
    api.advance(CREDENTIAL_TTL + PURGE_PERIOD)
    assert emulator_server.invoke(store.credential_count) == 1
    assert kept.post("/api/rest/1.0/sessions/keepalive").status_code == 204


def test_a_queue_nobody_reads_is_bounded_by_count_and_the_subscription_ends(
    api: Api, emulator_server: EmulatorServer
) -> None:
    sub = api.subscribe(api.session(ALICE, timeToLive=86400), {"names": ["user"]})
    backend = emulator_server.backend
    emulator_server.invoke(lambda: [backend.bus.publish(dict(EVENT)) for _ in range(MAX_QUEUED_EVENTS + 1)])
    assert api.state()["subscriptions"][0]["queued"] == 0  # dropped, not kept
    api.advance(60)  # the channel is closed as on inactivity: the subscription ends a minute later (L2140-2143)
    assert emulator_server.invoke(lambda: backend.state(SubscriptionStore).get(sub["subscriptionId"])) is None


def test_a_queue_is_bounded_by_bytes_and_an_open_channel_is_closed(api: Api, emulator_server: EmulatorServer) -> None:
    sub = api.subscribe(api.session(ALICE, timeToLive=86400), {"names": ["user"]})
    stream = api.stream(sub["privatePollingUrl"])
    assert stream.next()["text"] == "Chunk started"
    big = {**EVENT, "padding": "x" * 100_000}
    backend = emulator_server.backend
    count = MAX_QUEUED_BYTES // 100_000 + 1  # far fewer than MAX_QUEUED_EVENTS
    emulator_server.invoke(lambda: [backend.bus.publish(dict(big)) for _ in range(count)])
    assert stream.ended()  # the server closed the channel
    assert api.state()["subscriptions"][0]["queued"] == 0
