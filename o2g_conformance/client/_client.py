"""The O2G client: hosts, root discovery, authentication and session opening, following server-given URLs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from ..catalog import Catalog, load_catalog
from ._errors import UnusableAnswer
from ._http import HttpCore, Verify, basic_auth
from ._models import AuthenticationResponse, Credential, RootDescriptor, SessionInfo
from ._response import UNSET, ApiResponse, Recorder
from ._session import Session

__all__ = ["O2GClient"]


def _normalize_host(url: str) -> str:
    """`https://h:8443/` or `https://h:8443/api/rest` -> `https://h:8443`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"O2G host must be an http(s) URL like https://o2g.example:443, got {url!r}")
    path = parts.path.rstrip("/").removesuffix("/api/rest")
    return f"{parts.scheme}://{parts.netloc}{path}"


class O2GClient:
    """Talks to one O2G (primary, optionally a secondary) the way vendor clients do.

    Only the root URL is configured; everything after discovery follows the absolute URLs the server gives
    (wire-facts, Start-up 1). `switch_to_secondary()` / `switch_host()` move the client, and the caller redoes
    discovery, authentication and session; `FailoverSession` does all of it by itself (HA failover).
    """

    def __init__(
        self,
        primary: str,
        *,
        secondary: str | None = None,
        verify: Verify = True,
        timeout: float = 10.0,
        recorder: Recorder | None = None,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
        transport: httpx.BaseTransport | None = None,
        retries: int = 0,
        backoff: float = 0.25,
        backoff_cap: float = 2.0,
        api_version: str = "1.0",
        prefer_public: bool = False,
        catalog: Catalog | None = None,
    ) -> None:
        self._hosts = tuple(_normalize_host(h) for h in (primary, secondary) if h)
        self._active = 0
        self.api_version = api_version
        #: Use the public URLs (reverse proxy) instead of the private ones where the server gives both.
        self.prefer_public = prefer_public
        self.catalog = catalog or load_catalog()
        self.descriptor: RootDescriptor | None = None
        self._discovery: ApiResponse | None = None
        self.http = HttpCore(
            verify=verify,
            timeout=timeout,
            transport=transport,
            recorder=recorder,
            event_hooks=event_hooks,
            retries=retries,
            backoff=backoff,
            backoff_cap=backoff_cap,
        )

    def __repr__(self) -> str:
        return f"O2GClient(active_host={self.active_host!r}, hosts={self._hosts!r})"

    # -- hosts ------------------------------------------------------------------------------------------------

    @property
    def hosts(self) -> tuple[str, ...]:
        """(primary,) or (primary, secondary)."""
        return self._hosts

    @property
    def active_host(self) -> str:
        return self._hosts[self._active]

    @property
    def secondary(self) -> str | None:
        return self._hosts[1] if len(self._hosts) > 1 else None

    def switch_to_secondary(self) -> str:
        """Make the secondary host active (for good, as the Node SDK does); discovery must be redone."""
        if self.secondary is None:
            raise RuntimeError("no secondary host configured")
        self._active = 1
        self.descriptor = None
        return self.active_host

    def switch_host(self, to: str | None = None) -> str:
        """Make the other host active (secondary after primary, primary after secondary: failback), or the
        host `to`; with a single host (a global address) stay on it. Discovery must be redone."""
        wanted = _normalize_host(to) if to else None
        if wanted is not None and wanted not in self._hosts:
            raise ValueError(f"{to!r} is not one of this client's hosts {self._hosts}")
        self._active = self._hosts.index(wanted) if wanted else (self._active + 1) % len(self._hosts)
        self.descriptor = None
        return self.active_host

    @property
    def retries(self) -> int:
        """Retries of transient failures of idempotent requests (0 = off)."""
        return self.http.retries

    @retries.setter
    def retries(self, value: int) -> None:
        self.http.retries = value

    @property
    def recorder(self) -> Recorder | None:
        return self.http.recorder

    @recorder.setter
    def recorder(self, value: Recorder | None) -> None:
        self.http.recorder = value

    # -- start-up ---------------------------------------------------------------------------------------------

    def discover(self) -> RootDescriptor:
        """GET {host}/api/rest: the RoxeRestApiDescriptor with the absolute authenticate URLs."""
        response = self.http.send("GET", self.active_host + "/api/rest", op_id="root.descriptor.get")
        self.descriptor = response.raise_for_error().model(RootDescriptor)
        self._discovery = response
        return self.descriptor

    def authenticate_url(self) -> str:
        """The authenticate URL the descriptor gives for `api_version` (discovering first if needed)."""
        descriptor = self.descriptor or self.discover()
        entry = descriptor.version(self.api_version)
        urls = (entry.publicUrl, entry.internalUrl) if entry else ()
        url = next((u for u in (urls if self.prefer_public else urls[::-1]) if u), None)
        if url is None:
            detail = f"versions {[v.id for v in descriptor.versions]} give no URL for version {self.api_version!r}"
            if self._discovery is not None:
                raise self._discovery.to_error(detail)
            raise UnusableAnswer(200, op_id="root.descriptor.get", detail=detail)
        return url

    def authenticate(self, login: str, password: str) -> Credential:
        """GET the authenticate URL with Basic auth; the token is the AlcUserId Set-Cookie, else `credential`."""
        url = self.authenticate_url()
        header = basic_auth(login, password)
        self.http.remember_secret(password, header.split(" ", 1)[1])
        has_version = "version" in parse_qs(urlsplit(url).query)
        response = self.http.send(
            "GET",
            url,
            op_id="authentication.authenticate.get",
            params=None if has_version else {"version": self.api_version},
            headers={"Authorization": header},
        )
        auth = response.raise_for_error().model(AuthenticationResponse)
        cookie = response.cookie("AlcUserId")
        token = cookie or auth.credential
        self.http.remember_secret(token, auth.credential)
        private, public = auth.internalUrl, auth.publicUrl
        sessions_url = (public or private) if self.prefer_public else (private or public)
        if not sessions_url:
            raise response.to_error("authentication answer gives neither internalUrl nor publicUrl")
        return Credential(
            token=token,
            login=login,
            sessions_url=sessions_url,
            response=auth,
            public_sessions_url=public,
            from_cookie=cookie is not None,
        )

    def open_session(
        self,
        credential: Credential,
        *,
        application_name: str = "o2g-conformance",
        supervised: tuple[str, str] | None = None,
        time_to_live: int | None = None,
        keepalive: bool = False,
        keepalive_interval: float | None = None,
    ) -> Session:
        """POST the sessions URL with the AlcUserId cookie (wire-facts, Start-up 3).

        `supervised` is (type, id) with type LOGIN_NAME or PHONE_NUMBER; `keepalive` starts the keepalive thread.
        """
        body: dict[str, Any] = {"applicationName": application_name}
        if supervised is not None:
            body["supervisedAccount"] = {"type": supervised[0], "id": supervised[1]}
        if time_to_live is not None:
            body["timeToLive"] = time_to_live
        response = self.http.send(
            "POST",
            credential.sessions_url,
            op_id="sessions.session.open",
            headers={"Cookie": credential.cookie_header},
            json=body,
        )
        info = response.raise_for_error().model(SessionInfo)
        session = Session(self, credential, info, response=response)
        if keepalive:
            session.start_keepalive(keepalive_interval)
        return session

    def login(self, login: str, password: str, **session_options: Any) -> Session:
        """Discover (if needed), authenticate and open a session in one go."""
        return self.open_session(self.authenticate(login, password), **session_options)

    def request(
        self,
        method: str,
        url_or_path: str,
        *,
        query: Mapping[str, Any] | None = None,
        json: Any = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        op_id: str | None = None,
        timeout: float | None = None,
    ) -> ApiResponse:
        """A raw request without any session cookie; a path is taken on the active host."""
        url = url_or_path if url_or_path.startswith(("http://", "https://")) else self.active_host + url_or_path
        return self.http.send(
            method, url, op_id=op_id, params=query, headers=headers, json=json, content=content, timeout=timeout
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> O2GClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
