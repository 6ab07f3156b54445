"""Maintenance operations: GET /system/licenses and GET /system/status (o2g-rest-api-reference.txt L8770-8867)."""

from __future__ import annotations

from ...core import errors
from ...core.dispatch import Context, Reply, operation
from ...core.licences import Licences
from .models import SystemState


# "This operation is available out of a session" (L8775), although the section says "Only for
# administrator" (L8749) and the AlcUserId cookie is listed (L8785): reading chosen, no session needed,
# and a session cookie, when sent, is not looked at.
@operation("system.licenses.check", session=False)
async def check_licence(ctx: Context) -> Reply:
    name = ctx.request.query_params.get("lic")
    if not name:
        raise errors.bad_parameter("query parameter 'lic' (the type of licence to check) is mandatory")
    if not ctx.backend.state(Licences).available(name):
        # "(license is not available) 403 Forbidden" (L8806-8809).
        raise errors.not_allowed(f"licence {name} is not available", status=403)
    return Reply(204)  # "(license is available) 204 no content" (L8802-8805)


# Administrators only (L8814-8815): dispatch refuses other sessions with NOT_ALLOWED 403.
@operation("system.status.get")
async def get_status(ctx: Context) -> Reply:
    return Reply(200, ctx.backend.state(SystemState).status())
