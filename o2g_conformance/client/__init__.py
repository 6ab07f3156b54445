"""The O2G HTTP client: discovery, authentication, sessions, calls by catalog operation id, and event collection.

Knows nothing of pytest. Sync httpx; every exchange can go to a recorder, masked.

    client = O2GClient("https://o2g.example:443", verify="ca.pem")
    with client.login("oxe1000", "0000") as session:
        session.call("telephony.calls.hold", path={"callRef": ref}, json={"deviceId": "1000"}).raise_for_error()
        subscription = session.subscribe([{"ids": ["oxe1000"], "names": ["telephony"]}])
        channel = subscription.open_channel()
        event = channel.log.wait_for("OnCallModified", where={"callRef": ref}, timeout=5)
"""

from ._client import O2GClient
from ._errors import (
    O2GError,
    RestErrorInfo,
    RoutingErrorInfo,
    TargetUnreachable,
    TelephonyErrorInfo,
    UnusableAnswer,
    UserPreferencesErrorInfo,
)
from ._events import CHUNK_STARTED, ChunkConsumer, EventLog, EventTimeout, UnexpectedEvent, Where, describe_event
from ._failover import DEFAULT_BACKOFF, FailoverRecord, FailoverSession
from ._http import IDEMPOTENT_METHODS, Verify, ssl_verify
from ._masking import MASK, mask_body, mask_secrets
from ._models import (
    AuthenticationResponse,
    Credential,
    ProductVersion,
    RootDescriptor,
    ServerInfo,
    ServiceInfo,
    SessionInfo,
    SubscriptionResponse,
    UserSession,
    VersionInfo,
)
from ._response import UNSET, ApiResponse, Exchange, Recorder, RequestSummary
from ._session import DEFAULT_TTL, Session
from ._subscription import Subscription

__all__ = [
    "CHUNK_STARTED",
    "DEFAULT_BACKOFF",
    "DEFAULT_TTL",
    "IDEMPOTENT_METHODS",
    "MASK",
    "UNSET",
    "ApiResponse",
    "AuthenticationResponse",
    "ChunkConsumer",
    "Credential",
    "EventLog",
    "EventTimeout",
    "Exchange",
    "FailoverRecord",
    "FailoverSession",
    "O2GClient",
    "O2GError",
    "ProductVersion",
    "Recorder",
    "RequestSummary",
    "RestErrorInfo",
    "RootDescriptor",
    "RoutingErrorInfo",
    "ServerInfo",
    "ServiceInfo",
    "Session",
    "SessionInfo",
    "Subscription",
    "SubscriptionResponse",
    "TargetUnreachable",
    "TelephonyErrorInfo",
    "UnexpectedEvent",
    "UnusableAnswer",
    "UserPreferencesErrorInfo",
    "UserSession",
    "Verify",
    "VersionInfo",
    "Where",
    "describe_event",
    "mask_body",
    "mask_secrets",
    "ssl_verify",
]
