"""A created event subscription: its answer, its chunk channel, update and delete."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._events import ChunkConsumer, EventLog
from ._models import SubscriptionResponse
from ._response import ApiResponse

if TYPE_CHECKING:
    from ._session import Session

__all__ = ["Subscription"]


class Subscription:
    """The answer to POST /subscriptions plus the channel opened on it; made by `Session.subscribe`."""

    def __init__(self, session: Session, info: SubscriptionResponse, response: ApiResponse) -> None:
        self.session = session
        self.info = info
        self.response = response
        self.consumer: ChunkConsumer | None = None
        self.log: EventLog | None = None
        self.deleted = False

    def __repr__(self) -> str:
        return f"Subscription(id={self.id!r}, status={self.status!r}, deleted={self.deleted})"

    @property
    def id(self) -> str | None:
        return self.info.subscriptionId

    @property
    def status(self) -> str | None:
        return self.info.status

    @property
    def accepted(self) -> bool:
        return self.info.status == "ACCEPTED"

    @property
    def polling_url(self) -> str | None:
        """The public polling URL when given, else the private one (o2g-rest-api-reference.txt L2135-2136)."""
        return self.info.publicPollingUrl or self.info.privatePollingUrl

    def open_channel(
        self,
        log: EventLog | None = None,
        *,
        method: str = "POST",
        on_line: Callable[[str], None] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ChunkConsumer:
        """Open the chunk channel on a daemon thread; events go to `log` (default: the previous or a new one).

        A channel already open is stopped first. Raises UnusableAnswer when the answer gave no polling URL.
        """
        url = self.polling_url
        if not url:
            detail = f"subscription {self.id!r} ({self.status}, {self.info.message!r}) gave no polling URL"
            raise self.response.to_error(detail)
        self.close_channel()
        self.log = log if log is not None else (self.log or EventLog())
        http = self.session.client.http
        self.consumer = ChunkConsumer(
            url,
            method=method,
            verify=http.verify,
            log=self.log,
            on_line=on_line,
            headers=headers,
            connect_timeout=http.timeout,
        ).start()
        return self.consumer

    def close_channel(self) -> None:
        if self.consumer is not None:
            self.consumer.stop()

    def update(self, selectors: Sequence[Mapping[str, Any]], *, raise_for_error: bool = True) -> ApiResponse:
        """PUT /subscriptions with a bare Filter (o2g-rest-api-reference.txt L2302-2309)."""
        response = self.session.call(
            "subscriptions.subscription.update", json={"selectors": [dict(s) for s in selectors]}
        )
        return response.raise_for_error() if raise_for_error else response

    def delete(self, *, close_channel: bool = True, raise_for_error: bool = True) -> ApiResponse | None:
        """DELETE the subscription (once), then stop the local channel; None if there was nothing to delete."""
        if self.deleted or not self.id:
            if close_channel:
                self.close_channel()
            return None
        try:
            response = self.session.call("subscriptions.subscription.delete", path={"subscriptionId": self.id})
        finally:
            if close_channel:
                self.close_channel()
        if response.ok:
            self.deleted = True
            if self in self.session.subscriptions:
                self.session.subscriptions.remove(self)
        return response.raise_for_error() if raise_for_error else response
