"""Fixtures of the emulator's own tests: one emulator on a loopback socket, reset before every test.

Helpers (`Api`, `Stream`, account constants) live in `emulator_support`, importable by test modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from o2g_conformance.emulator.server import FROZEN, EmulatorServer
from tests.emulator.emulator_support import Api


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    """The emulator on 127.0.0.1, random port, frozen virtual clock (shared by the whole run)."""
    server = EmulatorServer(port=0, **FROZEN).start()
    yield server
    server.stop()


@pytest.fixture
def api(emulator_server: EmulatorServer) -> Iterator[Api]:
    """A client view of the emulator, reset to its topology before the test."""
    a = Api(emulator_server.url)
    a.reset()
    yield a
    a.close()


@pytest.fixture
def api_factory() -> Iterator[Callable[[EmulatorServer], Api]]:
    """Client views of extra emulators a test starts itself (TLS, running clock, public host)."""
    made: list[Api] = []

    def make(server: EmulatorServer) -> Api:
        a = Api(server.url)
        made.append(a)
        return a

    yield make
    for a in made:
        a.close()
