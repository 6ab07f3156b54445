"""Run-wide state of the plugin, kept in `config.stash`: settings, the target, the embedded emulator."""

from __future__ import annotations

import os
import pathlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import yaml

from ..catalog import ApiVersion
from ..reporting import SectionSummary
from .markers import POWERS
from .options import Settings
from .preflight import PreflightFailed, Problem, check_accounts, reach, unbound_roles
from .target import (
    Account,
    EmulatorControl,
    Profile,
    Target,
    accounts_from_profile,
    accounts_from_topology,
    load_profile,
)
from .world import World

if TYPE_CHECKING:
    from ..emulator.server import EmulatorServer


def load_modifiers(path: pathlib.Path) -> list[dict[str, Any]]:
    """A YAML list of modifier objects (see o2g_conformance/emulator/core/modifiers.py)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise pytest.UsageError(f"--o2g-emulator-modifiers {path}: cannot read it as YAML ({exc})") from None
    if not isinstance(data, list):
        raise pytest.UsageError(
            f"--o2g-emulator-modifiers {path}: expected a YAML list of objects with a 'kind', "
            "e.g. - {kind: drop_field, op: sessions.session.get, path: privateBaseUrl}"
        )
    from ..emulator.core.errors import ApiError
    from ..emulator.core.modifiers import parse

    for i, raw in enumerate(data):
        try:
            parse(raw)
        except ApiError as exc:
            raise pytest.UsageError(f"--o2g-emulator-modifiers {path}: item {i}: {exc.inner_message}") from None
    return data


def installed_licences(path: pathlib.Path | None) -> list[str]:
    """The licences an emulator licence file installs (not zero), as a profile declares a real O2G's."""
    from ..emulator.core.licence_file import LicenceFileError, default_licence_path, load_licence_file

    try:
        file = load_licence_file(path or default_licence_path())
    except LicenceFileError as exc:
        raise pytest.UsageError(f"--o2g-emulator-licences: {exc}") from None
    return [e.name for e in file.licences if e.count > 0]


class TargetUnavailable(Exception):
    """The target could not be reached or prepared: a harness error, not a non-conformance."""


@dataclass
class Runtime:
    """Built at configure time; the target (and the emulator) on first use."""

    settings: Settings
    _target: Target | None = None
    _error: str | None = None
    server: EmulatorServer | None = None
    profile: Profile | None = None
    admin: Account | None = None
    users: list[Account] = field(default_factory=list)
    modifiers: list[dict[str, Any]] = field(default_factory=list)
    #: Roles the profile leaves unbound with --o2g-unbound-roles skip; scenario node id -> roles it uses.
    unbound: set[str] = field(default_factory=set)
    roles_of: dict[str, set[str]] = field(default_factory=dict)

    def target(self) -> Target:
        if self._error:
            raise TargetUnavailable(self._error)
        if self._target is None:
            try:
                self._target = self._build()
            except (httpx.HTTPError, OSError, RuntimeError) as exc:
                self._error = f"O2G target {self.settings.target} is unreachable: {exc}"
                raise TargetUnavailable(self._error) from None
        return self._target

    @property
    def started(self) -> Target | None:
        return self._target

    def prepare(self) -> None:
        """Validate what can be validated before any test: profile, accounts, credentials (usage errors)."""
        s = self.settings
        self.profile = load_profile(s.profile) if s.profile else None
        if s.is_emulator:
            self.modifiers = load_modifiers(s.emulator_modifiers) if s.emulator_modifiers else []
            if s.emulator_licences:
                installed_licences(s.emulator_licences)  # a bad file is a usage error before any test
            return
        if s.emulator_modifiers:
            raise pytest.UsageError("--o2g-emulator-modifiers: only for the embedded emulator (--o2g-target emulator)")
        if s.emulator_licences:
            raise pytest.UsageError("--o2g-emulator-licences: only for the embedded emulator (--o2g-target emulator)")
        profile = self.profile
        admin_login = s.admin_login or (profile.admin.login if profile and profile.admin else None)
        if not admin_login:
            raise pytest.UsageError(
                "--o2g-admin-login: required for a real target (or give admin.login in --o2g-profile)"
            )
        password_env = s.admin_password_env
        if profile and profile.admin and not s.admin_login:
            password_env = profile.admin.password_env
        password = os.environ.get(password_env)
        if not password:
            raise pytest.UsageError(
                f"--o2g-admin-password-env: set the environment variable {password_env} to the administrator password"
            )
        self.admin = Account("admin", admin_login, password, admin=True, password_env=password_env)
        self.users = accounts_from_profile(profile) if profile else []

    def preflight(self, roles: Mapping[str, list[str]]) -> Target:
        """Check the target before the first scenario (see preflight.py); raises PreflightFailed.

        On the embedded emulator the accounts come from its topology and are not checked (a defect
        modifier may deliberately break authentication): only the roles the scenarios use are.
        """
        s = self.settings
        subject = f"--o2g-target {s.target}"
        for role, nodeids in roles.items():
            for nodeid in nodeids:
                self.roles_of.setdefault(nodeid, set()).add(role)
        if not s.is_emulator:
            _, problem = reach(s.target, s.verify, s.timeout)
            if problem is not None:
                raise PreflightFailed([problem])
        try:
            target = self.target()
        except TargetUnavailable as exc:
            raise PreflightFailed([Problem(subject, str(exc))]) from None
        profile = str(s.profile) if s.profile else None
        problems = []
        if target.api_version is None:
            problems.append(
                Problem(
                    "API version unknown",
                    f"the root descriptor of {target.url} has no serverInfo.productVersion (optional, L472) and the "
                    'profile declares none: add `version: "2.7.4"` (the target\'s API version) to '
                    + (profile or "a target profile (--o2g-profile)"),
                )
            )
        unbound = unbound_roles(target, roles, profile or ("the emulator topology" if s.is_emulator else None))
        if s.unbound_roles == "skip":  # the scenarios that use them skip as not applicable
            self.unbound = {p.subject.removeprefix("role ") for p in unbound}
        else:
            problems += unbound
        if not s.is_emulator:
            problems += check_accounts(target, roles)
        if problems:
            raise PreflightFailed(problems)
        return target

    def _build(self) -> Target:
        s = self.settings
        profile = self.profile
        if s.is_emulator:
            from ..emulator.core.topology import default_topology_path, load_topology
            from ..emulator.server import FROZEN, EmulatorServer

            topo_path = s.emulator_topology or default_topology_path()
            self.server = EmulatorServer(
                topology=topo_path,
                tls=s.emulator_tls,
                tls_dir=pathlib.Path(tempfile.mkdtemp(prefix="o2g-tls-")) if s.emulator_tls else None,
                licences=s.emulator_licences,
                **FROZEN,  # the suite's clock: frozen, from the fixed start (reproducible runs)
            ).start()
            files = self.server.tls_files
            verify: bool | str = str(files.ca) if files and files.ca else True
            topology = load_topology(topo_path)
            admin, users = accounts_from_topology(topology)
            target = Target(
                url=self.server.url,
                kind="emulator",
                admin=admin,
                users=users,
                verify=verify,
                timeout=s.timeout,
                powers=frozenset(POWERS),
                control=EmulatorControl(self.server.url, verify=verify, timeout=s.timeout),
                # The emulator declares what its licence file installs, as a profile does for a real O2G.
                licences=frozenset(installed_licences(s.emulator_licences)),
                desk_sharing_sets=topology.nodes[0].deskSharingSets,
            )
            if self.modifiers:
                target.control.post("/modifiers", {"modifiers": self.modifiers})  # type: ignore[union-attr]
        else:
            assert self.admin is not None
            target = Target(
                url=s.target,
                kind="real",
                admin=self.admin,
                users=self.users,
                verify=s.verify,
                timeout=s.timeout,
                secondary=s.secondary or (profile.secondary if profile else None),
                licences=frozenset(profile.licences) if profile and profile.licences is not None else None,
                powers=frozenset(profile.hooks) if profile else frozenset(),
                desk_sharing_sets=tuple(profile.deskSharingSets) if profile else (),
            )
        if profile and profile.version:
            target.api_version = ApiVersion.parse(profile.version)
        target.discover()
        return target

    def stop(self) -> None:
        if self._target and self._target.control:
            self._target.control.close()
        if self.server:
            self.server.stop()


RUNTIME = pytest.StashKey[Runtime]()
SUMMARY = pytest.StashKey[SectionSummary]()
WORLD = pytest.StashKey[World]()
