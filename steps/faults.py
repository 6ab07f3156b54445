"""Steps of fault injection on the emulator: errors, latency, the start-up window, dropped event channels.

Every step here needs the emulator's control API (`@needs-control:fault`); see `control/powers.py`.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name
from .events import log_of


def install(o2g: World, fault: dict[str, Any]) -> None:
    o2g.control.post("/faults", fault)


@given(
    parsers.re(
        r"the emulator answers the next (?P<count>\d+) requests? to \"(?P<op>[a-z_.*]+)\" with (?P<type_>[A-Z_]+)$"
    )
)
def next_requests_fail(o2g: World, count: str, op: str, type_: str) -> None:
    """Precondition: the emulator answers the next {count} request[s] to "{op}" with {type_}."""
    install(o2g, {"kind": "error", "op": op, "type": type_, "count": int(count)})


@given(
    parsers.re(
        r"the emulator answers \"(?P<op>[a-z_.*]+)\" with (?P<type_>[A-Z_]+) with a probability of "
        r"(?P<probability>[\d.]+) \(seed (?P<seed>\d+)\)$"
    )
)
def requests_fail_sometimes(o2g: World, op: str, type_: str, probability: str, seed: str) -> None:
    """Precondition: the emulator answers "{op}" with {type_} with a probability of {probability} (seed {seed})."""
    install(o2g, {"kind": "error", "op": op, "type": type_, "probability": float(probability), "seed": int(seed)})


@given(parsers.re(r"the PBX takes (?P<seconds>[\d.]+) seconds to answer \"(?P<op>[a-z_.*]+)\"$"))
def pbx_latency(o2g: World, seconds: str, op: str) -> None:
    """Precondition: the PBX takes {seconds} seconds to answer "{op}"."""
    install(o2g, {"kind": "latency", "op": op, "seconds": float(seconds)})


@given(
    parsers.re(
        r"the PBX takes between (?P<low>[\d.]+) and (?P<high>[\d.]+) seconds to answer \"(?P<op>[a-z_.*]+)\" "
        r"\(seed (?P<seed>\d+)\)$"
    )
)
def pbx_latency_range(o2g: World, low: str, high: str, op: str, seed: str) -> None:
    """Precondition: the PBX takes between {low} and {high} seconds to answer "{op}" (seed {seed})."""
    distribution = {"type": "uniform", "min": float(low), "max": float(high)}
    install(o2g, {"kind": "latency", "op": op, "distribution": distribution, "seed": int(seed)})


@given(parsers.re(r"the emulator delays its answers to \"(?P<op>[a-z_.*]+)\" by (?P<seconds>[\d.]+) real seconds$"))
def real_latency(o2g: World, op: str, seconds: str) -> None:
    """Precondition: the emulator delays its answers to "{op}" by {seconds} real seconds."""
    install(o2g, {"kind": "latency", "op": op, "seconds": float(seconds), "real": True})


@given(parsers.re(r"the server is starting for (?P<seconds>\d+) seconds$"))
@when(parsers.re(r"the server restarts and is starting for (?P<seconds>\d+) seconds$"))
def starting(o2g: World, seconds: str) -> None:
    """The server restarts and is starting for {seconds} seconds."""
    o2g.control.post("/startup", {"seconds": int(seconds)})


@when(parsers.re(r"the emulator drops the event channel of " + ACTOR + r"$"))
def drop_channel(o2g: World, actor: str) -> None:
    """The emulator drops the event channel of {actor}."""
    login = o2g.account(actor_name(actor)).login
    dropped = o2g.control.post("/streams/drop", {"login": login})["dropped"]
    if dropped != 1:
        raise AssertionError(f"{actor} had {dropped} open event channel(s) to drop, not 1")


@given("the virtual time is noted")
def note_time(o2g: World) -> None:
    """Precondition: the virtual time is noted."""
    o2g.values["clock-before"] = o2g.control.now()


@then(parsers.re(r"the virtual clock has moved by (?P<seconds>[\d.]+) seconds$"))
def clock_moved(o2g: World, seconds: str) -> None:
    """Checks that the virtual clock has moved by {seconds} seconds."""
    moved = o2g.control.now() - float(o2g.values["clock-before"])
    if abs(moved - float(seconds)) > 1e-6:
        raise AssertionError(f"the virtual clock moved by {moved:g} s, not {seconds} s")


@then(parsers.re(r"the virtual clock has moved by between (?P<low>[\d.]+) and (?P<high>[\d.]+) seconds$"))
def clock_moved_between(o2g: World, low: str, high: str) -> None:
    """Checks that the virtual clock has moved by between {low} and {high} seconds."""
    moved = o2g.control.now() - float(o2g.values["clock-before"])
    if not float(low) <= moved <= float(high):
        raise AssertionError(f"the virtual clock moved by {moved:g} s, not between {low} and {high} s")
    o2g.values.setdefault("moves", []).append(round(moved, 6))
    o2g.values["clock-before"] = o2g.control.now()


@then(parsers.re(r"the event channel of " + ACTOR + r" carries events again$"))
def channel_works(o2g: World, actor: str) -> None:
    """Checks that the event channel of {actor} carries events again."""
    login = o2g.account(actor_name(actor)).login
    o2g.control.publish({"eventName": "OnUserStateModified", "loginName": login, "state": "BUSY"}, subject=login)
    event = log_of(o2g, actor).wait_for(
        "OnUserStateModified", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    if event.get("state") != "BUSY":
        raise NonConformance("the reopened channel delivers the user's events", documented="BUSY", received=event)


@when(parsers.re(r"(?P<seconds>\d+) seconds pass on the target's clock$"))
def target_time_passes(o2g: World, seconds: str) -> None:
    """The emulator's virtual clock moves at once; a real target is waited for (such scenarios are @slow)."""
    if o2g.target.control is not None:
        o2g.control.advance(int(seconds))
    else:
        o2g.wait_real_time(int(seconds), "the target's own timers (TTL, keepalive, purge) to run")
