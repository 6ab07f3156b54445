"""The system under test: the bundled emulator or a real O2G, its accounts and its powers.

A target profile (YAML) describes a real O2G for the suite: administrator, users bound to roles
(A, B, C, ...) with the environment variables holding their passwords, installed licences, an optional
API version and operator hooks. The emulator's accounts come from its topology, roles in file order.
"""

from __future__ import annotations

import os
import pathlib
import string
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..catalog import ApiVersion, from_product_version
from ..client import ssl_verify
from ..emulator.core.topology import Topology

ROLES = tuple(string.ascii_uppercase)


@dataclass(frozen=True)
class Device:
    """A phone set of an account."""

    number: str
    type: str = "ALE"


@dataclass(frozen=True)
class Account:
    """An account the suite acts with; the password never shows in reprs or reports."""

    role: str
    login: str
    password: str = field(repr=False)
    admin: bool = False
    company_phone: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    voicemail: bool = False
    devices: tuple[Device, ...] = ()
    #: The environment variable that held the password (real targets): preflight names it.
    password_env: str | None = None

    @property
    def number(self) -> str:
        if self.company_phone:
            return self.company_phone
        raise LookupError(f"account {self.role} ({self.login}) has no company phone in the target profile")


class _ProfileUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str | None = None
    login: str
    password_env: str
    companyPhone: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    voicemail: bool = False
    devices: list[dict[str, str]] = Field(default_factory=list)


class _ProfileAdmin(BaseModel):
    model_config = ConfigDict(extra="forbid")
    login: str
    password_env: str = "O2G_ADMIN_PASSWORD"


class Profile(BaseModel):
    """A real target's profile file."""

    model_config = ConfigDict(extra="forbid")
    secondary: str | None = None
    version: str | None = None
    admin: _ProfileAdmin | None = None
    users: list[_ProfileUser] = Field(default_factory=list)
    licences: list[str] | None = None
    hooks: dict[str, str] = Field(default_factory=dict)
    #: HA scenarios fail when a client takes longer than this to get its events back after a switch.
    ha_recovery_seconds: float | None = None
    #: Connected sets free for desk-sharing users (scenarios needing one skip without it).
    deskSharingSets: list[str] = Field(default_factory=list)


def load_profile(path: pathlib.Path) -> Profile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise pytest.UsageError(f"--o2g-profile {path}: cannot read it as YAML ({exc})") from None
    try:
        return Profile.model_validate(raw or {})
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise pytest.UsageError(f"--o2g-profile {path}: {where}") from None


def _secret(env: str, what: str) -> str:
    value = os.environ.get(env)
    if not value:
        raise pytest.UsageError(f"{what}: set the environment variable {env} to the password (it is never logged)")
    return value


def accounts_from_profile(profile: Profile) -> list[Account]:
    out = []
    for i, u in enumerate(profile.users):
        out.append(
            Account(
                role=u.role or ROLES[i],
                login=u.login,
                password=_secret(u.password_env, f"profile user {u.login}"),
                company_phone=u.companyPhone,
                first_name=u.firstName,
                last_name=u.lastName,
                voicemail=u.voicemail,
                devices=tuple(Device(d["number"], d.get("type", "ALE")) for d in u.devices),
                password_env=u.password_env,
            )
        )
    return out


def accounts_from_topology(topology: Topology) -> tuple[Account, list[Account]]:
    admin = next(a for a in topology.administrators if a.supervisor)
    users = [
        Account(
            role=ROLES[i],
            login=u.login,
            password=u.secretCode,
            company_phone=u.companyPhone,
            first_name=u.firstName,
            last_name=u.lastName,
            voicemail=u.voicemail,
            devices=tuple(Device(d.number, d.type) for d in u.devices),
        )
        for i, u in enumerate(topology.users())
    ]
    return Account("admin", admin.login, admin.password, admin=True), users


class EmulatorControl:
    """The emulator's control API (reserved prefix), used over HTTP like the O2G API itself."""

    PREFIX = "/__emulator__"

    def __init__(self, base_url: str, *, verify: bool | str, timeout: float) -> None:
        self._http = httpx.Client(base_url=base_url + self.PREFIX, verify=ssl_verify(verify), timeout=timeout)

    def _post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self._http.post(path, json=body or {})
        r.raise_for_status()
        return r.json()

    def reset(self) -> dict[str, Any]:
        result: dict[str, Any] = self._post("/reset")
        return result

    def advance(self, seconds: float) -> float:
        return float(self._post("/clock/advance", {"seconds": seconds})["now"])

    def now(self) -> float:
        r = self._http.get("/clock")
        r.raise_for_status()
        return float(r.json()["now"])

    def publish(self, event: dict[str, Any], subject: str | None = None) -> int:
        return int(self._post("/events", {"event": event, "subject": subject})["reached"])

    def state(self) -> dict[str, Any]:
        r = self._http.get("/state")
        r.raise_for_status()
        result: dict[str, Any] = r.json()
        return result

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """Any other control route (faults, licences, CTI link, phone sets, external parties)."""
        return self._post(path, body)

    def put(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """A control route that sets a behaviour (e.g. a phone set's or external party's answer mode)."""
        r = self._http.put(path, json=body or {})
        r.raise_for_status()
        return r.json()

    def close(self) -> None:
        self._http.close()


@dataclass
class Target:
    """The resolved system under test."""

    url: str
    kind: str  # "emulator" | "real"
    admin: Account
    users: list[Account]
    verify: bool | str
    timeout: float
    secondary: str | None = None
    product_version: str = "unknown"
    api_version: ApiVersion | None = None
    ha_mode: bool | None = None
    licences: frozenset[str] | None = None
    powers: frozenset[str] = frozenset()
    control: EmulatorControl | None = None
    desk_sharing_sets: tuple[str, ...] = ()

    @property
    def is_emulator(self) -> bool:
        return self.kind == "emulator"

    def user(self, role: str) -> Account:
        for account in self.users:
            if role in (account.role, account.login):
                return account
        known = ", ".join(f"{a.role}={a.login}" for a in self.users) or "none"
        raise LookupError(f"no user with role or login {role!r} on this target (known: {known})")

    def discover(self) -> None:
        """Read the product version and HA mode from the root descriptor (once per run)."""
        r = httpx.get(self.url + "/api/rest", verify=ssl_verify(self.verify), timeout=self.timeout)
        r.raise_for_status()
        info = r.json().get("serverInfo") or {}
        pv = info.get("productVersion") or {}
        major, minor = str(pv.get("major", "")), str(pv.get("minor", ""))
        self.product_version = f"{major} {minor}".strip() or "unknown"
        if self.api_version is None and major:
            self.api_version = from_product_version(major, minor)
        self.ha_mode = info.get("haMode")
