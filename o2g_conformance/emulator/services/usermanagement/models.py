"""User Management backend: list, create, get and delete O2G users on demand (o2g-rest-api-reference.txt L1693-2073).

The OXE subscribers and which of them are O2G users live in `users.accounts.UserAccounts` (shared with
User information and Directory search); this module holds the four operations and their events.

Readings chosen where the reference is silent or disagrees with itself:
- The create answer is always the `Users` wrapper {"users": [...]} (L1789-1790, examples L1826-1860): the
  first example's bare User (L1808-1822) and "else return null" for `all` (L1789) contradict the `all`
  example, which returns the wrapper (L1871-1880); one shape lets clients parse every answer alike.
- `nodeId` is typed int (L2029) but every example sends a string ("7", L1807, L1825, L1863, L1873), and
  `deviceNumbers` mixes strings and numbers (L1863): both spellings are accepted.
- Creating a subscriber that already is an O2G user is not an error: the answer lists the O2G users of the
  requested numbers, created now or before; OnUserCreated is sent only for users created now.
- A request naming an unknown node, or a number that is no subscriber device of that node, is rejected as a
  whole with 404 NOT_FOUND (documented for create, L1798) and creates nothing.
- Unknown users: 404 for delete (documented, L1951); NOT_FOUND with the status 400 for get, which does not
  document 404 (L1904-1914).
- A deleted user's live sessions are closed: it is no longer an O2G user and cannot act (L1929).
"""

from __future__ import annotations

from typing import Any

from ...core import errors
from ...core.registry import Backend, state
from ...core.sessions import SessionStore
from ..subscriptions.models import SubscriptionStore
from ..users.accounts import Subscriber, UserAccounts, user_view
from ..users.models import UserInformation, parse_node_ids


@state
class UserManagement:
    """The User Management operations; the accounts themselves are `UserAccounts` state."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @property
    def accounts(self) -> UserAccounts:
        return self.backend.state(UserAccounts)

    def _admin_subscriptions(self) -> list[str]:
        """OnUserCreated/OnUserDeleted are sent to administrators only, whatever the selector ids (L1566-1595)."""
        return [s.id for s in self.backend.state(SubscriptionStore).all() if s.admin]

    # -- usermanagement.users.list ---------------------------------------------------------------------
    def list_users(self, *, node_ids: str | None, device_number: str | None) -> dict[str, Any]:
        users = self.accounts.users(parse_node_ids(node_ids))
        if device_number is not None:
            number = device_number.strip()
            if not number:
                raise errors.bad_parameter("deviceNumber must not be empty")
            # A main or secondary device selects its owner (L1737-1738, example L1772-1777).
            users = [s for s in users if s.owns(number)]
        return {"loginNames": [s.login for s in users]}

    # -- usermanagement.users.create -------------------------------------------------------------------
    def create_users(self, node_id: int, numbers: list[str] | None, all_users: bool) -> dict[str, Any]:
        if node_id not in self.accounts.node_ids():
            raise errors.not_found(f"unknown OXE node {node_id}", status=404)
        if all_users:
            # "the previous deviceNumbers list is ignored" (L2031-2033).
            targets = [s for s in self.accounts.subscribers() if s.node_id == node_id]
        else:
            if not numbers:
                raise errors.bad_parameter("deviceNumbers must list at least one number when 'all' is absent or false")
            targets = []
            unknown = []
            for number in numbers:
                sub = self.accounts.subscriber_by_number(number, node_id)
                if sub is None:
                    unknown.append(number)
                elif sub not in targets:
                    targets.append(sub)
            if unknown:
                raise errors.not_found(f"no OXE subscriber device {', '.join(unknown)} on node {node_id}", status=404)
        created: list[Subscriber] = [s for s in targets if self.accounts.provision(s.login)]
        only = self._admin_subscriptions()
        for sub in created:
            self.backend.bus.publish({"eventName": "OnUserCreated", "user": user_view(sub, devices=True)}, only=only)
        return {"users": [user_view(s, devices=True) for s in targets]}

    # -- usermanagement.user.get -----------------------------------------------------------------------
    def get_user(self, login: str) -> dict[str, Any]:
        sub = self.accounts.user(login)
        if sub is None:
            raise errors.not_found(f"no O2G user {login!r}")
        return user_view(sub, devices=True)

    # -- usermanagement.user.delete --------------------------------------------------------------------
    def delete_user(self, login: str) -> None:
        if not self.accounts.deprovision(login):
            raise errors.not_found(f"no O2G user {login!r}", status=404)
        self.backend.state(UserInformation).forget(login)
        store = self.backend.state(SessionStore)
        for session in [s for s in store.live() if s.login == login and not s.admin]:
            store.close(session)
        self.backend.bus.publish({"eventName": "OnUserDeleted", "loginName": login}, only=self._admin_subscriptions())
