"""Call Center Management handlers: pilots, their opening and their calendars (administrators only)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from ....core.dispatch import Context, Reply, operation
from ..rti.models import AcdRealTime
from .models import AcdManagement


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ACRSkill(_Body):
    """ACRSkill (L14070-14080)."""

    skillNumber: StrictInt | None = None
    acrStatus: StrictBool | None = None
    expertEvalLevel: StrictInt | None = None


class ACRSkills(_Body):
    skills: list[ACRSkill] = []


class PilotQueryParam(_Body):
    """PilotQueryParam (L14242-14262): the call profile of an advanced pilot query."""

    agentNumber: StrictStr | None = None
    skills: ACRSkills | None = None
    priorityTransfer: StrictBool | None = None
    supervisedTransfer: StrictBool | None = None


class PilotTransition(_Body):
    """PilotTransition (L14308-14319): every field is [1]."""

    time: StrictStr
    ruleNumber: StrictInt
    mode: StrictStr


def _mgmt(ctx: Context) -> AcdManagement:
    return ctx.backend.state(AcdManagement)


def _pilot(ctx: Context) -> tuple[str, str]:
    return ctx.path["nodeId"], ctx.path["pilotNumber"]


def _transition(ctx: Context) -> tuple[str, int, str]:
    req = ctx.body(PilotTransition)
    return req.time, req.ruleNumber, req.mode


@operation("acd.management.pilots.list")
async def list_pilots(ctx: Context) -> Reply:
    if ctx.path["nodeId"] == "rti":
        # GET /acd/rti/pilots (acd.rti.pilots.get) also matches the template /acd/{nodeId}/pilots, and the
        # dispatch takes the first catalog operation that matches: the literal path is the RTI operation's.
        return Reply(200, ctx.backend.state(AcdRealTime).identifiers(("pilot",)))
    return Reply(200, _mgmt(ctx).pilots(ctx.path["nodeId"]))


@operation("acd.management.pilot.get")
async def get_pilot(ctx: Context) -> Reply:
    return Reply(200, _mgmt(ctx).pilot(*_pilot(ctx)))


@operation("acd.management.pilot.getadvanced")
async def get_pilot_advanced(ctx: Context) -> Reply:
    req = ctx.body(PilotQueryParam)
    profile = req.model_dump(exclude_none=True)
    profile["skills"] = profile.get("skills", {}).get("skills", [])
    return Reply(200, _mgmt(ctx).pilot_advanced(*_pilot(ctx), profile))


@operation("acd.management.pilot.open")
async def open_pilot(ctx: Context) -> Reply:
    _mgmt(ctx).set_open(*_pilot(ctx), True)
    return Reply(204)


@operation("acd.management.pilot.close")
async def close_pilot(ctx: Context) -> Reply:
    _mgmt(ctx).set_open(*_pilot(ctx), False)
    return Reply(204)


@operation("acd.management.calendar.get")
async def get_calendar(ctx: Context) -> Reply:
    return Reply(200, _mgmt(ctx).calendar(*_pilot(ctx)))


@operation("acd.management.calendar.normal.get")
async def get_normal(ctx: Context) -> Reply:
    return Reply(200, _mgmt(ctx).normal_calendar(*_pilot(ctx)))


@operation("acd.management.calendar.exception.get")
async def get_exceptions(ctx: Context) -> Reply:
    return Reply(200, _mgmt(ctx).exception_calendar(*_pilot(ctx)))


@operation("acd.management.calendar.normal.transitions.add")
async def add_normal(ctx: Context) -> Reply:
    _mgmt(ctx).add_transition(*_pilot(ctx), "normal", ctx.path["dayOfWeek"], _transition(ctx))
    return Reply(204)


@operation("acd.management.calendar.normal.transition.modify")
async def modify_normal(ctx: Context) -> Reply:
    day, nbr = ctx.path["dayOfWeek"], ctx.path["transitionNbr"]
    _mgmt(ctx).modify_transition(*_pilot(ctx), "normal", day, nbr, _transition(ctx))
    return Reply(204)


@operation("acd.management.calendar.normal.transition.remove")
async def remove_normal(ctx: Context) -> Reply:
    _mgmt(ctx).remove_transition(*_pilot(ctx), "normal", ctx.path["dayOfWeek"], ctx.path["transitionNbr"])
    return Reply(204)


@operation("acd.management.calendar.exception.transitions.add")
async def add_exception(ctx: Context) -> Reply:
    _mgmt(ctx).add_transition(*_pilot(ctx), "exception", ctx.path["date"], _transition(ctx))
    return Reply(204)


@operation("acd.management.calendar.exception.transition.modify")
async def modify_exception(ctx: Context) -> Reply:
    date, nbr = ctx.path["date"], ctx.path["transitionNbr"]
    _mgmt(ctx).modify_transition(*_pilot(ctx), "exception", date, nbr, _transition(ctx))
    return Reply(204)


@operation("acd.management.calendar.exception.transition.remove")
async def remove_exception(ctx: Context) -> Reply:
    _mgmt(ctx).remove_transition(*_pilot(ctx), "exception", ctx.path["date"], ctx.path["transitionNbr"])
    return Reply(204)
