"""The virtual clock: frozen and running time, timers in due order, advance through the control API."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator

import pytest

from o2g_conformance.emulator.core.clock import EPOCH, VirtualClock
from o2g_conformance.emulator.server import EmulatorServer, main
from tests.emulator.emulator_support import Api


def test_frozen_clock_does_not_move_by_itself() -> None:
    clock = VirtualClock(running=False, start=EPOCH)
    assert clock.now() == EPOCH
    time.sleep(0.02)
    assert clock.now() == EPOCH
    assert clock.iso_now() == "2026-01-05T09:00:00.000Z"


def test_by_default_the_clock_starts_at_the_real_current_time_and_follows_it() -> None:
    """A real server's clock is the wall clock (wire-facts, clock): clients send today's dates."""
    clock = VirtualClock()
    assert clock.running
    assert abs(clock.now() - time.time()) < 5
    assert clock.start == pytest.approx(time.time(), abs=5)


def test_running_clock_follows_real_time() -> None:
    clock = VirtualClock(running=True)
    first = clock.now()
    time.sleep(0.05)
    assert 0.04 <= clock.now() - first < 5


def test_timers_fire_in_due_order_each_at_its_own_instant() -> None:
    clock = VirtualClock(running=False, start=EPOCH)
    fired: list[tuple[str, float]] = []

    def record(name: str) -> Callable[[], None]:
        return lambda: fired.append((name, clock.now() - EPOCH))

    clock.call_later(30, record("c"))
    clock.call_later(10, record("a"))
    clock.call_later(20, record("b1"))
    clock.call_later(20, record("b2"))  # same instant: scheduling order
    clock.advance(25)
    assert fired == [("a", 10), ("b1", 20), ("b2", 20)]
    assert clock.now() == EPOCH + 25
    clock.advance(5)
    assert fired[-1] == ("c", 30)
    assert clock.pending() == 0


def test_a_timer_scheduled_while_firing_counts_from_its_own_instant() -> None:
    clock = VirtualClock(running=False, start=EPOCH)
    fired: list[float] = []

    def periodic() -> None:
        fired.append(clock.now() - EPOCH)
        clock.call_later(60, periodic)

    clock.call_later(60, periodic)
    clock.advance(200)
    assert fired == [60, 120, 180]


def test_cancelled_timers_do_not_fire() -> None:
    clock = VirtualClock(running=False, start=EPOCH)
    fired: list[str] = []
    handle = clock.call_later(5, lambda: fired.append("x"))
    handle.cancel()
    clock.advance(10)
    assert fired == [] and clock.pending() == 0


@pytest.mark.parametrize("seconds", [-1, math.inf, math.nan])
def test_the_clock_only_moves_forward_by_finite_amounts(seconds: float) -> None:
    with pytest.raises(ValueError):
        VirtualClock(running=False, start=EPOCH).advance(seconds)


def test_tick_fires_timers_real_time_made_due() -> None:
    clock = VirtualClock(running=True)
    fired: list[str] = []
    clock.call_later(0.01, lambda: fired.append("x"))
    time.sleep(0.03)
    clock.tick()
    assert fired == ["x"]


def test_control_api_reads_and_advances_the_clock(api: Api) -> None:
    view = api.control.get("/__emulator__/clock").json()
    assert view == {"now": EPOCH, "iso": "2026-01-05T09:00:00.000Z", "running": False}
    assert api.advance(90.5) == EPOCH + 90.5
    assert api.now() == EPOCH + 90.5
    api.reset()
    assert api.now() == EPOCH  # reset starts a fresh clock


@pytest.fixture(scope="module")
def running_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer().start()  # the default: running, from the real current time
    yield server
    server.stop()


def test_a_running_emulator_fires_timers_in_real_time_without_requests(running_server: EmulatorServer) -> None:
    fired: list[float] = []
    backend = running_server.backend
    running_server.invoke(lambda: backend.clock.call_later(0.2, lambda: fired.append(backend.clock.now())))
    deadline = time.monotonic() + 5
    while not fired and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fired, "the background ticker did not fire a due timer"


def test_a_frozen_emulator_fires_nothing_in_real_time(emulator_server: EmulatorServer, api: Api) -> None:
    fired: list[int] = []
    backend = emulator_server.backend
    emulator_server.invoke(lambda: backend.clock.call_later(0.05, lambda: fired.append(1)))
    time.sleep(0.3)
    assert fired == []
    api.advance(0.05)
    assert fired == [1]


def test_advancing_a_running_clock_moves_it_ahead_of_real_time(
    running_server: EmulatorServer, api_factory: Callable[[EmulatorServer], Api]
) -> None:
    api = api_factory(running_server)
    before = api.now()
    after = api.advance(3600)
    assert 3600 <= after - before < 3660
    assert api.control.get("/__emulator__/clock").json()["running"] is True


def test_a_served_emulator_starts_at_the_real_current_time_and_again_at_reset(
    running_server: EmulatorServer, api_factory: Callable[[EmulatorServer], Api]
) -> None:
    api = api_factory(running_server)
    api.advance(86400)
    api.reset()  # a reset starts a fresh clock: at the real current time again
    assert abs(api.now() - time.time()) < 60
    assert api.control.get("/__emulator__/clock").json()["running"] is True


def test_statistics_of_the_current_day_are_served_by_a_default_emulator(
    running_server: EmulatorServer, api_factory: Callable[[EmulatorServer], Api]
) -> None:
    """A client asks for today's figures with its own date (L16156 "default = current day")."""
    api = api_factory(running_server)
    api.reset()
    admin = api.session(("admin", "Adm1n-Pass"))
    scope = "/api/rest/1.0/acd/stats/scope"
    supervisor = {"identifier": "70128", "language": "EN", "timezone": "+00:00"}
    agent = {"number": "70125", "loginName": "oxe70125", "firstName": "F", "lastName": "R", "groupName": "PG_SALES"}
    assert admin.post(scope, json={"supervisor": supervisor, "agents": [agent]}).status_code == 200
    body = {"label": "l", "filter": {"agentFilter": {"numbers": ["70125"], "agentAttributes": ["nbRotating"]}}}
    r = admin.post(f"{scope}/70128/ctx", json=body)
    assert r.status_code == 200, r.text
    ctx = r.json()["id"]
    today = time.strftime("%Y-%m-%d 00:00", time.gmtime())
    r = admin.get(f"{scope}/70128/ctx/{ctx}/oneday/data", params={"date": today})
    assert r.status_code == 200, r.text


def test_the_command_line_takes_a_clock_start(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--clock-start", "yesterday", "--port", "0"]) == 2
    assert "--clock-start" in capsys.readouterr().err
