"""Handlers of /telephony/basicCall and /telephony/calls (L2505-3700): parse, one backend call, render."""

from __future__ import annotations

from ...core.dispatch import Context, Reply
from . import errors
from .calls import MakeCall
from .models import TelephonyState
from .registration import body, device_actor, login_of, no_content, optional_body, telephony_op, user_actor
from .requests import (
    BlindTransferRequest,
    DeviceRequest,
    HeldCallRequest,
    MakeBasicCallRequest,
    MakeCallRequest,
    ParkRequest,
    ReconnectRequest,
    RedirectRequest,
    SendAccountInfoRequest,
    SendAssociatedDataRequest,
    SendDtmfRequest,
    SwitchDeviceRequest,
)


def _created(ctx: Context, family: str, ref: str) -> Reply:
    """201 with the Location of the new call and no body (L2540-2542, L2707-2708)."""
    return Reply(201, None, headers={"Location": f"{ctx.backend.api_base}/telephony/{family}/{ref}"})


# -- basicCall (free) ----------------------------------------------------------------------------------


@telephony_op("telephony.basiccall.make")
async def basic_make(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, MakeBasicCallRequest)
    call, dev = tel.make_call(device_actor(ctx), MakeCall(req.deviceId, req.callee, req.autoAnswer))
    if dev.owner is None:  # a connected set not associated to a user (L2543-2550)
        return no_content()
    # The Location points under /basicCall (L2542), not /calls.
    return _created(ctx, "basicCall", call.ref)


@telephony_op("telephony.basiccall.answer")
async def basic_answer(ctx: Context, tel: TelephonyState) -> Reply:
    tel.basic_answer(device_actor(ctx), body(ctx, DeviceRequest).deviceId)
    return no_content()


@telephony_op("telephony.basiccall.dropme")
async def basic_dropme(ctx: Context, tel: TelephonyState) -> Reply:
    tel.basic_dropme(user_actor(ctx))
    return no_content()


# -- calls ----------------------------------------------------------------------------------------------


@telephony_op("telephony.calls.list")
async def list_calls(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, {"calls": tel.list_calls(login_of(user_actor(ctx)))})


@telephony_op("telephony.calls.make")
async def make(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, MakeCallRequest)
    actor = user_actor(ctx, admin_may_omit=True)
    if actor.login is None:
        # An administrator names the user with loginName, except for a set not associated to a user
        # (usage *4, L5407-5433), which has no user to name.
        dev = tel.device(req.deviceId)
        if dev is None or dev.owner is not None:
            raise errors.bad_value("query parameter 'loginName' is mandatory for an administrator session")
    acd = req.acdCall.model_dump(exclude_none=True) if req.acdCall is not None else None
    call, dev = tel.make_call(
        actor,
        MakeCall(
            req.deviceId,
            req.callee,
            req.autoAnswer,
            associated=req.associatedData,
            hexa=req.hexaBinaryAssociatedData,
            pin=req.pin,
            secret_code=req.secretCode,
            business_code=req.businessCode,
            calling_number=req.callingNumber,
            secret_identity=req.secretIdentity,
            acd=acd,
        ),
    )
    if dev.owner is None:
        return no_content()
    return _created(ctx, "calls", call.ref)


@telephony_op("telephony.calls.get")
async def get_call(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.get_call(user_actor(ctx), ctx.path["callRef"]))


@telephony_op("telephony.calls.release")
async def release(ctx: Context, tel: TelephonyState) -> Reply:
    tel.release(user_actor(ctx), ctx.path["callRef"])
    return no_content()


@telephony_op("telephony.calls.alternate")
async def alternate(ctx: Context, tel: TelephonyState) -> Reply:
    tel.alternate(device_actor(ctx), ctx.path["callRef"], body(ctx, DeviceRequest).deviceId)
    return no_content()


@telephony_op("telephony.calls.answer")
async def answer(ctx: Context, tel: TelephonyState) -> Reply:
    tel.answer(device_actor(ctx), ctx.path["callRef"], body(ctx, DeviceRequest).deviceId)
    return no_content()


@telephony_op("telephony.calls.attachdata")
async def attach_data(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, SendAssociatedDataRequest)
    ref = ctx.path["callRef"]
    tel.attach_data(device_actor(ctx), ref, req.deviceId, req.associatedData, req.hexaBinaryAssociatedData)
    return no_content()


@telephony_op("telephony.calls.blindtransfer")
async def blind_transfer(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, BlindTransferRequest)
    tel.blind_transfer(user_actor(ctx), ctx.path["callRef"], req.transferTo, req.anonymous)
    return no_content()


@telephony_op("telephony.calls.callback")
async def callback(ctx: Context, tel: TelephonyState) -> Reply:
    tel.callback_request(user_actor(ctx), ctx.path["callRef"])
    return no_content()


@telephony_op("telephony.calls.devicelegs.list")
async def list_legs(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, {"legs": tel.legs(user_actor(ctx), ctx.path["callRef"])})


@telephony_op("telephony.calls.devicelegs.get")
async def get_leg(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.leg(user_actor(ctx), ctx.path["callRef"], ctx.path["legId"]))


@telephony_op("telephony.calls.devicelegs.switch")
async def switch_leg(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, SwitchDeviceRequest)
    tel.switch_device(device_actor(ctx), ctx.path["callRef"], ctx.path["legId"], req.otherDeviceId)
    return no_content()


@telephony_op("telephony.calls.dropme")
async def dropme(ctx: Context, tel: TelephonyState) -> Reply:
    tel.dropme(user_actor(ctx), ctx.path["callRef"])
    return no_content()


@telephony_op("telephony.calls.hold")
async def hold(ctx: Context, tel: TelephonyState) -> Reply:
    tel.hold(device_actor(ctx), ctx.path["callRef"], body(ctx, DeviceRequest).deviceId)
    return no_content()


@telephony_op("telephony.calls.merge")
async def merge(ctx: Context, tel: TelephonyState) -> Reply:
    tel.merge(user_actor(ctx), ctx.path["callRef"], body(ctx, HeldCallRequest).heldCallRef)
    return no_content()


@telephony_op("telephony.calls.overflowtovoicemail")
async def overflow(ctx: Context, tel: TelephonyState) -> Reply:
    tel.overflow_to_voicemail(user_actor(ctx), ctx.path["callRef"])
    return no_content()


@telephony_op("telephony.calls.park")
async def park(ctx: Context, tel: TelephonyState) -> Reply:
    tel.park(user_actor(ctx), ctx.path["callRef"], optional_body(ctx, ParkRequest).parkTo)
    return no_content()


@telephony_op("telephony.calls.participants.list")
async def list_participants(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, {"participants": tel.participants(user_actor(ctx), ctx.path["callRef"])})


@telephony_op("telephony.calls.participants.get")
async def get_participant(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.participant(user_actor(ctx), ctx.path["callRef"], ctx.path["participantId"]))


@telephony_op("telephony.calls.participants.drop")
async def drop_participant(ctx: Context, tel: TelephonyState) -> Reply:
    tel.drop_participant(user_actor(ctx), ctx.path["callRef"], ctx.path["participantId"])
    return no_content()


@telephony_op("telephony.calls.reconnect")
async def reconnect(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, ReconnectRequest)
    tel.reconnect(user_actor(ctx), ctx.path["callRef"], req.deviceId, req.enquiryCallRef)
    return no_content()


@telephony_op("telephony.calls.recording")
async def recording(ctx: Context, tel: TelephonyState) -> Reply:
    tel.recording(user_actor(ctx), ctx.path["callRef"], ctx.query.get("action"))
    return no_content()


@telephony_op("telephony.calls.redirect")
async def redirect(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, RedirectRequest)
    tel.redirect(user_actor(ctx), ctx.path["callRef"], req.redirectTo, req.anonymous)
    return no_content()


@telephony_op("telephony.calls.retrieve")
async def retrieve(ctx: Context, tel: TelephonyState) -> Reply:
    tel.retrieve(device_actor(ctx), ctx.path["callRef"], body(ctx, DeviceRequest).deviceId)
    return no_content()


@telephony_op("telephony.calls.senddtmf")
async def send_dtmf(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, SendDtmfRequest)
    tel.send_dtmf(device_actor(ctx), ctx.path["callRef"], req.deviceId, req.number)
    return no_content()


@telephony_op("telephony.calls.sendaccountinfo")
async def send_account_info(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, SendAccountInfoRequest)
    tel.send_account_info(device_actor(ctx), ctx.path["callRef"], req.deviceId, req.accountInfo)
    return no_content()


@telephony_op("telephony.calls.transfer")
async def transfer(ctx: Context, tel: TelephonyState) -> Reply:
    tel.transfer(user_actor(ctx), ctx.path["callRef"], body(ctx, HeldCallRequest).heldCallRef)
    return no_content()
