"""PBX management handlers: parse, call one `PbxManagement` method, render."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictStr

from ...core.dispatch import Context, Reply, operation
from .models import AttributeIn, PbxManagement


class PbxAttributeBody(BaseModel):
    """PbxAttribute (L11670-11674); a plain string value is taken as a list of one (example L10857-10880)."""

    model_config = ConfigDict(extra="ignore")
    name: StrictStr
    value: list[StrictStr] | StrictStr | None = None
    complexValue: list[Any] | None = None


class PbxAttributesBody(BaseModel):
    """PbxAttributes (L11676-11679), the body of create and update (examples L11375-11431, L10989-11180)."""

    model_config = ConfigDict(extra="ignore")
    attributes: list[PbxAttributeBody] = []


def _attributes(ctx: Context, *, required: bool) -> list[AttributeIn]:
    body = ctx.body(PbxAttributesBody, required=required)
    if body is None:
        return []
    return [
        AttributeIn(a.name, [a.value] if isinstance(a.value, str) else a.value, a.complexValue is not None)
        for a in body.attributes
    ]


def _service(ctx: Context) -> PbxManagement:
    return ctx.backend.state(PbxManagement)


@operation("pbx.pbxs.list")
async def list_pbxs(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).pbxs())


@operation("pbx.pbxs.get")
async def get_pbx(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).pbx(ctx.path["nodeId"]))


@operation("pbx.instances.root.get")
async def get_root(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).root(ctx.require_session(), ctx.path["nodeId"]))


@operation("pbx.instances.object.get")
async def get_instance(ctx: Context) -> Reply:
    q = ctx.query
    path = ctx.path["objectNameobjectId"]
    body = _service(ctx).get(ctx.require_session(), ctx.path["nodeId"], path, q.get("attributes"), q.get("filter"))
    return Reply(200, body)


@operation("pbx.instances.object.update")
async def update_instance(ctx: Context) -> Reply:
    action = ctx.query.get("action")
    attributes = _attributes(ctx, required=action is None)
    _service(ctx).update(ctx.require_session(), ctx.path["nodeId"], ctx.path["objectNameobjectId"], action, attributes)
    return Reply(204)


@operation("pbx.instances.object.delete")
async def delete_instance(ctx: Context) -> Reply:
    force = ctx.query_flag("force")
    _service(ctx).delete(ctx.require_session(), ctx.path["nodeId"], ctx.path["objectNameobjectId"], force)
    return Reply(204)


@operation("pbx.instances.list")
async def list_instances(ctx: Context) -> Reply:
    q = ctx.query
    return Reply(
        200,
        _service(ctx).list_instances(ctx.path["nodeId"], ctx.path["objectName"], q.get("filter"), q.get("attributes")),
    )


@operation("pbx.instances.create")
async def create_instance(ctx: Context) -> Reply:
    attributes = _attributes(ctx, required=True)
    _service(ctx).create(ctx.require_session(), ctx.path["nodeId"], ctx.path["objectName"], attributes)
    return Reply(201)


@operation("pbx.model.get")
async def get_model(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).model(ctx.path["nodeId"]))


@operation("pbx.model.object.get")
async def get_model_object(ctx: Context) -> Reply:
    return Reply(200, _service(ctx).model_object(ctx.path["nodeId"], ctx.path["objectName"]))
