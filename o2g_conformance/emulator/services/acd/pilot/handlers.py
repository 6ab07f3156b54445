"""Call Center Pilot handlers: start and stop the monitoring of a pilot (with or without its node)."""

from __future__ import annotations

from ....core.dispatch import Context, Reply, operation
from .models import AcdPilots


def _pilots(ctx: Context) -> AcdPilots:
    return ctx.backend.state(AcdPilots)


@operation("acd.pilotmonitoring.node.start")
async def start_on_node(ctx: Context) -> Reply:
    _pilots(ctx).start_monitoring(ctx.require_session(), ctx.path["nodeId"], ctx.path["pilotNumber"])
    return Reply(204)


@operation("acd.pilotmonitoring.node.stop")
async def stop_on_node(ctx: Context) -> Reply:
    _pilots(ctx).stop_monitoring(ctx.require_session(), ctx.path["nodeId"], ctx.path["pilotNumber"])
    return Reply(204)


@operation("acd.pilotmonitoring.start")
async def start(ctx: Context) -> Reply:
    _pilots(ctx).start_monitoring(ctx.require_session(), None, ctx.path["pilotNumber"])
    return Reply(204)


@operation("acd.pilotmonitoring.stop")
async def stop(ctx: Context) -> Reply:
    _pilots(ctx).stop_monitoring(ctx.require_session(), None, ctx.path["pilotNumber"])
    return Reply(204)
