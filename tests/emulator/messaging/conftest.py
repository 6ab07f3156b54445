"""Fixtures of the voice mail tests: the emulator reset before each test, modifiers removed after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.emulator.emulator_support import Api
from tests.emulator.services_support import Env


@pytest.fixture
def env(api: Api) -> Iterator[Env]:
    """Users, events and the simulated PBX of a freshly reset emulator."""
    api.control.delete("/__emulator__/modifiers")
    yield Env(api)
    api.control.delete("/__emulator__/modifiers")
