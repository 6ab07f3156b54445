"""Credentials and sessions: who may call the emulator, for how long, and on whose behalf.

Rules (o2g-rest-api-reference.txt L665-1124): a session is opened once per credential (L705),
lives 1800 s by default (L269, L994) or `timeToLive` (2.7.4, L1081), and every request restarts its
timer (L671-673). A closed or expired session stays listed in `otherSessions` with timeToLive 0
until the purge that runs every 5 minutes (L1121-1124).
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import jwt

from . import errors
from .clock import TimerHandle
from .registry import Backend, state
from .topology import User

DEFAULT_TTL = 1800
#: A credential no session lives on is dropped this long after it was issued (by the purge): memory stays
#: bounded however many clients authenticate. The reference gives credentials no lifetime of their own;
#: the session's default TTL is the one it names (L269).
CREDENTIAL_TTL = DEFAULT_TTL
#: Java and C# clients send their keepalive at exactly the TTL (wire-facts, start-up 4).
EXPIRY_GRACE = 5
PURGE_PERIOD = 300


@dataclass(frozen=True)
class Principal:
    """Who authenticated: an administrator or an OXE user."""

    login: str
    admin: bool
    supervisor: bool = False
    user: User | None = None


@dataclass
class Session:
    """An open (or finished, not yet purged) session."""

    id: str
    credential: str
    principal: Principal  # who acts: the user, or the administrator
    supervisor: str | None  # for supervised sessions, the administrator who opened it
    application_name: str
    ttl: int
    created: float
    last_activity: float
    closed_at: float | None = None
    close_reason: str | None = None
    expiry: TimerHandle | None = field(default=None, repr=False)

    @property
    def alive(self) -> bool:
        return self.closed_at is None

    @property
    def login(self) -> str:
        return self.principal.login

    @property
    def admin(self) -> bool:
        return self.principal.admin

    def remaining(self, now: float) -> int:
        if not self.alive:
            return 0
        return max(0, int(self.last_activity + self.ttl - now))


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@state
class SessionStore:
    """Credentials issued by /authenticate and the sessions opened with them."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._credentials: dict[str, Principal] = {}
        self._issued: dict[str, float] = {}  # credential -> when it was issued
        self._sessions: dict[str, Session] = {}  # by session id, finished ones until the purge
        self._by_credential: dict[str, Session] = {}  # live sessions
        self._ids = itertools.count(1)
        self.on_close: list[Callable[[Session], None]] = []
        #: Changed passwords (User information's password change) answer first; None = unchanged.
        self.password_lookups: list[Callable[[str], str | None]] = []

    def start(self) -> None:
        self._schedule_purge()

    # -- authentication -------------------------------------------------------------------------
    def authenticate(self, login: str, password: str) -> Principal | None:
        """Administrators are checked first (L201); users log in with their secret code (O2G mode)."""
        changed = next((p for lookup in self.password_lookups if (p := lookup(login)) is not None), None)
        for admin in self.backend.topology.administrators:
            if admin.login == login and secrets.compare_digest(changed or admin.password, password):
                return Principal(admin.login, True, admin.supervisor)
        user = self.backend.user(login)
        if user and secrets.compare_digest(changed or user.secretCode, password):
            return Principal(user.login, False, False, user)
        return None

    def issue_credential(self, principal: Principal) -> str:
        now = self.backend.clock.now()
        token = jwt.encode(
            {"sub": principal.login, "adm": principal.admin, "iat": int(now), "jti": secrets.token_hex(8)},
            self.backend.secret,
            algorithm="HS256",
        )
        self._credentials[token] = principal
        self._issued[token] = now
        return token

    def credential_count(self) -> int:
        """Credentials held in memory (bounded: see CREDENTIAL_TTL)."""
        return len(self._credentials)

    def principal_of(self, credential: str) -> Principal | None:
        return self._credentials.get(credential)

    # -- sessions ---------------------------------------------------------------------------------
    def open(
        self,
        credential: str,
        *,
        application_name: str,
        supervised: tuple[str, str] | None,
        ttl: int | None,
    ) -> Session:
        principal = self.principal_of(credential)
        if principal is None:
            raise errors.invalid_session("unknown or revoked credential")
        if credential in self._by_credential:
            # L705: "A session can be opened only once (same authentication cookie) ... (Forbidden)".
            raise errors.not_allowed("a session is already open with this credential", status=403)
        supervisor = None
        if supervised is not None:
            if not principal.admin or not principal.supervisor:
                raise errors.not_allowed("only an administrator with the supervisor role can open a supervised session")
            principal = self._supervised_principal(*supervised)
            supervisor = self.principal_of(credential).login  # type: ignore[union-attr]
        now = self.backend.clock.now()
        session = Session(
            id=f"{next(self._ids):04d}{secrets.token_hex(10)}",
            credential=credential,
            principal=principal,
            supervisor=supervisor,
            application_name=application_name,
            ttl=ttl if ttl is not None else DEFAULT_TTL,
            created=now,
            last_activity=now,
        )
        self._sessions[session.id] = session
        self._by_credential[credential] = session
        self._arm_expiry(session)
        return session

    def _supervised_principal(self, kind: str, ident: str) -> Principal:
        if kind == "LOGIN_NAME":
            user = self.backend.user(ident)
            if user is None:
                admin = next((a for a in self.backend.topology.administrators if a.login == ident), None)
                if admin is not None:
                    return Principal(admin.login, True, admin.supervisor)
        elif kind == "PHONE_NUMBER":
            user = self.backend.user_by_number(ident)
        else:
            raise errors.bad_parameter(f"supervisedAccount.type must be LOGIN_NAME or PHONE_NUMBER, not {kind!r}")
        if user is None:
            raise errors.not_found(f"no user with {kind} {ident!r} to supervise")
        return Principal(user.login, False, False, user)

    def lookup(self, credential: str | None) -> Session:
        """The live session of a credential, touched (its timer restarted), or INVALID_SESSION."""
        if not credential:
            raise errors.invalid_session("no AlcUserId cookie")
        session = self._by_credential.get(credential)
        if session is None:
            raise errors.invalid_session(f"...{credential[-9:]}")
        now = self.backend.clock.now()
        if now > session.last_activity + session.ttl + EXPIRY_GRACE:  # a timer that has not fired yet
            self._close(session, "expired")
            raise errors.invalid_session(f"...{credential[-9:]} (expired)")
        session.last_activity = now
        self._arm_expiry(session)
        return session

    def close(self, session: Session) -> None:
        self._close(session, "closed")

    def forget_all(self, reason: str) -> int:
        """The server that held these sessions stops (HA switchover or failure): every session and
        credential it issued is gone, as its memory is; closing them releases what hangs on them
        (subscriptions, licences, searches). Answers the number of live sessions ended."""
        live = list(self._by_credential.values())
        for session in live:
            self._close(session, reason)
        self._sessions.clear()
        self._credentials.clear()
        return len(live)

    def live(self) -> list[Session]:
        return list(self._by_credential.values())

    def all(self) -> list[Session]:
        return list(self._sessions.values())

    def others_of(self, session: Session) -> list[Session]:
        """Other sessions of the same account, alive or finished but not purged (L1052, L1121-1124)."""
        return [
            s
            for s in self._sessions.values()
            if s is not session and s.login == session.login and s.supervisor == session.supervisor
        ]

    def _close(self, session: Session, reason: str) -> None:
        if not session.alive:
            return
        session.closed_at = self.backend.clock.now()
        session.close_reason = reason
        self._by_credential.pop(session.credential, None)
        if session.expiry:
            session.expiry.cancel()
        for listener in list(self.on_close):
            listener(session)

    def _arm_expiry(self, session: Session) -> None:
        if session.expiry:
            session.expiry.cancel()
        session.expiry = self.backend.clock.call_at(
            session.last_activity + session.ttl + EXPIRY_GRACE, lambda: self._close(session, "expired")
        )

    def _schedule_purge(self) -> None:
        def purge() -> None:
            for sid, s in list(self._sessions.items()):
                if not s.alive:
                    del self._sessions[sid]
            oldest = self.backend.clock.now() - CREDENTIAL_TTL
            for token, issued in list(self._issued.items()):
                if issued <= oldest and token not in self._by_credential:
                    del self._issued[token], self._credentials[token]
            self._schedule_purge()

        self.backend.clock.call_later(PURGE_PERIOD, purge)
