"""Directory search handlers: parse, call one `DirectoryService` method, render (201 + Location on creation)."""

from __future__ import annotations

from urllib.parse import quote

from ...core.dispatch import Context, Reply, operation
from .criteria import SearchByDtmfRequest, SearchRequest
from .models import DirectoryService


def _service(ctx: Context) -> DirectoryService:
    return ctx.backend.state(DirectoryService)


def _created(ctx: Context, login: str | None) -> Reply:
    """201 with the URL where results are read (L6701-6702); the 201 body ("string", L6533) is left empty."""
    location = f"{ctx.backend.api_base}/directory/search/"
    if login is not None and ctx.require_session().admin:
        location += f"?loginName={quote(login)}"
    return Reply(201, None, headers={"Location": location})


@operation("directory.search.create")
async def create_search(ctx: Context) -> Reply:
    session = ctx.require_session()
    login = ctx.acting_login(admin_may_omit=True)
    req = ctx.body(SearchRequest)
    assert req is not None
    _service(ctx).search(session, login, req.filter, req.limit)
    return _created(ctx, login)


@operation("directory.searchbydtmf.create")
async def create_search_by_dtmf(ctx: Context) -> Reply:
    session = ctx.require_session()
    login = ctx.acting_login(admin_may_omit=True)
    req = ctx.body(SearchByDtmfRequest)
    assert req is not None
    _service(ctx).search_by_dtmf(session, login, req.keyboardType, req.lastName, req.firstName, req.limit)
    return _created(ctx, login)


@operation("directory.search.get")
async def get_results(ctx: Context) -> Reply:
    session = ctx.require_session()
    return Reply(200, _service(ctx).next_results(session, ctx.acting_login(admin_may_omit=True)))


@operation("directory.search.delete")
async def stop_search(ctx: Context) -> Reply:
    session = ctx.require_session()
    _service(ctx).stop(session, ctx.acting_login(admin_may_omit=True))
    return Reply(204)
