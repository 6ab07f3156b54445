"""Steps of fault injection on the emulator: errors, latency, the start-up window, dropped event channels.

Every step here needs the emulator's control API (`@needs-control:fault`); see `control/powers.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, ErrorType, given, then, when

from .events import log_of

#: An operation id or a glob of them (`telephony.*`), as the fault injection takes it.
OP_GLOB = r'"(?P<op>[a-z_.*]+)"'


@dataclass
class FaultClock:
    """The virtual time noted by `the virtual time is noted`, and every move checked since."""

    before: float | None = None
    moves: list[float] = field(default_factory=list)

    def noted(self) -> float:
        if self.before is None:
            raise AssertionError("harness error: the virtual time was not noted (Given the virtual time is noted)")
        return self.before


@pytest.fixture
def fault_clock() -> FaultClock:
    """The scenario's noted virtual time (none until a step notes it)."""
    return FaultClock()


def install(o2g: World, fault: dict[str, Any]) -> None:
    o2g.control.post("/faults", fault)


@given(r"the emulator answers the next {count} requests? to " + OP_GLOB + r" with {type_:error}")
def next_requests_fail(o2g: World, count: int, op: str, type_: ErrorType) -> None:
    """Installs an error fault (emulator control /faults): the next `count` requests to `op` answer that error."""
    install(o2g, {"kind": "error", "op": op, "type": type_, "count": count})


@given(
    r"the emulator answers " + OP_GLOB + r" with {type_:error} with a probability of "
    r"(?P<probability>[\d.]+) \(seed {seed:count}\)",
    converters={"probability": float},
)
def requests_fail_sometimes(o2g: World, op: str, type_: ErrorType, probability: float, seed: int) -> None:
    """Installs an error fault (emulator control /faults) on `op` with that probability and seed."""
    install(o2g, {"kind": "error", "op": op, "type": type_, "probability": probability, "seed": seed})


@given(r"the PBX takes {seconds} seconds to answer " + OP_GLOB)
def pbx_latency(o2g: World, seconds: float, op: str) -> None:
    """Installs a latency fault (emulator control /faults): `op` answers after that many virtual seconds."""
    install(o2g, {"kind": "latency", "op": op, "seconds": seconds})


@given(
    r"the PBX takes between {low:seconds} and {high:seconds} seconds to answer " + OP_GLOB + r" \(seed {seed:count}\)"
)
def pbx_latency_range(o2g: World, low: float, high: float, op: str, seed: int) -> None:
    """Installs a latency fault (emulator control /faults) uniform between `low` and `high` virtual seconds."""
    distribution = {"type": "uniform", "min": low, "max": high}
    install(o2g, {"kind": "latency", "op": op, "distribution": distribution, "seed": seed})


@given(r"the emulator delays its answers to " + OP_GLOB + r" by {seconds} real seconds")
def real_latency(o2g: World, op: str, seconds: float) -> None:
    """Installs a real-time latency fault (emulator control /faults): `op` answers that many real seconds late."""
    install(o2g, {"kind": "latency", "op": op, "seconds": seconds, "real": True})


@given("the server is starting for {seconds:count} seconds")
@when("the server restarts and is starting for {seconds:count} seconds")
def starting(o2g: World, seconds: int) -> None:
    """Opens the start-up window (emulator control /startup): the server answers NOT_READY for that long."""
    o2g.control.post("/startup", {"seconds": seconds})


@when("the emulator drops the event channel of {actor}")
def drop_channel(o2g: World, actor: Actor) -> None:
    """Drops the actor's open event channel (emulator control /streams/drop); exactly one must be dropped."""
    login = o2g.account(actor).login
    dropped = o2g.control.post("/streams/drop", {"login": login})["dropped"]
    if dropped != 1:
        raise AssertionError(f"{actor} had {dropped} open event channel(s) to drop, not 1")


@given("the virtual time is noted")
def note_time(o2g: World, fault_clock: FaultClock) -> None:
    """Notes the emulator's virtual time (emulator control /clock) for the clock checks that follow."""
    fault_clock.before = o2g.control.now()


@then("the virtual clock has moved by {seconds} seconds")
def clock_moved(o2g: World, fault_clock: FaultClock, seconds: float) -> None:
    """Checks that the virtual clock moved by exactly that much since it was noted."""
    moved = o2g.control.now() - fault_clock.noted()
    if abs(moved - seconds) > 1e-6:
        raise AssertionError(f"the virtual clock moved by {moved:g} s, not {seconds:g} s")


@then("the virtual clock has moved by between {low:seconds} and {high:seconds} seconds")
def clock_moved_between(o2g: World, fault_clock: FaultClock, low: float, high: float) -> None:
    """Checks that the virtual clock moved by between `low` and `high` since it was noted; notes it again."""
    moved = o2g.control.now() - fault_clock.noted()
    if not low <= moved <= high:
        raise AssertionError(f"the virtual clock moved by {moved:g} s, not between {low:g} and {high:g} s")
    fault_clock.moves.append(round(moved, 6))
    fault_clock.before = o2g.control.now()


@then("the event channel of {actor} carries events again")
def channel_works(o2g: World, actor: Actor) -> None:
    """Publishes an OnUserStateModified (emulator control) and checks the actor's channel delivers it."""
    login = o2g.account(actor).login
    o2g.control.publish({"eventName": "OnUserStateModified", "loginName": login, "state": "BUSY"}, subject=login)
    event = log_of(o2g, actor).wait_for(
        "OnUserStateModified", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    if event.get("state") != "BUSY":
        raise NonConformance("the reopened channel delivers the user's events", documented="BUSY", received=event)


@when("{seconds:count} seconds pass on the target's clock")
def target_time_passes(o2g: World, seconds: int) -> None:
    """The emulator's virtual clock moves at once; a real target is waited for (such scenarios are @slow)."""
    if o2g.target.control is not None:
        o2g.control.advance(seconds)
    else:
        o2g.wait_real_time(seconds, "the target's own timers (TTL, keepalive, purge) to run")
