"""Call Center Statistics handlers: scopes, contexts, data (JSON or zipped files), schedules (administrators)."""

from __future__ import annotations

from typing import Any

from ....core import errors
from ....core.dispatch import Context, Reply, operation
from .models import AcdStats

ZIP = "application/zip"


def _stats(ctx: Context) -> AcdStats:
    return ctx.backend.state(AcdStats)


def _object(ctx: Context) -> dict[str, Any]:
    """A JSON object body; its fields are checked by the backend, which names the documented rule."""
    data = ctx.json()
    if not isinstance(data, dict):
        raise errors.bad_parameter(f"the body of {ctx.op.id} must be a JSON object ({ctx.op.body})")
    return data


def _sup(ctx: Context) -> str:
    return ctx.path["supervisorId"]


def _ctx(ctx: Context) -> tuple[str, str]:
    return ctx.path["supervisorId"], ctx.path["ctxId"]


def _sched(ctx: Context) -> tuple[str, str, str]:
    return ctx.path["supervisorId"], ctx.path["ctxId"], ctx.path["scheduleId"]


@operation("acdstats.scope.set")
async def set_scope(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).set_scope(_object(ctx)))


@operation("acdstats.scope.get")
async def get_scope(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).scope(_sup(ctx)).supervisor_view())


@operation("acdstats.scope.delete")
async def delete_scope(ctx: Context) -> Reply:
    _stats(ctx).delete_scope(_sup(ctx))
    return Reply(204)


@operation("acdstats.filter.get")
async def get_filter(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).filter(_sup(ctx)))


@operation("acdstats.ctx.create")
async def create_context(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).create_context(_sup(ctx), _object(ctx)))


@operation("acdstats.ctx.list")
async def list_contexts(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).list_contexts(_sup(ctx)))


@operation("acdstats.ctx.delete_all")
async def delete_contexts(ctx: Context) -> Reply:
    _stats(ctx).delete_contexts(_sup(ctx))
    return Reply(204)


@operation("acdstats.ctx.get")
async def get_context(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).context(*_ctx(ctx)).view())


@operation("acdstats.ctx.update")
async def update_context(ctx: Context) -> Reply:
    _stats(ctx).update_context(*_ctx(ctx), _object(ctx))
    return Reply(204)


@operation("acdstats.ctx.delete")
async def delete_context(ctx: Context) -> Reply:
    _stats(ctx).delete_context(*_ctx(ctx))
    return Reply(204)


async def _data(ctx: Context, *, one_day: bool, json_only: bool = False) -> Reply:
    query = ctx.query
    if json_only:
        query = {k: v for k, v in query.items() if k in ("date", "slotType")}
    owner = ctx.require_session().login
    result, file_format = _stats(ctx).data(owner, *_ctx(ctx), query, one_day=one_day)
    if result is None:
        return Reply(204)
    if isinstance(result, bytes):
        name = f"stats-{_sup(ctx)}-{ctx.path['ctxId']}-{file_format}.zip"
        disposition = f'attachment; filename="{name}"'
        return Reply(200, result, headers={"content-type": ZIP, "content-disposition": disposition})
    return Reply(200, result)


@operation("acdstats.ctx.days_data.get")
async def days_data(ctx: Context) -> Reply:
    return await _data(ctx, one_day=False)


@operation("acdstats.ctx.oneday_data.get")
async def oneday_data(ctx: Context) -> Reply:
    return await _data(ctx, one_day=True)


@operation("acdstats.ctx.oneday_jdata.get")
async def oneday_jdata(ctx: Context) -> Reply:
    return await _data(ctx, one_day=True, json_only=True)


@operation("acdstats.data_request.cancel")
async def cancel_requests(ctx: Context) -> Reply:
    _stats(ctx).cancel(_sup(ctx))
    return Reply(204)


@operation("acdstats.schedule.create")
async def create_schedule(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).create_schedule(*_ctx(ctx), _object(ctx)))


@operation("acdstats.schedule.list")
async def list_schedules(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).list_schedules(*_ctx(ctx)))


@operation("acdstats.schedule.get")
async def get_schedule(ctx: Context) -> Reply:
    return Reply(200, _stats(ctx).get_schedule(*_sched(ctx)))


@operation("acdstats.schedule.update")
async def update_schedule(ctx: Context) -> Reply:
    _stats(ctx).update_schedule(*_sched(ctx), _object(ctx))
    return Reply(204)


@operation("acdstats.schedule.delete")
async def delete_schedule(ctx: Context) -> Reply:
    _stats(ctx).delete_schedule(*_sched(ctx))
    return Reply(204)


@operation("acdstats.schedule.enable")
async def enable_schedule(ctx: Context) -> Reply:
    _stats(ctx).enable_schedule(*_sched(ctx), ctx.query.get("enable"))
    return Reply(204)
