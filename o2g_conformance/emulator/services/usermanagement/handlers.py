"""User Management handlers (administrators only, enforced by dispatch): parse, call `UserManagement`, render."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr, field_validator, model_validator

from ...core.dispatch import Context, Reply, operation
from .models import UserManagement


class UserCreateRequest(BaseModel):
    """UserCreateRequest (L2026-2034); `nodeId` and device numbers accepted as numbers or digit strings."""

    model_config = ConfigDict(extra="ignore")
    nodeId: StrictInt | StrictStr
    deviceNumbers: list[StrictStr | StrictInt] | None = None
    all: StrictBool | None = None

    @field_validator("nodeId")
    @classmethod
    def _node(cls, v: int | str) -> int | str:
        if isinstance(v, str) and not v.strip().isdigit():
            raise ValueError("nodeId must be an OXE node number")
        return v

    @model_validator(mode="after")
    def _numbers(self) -> UserCreateRequest:
        if not self.all:  # with all=true "the previous deviceNumbers list is ignored" (L2031-2032)
            for n in self.deviceNumbers or []:
                if not str(n).strip().isdigit():
                    raise ValueError(f"{n!r} is not a device number")
        return self

    def node(self) -> int:
        return int(str(self.nodeId).strip())

    def numbers(self) -> list[str] | None:
        return None if self.deviceNumbers is None else [str(n).strip() for n in self.deviceNumbers]


def _um(ctx: Context) -> UserManagement:
    return ctx.backend.state(UserManagement)


@operation("usermanagement.users.list")
async def list_users(ctx: Context) -> Reply:
    params = ctx.request.query_params
    return Reply(200, _um(ctx).list_users(node_ids=params.get("nodeIds"), device_number=params.get("deviceNumber")))


@operation("usermanagement.users.create")
async def create_users(ctx: Context) -> Reply:
    req = ctx.body(UserCreateRequest)
    assert req is not None
    return Reply(200, _um(ctx).create_users(req.node(), req.numbers(), bool(req.all)))


@operation("usermanagement.user.get")
async def get_user(ctx: Context) -> Reply:
    return Reply(200, _um(ctx).get_user(ctx.path["loginName"]))


@operation("usermanagement.user.delete")
async def delete_user(ctx: Context) -> Reply:
    _um(ctx).delete_user(ctx.path["loginName"])
    return Reply(204)
