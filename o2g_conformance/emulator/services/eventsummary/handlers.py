"""Event summary handler: the acting user's counters."""

from __future__ import annotations

from ...core.dispatch import Context, Reply, operation
from .models import EventSummaryService


@operation("eventsummary.get")
async def get_summary(ctx: Context) -> Reply:
    login = ctx.acting_login()
    assert login is not None  # without admin_may_omit a user is always named
    return Reply(200, ctx.backend.state(EventSummaryService).summary(login))
