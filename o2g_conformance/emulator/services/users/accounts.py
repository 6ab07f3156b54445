"""O2G user accounts over the OXE subscribers: who is an O2G user now, changed passwords, User rendering.

The topology's users are the OXE subscribers that are O2G users when the emulator starts (automatic
creation, o2g-rest-api-reference.txt L1696-1700). `UNPROVISIONED_SUBSCRIBERS` adds OXE subscribers that are
not O2G users yet, so that User Management can create them on demand (L1715) and the phone book
(Directory search) lists more than the O2G users. Nothing here is persisted: a reset (an emulator restart)
rebuilds the accounts from the topology, as on-demand users are not kept after a restart (L1719).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...core.registry import Backend, state
from ...core.sessions import SessionStore
from ...core.topology import Device, User

#: OXE subscribers of the first topology node that are NOT O2G users at start. Entries whose login or a
#: device number is already in the topology are skipped, so a custom topology can reuse these numbers.
#: Secret codes follow the bundled topology's pattern (QMCDU digits 3-5 + "1").
UNPROVISIONED_SUBSCRIBERS: tuple[dict[str, Any], ...] = (
    {
        "login": "oxe70130",
        "companyPhone": "70130",
        "firstName": "Karim",
        "lastName": "Lambert",
        "secretCode": "1301",
        "voicemail": True,
        "voicemailNumber": "79000",
        "email": "karim.lambert@example.com",
        "language": "fr",
        "devices": [{"number": "70130", "type": "ALE"}],
    },
    {
        "login": "oxe70131",
        "companyPhone": "70131",
        "firstName": "Laura",
        "lastName": "Lefebvre",
        "secretCode": "1311",
        "language": "en",
        "devices": [{"number": "70131", "type": "SIP"}],
    },
    {
        "login": "oxe70132",
        "companyPhone": "70132",
        "firstName": "Marc",
        "lastName": "Lemoine",
        "secretCode": "1321",
        "voicemail": True,
        "voicemailNumber": "79000",
        "language": "fr",
        "devices": [{"number": "70132", "type": "ALE"}, {"number": "70532", "type": "DECT"}],
    },
    {
        "login": "oxe70133",
        "companyPhone": "70133",
        "firstName": "Nadia",
        "lastName": "Garcia",
        "secretCode": "1331",
        "language": "es",
        "devices": [{"number": "70133", "type": "ANALOG"}],
    },
    {
        "login": "oxe70134",
        "companyPhone": "70134",
        "firstName": "Olivier",
        "lastName": "Lucas",
        "secretCode": "1341",
        "language": "en",
        "devices": [{"number": "70134", "type": "SOFTPHONE"}],
    },
)

#: Topology device type -> documented DeviceType (L1976-1981: DECT, DESKPHONE, MOBILE, SOFTPHONE) and a
#: default subType (L1968: "For a DESKPHONE type, we could have: ANALOG, NOE_C_Color_IP, ...").
#: Unknown enum values break older clients (wire-facts, events 6), so only documented types go out.
DEVICE_TYPES: dict[str, tuple[str, str]] = {
    "ALE": ("DESKPHONE", "NOE_C_Color_IP"),
    "SIP": ("DESKPHONE", "SIP"),
    "ANALOG": ("DESKPHONE", "ANALOG"),
    "VIRTUAL": ("DESKPHONE", "VIRTUAL"),
    "DECT": ("DECT", "DECT"),
    "SOFTPHONE": ("SOFTPHONE", "SOFTPHONE"),
    "MOBILE": ("MOBILE", "MOBILE"),
}
VOICEMAIL_TYPE = "VM_4645"


@dataclass(frozen=True)
class Subscriber:
    """An OXE subscriber of a node; an O2G user when `UserAccounts` says so."""

    user: User
    node_id: int

    @property
    def login(self) -> str:
        return self.user.login

    def owns(self, number: str) -> bool:
        return any(d.number == number for d in self.user.devices)


def device_view(device: Device) -> dict[str, Any]:
    kind, sub_type = DEVICE_TYPES.get(device.type, ("DESKPHONE", device.type))
    return {"type": kind, "id": device.number, "subType": device.subType or sub_type}


def user_view(sub: Subscriber, *, devices: bool) -> dict[str, Any]:
    """The User representation (L1639-1671).

    `devices` only for the account's owner or an administrator (footnotes *1/*2, L1649, L1652-1653).
    Readings: the voicemail type is sent as `type`, the representation's name (L1682), not `voicemailtype`
    as in the User Management examples (L1817, L1837); `externalLogin` (since 2.7, L1651) is the subscriber's
    e-mail address when the topology gives one, as in the example "user70120@my.domain.com" (L1821).
    `apiRights` and device `label` of the examples (L1266, L1315) are not in the representation: not sent.
    """
    u = sub.user
    out: dict[str, Any] = {
        "companyPhone": u.companyPhone,
        "firstName": u.firstName,
        "lastName": u.lastName,
        "loginName": u.login,
    }
    if u.voicemail and u.voicemailNumber:
        out["voicemail"] = {"number": u.voicemailNumber, "type": VOICEMAIL_TYPE}
    if devices:
        out["devices"] = [device_view(d) for d in u.devices]
    out["nodeId"] = str(sub.node_id)
    if u.email:
        out["externalLogin"] = u.email
    return out


@state
class UserAccounts:
    """The OXE subscribers, which of them are O2G users, and passwords changed through the API."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._subscribers: dict[str, Subscriber] = {}
        for node in backend.topology.nodes:
            for user in node.users:
                self._subscribers[user.login] = Subscriber(user, node.id)
        self._o2g: set[str] = set(self._subscribers)
        first_node = backend.topology.nodes[0].id
        taken = {key for s in self._subscribers.values() for key in (s.login, *(d.number for d in s.user.devices))}
        for raw in UNPROVISIONED_SUBSCRIBERS:
            user = User.model_validate(raw)
            if taken.isdisjoint((user.login, *(d.number for d in user.devices))):
                self._subscribers[user.login] = Subscriber(user, first_node)
        self._passwords: dict[str, str] = {}

    def start(self) -> None:
        """Offer changed passwords and the current O2G users to the core, where it has the hooks for them.

        `SessionStore.password_lookups` (list of `login -> password | None`) lets /authenticate accept a
        changed password; `Backend.user_source` (`() -> list[User]`) makes users created or deleted through
        User Management known to the core (sessions, `loginName` parameters, subscriptions).
        """
        store = self.backend.state(SessionStore)
        lookups = getattr(store, "password_lookups", None)
        if isinstance(lookups, list):
            lookups.append(self.password_of)
        if hasattr(self.backend, "user_source"):
            setattr(self.backend, "user_source", self.topology_users)  # noqa: B010 - a hook the core may lack
        if hasattr(self.backend, "user_lookup"):
            setattr(self.backend, "user_lookup", self.topology_user)  # noqa: B010 - the same, in constant time

    # -- queries -------------------------------------------------------------------------------------
    def subscribers(self) -> list[Subscriber]:
        """Every OXE subscriber (the call server's phone book), O2G user or not."""
        return list(self._subscribers.values())

    def subscriber(self, login: str) -> Subscriber | None:
        return self._subscribers.get(login)

    def is_user(self, login: str) -> bool:
        return login in self._o2g

    def user(self, login: str) -> Subscriber | None:
        """The O2G user `login`, or None (unknown, or an OXE subscriber that is not an O2G user)."""
        return self._subscribers.get(login) if login in self._o2g else None

    def users(self, node_ids: Iterable[int] | None = None) -> list[Subscriber]:
        nodes = set(node_ids) if node_ids is not None else None
        return [s for s in self._subscribers.values() if s.login in self._o2g and (nodes is None or s.node_id in nodes)]

    def topology_users(self) -> list[User]:
        return [s.user for s in self.users()]

    def topology_user(self, login: str) -> User | None:
        """The User of the O2G user `login` (what `topology_users` lists), or None."""
        subscriber = self.user(login)
        return subscriber.user if subscriber is not None else None

    def subscriber_by_number(self, number: str, node_id: int | None = None) -> Subscriber | None:
        """The subscriber owning device `number` (main or secondary device), optionally on one node."""
        return next(
            (s for s in self._subscribers.values() if s.owns(number) and (node_id is None or s.node_id == node_id)),
            None,
        )

    def node_ids(self) -> set[int]:
        return {n.id for n in self.backend.topology.nodes}

    def is_admin(self, login: str) -> bool:
        return any(a.login == login for a in self.backend.topology.administrators)

    # -- changes -------------------------------------------------------------------------------------
    def provision(self, login: str) -> bool:
        """Make the subscriber an O2G user; False when it already was one."""
        if login in self._o2g:
            return False
        if login not in self._subscribers:
            raise KeyError(login)
        self._o2g.add(login)
        return True

    def deprovision(self, login: str) -> bool:
        """The subscriber stops being an O2G user (it stays an OXE subscriber); False when it was not one."""
        if login not in self._o2g:
            return False
        self._o2g.discard(login)
        return True

    # -- passwords -----------------------------------------------------------------------------------
    def configured_password(self, login: str) -> str | None:
        """The password /authenticate accepts for `login` now (administrator password or secret code)."""
        if login in self._passwords:
            return self._passwords[login]
        admin = next((a for a in self.backend.topology.administrators if a.login == login), None)
        if admin is not None:
            return admin.password
        sub = self._subscribers.get(login)
        return sub.user.secretCode if sub else None

    def password_of(self, login: str) -> str | None:
        """A password changed through the API, or None: the hook SessionStore.authenticate consults."""
        return self._passwords.get(login)

    def set_password(self, login: str, password: str) -> None:
        self._passwords[login] = password
