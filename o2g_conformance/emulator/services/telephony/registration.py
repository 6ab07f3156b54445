"""How telephony handlers are registered: one operation per request, errors with the telephony detail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pydantic import BaseModel

from ...core.dispatch import Context, Reply, operation
from ...core.errors import ApiError
from . import errors
from .core import Actor
from .entities import IllegalTransition
from .models import TelephonyState

B = TypeVar("B", bound=BaseModel)
TelHandler = Callable[[Context, TelephonyState], Awaitable[Reply]]


def telephony_op(op_id: str) -> Callable[[TelHandler], TelHandler]:
    """Register a telephony handler: its events form one batch, every error carries `telephony`.

    This is also where the control API's `accept_wrong_state` modifier turns INCOMPATIBLE_WITH_STATE into success.
    """

    def register(fn: TelHandler) -> TelHandler:
        async def handler(ctx: Context) -> Reply:
            tel = ctx.backend.state(TelephonyState)
            try:
                with tel.operation():
                    return await fn(ctx, tel)
            except IllegalTransition as exc:
                raise errors.incompatible(str(exc)) from None
            except ApiError as err:
                wrong_state = errors.error_type_of(err) == "INCOMPATIBLE_WITH_STATE"
                if wrong_state and ctx.backend.modifiers.accepts_wrong_state(op_id):
                    return success(ctx)
                raise errors.with_detail(err) from None

        operation(op_id)(handler)
        return fn

    return register


def success(ctx: Context) -> Reply:
    """The operation's documented success without doing anything (a deliberately wrong answer)."""
    code = min(r.code for r in ctx.op.responses if 200 <= r.code < 300)
    return Reply(code, {} if code == 200 else None)


def user_actor(ctx: Context, *, admin_may_omit: bool = False) -> Actor:
    """Operations with a loginName query parameter: the user the operation acts for (L2505-2551 rule)."""
    session = ctx.require_session()
    return Actor(ctx.acting_login(admin_may_omit=admin_may_omit), session.admin)


def device_actor(ctx: Context) -> Actor:
    """Operations without loginName: a user acts for itself, an administrator through the named device."""
    session = ctx.require_session()
    return Actor(None if session.admin else session.login, session.admin)


def login_of(actor: Actor) -> str:
    assert actor.login is not None  # user_actor without admin_may_omit always names a user
    return actor.login


def body(ctx: Context, model: type[B]) -> B:
    req = ctx.body(model)
    assert req is not None
    return req


def optional_body(ctx: Context, model: type[B]) -> B:
    return ctx.body(model, required=False) or model()


def no_content() -> Reply:
    return Reply(204)
