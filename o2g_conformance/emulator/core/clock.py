"""The emulator's virtual clock: every timeout, TTL and periodic event of the emulator runs on it."""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

#: The fixed start of the test suite's frozen clock, so its runs are reproducible (2026-01-05T09:00:00Z). A
#: served emulator starts at the real current time instead (wire-facts, clock): clients send today's dates.
EPOCH = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC).timestamp()


#: Cancelled timers are removed from the heap once they are this many and half of it (memory stays
#: bounded: every request re-arms its session's expiry, every event its channel's keepalive).
COMPACT_AT = 64


@dataclass(order=True)
class _Timer:
    due: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)
    done: bool = field(default=False, compare=False)  # popped from the heap (fired or discarded)


class TimerHandle:
    """Lets the owner of a scheduled callback cancel it."""

    def __init__(self, timer: _Timer, clock: VirtualClock) -> None:
        self._timer = timer
        self._clock = clock

    def cancel(self) -> None:
        if not self._timer.cancelled and not self._timer.done:
            self._timer.cancelled = True
            self._clock._cancelled_one()

    @property
    def due(self) -> float:
        return self._timer.due


class VirtualClock:
    """Seconds since the Unix epoch, virtual.

    Running (the default): virtual time follows real time from `start` (default: the real current time),
    as a real server's wall clock does. Frozen (the test suite, from the fixed EPOCH): time moves only
    through `advance`. Either way `advance` moves it forward. Timers fire in due order, each at its own
    virtual instant, during `advance` or `tick`.
    """

    def __init__(self, *, running: bool = True, start: float | None = None) -> None:
        start = time.time() if start is None else start
        #: Where virtual time started (licence files give expiry dates relative to it).
        self.start = start
        self._offset = start
        self._running = running
        self._real_base = time.monotonic()
        self._timers: list[_Timer] = []
        self._cancelled = 0  # cancelled timers still in the heap
        self._seq = itertools.count()
        self._firing_at: float | None = None
        self._listeners: list[Callable[[], None]] = []

    @property
    def running(self) -> bool:
        return self._running

    def now(self) -> float:
        if self._firing_at is not None:
            return self._firing_at
        if self._running:
            return self._offset + (time.monotonic() - self._real_base)
        return self._offset

    def now_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=UTC)

    def iso_now(self) -> str:
        return self.now_datetime().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def call_at(self, due: float, callback: Callable[[], None]) -> TimerHandle:
        timer = _Timer(due, next(self._seq), callback)
        heapq.heappush(self._timers, timer)
        return TimerHandle(timer, self)

    def call_later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        return self.call_at(self.now() + delay, callback)

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Register a callback run after every advance/tick (e.g. wake streams)."""
        self._listeners.append(listener)

    def advance(self, seconds: float) -> float:
        """Move virtual time forward, firing every timer that falls due on the way, in order."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"the virtual clock moves forward by a finite amount, not {seconds}")
        target = self.now() + seconds
        self._fire_until(target)
        if self._running:
            self._offset = target - (time.monotonic() - self._real_base)
        else:
            self._offset = target
        self._notify()
        return self.now()

    def tick(self) -> None:
        """Fire timers that real time has made due (running mode); cheap when nothing is due."""
        self._fire_until(self.now())
        self._notify()

    def _fire_until(self, target: float) -> None:
        while self._timers and self._timers[0].due <= target:
            timer = heapq.heappop(self._timers)
            timer.done = True
            if timer.cancelled:
                self._cancelled -= 1
                continue
            self._firing_at = max(timer.due, self._firing_at or timer.due)
            try:
                timer.callback()
            finally:
                self._firing_at = None
            # Time up to this timer has passed even if later timers remain.
            if not self._running:
                self._offset = max(self._offset, timer.due)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    def pending(self) -> int:
        return sum(1 for t in self._timers if not t.cancelled)

    def heap_size(self) -> int:
        """Timers held in memory, cancelled ones not yet removed included (bounded by about 2 x pending)."""
        return len(self._timers)

    def _cancelled_one(self) -> None:
        self._cancelled += 1
        if self._cancelled >= COMPACT_AT and 2 * self._cancelled >= len(self._timers):
            for timer in self._timers:
                if timer.cancelled:
                    timer.done = True
            self._timers = [t for t in self._timers if not t.cancelled]
            heapq.heapify(self._timers)
            self._cancelled = 0
