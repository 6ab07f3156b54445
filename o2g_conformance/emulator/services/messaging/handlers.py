"""Voicemail handlers: parse, call one `MessagingService` method, render (the WAV file as a binary body)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from ...core import errors
from ...core.dispatch import Context, Reply, operation
from .models import MessagingService, parse_ids


class ConnectRequest(BaseModel):
    """ConnectRequest (L9500-9504)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)
    password: str | None = None


def _service(ctx: Context) -> MessagingService:
    return ctx.backend.state(MessagingService)


def _login(ctx: Context) -> str:
    login = ctx.acting_login()
    assert login is not None  # without admin_may_omit a user is always named
    return login


def _int(ctx: Context, name: str, default: int, minimum: int) -> int:
    raw = ctx.query.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"-?\d{1,9}", raw.strip()) or int(raw) < minimum:
        raise errors.bad_parameter(f"{name} must be an integer from {minimum}, not {raw!r}")
    return int(raw)


def _bool(ctx: Context, name: str) -> bool:
    raw = ctx.query.get(name)
    if raw is None:
        return False
    if raw.strip().lower() not in ("true", "false"):
        raise errors.bad_parameter(f"{name} must be true or false, not {raw!r}")
    return raw.strip().lower() == "true"


@operation("messaging.mailboxes.list")
async def mailboxes(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).mailboxes(_login(ctx)))


@operation("messaging.mailbox.connect")
async def connect(ctx: Context) -> Reply:
    login = _login(ctx)
    with_user_pwd = ctx.query_flag("withUserPwd")
    req = None if with_user_pwd else ctx.body(ConnectRequest, required=False)
    password = req.password if req is not None else None
    info = _service(ctx).connect(ctx.require_session(), login, ctx.path["mailboxId"], password, with_user_pwd)
    return Reply(200, info)


@operation("messaging.voicemails.list")
async def voicemails(ctx: Context) -> Reply:
    login = _login(ctx)
    offset = _int(ctx, "offset", 0, 0)
    limit = _int(ctx, "limit", -1, -1)  # -1: no limit (L9337)
    new_only = _bool(ctx, "newOnly")
    box = ctx.path["mailboxId"]
    return Reply(200, _service(ctx).voicemails(ctx.require_session(), login, box, offset, limit, new_only))


@operation("messaging.voicemails.delete")
async def delete_voicemails(ctx: Context) -> Reply:
    login = _login(ctx)
    ids = parse_ids(ctx.query.get("msgIds"))
    _service(ctx).delete(ctx.require_session(), login, ctx.path["mailboxId"], ids)
    return Reply(204)


@operation("messaging.voicemail.delete")
async def delete_voicemail(ctx: Context) -> Reply:
    login = _login(ctx)
    _service(ctx).delete(ctx.require_session(), login, ctx.path["mailboxId"], [ctx.path["voicemailId"]])
    return Reply(204)


@operation("messaging.voicemail.download")
async def download(ctx: Context) -> Reply:
    """200 application/octet-stream with Content-Disposition: attachment (L9493-9497)."""
    login = _login(ctx)
    session = ctx.require_session()
    name, data = _service(ctx).download(session, login, ctx.path["mailboxId"], ctx.path["voicemailId"])
    headers = {"Content-Type": "application/octet-stream", "Content-Disposition": f"attachment; filename={name}"}
    return Reply(200, data, headers=headers)
