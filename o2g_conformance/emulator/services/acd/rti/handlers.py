"""Call Center Real Time handlers: identifiers, the administrator's context and its snapshot."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from ....core.dispatch import Context, Reply, operation
from .models import AcdRealTime


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ObjectFilter(_Body):
    """RtiAgentFilter, RtiPilotFilter ... (L15621-15657): numbers and attributes."""

    numbers: list[StrictStr] | None = None
    attributes: list[StrictStr] | None = None


class RtiFilter(_Body):
    """RtiFilter (L15568-15586)."""

    agentFilter: ObjectFilter | None = None
    pilotFilter: ObjectFilter | None = None
    queueFilter: ObjectFilter | None = None
    pgAgentFilter: ObjectFilter | None = None
    pgOtherFilter: ObjectFilter | None = None


class RtiContextBody(_Body):
    """RtiContext (L15529-15567); `active` is "only for consultation" and ignored."""

    active: StrictBool | None = None
    obsPeriod: StrictInt | None = None
    notifFrequency: StrictInt | None = None
    filter: RtiFilter | None = None


def _rti(ctx: Context) -> AcdRealTime:
    return ctx.backend.state(AcdRealTime)


def _login(ctx: Context) -> str:
    return ctx.require_session().login


def _context(ctx: Context, *, required: bool) -> dict[str, Any] | None:
    body = ctx.body(RtiContextBody, required=required)
    return body.model_dump(exclude_none=True) if body is not None else None


@operation("acd.rti.identifiers.get")
async def identifiers(ctx: Context) -> Reply:
    return Reply(200, _rti(ctx).identifiers())


def _one(kind: str) -> Any:
    async def handler(ctx: Context) -> Reply:
        return Reply(200, _rti(ctx).identifiers((kind,)))

    return handler


operation("acd.rti.agents.get")(_one("agent"))
operation("acd.rti.pilots.get")(_one("pilot"))
operation("acd.rti.queues.get")(_one("queue"))
operation("acd.rti.pgagents.get")(_one("pgAgent"))
operation("acd.rti.pgothers.get")(_one("pgOther"))


@operation("acd.rti.ctx.create")
async def create_context(ctx: Context) -> Reply:
    _rti(ctx).create(_login(ctx), _context(ctx, required=False))
    return Reply(204)


@operation("acd.rti.ctx.modify")
async def modify_context(ctx: Context) -> Reply:
    body = _context(ctx, required=True)
    assert body is not None
    _rti(ctx).modify(_login(ctx), body)
    return Reply(204)


@operation("acd.rti.ctx.get")
async def get_context(ctx: Context) -> Reply:
    return Reply(200, _rti(ctx).view(_login(ctx), extended=ctx.query_flag("extended")))


@operation("acd.rti.ctx.delete")
async def delete_context(ctx: Context) -> Reply:
    _rti(ctx).delete(_login(ctx))
    return Reply(204)


@operation("acd.rti.snapshot")
async def snapshot(ctx: Context) -> Reply:
    _rti(ctx).snapshot(_login(ctx))
    return Reply(204)
