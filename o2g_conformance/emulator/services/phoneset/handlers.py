"""Phone Set Programming handlers: parse, call one `PhoneSetProgramming` method, render."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from ...core.dispatch import Context, Reply, operation
from ...core.sessions import Session
from .models import KeyChange, PhoneSetProgramming, PinChange, parse_activate


class AssociateBody(BaseModel):
    """Associate (L10546-10549)."""

    model_config = ConfigDict(extra="ignore")
    number: StrictStr | None = None


class PinBody(BaseModel):
    """Pin (L10592-10611): raw values, the examples send strings for the boolean and the int (L10098-10100)."""

    model_config = ConfigDict(extra="ignore")
    Pin_Number: Any = None
    With_Secret_Code: Any = None
    Pin_Type_Of_Control: Any = None
    Pin_Group: Any = None


class ProgrammeableKeyBody(BaseModel):
    """ProgrammeableKey (L10619-10626), the body of the key PUT example (L10228)."""

    model_config = ConfigDict(extra="ignore")
    position: StrictInt | None = None
    number: StrictStr | None = None
    mnemonic: StrictStr | None = None
    locked: StrictBool | None = None


class SoftKeyBody(BaseModel):
    """SoftKey (L10637-10642); `locked` is not one of its fields and is refused if sent."""

    model_config = ConfigDict(extra="ignore")
    position: StrictInt | None = None
    number: StrictStr | None = None
    mnemonic: StrictStr | None = None
    locked: StrictBool | None = None


def _args(ctx: Context) -> tuple[PhoneSetProgramming, Session, str, str]:
    """The backend, the session, the path's loginName and deviceId."""
    return ctx.backend.state(PhoneSetProgramming), ctx.require_session(), ctx.path["loginName"], ctx.path["deviceId"]


@operation("phoneset.devices.list")
async def list_devices(ctx: Context) -> Reply:
    service = ctx.backend.state(PhoneSetProgramming)
    return Reply(200, service.devices(ctx.require_session(), ctx.path["loginName"]))


@operation("phoneset.devices.get")
async def get_device(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.device(session, login, device))


@operation("phoneset.devices.reactive.set")
async def set_re_active(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    service.set_re_active(session, login, device, parse_activate(ctx.query.get("activate")))
    return Reply(204)


@operation("phoneset.devices.reactivestate.get")
async def get_re_active_state(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.re_active_state(session, login, device))


@operation("phoneset.devices.addons.get")
async def get_addons(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.addons(session, login, device))


@operation("phoneset.devices.associate.set")
async def set_associate(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    body = ctx.body(AssociateBody)
    service.set_associate(session, login, device, body.number)
    return Reply(204)


@operation("phoneset.devices.campon.set")
async def set_campon(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    service.set_campon(session, login, device, parse_activate(ctx.query.get("activate")))
    return Reply(204)


@operation("phoneset.devices.dynamicstate.get")
async def get_dynamic_state(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.dynamic_state(session, login, device))


@operation("phoneset.devices.lock.set")
async def set_lock(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    service.set_lock(session, login, device, parse_activate(ctx.query.get("activate")))
    return Reply(204)


@operation("phoneset.devices.pin.get")
async def get_pin(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.pin(session, login, device))


@operation("phoneset.devices.pin.set")
async def set_pin(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    body = ctx.body(PinBody)
    change = PinChange(body.Pin_Number, body.With_Secret_Code, body.Pin_Type_Of_Control, body.Pin_Group)
    service.set_pin(session, login, device, change)
    return Reply(204)


@operation("phoneset.devices.programmeablekeys.list")
async def list_pkeys(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.pkeys(session, login, device, programmed_only=False))


@operation("phoneset.devices.programmedkeys.list")
async def list_programmed_keys(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.pkeys(session, login, device, programmed_only=True))


@operation("phoneset.devices.programmeablekeys.set")
async def set_pkey(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    body = ctx.body(ProgrammeableKeyBody)
    change = KeyChange(body.position, body.number, body.mnemonic, body.locked)
    service.set_pkey(session, login, device, ctx.path["position"], change)
    return Reply(204)


@operation("phoneset.devices.programmeablekeys.delete")
async def delete_pkey(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    service.delete_pkey(session, login, device, ctx.path["position"])
    return Reply(204)


@operation("phoneset.devices.softkeys.list")
async def list_softkeys(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    return Reply(200, service.softkeys(session, login, device))


@operation("phoneset.devices.softkeys.set")
async def set_softkey(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    body = ctx.body(SoftKeyBody)
    change = KeyChange(body.position, body.number, body.mnemonic, body.locked)
    service.set_softkey(session, login, device, ctx.path["position"], change)
    return Reply(204)


@operation("phoneset.devices.softkeys.delete")
async def delete_softkey(ctx: Context) -> Reply:
    service, session, login, device = _args(ctx)
    service.delete_softkey(session, login, device, ctx.path["position"])
    return Reply(204)


@operation("phoneset.prefixes.get")
async def get_prefix(ctx: Context) -> Reply:
    service = ctx.backend.state(PhoneSetProgramming)
    query = ctx.query
    return Reply(
        200, service.prefix(ctx.require_session(), ctx.path["loginName"], query.get("type"), query.get("value"))
    )
