"""Communication log handlers: parse, call one `ComlogService` method, render."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ...core import errors
from ...core.dispatch import Context, Reply, operation
from .models import ComlogService
from .query import parse_bool, parse_record_id


class UpdateComRecordsRequest(BaseModel):
    """UpdateComRecordsRequest (L8636-8643)."""

    model_config = ConfigDict(extra="ignore")
    recordIds: list[int] | None = None


def _service(ctx: Context) -> ComlogService:
    return ctx.backend.state(ComlogService)


def _login(ctx: Context) -> str:
    login = ctx.acting_login()
    assert login is not None  # without admin_may_omit a user is always named
    return login


@operation("comlog.records.acknowledge")
async def acknowledge(ctx: Context) -> Reply:
    login = _login(ctx)
    raw = ctx.query.get("acknowledge")
    if raw is None:
        raise errors.bad_parameter("query parameter 'acknowledge' (true or false) is mandatory (L7819)")
    acknowledged = parse_bool("acknowledge", raw)
    req = ctx.body(UpdateComRecordsRequest)
    _service(ctx).acknowledge(login, req.recordIds or [], acknowledged)
    return Reply(204)


@operation("comlog.records.list")
async def list_records(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).search(_login(ctx), ctx.query))


@operation("comlog.records.delete")
async def delete_records(ctx: Context) -> Reply:
    _service(ctx).delete(_login(ctx), ctx.query)
    return Reply(204)


@operation("comlog.records.recordids.get")
async def record_ids(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).record_ids(_login(ctx)))


@operation("comlog.record.get")
async def get_record(ctx: Context) -> Reply:
    login = _login(ctx)
    return Reply(200, _service(ctx).record(login, parse_record_id(ctx.path["recordId"])))


@operation("comlog.record.delete")
async def delete_record(ctx: Context) -> Reply:
    login = _login(ctx)
    _service(ctx).delete_one(login, parse_record_id(ctx.path["recordId"]))
    return Reply(204)
