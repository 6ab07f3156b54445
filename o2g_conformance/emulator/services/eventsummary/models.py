"""Event summary backend: counters derived from the communication log, the mailbox and call-back requests.

The counters are never stored: they are read from the services that own the facts, so they cannot
drift. OnEventSummaryUpdated (package eventSummary, L2088) is sent "each time the user's counters have
changed" (L8739): those services tell this one when something of a user changed, and the event goes out
when the summary differs from the last one sent (or, for voicemail deletions, always: L9370, L9419).

Readings chosen where the reference is silent:
- missedCallsNb counts the unanswered, unacknowledged incoming calls of the O2G communication log
  (L8704-8710); voiceMessagesNb the unread messages, left out for a user without a mailbox ("the server
  is not able to provide that information", L8711-8713); callBackRequestsNb the incoming call-back
  requests telephony keeps; faxNb 0 (no fax server); newTextNb / oldTextNb are left out, as in the
  example (L8692-8698).
- eventWaiting is true while any of these counters is above zero (the "LED", L8726-8735).
"""

from __future__ import annotations

from typing import Any

from ...core.registry import Backend, state
from ..comlog.models import ComlogService
from ..messaging.models import MessagingService
from ..telephony.models import TelephonyState


@state
class EventSummaryService:
    """The last summary sent per user (to send OnEventSummaryUpdated on changes only)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._sent: dict[str, dict[str, Any]] = {}

    def start(self) -> None:
        self.backend.state(ComlogService).on_change.append(self.refresh)
        self.backend.state(MessagingService).on_change.append(self._mailbox_changed)
        self.backend.state(TelephonyState).hooks.callback_listeners.append(self.refresh)

    def summary(self, login: str) -> dict[str, Any]:
        """EventSummary (L8701-8737)."""
        missed = self.backend.state(ComlogService).missed_count(login)
        voice = self.backend.state(MessagingService).unread_count(login)
        callbacks = len(self.backend.state(TelephonyState).callbacks.get(login, []))
        out: dict[str, Any] = {"missedCallsNb": missed}
        if voice is not None:
            out["voiceMessagesNb"] = voice
        out.update(callBackRequestsNb=callbacks, faxNb=0, eventWaiting=bool(missed or voice or callbacks))
        return out

    def refresh(self, login: str, *, announce: bool = False) -> None:
        """Send OnEventSummaryUpdated if the user's counters changed since last sent (always with `announce`)."""
        now = self.summary(login)
        before = self._sent.get(login)
        if before is None:
            before = self._sent[login] = self._initial(login)
        if now != before or announce:
            self._sent[login] = now
            event = {"eventName": "OnEventSummaryUpdated", "loginName": login, "eventSummary": now}
            self.backend.bus.publish(event, subject=login)

    def _mailbox_changed(self, login: str, announce: bool) -> None:
        self.refresh(login, announce=announce)

    def _initial(self, login: str) -> dict[str, Any]:
        """What the user's counters were before anything happened (all zero)."""
        has_box = self.backend.state(MessagingService).mailbox_of(login) is not None
        out: dict[str, Any] = {"missedCallsNb": 0}
        if has_box:
            out["voiceMessagesNb"] = 0
        out.update(callBackRequestsNb=0, faxNb=0, eventWaiting=False)
        return out
