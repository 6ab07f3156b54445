"""Analytics handlers: parse, call one `Analytics` method, render (the usage zips as binary bodies)."""

from __future__ import annotations

from ...core.dispatch import Context, Reply, operation
from .models import Analytics, UsageFile


def _service(ctx: Context) -> Analytics:
    return ctx.backend.state(Analytics)


def _zip(usage: UsageFile) -> Reply:
    headers = {"Content-Type": "application/zip", "Content-Disposition": f'attachment; filename="{usage.filename}"'}
    return Reply(200, usage.content, headers=headers)


@operation("analytics.charging.get")
async def charging(ctx: Context) -> Reply:
    q = ctx.query
    return Reply(200, _service(ctx).charging(q.get("nodeId"), q))


@operation("analytics.charging.files.list")
async def charging_files(ctx: Context) -> Reply:
    q = ctx.query
    return Reply(200, _service(ctx).charging_files(q.get("nodeId"), q.get("fromDate"), q.get("toDate")))


@operation("analytics.incidents.get")
async def incidents(ctx: Context) -> Reply:
    q = ctx.query
    return Reply(200, _service(ctx).incidents(q.get("nodeId"), q.get("last")))


@operation("analytics.licenses.get")
async def licenses(ctx: Context) -> Reply:
    return _zip(_service(ctx).licenses(ctx.query.get("format")))


@operation("analytics.services.get")
async def services(ctx: Context) -> Reply:
    return _zip(_service(ctx).services(ctx.query.get("format")))
