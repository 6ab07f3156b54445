"""Mini messages and call-back requests (incoming list, outgoing request)."""

from __future__ import annotations

from typing import Any

from ...core.errors import ApiError
from . import errors, views
from .core import TelephonyCore
from .entities import Endpoint, MiniMessage

MAX_MINI_MESSAGE = 128


class MessagesFamily(TelephonyCore):
    """Operations of /telephony/miniMessages, /telephony/incomingCallbacks and /telephony/outgoingCallbacks."""

    def _user_by_number(self, number: str, what: str) -> str:
        dev = self.devices.get(number.strip())
        if dev is None or dev.owner is None:
            raise errors.bad_value(f"{what} {number!r} is not the number of a user", "INVALID_DESTINATION")
        return dev.owner

    # -- mini messages ----------------------------------------------------------------------------
    def send_mini_message(self, login: str, recipient: str, text: str) -> None:
        """Up to 128 characters (L4368) to a user's set."""
        if len(text) > MAX_MINI_MESSAGE:
            raise errors.bad_value(f"a mini message is limited to {MAX_MINI_MESSAGE} characters (L4368)")
        target = self._user_by_number(recipient, "recipient")
        sender = self.user(login).companyPhone
        self.messages.setdefault(target, []).append(MiniMessage(sender, self.backend.clock.iso_now(), text))

    def read_mini_message(self, login: str) -> dict[str, Any]:
        """Destructive read, last in first out; 400 once all are read (L4331-4334)."""
        box = self.messages.get(login)
        if not box:
            raise ApiError(
                "NOT_FOUND",
                f"{login} has no unread mini message",
                status=400,
                telephony={"errorType": "INCOMPATIBLE_WITH_STATE", "errorCause": "UNKNOWN", "message": "no message"},
            )
        msg = box.pop()
        return {"sender": msg.sender, "date": msg.date, "message": msg.message}

    # -- call-back requests -----------------------------------------------------------------------
    def incoming_callbacks(self, login: str) -> list[dict[str, Any]]:
        return [
            {"callbackId": cb.id, "partyInfo": views.party_info(self, Endpoint("device", cb.number, cb.requester))}
            for cb in self.callbacks.get(login, [])
        ]

    def delete_callback(self, login: str, callback_id: str) -> None:
        """An unknown id is BAD_PARAMETER_VALUE: the operation lists no 404 (L4297-4328)."""
        pending = self.callbacks.get(login, [])
        found = next((cb for cb in pending if cb.id == callback_id), None)
        if found is None:
            raise errors.bad_value(f"no call-back request {callback_id} for {login}")
        pending.remove(found)
        self.callbacks_changed(login)

    def delete_callbacks(self, login: str) -> None:
        if self.callbacks.pop(login, None):
            self.callbacks_changed(login)

    def request_callback(self, login: str, callee: str) -> None:
        """Ask `callee` (a user's number) to call back, from an idle set (L4404-4436)."""
        target = self._user_by_number(callee, "callee")
        if target == login:
            raise errors.bad_value("a user cannot ask himself to call back")
        self.add_callback(target, login, self.user(login).companyPhone)
