"""Subscription management: create, update, delete (o2g-rest-api-reference.txt L2156-2330)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from ...core import errors
from ...core.dispatch import Context, Reply, operation
from .models import Refused, Subscription, SubscriptionStore


class SubscriptionRequest(BaseModel):
    """SubscriptionRequest (L2380-2400); `sessionId` is reserved and ignored, unknown fields refused (shapes.py)."""

    model_config = ConfigDict(extra="ignore")
    filter: dict[str, Any] | None = None
    sessionId: str | None = None
    version: StrictStr = Field(min_length=1)
    timeout: StrictInt | None = None
    webHookUrl: StrictStr | None = None


def polling_url(ctx: Context, sub: Subscription) -> str:
    return f"{ctx.backend.base_url}/api/rest/1.0/OTEvents?subscriptionId={sub.id}"


@operation("subscriptions.subscription.create")
async def create(ctx: Context) -> Reply:
    session = ctx.require_session()
    req = ctx.body(SubscriptionRequest)
    base: dict[str, Any] = {"mode": "WEBHOOK" if req.webHookUrl else "CHUNK", "format": "JSON"}
    if req.version != "1.0":
        why = f"unsupported event version {req.version!r}; use 1.0"
        return Reply(200, {**base, "status": "REFUSED", "message": why})
    if req.webHookUrl is not None and not req.webHookUrl.startswith(("http://", "https://")):
        raise errors.bad_parameter(f"webHookUrl must be an http(s) URL, not {req.webHookUrl!r}")
    store = ctx.backend.state(SubscriptionStore)
    try:
        sub = store.create(session, req.filter, None if req.webHookUrl else req.timeout, req.webHookUrl)
    except Refused as why:
        # A refused subscription still answers 200 with status REFUSED (L2129-2132; wire-facts events 1).
        return Reply(200, {**base, "status": "REFUSED", "message": str(why)})
    body: dict[str, Any] = {**base, "subscriptionId": sub.id, "status": "ACCEPTED", "message": ""}
    if not sub.webhook_url:
        body["publicPollingUrl"] = body["privatePollingUrl"] = polling_url(ctx, sub)
    return Reply(200, body)


@operation("subscriptions.subscription.update")
async def update(ctx: Context) -> Reply:
    session = ctx.require_session()
    data = ctx.json()
    if not isinstance(data, dict):
        raise errors.bad_parameter("the body of subscriptions.subscription.update must be a Filter object")
    # The body is a bare Filter (L2286); clients that wrap it in {"filter": ...} are accepted too.
    raw_filter = data["filter"] if "filter" in data and "selectors" not in data else data
    try:
        ctx.backend.state(SubscriptionStore).update(session, raw_filter, ctx.request.query_params.get("subscriptionId"))
    except Refused as why:
        raise errors.bad_parameter(f"filter refused: {why}") from None
    return Reply(204)


@operation("subscriptions.subscription.delete")
async def delete(ctx: Context) -> Reply:
    session = ctx.require_session()
    store = ctx.backend.state(SubscriptionStore)
    store.delete(store.owned(session, ctx.path["subscriptionId"]))
    return Reply(204)
