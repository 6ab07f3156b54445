"""Session management: open, get, keepalive, close (o2g-rest-api-reference.txt L665-1124)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...core import errors
from ...core.dispatch import Context, Reply, operation
from ...core.registry import Backend
from ...core.sessions import Session, SessionStore, iso

#: serviceName -> relativeUrl, the longest common path of the service's operations (Comlog /comlog/records as
#: in the example L776-831); clients key services by lower-cased serviceName and join
#: privateBaseUrl + relativeUrl (wire-facts, start-up 3). The user example (L777-830) uses these
#: names; "subscriptions" must be present or every client breaks.
USER_SERVICES: tuple[tuple[str, str], ...] = (
    ("Users", "/users"),
    ("Logins", "/logins"),
    ("Telephony", "/telephony"),
    ("Devices", "/telephony/devices"),
    ("State", "/telephony/state"),
    ("Subscriptions", "/subscriptions"),
    ("EventSummary", "/eventSummary"),
    ("Routing", "/routing"),
    ("Comlog", "/comlog/records"),
    ("Directory", "/directory"),
    ("Voicemail", "/messaging/mailboxes"),  # the mailboxes collection (L9218, L9264, L9414)
    ("PhoneSetProgramming", "/users"),
    ("PbxManagement", "/pbxs"),
    ("AcdAgent", "/acd/agent"),
)
ADMIN_SERVICES: tuple[tuple[str, str], ...] = (
    ("UserManagement", "/usermanagement"),
    ("Maintenance", "/system"),
    ("Analytics", "/usages"),
    ("AcdManagement", "/acd"),
    ("AcdPilotMonitoring", "/acd/pilotmonitoring"),
    ("AcdRealtime", "/acd/rti"),
    ("Acd Statistics", "/acd/stats/scope"),
)


class SupervisedAccount(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1)
    type: Literal["LOGIN_NAME", "PHONE_NUMBER"]


class SessionRequest(BaseModel):
    """SessionRequest (L1073-1081); unknown fields are refused before (core/shapes.py)."""

    model_config = ConfigDict(extra="ignore")
    applicationName: str = Field(min_length=1, max_length=256)
    applicationAddress: str | None = None
    supervisedAccount: SupervisedAccount | None = None
    timeToLive: int | None = Field(default=None, ge=1, le=86400)

    @field_validator("timeToLive", mode="before")
    @classmethod
    def _ttl(cls, v: Any) -> Any:
        if isinstance(v, bool):
            raise ValueError("timeToLive must be an integer number of seconds")
        return v


def session_info(backend: Backend, session: Session) -> dict[str, Any]:
    store = backend.state(SessionStore)
    now = backend.clock.now()
    services = USER_SERVICES + (ADMIN_SERVICES if session.admin else ())
    return {
        "admin": session.admin,
        "login": session.login,
        "timeToLive": session.ttl,
        "publicBaseUrl": backend.api_base,
        "privateBaseUrl": backend.api_base,
        "services": [{"serviceName": n, "serviceVersion": "1.0", "relativeUrl": u} for n, u in services],
        "creationDate": iso(session.created),
        "otherSessions": [
            {"sessionId": o.id, "creationDate": iso(o.created), "timeToLive": o.remaining(now)}
            for o in store.others_of(session)
        ],
    }


@operation("sessions.session.open", session=False)
async def open_session(ctx: Context) -> Reply:
    credential = ctx.request.cookies.get("AlcUserId")
    if not credential:
        raise errors.invalid_session("no AlcUserId cookie: authenticate first")
    req = ctx.body(SessionRequest)
    supervised = (req.supervisedAccount.type, req.supervisedAccount.id) if req.supervisedAccount else None
    session = ctx.backend.state(SessionStore).open(
        credential, application_name=req.applicationName, supervised=supervised, ttl=req.timeToLive
    )
    return Reply(200, session_info(ctx.backend, session), cookies=[("JSESSIONID", session.id, "/api")])


@operation("sessions.session.get")
async def get_session(ctx: Context) -> Reply:
    return Reply(200, session_info(ctx.backend, ctx.require_session()))


@operation("sessions.keepalive.post")
async def keepalive(ctx: Context) -> Reply:
    ctx.require_session()  # the lookup already restarted the timer (L671-673)
    return Reply(204)


@operation("sessions.session.close")
async def close_session(ctx: Context) -> Reply:
    ctx.backend.state(SessionStore).close(ctx.require_session())
    return Reply(204)
