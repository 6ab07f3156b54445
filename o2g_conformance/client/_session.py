"""An open O2G session: calls by operation id, raw requests, keepalive (thread), subscriptions, close."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ._errors import O2GError, TargetUnreachable
from ._http import join_url, server_path
from ._models import Credential, SessionInfo, SubscriptionResponse
from ._response import UNSET, ApiResponse, Unset
from ._subscription import Subscription

if TYPE_CHECKING:
    from ._client import O2GClient

__all__ = ["DEFAULT_TTL", "Session"]

log = logging.getLogger("o2g_conformance.client")

#: The documented initial session TTL in seconds (o2g-rest-api-reference.txt L269, L994).
DEFAULT_TTL = 1800


class Session:
    """A session opened by `O2GClient.open_session`; every request carries its AlcUserId cookie."""

    def __init__(
        self, client: O2GClient, credential: Credential, info: SessionInfo, *, response: ApiResponse | None = None
    ) -> None:
        self.client = client
        self.credential = credential
        self.info = info
        self.open_response = response
        #: Cookies sent with every call; tests may change them to send bad ones.
        self.cookies: dict[str, str] = {"AlcUserId": credential.token}
        self.closed = False
        self.subscriptions: list[Subscription] = []
        self.keepalive_count = 0
        self.keepalive_failures: list[O2GError | TargetUnreachable] = []
        self._ka_lock = threading.Lock()
        self._ka_stop: threading.Event | None = None
        self._ka_thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return (
            f"Session(login={self.credential.login!r}, admin={self.info.admin}, base_url={self.base_url!r}, "
            f"closed={self.closed})"
        )

    # -- addressing -------------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The server-given base URL of every service (private unless the client prefers public ones)."""
        info = self.info
        preferred = (
            (info.publicBaseUrl, info.privateBaseUrl)
            if self.client.prefer_public
            else (
                info.privateBaseUrl,
                info.publicBaseUrl,
            )
        )
        for url in preferred:
            if url:
                return url.rstrip("/")
        # privateBaseUrl is mandatory (L1045); without it, the sessions URL is the best server-given guess.
        return self.credential.sessions_url.split("?", 1)[0].rstrip("/").removesuffix("/sessions")

    @property
    def service_urls(self) -> dict[str, str]:
        """Lower-cased serviceName -> base URL + relativeUrl, the map clients route by (wire-facts, Start-up 3)."""
        base = self.base_url
        return {s.serviceName.lower(): base + "/" + s.relativeUrl.lstrip("/") for s in self.info.services}

    @property
    def ttl(self) -> int:
        """The session TTL in seconds as the server announced it (default 1800)."""
        return self.info.timeToLive if self.info.timeToLive and self.info.timeToLive > 0 else DEFAULT_TTL

    def url_for(self, op_id: str, path: Mapping[str, Any] | None = None) -> str:
        """The absolute URL of an operation on this session's server. Unknown id: KeyError; bad params: ValueError."""
        op = self.client.catalog.operation(op_id)
        extra = set(path or {}) - set(op.path_params)
        if extra:
            raise ValueError(f"operation {op_id} has no path parameter {sorted(extra)} (it has {list(op.path_params)})")
        return join_url(self.base_url, op.render_path(dict(path or {})))

    def _with_cookies(
        self, headers: Mapping[str, str] | None, cookies: Mapping[str, str] | Unset | None
    ) -> list[tuple[str, str]]:
        out = list((headers or {}).items())
        if any(k.lower() == "cookie" for k, _ in out):
            return out  # an explicit Cookie header wins
        jar = self.cookies if isinstance(cookies, Unset) else cookies
        if jar:
            out.append(("Cookie", "; ".join(f"{k}={v}" for k, v in jar.items())))
        return out

    # -- requests ---------------------------------------------------------------------------------------------

    def call(
        self,
        op_id: str,
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        json: Any = UNSET,
        headers: Mapping[str, str] | None = None,
        raise_for_error: bool = False,
        timeout: float | None = None,
    ) -> ApiResponse:
        """Call a catalog operation by id: its method, its path rendered with `path`, on the server-given base URL.

        `json` left unset sends no body. An error status is returned, or raised as O2GError with `raise_for_error`.
        """
        op = self.client.catalog.operation(op_id)
        response = self.client.http.send(
            op.method,
            self.url_for(op_id, path),
            op_id=op_id,
            params=query,
            headers=self._with_cookies(headers, UNSET),
            json=json,
            timeout=timeout,
        )
        return response.raise_for_error() if raise_for_error else response

    def request(
        self,
        method: str,
        url_or_path: str,
        *,
        query: Mapping[str, Any] | None = None,
        json: Any = UNSET,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | Unset | None = UNSET,
        op_id: str | None = None,
        raise_for_error: bool = False,
        timeout: float | None = None,
    ) -> ApiResponse:
        """A raw request (wrong method, malformed body, bad cookie) on this session's server.

        `url_or_path`: an absolute URL; a server path starting with /api/rest; or a path relative to the base
        URL (`/telephony/calls`). `cookies` unset sends the session cookie, None sends none. `op_id` labels the
        exchange; by default it is the catalog operation the method and path match, if any.
        """
        method = method.upper()
        if url_or_path.startswith(("http://", "https://")):
            url = url_or_path
        elif url_or_path.startswith("/api/rest"):
            url = join_url(self.base_url, url_or_path)
        else:
            url = self.base_url + "/" + url_or_path.lstrip("/")
        if op_id is None:
            matched = self.client.catalog.match(method, server_path(self.base_url, url))
            op_id = matched[0].id if matched else None
        response = self.client.http.send(
            method,
            url,
            op_id=op_id,
            params=query,
            headers=self._with_cookies(headers, cookies),
            json=json,
            content=content,
            timeout=timeout,
        )
        return response.raise_for_error() if raise_for_error else response

    # -- lifecycle --------------------------------------------------------------------------------------------

    def keepalive(self, *, raise_for_error: bool = True) -> ApiResponse:
        """POST /sessions/keepalive (no body): restarts the session timer (L994-995)."""
        return self.call("sessions.keepalive.post", raise_for_error=raise_for_error)

    def close(self, *, delete_subscriptions: bool = True, raise_for_error: bool = True) -> ApiResponse | None:
        """Stop keepalives, delete this session's subscriptions, DELETE the session; None if closed already."""
        if self.closed:
            return None
        self.stop_keepalive()
        if delete_subscriptions:
            for subscription in list(self.subscriptions):
                try:
                    subscription.delete(raise_for_error=False)
                except TargetUnreachable as exc:
                    log.warning("could not delete subscription %s: %s", subscription.id, exc)
        for subscription in self.subscriptions:
            subscription.close_channel()
        response = self.call("sessions.session.close")
        self.closed = True
        return response.raise_for_error() if raise_for_error else response

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.close()
        except (O2GError, TargetUnreachable) as close_error:
            if exc is None:
                raise
            log.warning("closing %r after an error failed too: %s", self, close_error)

    # -- keepalive thread -------------------------------------------------------------------------------------

    @property
    def keepalive_running(self) -> bool:
        return self._ka_thread is not None and self._ka_thread.is_alive()

    def start_keepalive(self, interval: float | None = None) -> None:
        """Send keepalives on a daemon thread every `interval` s (default 0.9 x TTL, as the Node SDK does).

        Failures do not stop the thread; they are kept in `keepalive_failures`. Restarts a running thread.
        """
        self.stop_keepalive()
        period = interval if interval is not None else 0.9 * self.ttl
        if period <= 0:
            raise ValueError(f"keepalive interval must be positive, got {period}")
        stop = threading.Event()
        thread = threading.Thread(
            target=self._keepalive_loop, args=(period, stop), name=f"o2g-keepalive {self.credential.login}", daemon=True
        )
        with self._ka_lock:
            self._ka_stop, self._ka_thread = stop, thread
        thread.start()

    def stop_keepalive(self, timeout: float = 5.0) -> None:
        with self._ka_lock:
            stop, thread = self._ka_stop, self._ka_thread
            self._ka_stop = self._ka_thread = None
        if stop is not None:
            stop.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _keepalive_loop(self, period: float, stop: threading.Event) -> None:
        while not stop.wait(period) and not self.closed:
            try:
                response = self.keepalive(raise_for_error=False)
            except TargetUnreachable as exc:
                self.keepalive_failures.append(exc)
                log.warning("keepalive of %r failed: %s", self, exc)
                continue
            if response.ok:
                self.keepalive_count += 1
            else:
                failure = response.to_error()
                self.keepalive_failures.append(failure)
                log.warning("keepalive of %r failed: %s", self, failure)

    # -- subscriptions ----------------------------------------------------------------------------------------

    def subscribe(
        self,
        selectors: Sequence[Mapping[str, Any]] | None,
        *,
        version: str = "1.0",
        timeout: int | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Subscription:
        """POST /subscriptions (wire-facts, Events 1); a REFUSED answer is returned, an error status raised.

        `selectors` None sends no filter; `extra` adds or overrides body fields (webHookUrl, sessionId, ...).
        """
        body: dict[str, Any] = {"version": version}
        if selectors is not None:
            body["filter"] = {"selectors": [dict(s) for s in selectors]}
        if timeout is not None:
            body["timeout"] = timeout
        body.update(extra or {})
        response = self.call("subscriptions.subscription.create", json=body, raise_for_error=True)
        subscription = Subscription(self, response.model(SubscriptionResponse), response)
        if subscription.id:
            self.subscriptions.append(subscription)
        return subscription
