"""The shipped target profiles bind every role the features use, and the foreign profile declares no licences."""

from __future__ import annotations

import pathlib
import re

import pytest

from o2g_conformance.plugin.target import ROLES, load_profile

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROFILES = [ROOT / "fixtures" / "profiles" / "example.yaml", ROOT / "fixtures" / "profiles" / "emulator.yaml"]
FOREIGN = ROOT / "fixtures" / "foreign" / "profile.yaml"
#: `user A`, `users B and C`, `users A, B and C`, `of A>` (table placeholders)
_MENTIONS = re.compile(r"\busers? ((?:[A-Z](?:, | and ))*[A-Z])\b|<\w+ of ([A-Z])>")


def roles_used(features: pathlib.Path) -> set[str]:
    used: set[str] = set()
    for path in features.rglob("*.feature"):
        for listed, placeholder in _MENTIONS.findall(path.read_text(encoding="utf-8")):
            used.update(re.findall(r"[A-Z]", listed or placeholder))
    return used


def bound_roles(path: pathlib.Path) -> set[str]:
    profile = load_profile(path)
    return {u.role or ROLES[i] for i, u in enumerate(profile.users)}


def test_the_features_use_roles_a_to_j() -> None:
    assert roles_used(ROOT / "features") == set("ABCDEFGHIJ")


@pytest.mark.parametrize("path", [*PROFILES, FOREIGN], ids=lambda p: p.name)
def test_a_shipped_profile_binds_every_role_the_features_use(path: pathlib.Path) -> None:
    missing = roles_used(ROOT / "features") - bound_roles(path)
    assert not missing, f"{path.name} leaves roles {sorted(missing)} unbound"


def test_a_profile_missing_a_role_is_caught(tmp_path: pathlib.Path) -> None:
    short = tmp_path / "short.yaml"
    short.write_text("users:\n  - {login: oxe1, password_env: X}\n  - {login: oxe2, password_env: Y}\n")
    assert roles_used(ROOT / "features") - bound_roles(short) == set("CDEFGHIJ")


def test_the_foreign_profile_leaves_licences_and_version_to_the_target() -> None:
    profile = load_profile(FOREIGN)
    assert profile.licences is None and profile.version is None
