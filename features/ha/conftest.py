"""The HA features act on an O2G pair: their `o2g` world is the pair's (steps/ha.py, fixture `ha_world`)."""

from __future__ import annotations

import pytest

from o2g_conformance.plugin.world import World


@pytest.fixture
def o2g(ha_world: World) -> World:
    return ha_world
