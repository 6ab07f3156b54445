"""Routing handlers: parse, call one `RoutingService` method, render; every error carries the routing detail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ...core import errors as core_errors
from ...core.dispatch import Context, Reply, operation
from ...core.errors import ApiError
from . import errors
from .models import RoutingService
from .rules import ForwardRouteIn, OverflowRouteIn, PresentationRouteIn, RequestBody

RoutingHandler = Callable[[Context, RoutingService], Awaitable[Reply]]


class SetRoutesRequest(RequestBody):
    """SetRoutesRequest (L7751-7778)."""

    presentationRoutes: list[PresentationRouteIn] | None = None
    forwardRoutes: list[ForwardRouteIn] | None = None


class SetForwardRouteRequest(RequestBody):
    """SetForwardRouteRequest (L7719-7733)."""

    forwardRoute: ForwardRouteIn | None = None


class SetOverflowRoutesRequest(RequestBody):
    """SetOverflowRoutesRequest (L7735-7749)."""

    overflowRoutes: list[OverflowRouteIn] | None = None


def routing_op(op_id: str) -> Callable[[RoutingHandler], RoutingHandler]:
    """Register a routing handler whose errors all carry `routing` (RestErrorInfo.routing, L364-398)."""

    def register(fn: RoutingHandler) -> RoutingHandler:
        async def handler(ctx: Context) -> Reply:
            try:
                return await fn(ctx, ctx.backend.state(RoutingService))
            except ApiError as err:
                raise errors.with_detail(err) from None

        operation(op_id)(handler)
        return fn

    return register


def _login(ctx: Context) -> str:
    login = ctx.acting_login()
    assert login is not None  # without admin_may_omit a user is always named
    return login


def _sip_nomadic(ctx: Context) -> None:
    """`sipNomadic` (boolean, no description, L6924): checked to be a boolean, otherwise ignored."""
    value = ctx.query.get("sipNomadic")
    if value is not None and value.lower() not in ("true", "false"):
        raise core_errors.bad_parameter(f"sipNomadic must be true or false, not {value!r}")


@routing_op("routing.get")
async def get_capabilities(ctx: Context, svc: RoutingService) -> Reply:
    return Reply(200, svc.capabilities(_login(ctx)))


@routing_op("routing.set")
async def set_routes(ctx: Context, svc: RoutingService) -> Reply:
    _sip_nomadic(ctx)
    login = _login(ctx)
    req = ctx.body(SetRoutesRequest)
    svc.set_routes(login, req.presentationRoutes, req.forwardRoutes)
    return Reply(204)


@routing_op("routing.dnd.get")
async def get_dnd(ctx: Context, svc: RoutingService) -> Reply:
    return Reply(200, svc.dnd_state(_login(ctx)))


@routing_op("routing.dnd.set")
async def set_dnd(ctx: Context, svc: RoutingService) -> Reply:
    svc.set_dnd(_login(ctx), True)
    return Reply(204)


@routing_op("routing.dnd.cancel")
async def cancel_dnd(ctx: Context, svc: RoutingService) -> Reply:
    svc.set_dnd(_login(ctx), False)
    return Reply(204)


@routing_op("routing.forwardroute.get")
async def get_forward(ctx: Context, svc: RoutingService) -> Reply:
    return Reply(200, svc.forward_route(_login(ctx)))


@routing_op("routing.forwardroute.set")
async def set_forward(ctx: Context, svc: RoutingService) -> Reply:
    login = _login(ctx)
    svc.set_forward(login, ctx.body(SetForwardRouteRequest).forwardRoute)
    return Reply(204)


@routing_op("routing.forwardroute.cancel")
async def cancel_forward(ctx: Context, svc: RoutingService) -> Reply:
    svc.cancel_forward(_login(ctx))
    return Reply(204)


@routing_op("routing.overflowroute.get")
async def get_overflow(ctx: Context, svc: RoutingService) -> Reply:
    return Reply(200, svc.overflow_route(_login(ctx)))


@routing_op("routing.overflowroute.set")
async def set_overflow(ctx: Context, svc: RoutingService) -> Reply:
    login = _login(ctx)
    svc.set_overflow(login, ctx.body(SetOverflowRoutesRequest).overflowRoutes)
    return Reply(204)


@routing_op("routing.overflowroute.cancel")
async def cancel_overflow(ctx: Context, svc: RoutingService) -> Reply:
    svc.cancel_overflow(_login(ctx))
    return Reply(204)


@routing_op("routing.state.get")
async def get_state(ctx: Context, svc: RoutingService) -> Reply:
    return Reply(200, svc.state_view(_login(ctx)))


@routing_op("routing.state.snapshot")
async def snapshot(ctx: Context, svc: RoutingService) -> Reply:
    svc.snapshot(ctx.require_session(), ctx.acting_login(admin_may_omit=True))
    return Reply(204)
