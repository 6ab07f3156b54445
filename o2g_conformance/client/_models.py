"""Lenient pydantic models of the start-up answers: root descriptor, authentication, session, subscription."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

__all__ = [
    "AuthenticationResponse",
    "Credential",
    "ProductVersion",
    "RootDescriptor",
    "ServerInfo",
    "ServiceInfo",
    "SessionInfo",
    "SubscriptionResponse",
    "UserSession",
    "VersionInfo",
]


class _Lenient(BaseModel):
    """Unknown fields are kept, types are coerced: the client must work with what servers send; checks judge it."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ProductVersion(_Lenient):
    major: str | None = None
    minor: str | None = None


class ServerInfo(_Lenient):
    productName: str | None = None
    productType: str | None = None
    productVersion: ProductVersion | None = None
    haMode: bool | None = None


class VersionInfo(_Lenient):
    """One entry of `versions`; the two URLs point at the authenticate resource."""

    id: str
    status: str | None = None
    publicUrl: str | None = None
    internalUrl: str | None = None


class RootDescriptor(_Lenient):
    """RoxeRestApiDescriptor (o2g-rest-api-reference.txt L472-484)."""

    serverInfo: ServerInfo | None = None
    versions: list[VersionInfo] = Field(default_factory=list)
    # Documented as string[0..*] (L477) while the example at L62-65 sends objects: accept both.
    custoFeatures: list[Any] | None = None

    def version(self, version_id: str) -> VersionInfo | None:
        return next((v for v in self.versions if v.id == version_id), None)


class AuthenticationResponse(_Lenient):
    """AuthenticationResponse (o2g-rest-api-reference.txt L654-661).

    The intro example (L226-232) says `login` and `"expired": "false"` where the representation says
    `loginName` and a boolean: both spellings are accepted.
    """

    credential: str = Field(repr=False)
    publicUrl: str | None = None
    internalUrl: str | None = None
    loginName: str | None = Field(default=None, validation_alias=AliasChoices("loginName", "login"))
    expired: bool | None = None


class ServiceInfo(_Lenient):
    serviceName: str
    serviceVersion: str | None = None
    relativeUrl: str


class UserSession(_Lenient):
    """An entry of SessionInfo.otherSessions; its sessionId is another session's token, hence hidden."""

    sessionId: str | None = Field(default=None, repr=False)
    creationDate: str | None = None
    timeToLive: int | None = None


class SessionInfo(_Lenient):
    """SessionInfo (o2g-rest-api-reference.txt L1037-1052).

    The examples send `services` (L780) and `Services` (L846), and timeToLive as 1800 and "1800": all accepted.
    """

    admin: bool | None = None
    login: str | None = None
    timeToLive: int | None = None
    publicBaseUrl: str | None = None
    privateBaseUrl: str | None = None
    services: list[ServiceInfo] = Field(default_factory=list, validation_alias=AliasChoices("services", "Services"))
    creationDate: str | None = None
    expirationDate: str | None = None
    otherSessions: list[UserSession] | None = None


class SubscriptionResponse(_Lenient):
    """Subscription (o2g-rest-api-reference.txt L2367-2382); real servers add mode and format (wire-facts, Events 1)."""

    subscriptionId: str | None = None
    status: str | None = None
    message: str | None = None
    privatePollingUrl: str | None = None
    publicPollingUrl: str | None = None
    mode: str | None = None
    format: str | None = None


@dataclass(frozen=True, repr=False)
class Credential:
    """The outcome of authenticate: the AlcUserId token and the server-given sessions URL. Never prints the token."""

    token: str
    login: str
    sessions_url: str
    response: AuthenticationResponse
    public_sessions_url: str | None = None
    from_cookie: bool = True

    @property
    def login_name(self) -> str | None:
        """The O2G login the server names for later requests (2.7.4), if it named one."""
        return self.response.loginName

    @property
    def expired(self) -> bool | None:
        return self.response.expired

    @property
    def cookie_header(self) -> str:
        return f"AlcUserId={self.token}"

    def __repr__(self) -> str:
        source = "cookie" if self.from_cookie else "credential field"
        return f"Credential(login={self.login!r}, token=***, from={source}, sessions_url={self.sessions_url!r})"

    __str__ = __repr__
