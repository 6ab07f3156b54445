"""Licences: the one place every operation consults its catalog licence entry, counts and expiry events.

The requirement kinds and the licence file are described in `licence_file`. Rules and readings:

- A missing, expired or exhausted licence answers 403 NOT_ALLOWED ("insufficient rights ... contact the
  installer", L315), as GET /system/licenses answers 403 for an absent licence (L8806-8809); a telephony
  operation adds the detail UNAUTHORIZED, the type whose example is a licence refusal (L535-537).
- One licence per user (L13-17): a licence counts the distinct OXE users controlled, whatever the number
  of sessions. The user controlled is the session's own user, or for an administrator the `loginName`
  (query or path parameter); an administrator request that names no user only needs the licence installed. A user
  holds the licence while a session (or subscription) that took it lives: closing it releases the count.
- Fixed N (L25-31): N must be installed, plus one per user controlled through per-user operations of the
  same licence; while a session that used a fixed-N operation lives, per-user takes keep N in reserve.
- Subscriptions (L2147-2153): counted by the subscription model through `take_subscription`, refused
  whole (status REFUSED) when the users they add would exceed the installed count. Selectors without
  logins (system, pbxManagement: L2101; rsi, pilot, rti: L2102-2104) take no licence.
- Expiry: a licence is valid strictly before its expiry date (00:00 UTC). OnLicenseExpiration is sent
  daily from 30 days before the licence file's expiry up to 20 days after (L8756-8759), nbDays > 0
  before and < 0 after (L8942-8943), on the virtual clock.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ...catalog import load_catalog
from . import errors
from .clock import TimerHandle
from .licence_file import (
    LicenceEntry,
    LicenceFile,
    Requirement,
    default_licence_path,
    load_licence_file,
    midnight,
    requirement,
)
from .registry import Backend, state
from .sessions import Session, SessionStore

if TYPE_CHECKING:
    from .dispatch import Context

#: Operations whose users are counted by the subscription model (NOTE1, L2147-2153).
SUBSCRIPTION_OPS = frozenset({"subscriptions.subscription.create", "subscriptions.subscription.update"})
#: "its currentUsed is the total network OXE Subscriber number" (L8912-8913).
NETWORK_COUNT = "ROXE_API_MANAGEMENT"
DAY = 86400.0
WARN_BEFORE_DAYS = 30
WARN_AFTER_DAYS = 20
#: Where the licence file of a backend comes from (EmulatorConfig.extra key).
CONFIG_KEY = "licence_file"


class LicenceRefused(Exception):
    """A count would exceed the installed licences (the subscription model answers REFUSED)."""


@state
class Licences:
    """The installed licence file, who holds which per-user licence, and the expiry notifications."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        configured = backend.config.extra.get(CONFIG_KEY)
        self.file: LicenceFile
        if isinstance(configured, LicenceFile):  # validated once at start-up (o2g-emulator --licences)
            self.file, self.source = configured, str(backend.config.extra.get(CONFIG_KEY + "_source", "(given)"))
        elif configured is not None:
            self.source = str(configured)
            self.file = load_licence_file(self.source)
        else:
            self.source = str(default_licence_path())
            self.file = _default_file()
        self.file = self._resolved(self.file)
        #: licence name -> login -> holder keys (session ids, subscription ids)
        self.holders: dict[str, dict[str, set[str]]] = {}
        #: licence name -> sessions that used a fixed-N operation of it
        self.fixed: dict[str, tuple[int, set[str]]] = {}
        self._expiry: TimerHandle | None = None

    def start(self) -> None:
        self.backend.state(SessionStore).on_close.append(self._session_closed)
        self._schedule_expiry()

    def shutdown(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()

    # -- what is installed ------------------------------------------------------------------------------
    def load(self, file: LicenceFile, source: str) -> None:
        """Install another licence file at run time; holders stay, new takes follow the new totals."""
        self.file = self._resolved(file)
        self.source = source
        self._schedule_expiry()

    def _resolved(self, file: LicenceFile) -> LicenceFile:
        """Relative expiry dates (`+15d`) from the day the virtual clock started (UTC)."""
        return file.resolved(dt.datetime.fromtimestamp(self.backend.clock.start, tz=dt.UTC).date())

    def entry(self, name: str) -> LicenceEntry | None:
        """The licence if installed and not expired, else None."""
        entry = self.file.entry(name)
        if entry is None or self.expired(entry):
            return None
        return entry

    def expired(self, entry: LicenceEntry) -> bool:
        expiry = self.file.expiry_of(entry)
        return expiry is not None and self.backend.clock.now() >= midnight(expiry)

    def available(self, name: str) -> bool:
        """GET /system/licenses: present in the file, valid and not zero (a boolean licence is TRUE)."""
        entry = self.entry(name)
        return entry is not None and entry.count > 0

    def total(self, name: str) -> int:
        entry = self.entry(name)
        return entry.count if entry is not None else 0

    def used(self, name: str) -> int:
        if name == NETWORK_COUNT:
            return len(self.backend.users())
        reserve = self._reserve(name)
        return len(self.holders.get(name, {})) + reserve

    def view(self) -> dict[str, Any]:
        """The control API's view: the file, with usage and validity per licence."""
        return {
            "mode": self.file.mode,
            "source": self.source,
            "expiration": _date(self.file.expiration if isinstance(self.file.expiration, dt.date) else None),
            "licences": [
                {
                    "name": e.name,
                    "total": e.total,
                    "expiration": _date(self.file.expiry_of(e)),
                    "valid": not self.expired(e),
                    "used": self.used(e.name),
                    "users": sorted(self.holders.get(e.name, {})),
                }
                for e in self.file.licences
            ],
        }

    def status_lics(self) -> list[dict[str, Any]]:
        """LicenseStatus.lics of GET /system/status (License, L8907-8915)."""
        out = []
        for e in self.file.licences:
            lic: dict[str, Any] = {"name": e.name, "total": e.count, "currentUsed": self.used(e.name)}
            expiry = self.file.expiry_of(e)
            if expiry is not None:
                lic["expiration"] = expiry.isoformat()
            lic["application"] = True  # "Not used (Already true)" (L8915)
            out.append(lic)
        return out

    # -- the check every operation goes through ---------------------------------------------------------
    def check(self, ctx: Context) -> None:
        """Raise the documented error when the operation's licence is missing, expired or exhausted."""
        req = requirement(ctx.op, self.file.mode)
        if req.kind == "free" or ctx.op.id in SUBSCRIPTION_OPS:
            return
        name = req.names[0]
        if req.kind == "boolean":
            if not self.available(name):
                raise refusal(ctx, self._why_absent(name, req))
        elif req.kind in ("all_users_ge", "all_users_eq"):
            self._check_all_users(ctx, req, name)
        elif req.kind == "fixed":
            self._check_fixed(ctx, req, name)
        else:
            login = controlled_user(ctx)
            if login is None or ctx.session is None:
                if not any(self.available(n) for n in req.names):
                    raise refusal(ctx, self._why_absent(name, req))
                return
            try:
                self._take(req, login, ctx.session.id)
            except LicenceRefused as why:
                raise refusal(ctx, str(why)) from None

    def _check_all_users(self, ctx: Context, req: Requirement, name: str) -> None:
        users = len(self.backend.users())
        if not self.available(name):
            raise refusal(ctx, self._why_absent(name, req))
        total = self.total(name)
        if req.kind == "all_users_ge" and total < users:
            raise refusal(ctx, f"{name}: {total} licences for {users} OXE users; at least {users} needed (L21)")
        if req.kind == "all_users_eq" and total != users:
            raise refusal(ctx, f"{name}: {total} licences; must equal the {users} OXE users (L22-24)")

    def _check_fixed(self, ctx: Context, req: Requirement, name: str) -> None:
        if not self.available(name):
            raise refusal(ctx, self._why_absent(name, req))
        users = len(self.holders.get(name, {}))
        total = self.total(name)
        if total < req.n + users:
            raise refusal(
                ctx,
                f"{name}: {total} licences; {req.n} required plus {users} controlled user(s) = {req.n + users} "
                "(L25-31)",
            )
        if ctx.session is not None:
            self.fixed.setdefault(name, (req.n, set()))[1].add(ctx.session.id)

    def _why_absent(self, name: str, req: Requirement) -> str:
        entry = self.file.entry(name)
        wanted = " or ".join(req.names)
        if entry is None:
            return f"licence {wanted} is not installed ({req.wording})"
        expiry = self.file.expiry_of(entry)
        if self.expired(entry) and expiry is not None:
            return f"licence {name} expired on {expiry.isoformat()} ({req.wording})"
        return f"licence {name} is installed with the value {entry.total} ({req.wording})"

    # -- per-user counting ------------------------------------------------------------------------------
    def _reserve(self, name: str) -> int:
        n, sessions = self.fixed.get(name, (0, set()))
        return n if sessions else 0

    def _take(self, req: Requirement, login: str, key: str) -> str:
        """Give `login` one of the licences `req` names (held by `key`); the licence name taken."""
        for name in req.names:
            if login in self.holders.get(name, {}) and self.entry(name) is not None:
                self.holders[name][login].add(key)
                return name
        reasons = []
        for name in req.names:
            if not self.available(name):
                reasons.append(self._why_absent(name, req))
                continue
            users = self.holders.setdefault(name, {})
            room = self.total(name) - self._reserve(name) - len(users)
            if room > 0:
                users[login] = {key}
                return name
            reasons.append(
                f"licence {name} exhausted: {len(users)} of {self.total(name)} users already controlled"
                + (f", {self._reserve(name)} kept for fixed-N services" if self._reserve(name) else "")
                + " (one license per user, L13-17)"
            )
        raise LicenceRefused("; ".join(reasons))

    def take_subscription(self, key: str, session: Session, logins: Iterable[str]) -> None:
        """Count the users of a subscription (NOTE1, L2147-2153); LicenceRefused refuses it whole.

        Called again for the same key (PUT /subscriptions), the previous count is replaced, or kept if
        the new one is refused.
        """
        wanted = set(logins)
        previous = self._holdings(key)
        self.release(key)
        if not wanted:
            return
        req = requirement(load_catalog().operation("subscriptions.subscription.create"), self.file.mode)
        taken: list[tuple[str, str]] = []
        try:
            new = [login for login in sorted(wanted) if not self._holds(req, login)]
            room = [n for n in req.names if self.available(n)]
            if not room:
                raise LicenceRefused(self._why_absent(req.names[0], req))
            name = room[0]
            count = len(self.holders.get(name, {}))
            limit = self.total(name) - self._reserve(name)
            if count + len(new) > limit:
                raise LicenceRefused(
                    f"the subscription adds {len(new)} user(s) to the {count} already counted: more than the "
                    f"{limit} {name} licences installed (L2147-2153)"
                )
            for login in sorted(wanted):
                taken.append((self._take(req, login, key), login))
        except LicenceRefused:
            for name, login in taken:
                self._drop(name, login, key)
            for name, login in previous:
                self.holders.setdefault(name, {}).setdefault(login, set()).add(key)
            raise

    def _holds(self, req: Requirement, login: str) -> bool:
        return any(login in self.holders.get(n, {}) for n in req.names)

    def _holdings(self, key: str) -> list[tuple[str, str]]:
        return [(n, login) for n, users in self.holders.items() for login, keys in users.items() if key in keys]

    def _drop(self, name: str, login: str, key: str) -> None:
        users = self.holders.get(name, {})
        keys = users.get(login)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del users[login]

    def release(self, key: str) -> None:
        """What a session or subscription held is released (the last holder frees the user's count)."""
        for name, login in self._holdings(key):
            self._drop(name, login, key)
        for _, sessions in self.fixed.values():
            sessions.discard(key)

    def _session_closed(self, session: Session) -> None:
        self.release(session.id)

    # -- expiry notifications -----------------------------------------------------------------------------
    def _schedule_expiry(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        expiry = self.file.first_expiry()
        if expiry is None:
            return
        end = midnight(expiry)
        now = self.backend.clock.now()
        for days in range(WARN_BEFORE_DAYS, -WARN_AFTER_DAYS - 1, -1):
            due = end - days * DAY
            if due >= now:
                self._expiry = self.backend.clock.call_at(due, functools.partial(self._notify, days))
                return

    def _notify(self, days: int) -> None:
        expiry = self.file.first_expiry()
        if expiry is None:
            return
        if days > 0:
            message = f"The license file will expire in {days} day(s), on {expiry.isoformat()}"
        elif days == 0:
            message = f"The license file expires today, {expiry.isoformat()}"
        else:
            message = f"The license file expired {-days} day(s) ago, on {expiry.isoformat()}"
        self.backend.bus.publish({"eventName": "OnLicenseExpiration", "message": message, "nbDays": days})
        self._expiry = None
        if days > -WARN_AFTER_DAYS:  # daily, up to 20 days after the expiry (L8756-8759)
            due = midnight(expiry) - (days - 1) * DAY
            self._expiry = self.backend.clock.call_at(due, functools.partial(self._notify, days - 1))


@functools.cache
def _default_file() -> LicenceFile:
    return load_licence_file(default_licence_path())


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def controlled_user(ctx: Context) -> str | None:
    """The OXE user an operation controls: the session's user, or the `loginName` an administrator names."""
    session = ctx.session
    if session is None:
        return None
    if not session.admin:
        return session.login
    login = ctx.request.query_params.get("loginName") or ctx.path.get("loginName")
    return login if login and ctx.backend.user(login) is not None else None


def refusal(ctx: Context, why: str) -> errors.ApiError:
    """NOT_ALLOWED 403 (every licensed operation lists 403); telephony adds UNAUTHORIZED (L535-537)."""
    telephony = None
    if ctx.op.id.startswith("telephony."):
        telephony = {"errorType": "UNAUTHORIZED", "errorCause": "UNKNOWN", "message": why}
    return errors.ApiError("NOT_ALLOWED", why, status=403, telephony=telephony)


def licence_hook(ctx: Context) -> None:
    """The dispatch hook: every operation consults its catalog licence entry here, nowhere else."""
    ctx.backend.state(Licences).check(ctx)
