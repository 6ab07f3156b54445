"""The schemathesis run against a real O2G (a staging server), read-only, with the accounts of a target profile.

Same bounds, seed, checks and known deviations as the stage `make test` runs against the emulator; only
GET operations are sent (opening and closing the run's sessions are the only writes). Passwords come
from the environment variables the profile names and never appear in the output.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Mapping

import yaml
from pydantic import ValidationError

from o2g_conformance.catalog import LATEST, VERSIONS, ApiVersion

from ._deviations import DeviationError, load_deviations, unexpected, unused
from ._document import build_document
from ._fuzz import Account, fuzz


class StagingError(ValueError):
    """A usage problem (profile, version, passwords): the message says what to fix."""


def _accounts(profile_path: pathlib.Path) -> tuple[Account, Account | None, dict[str, str], str | None]:
    """User A, the administrator (if the profile has one), the path values the profile knows, its version."""
    import pytest

    from o2g_conformance.plugin.target import Profile, accounts_from_profile

    try:
        profile = Profile.model_validate(yaml.safe_load(profile_path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise StagingError(f"--profile {profile_path}: {exc}") from None
    try:
        users = accounts_from_profile(profile)
        admin = None
        if profile.admin is not None:
            password = os.environ.get(profile.admin.password_env)
            if not password:
                raise StagingError(f"set {profile.admin.password_env} to the administrator password (never logged)")
            admin = Account(profile.admin.login, password)
    except pytest.UsageError as exc:
        raise StagingError(str(exc)) from None
    if not users:
        raise StagingError(f"--profile {profile_path}: lists no user (the run acts as the first one)")
    first = users[0]
    values = {"loginName": first.login}
    if first.devices:
        values["deviceId"] = first.devices[0].number
    return Account(first.login, first.password), admin, values, profile.version


def fuzz_target(
    url: str,
    *,
    profile: pathlib.Path,
    version: str | None = None,
    examples: int = 2,
    seed: int = 20240101,
    verify: bool | str = True,
    path_values: Mapping[str, str] | None = None,
    deviations: pathlib.Path | None = None,
    out: Callable[[str], None] = print,
) -> int:
    """Run the read-only stage against `url`; 0 when every finding is a known deviation, 1 otherwise."""
    user, admin, known, profile_version = _accounts(profile)
    wanted = ApiVersion.parse(version or profile_version or str(LATEST))
    if wanted not in VERSIONS:
        raise StagingError(f"API {wanted} is not documented; one of {', '.join(map(str, VERSIONS))}")
    try:
        expected = load_deviations(deviations)
    except (OSError, DeviationError) as exc:
        raise StagingError(f"known deviations: {exc}") from None
    report = fuzz(
        build_document(wanted),
        url,
        user=user,
        admin=admin,
        examples=examples,
        seed=seed,
        read_only=True,
        path_values={**known, **(path_values or {})},
        verify=verify,
    )
    left = unexpected(report.findings, expected)
    out(f"schemathesis, API {wanted}, read-only against {url}: {report.summary()}")
    for finding in left:
        out(f"  {finding}")
    for deviation in unused(report.findings, expected):
        out(f"  (known deviation not met this run: {deviation.operation} {deviation.check})")
    out(f"{len(left)} finding(s) outside the known deviations")
    return 1 if left else 0
