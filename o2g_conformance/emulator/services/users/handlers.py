"""User information handlers: parse the request, call one `UserInformation` method, render."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictStr

from ...core.dispatch import Context, Reply, operation
from .models import UserInformation


class ChangePasswordRequest(BaseModel):
    """ChangePasswordRequest (L1532-1537): both fields mandatory."""

    model_config = ConfigDict(extra="ignore")
    oldPassword: StrictStr
    newPassword: StrictStr


class UserPreferencesBody(BaseModel):
    """UserPreferences (L1672-1677) as the body of the preferences update (example L1490-1493)."""

    model_config = ConfigDict(extra="ignore")
    guiLanguage: StrictStr | None = None
    oxeLanguage: StrictStr | None = None


def _users(ctx: Context) -> UserInformation:
    return ctx.backend.state(UserInformation)


@operation("users.logins.list")
async def list_logins(ctx: Context) -> Reply:
    body = _users(ctx).list_logins(
        ctx.require_session(),
        node_ids=ctx.request.query_params.get("nodeIds"),
        only_acd=ctx.query_flag("onlyACD"),
        only_with_ext_login=ctx.query_flag("onlyWithExtLogin"),
    )
    return Reply(200, body)


@operation("users.users.find_by_company_phone")
async def find_by_company_phone(ctx: Context) -> Reply:
    return Reply(200, _users(ctx).find_by_company_phone(ctx.require_session(), ctx.query))


@operation("users.user.get")
async def get_user(ctx: Context) -> Reply:
    return Reply(200, _users(ctx).get_user(ctx.require_session(), ctx.path["loginName"]))


@operation("users.password.change")
async def change_password(ctx: Context) -> Reply:
    req = ctx.body(ChangePasswordRequest)
    assert req is not None
    _users(ctx).change_password(ctx.require_session(), ctx.path["loginName"], req.oldPassword, req.newPassword)
    return Reply(204)


@operation("users.preferences.get")
async def get_preferences(ctx: Context) -> Reply:
    return Reply(200, _users(ctx).get_preferences(ctx.require_session(), ctx.path["loginName"]))


@operation("users.preferences.update")
async def update_preferences(ctx: Context) -> Reply:
    req = ctx.body(UserPreferencesBody)
    assert req is not None
    _users(ctx).update_preferences(ctx.require_session(), ctx.path["loginName"], req.guiLanguage, req.oxeLanguage)
    return Reply(204)


@operation("users.supported_languages.get")
async def supported_languages(ctx: Context) -> Reply:
    return Reply(200, _users(ctx).supported_languages(ctx.require_session(), ctx.path["loginName"]))
