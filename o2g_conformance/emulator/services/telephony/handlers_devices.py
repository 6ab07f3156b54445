"""Handlers of /telephony/devices, /telephony/deskSharing and /telephony/state (L3703-3999, L4518-4593)."""

from __future__ import annotations

from ...core.dispatch import Context, Reply
from .models import TelephonyState
from .registration import body, device_actor, login_of, no_content, optional_body, telephony_op, user_actor
from .requests import DSLogOnRequest, PickupRequest, UnParkRequest


@telephony_op("telephony.devices.list")
async def list_devices(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, {"deviceStates": tel.device_states(login_of(user_actor(ctx)))})


@telephony_op("telephony.devices.get")
async def get_device(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.get_device_state(user_actor(ctx), ctx.path["deviceId"]))


@telephony_op("telephony.devices.intrusion")
async def intrusion(ctx: Context, tel: TelephonyState) -> Reply:
    tel.intrusion(device_actor(ctx), ctx.path["deviceId"])
    return no_content()


@telephony_op("telephony.devices.ithmicro")
async def ithmicro(ctx: Context, tel: TelephonyState) -> Reply:
    tel.ithmicro(device_actor(ctx), ctx.path["deviceId"])
    return no_content()


@telephony_op("telephony.devices.pickup")
async def pickup(ctx: Context, tel: TelephonyState) -> Reply:
    tel.pickup(device_actor(ctx), ctx.path["deviceId"], optional_body(ctx, PickupRequest).otherPhoneNumber)
    return no_content()


@telephony_op("telephony.devices.unpark")
async def unpark(ctx: Context, tel: TelephonyState) -> Reply:
    # The body may be left out when the call was parked on this device (L3960; example L3985-3988).
    tel.unpark(device_actor(ctx), ctx.path["deviceId"], optional_body(ctx, UnParkRequest).unParkFrom)
    return no_content()


@telephony_op("telephony.desksharing.logon")
async def desk_sharing_logon(ctx: Context, tel: TelephonyState) -> Reply:
    tel.desk_sharing_logon(login_of(user_actor(ctx)), body(ctx, DSLogOnRequest).dssDeviceNumber)
    return no_content()


@telephony_op("telephony.desksharing.logoff")
async def desk_sharing_logoff(ctx: Context, tel: TelephonyState) -> Reply:
    tel.desk_sharing_logoff(login_of(user_actor(ctx)))
    return no_content()


@telephony_op("telephony.state.get")
async def get_state(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.telephonic_state(login_of(user_actor(ctx))))


@telephony_op("telephony.state.snapshot")
async def snapshot(ctx: Context, tel: TelephonyState) -> Reply:
    # An administrator may leave loginName out: a snapshot of every user (L4559, L4568-4570).
    actor = user_actor(ctx, admin_may_omit=True)
    tel.snapshot(ctx.require_session().id, actor.login)
    return no_content()
