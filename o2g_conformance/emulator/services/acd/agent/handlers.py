"""Call Center Agent handlers: parse the request, call one `AcdAgents` method, render."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator

from ....core.dispatch import Context, Reply, operation
from .lifecycle import Status
from .models import AcdAgents


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


B = TypeVar("B", bound=_Body)


class SkillActivation(_Body):
    """AgentSkillActivation (L13184-13188)."""

    skills: list[StrictInt] = Field(default_factory=list)


class LogonRequest(_Body):
    """LoggOnAgentRequest (L13297-13307)."""

    proAcdDeviceNumber: StrictStr = Field(min_length=1)
    pgGroupNumber: StrictStr | None = None
    headset: StrictBool | None = None


class PGRequest(_Body):
    """PGRequest (L13366-13371)."""

    pgGroupNumber: StrictStr | None = None


class WithdrawRequest(_Body):
    """WithdrawAgentRequest (L13378-13383); the example's "1" (L13050) is read as the int 1."""

    reasonIndex: int | None = None

    @field_validator("reasonIndex", mode="before")
    @classmethod
    def _decimal(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("reasonIndex is an int")
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if value is not None and not isinstance(value, int):
            raise ValueError("reasonIndex is an int")
        return value


class IntrusionRequest(_Body):
    """IntrusionRequest (L13278-13296)."""

    agentNumber: StrictStr | None = None
    mode: StrictStr | None = None


class ChangeIntrusionModeRequest(_Body):
    """ChangeIntrusionModeRequest (L13240-13269)."""

    mode: StrictStr | None = None


class ListeningRequest(_Body):
    """PermanentListeningRequest (L13361-13365)."""

    agentNumber: StrictStr | None = None


def _agents(ctx: Context) -> AcdAgents:
    return ctx.backend.state(AcdAgents)


def _login(ctx: Context) -> str:
    login = ctx.acting_login()
    assert login is not None
    return login


def _optional(ctx: Context, model: type[B]) -> B:
    """A body the operation may go without (PGRequest, WithdrawAgentRequest: every field is [0..1])."""
    return ctx.body(model, required=False) or model()


@operation("acd.agent.config.get")
async def get_config(ctx: Context) -> Reply:
    return Reply(200, _agents(ctx).config(_login(ctx)))


async def _skills(ctx: Context, active: bool) -> Reply:
    login = _login(ctx)
    req = ctx.body(SkillActivation)
    _agents(ctx).set_skills(login, list(req.skills), active)
    return Reply(204)


@operation("acd.agent.config.skills.activate")
async def activate_skills(ctx: Context) -> Reply:
    return await _skills(ctx, True)


@operation("acd.agent.config.skills.deactivate")
async def deactivate_skills(ctx: Context) -> Reply:
    return await _skills(ctx, False)


@operation("acd.agent.logon")
async def logon(ctx: Context) -> Reply:
    login = _login(ctx)
    req = ctx.body(LogonRequest)
    _agents(ctx).logon(login, req.proAcdDeviceNumber, req.pgGroupNumber, req.headset)
    return Reply(204)


@operation("acd.agent.logoff")
async def logoff(ctx: Context) -> Reply:
    _agents(ctx).logoff(_login(ctx))
    return Reply(204)


@operation("acd.agent.enterpg")
async def enter_pg(ctx: Context) -> Reply:
    login = _login(ctx)
    req = _optional(ctx, PGRequest)
    _agents(ctx).enter_group(login, req.pgGroupNumber)
    return Reply(204)


@operation("acd.agent.exitpg")
async def exit_pg(ctx: Context) -> Reply:
    login = _login(ctx)
    req = _optional(ctx, PGRequest)
    _agents(ctx).exit_group(login, req.pgGroupNumber)
    return Reply(204)


@operation("acd.agent.ready")
async def ready(ctx: Context) -> Reply:
    _agents(ctx).set_status(_login(ctx), Status.READY)
    return Reply(204)


@operation("acd.agent.pause")
async def pause(ctx: Context) -> Reply:
    _agents(ctx).set_status(_login(ctx), Status.PAUSE)
    return Reply(204)


@operation("acd.agent.wrapup")
async def wrapup(ctx: Context) -> Reply:
    _agents(ctx).set_status(_login(ctx), Status.WRAPUP)
    return Reply(204)


@operation("acd.agent.withdraw")
async def withdraw(ctx: Context) -> Reply:
    login = _login(ctx)
    req = _optional(ctx, WithdrawRequest)
    _agents(ctx).withdraw(login, req.reasonIndex)
    return Reply(204)


@operation("acd.agent.withdrawreasons.get")
async def withdraw_reasons(ctx: Context) -> Reply:
    login = _login(ctx)
    return Reply(200, _agents(ctx).withdraw_reasons(login, ctx.query.get("pgNumber")))


@operation("acd.agent.state.get")
async def get_state(ctx: Context) -> Reply:
    return Reply(200, _agents(ctx).state(_login(ctx)))


@operation("acd.agent.state.snapshot")
async def snapshot(ctx: Context) -> Reply:
    _agents(ctx).snapshot(ctx.acting_login(admin_may_omit=True))
    return Reply(204)


@operation("acd.agent.supervisorhelp.request")
async def request_help(ctx: Context) -> Reply:
    _agents(ctx).request_help(_login(ctx))
    return Reply(204)


@operation("acd.agent.supervisorhelp.cancel")
async def cancel_help(ctx: Context) -> Reply:
    login = _login(ctx)
    _agents(ctx).cancel_help(login, ctx.query.get("other"))
    return Reply(204)


@operation("acd.agent.intrusion.start")
async def start_intrusion(ctx: Context) -> Reply:
    login = _login(ctx)
    req = ctx.body(IntrusionRequest)
    _agents(ctx).start_intrusion(login, req.agentNumber, req.mode)
    return Reply(204)


@operation("acd.agent.intrusion.changemode")
async def change_intrusion(ctx: Context) -> Reply:
    login = _login(ctx)
    req = ctx.body(ChangeIntrusionModeRequest)
    _agents(ctx).change_intrusion(login, req.mode)
    return Reply(204)


@operation("acd.agent.permanentlistening.start")
async def start_listening(ctx: Context) -> Reply:
    login = _login(ctx)
    req = ctx.body(ListeningRequest)
    _agents(ctx).start_listening(login, req.agentNumber)
    return Reply(204)


@operation("acd.agent.permanentlistening.cancel")
async def cancel_listening(ctx: Context) -> Reply:
    _agents(ctx).cancel_listening(_login(ctx))
    return Reply(204)
