"""Handlers of hunting groups, call-backs, mini messages and pilots (L4002-4515)."""

from __future__ import annotations

from ...core.dispatch import Context, Reply
from .models import TelephonyState
from .registration import body, login_of, no_content, optional_body, telephony_op, user_actor
from .requests import CallbackRequest, MiniMessageRequest, PilotQueryParam


@telephony_op("telephony.huntinggrouplogon.get")
async def hunting_status(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.hunting_status(login_of(user_actor(ctx))))


@telephony_op("telephony.huntinggrouplogon.logon")
async def hunting_logon(ctx: Context, tel: TelephonyState) -> Reply:
    tel.hunting_logon_set(login_of(user_actor(ctx)), True)
    return no_content()


@telephony_op("telephony.huntinggrouplogon.logoff")
async def hunting_logoff(ctx: Context, tel: TelephonyState) -> Reply:
    tel.hunting_logon_set(login_of(user_actor(ctx)), False)
    return no_content()


@telephony_op("telephony.huntinggroupmember.add")
async def hunting_member_add(ctx: Context, tel: TelephonyState) -> Reply:
    tel.hunting_member_add(login_of(user_actor(ctx)), ctx.path["hgNumber"])
    return no_content()


@telephony_op("telephony.huntinggroupmember.remove")
async def hunting_member_remove(ctx: Context, tel: TelephonyState) -> Reply:
    tel.hunting_member_remove(login_of(user_actor(ctx)), ctx.path["hgNumber"])
    return no_content()


@telephony_op("telephony.huntinggroups.list")
async def hunting_groups(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.hunting_list(login_of(user_actor(ctx))))


@telephony_op("telephony.incomingcallbacks.list")
async def incoming_callbacks(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, {"callbacks": tel.incoming_callbacks(login_of(user_actor(ctx)))})


@telephony_op("telephony.incomingcallbacks.deleteall")
async def delete_callbacks(ctx: Context, tel: TelephonyState) -> Reply:
    tel.delete_callbacks(login_of(user_actor(ctx)))
    return no_content()


@telephony_op("telephony.incomingcallbacks.delete")
async def delete_callback(ctx: Context, tel: TelephonyState) -> Reply:
    tel.delete_callback(login_of(user_actor(ctx)), ctx.path["callbackId"])
    return no_content()


@telephony_op("telephony.outgoingcallbacks.request")
async def request_callback(ctx: Context, tel: TelephonyState) -> Reply:
    tel.request_callback(login_of(user_actor(ctx)), body(ctx, CallbackRequest).callee)
    return no_content()


@telephony_op("telephony.minimessages.get")
async def read_mini_message(ctx: Context, tel: TelephonyState) -> Reply:
    return Reply(200, tel.read_mini_message(login_of(user_actor(ctx))))


@telephony_op("telephony.minimessages.send")
async def send_mini_message(ctx: Context, tel: TelephonyState) -> Reply:
    req = body(ctx, MiniMessageRequest)
    tel.send_mini_message(login_of(user_actor(ctx)), req.recipient, req.message)
    return no_content()


@telephony_op("telephony.pilots.transferinfo")
async def pilot_transfer_info(ctx: Context, tel: TelephonyState) -> Reply:
    user_actor(ctx)
    query = optional_body(ctx, PilotQueryParam)
    return Reply(200, tel.pilot_transfer_info(ctx.path["nodeId"], ctx.path["pilotNumber"], query.supervisedTransfer))
