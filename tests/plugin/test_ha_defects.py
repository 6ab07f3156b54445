"""The @ha features fail against a deliberately wrong pair, and run (or skip) on a real target by its profile.

Child runs are made independent of the machine's speed: the recovery bound is 600 s (the wrong answers are
found by comparing states, never by a timeout), events are awaited up to 60 s (a wait ends when its event
comes), and the one case about the bound sets it below any possible recovery.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator

import pytest

from o2g_conformance.emulator.core.topology import default_topology_path, load_topology
from o2g_conformance.emulator.ha.server import HaEmulatorServer
from o2g_conformance.emulator.server import EmulatorServer
from o2g_conformance.plugin.exitcodes import COULD_NOT_RUN, NOT_COMPLIANT

ROOT = pathlib.Path(__file__).resolve().parents[2]
CALLS = "test_a_call_state_survives_when_the_pair_switch_with_the_same_callref"
DESCRIBES = "test_the_pair_describes_itself"
SUBSCRIPTION = "test_a_subscription_open_when_the_pair"


def run_ha(
    tmp_path: pathlib.Path,
    *,
    modifiers: str | None = None,
    select: str | None = None,
    bound: float = 600.0,
    extra: list[str] | None = None,
    env: dict[str, str] | None = None,
    profile: str | None = None,
) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "pytest", "features/ha", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    args += ["-o", "console_output_style=classic", "--o2g-event-timeout", "60"]
    path = tmp_path / "profile.yaml"
    path.write_text(profile if profile is not None else f"ha_recovery_seconds: {bound}\n")
    args += ["--o2g-profile", str(path), "--o2g-compliance-dir", str(tmp_path / "compliance")]
    args += ["--alluredir", str(tmp_path / "allure")]
    if select:
        args += ["-k", select]
    if modifiers is not None:
        (tmp_path / "modifiers.yaml").write_text(modifiers + "\n")
        args += ["--o2g-emulator-modifiers", str(tmp_path / "modifiers.yaml")]
    args += extra or []
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False, env={**os.environ, **(env or {})}
    )


def failed(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FAILED")]


@pytest.mark.parametrize(
    ("modifiers", "scenario", "named"),
    [
        pytest.param("- {kind: ha_lose_calls}", CALLS, "survive an O2G switchover", id="secondary-loses-calls"),
        pytest.param("- {kind: ha_renumber_calls}", CALLS, "same callRefs", id="switchover-changes-callrefs"),
        pytest.param(
            "- {kind: set_field, op: root.descriptor.get, path: serverInfo.haMode, value: false}",
            DESCRIBES,
            "haMode",
            id="ha-mode-false-on-a-pair",
        ),
    ],
)
def test_a_wrong_pair_fails_its_scenarios(tmp_path: pathlib.Path, modifiers: str, scenario: str, named: str) -> None:
    result = run_ha(tmp_path, modifiers=modifiers, select=scenario)
    lines = failed(result)
    assert lines and all(scenario in line for line in lines), result.stdout[-3000:]
    assert named in result.stdout
    assert result.returncode == NOT_COMPLIANT


def test_a_recovery_slower_than_the_profiles_bound_fails_the_scenario(tmp_path: pathlib.Path) -> None:
    result = run_ha(tmp_path, select=f"{SUBSCRIPTION} and switches", bound=1e-9)
    assert failed(result), result.stdout[-3000:]
    errors = [line for line in result.stdout.splitlines() if line.startswith("E ")]
    assert any("recovery after a switch within the profile's bound" in line for line in errors), errors
    attachments = [p.read_text() for p in (tmp_path / "allure").glob("*-attachment*")]
    assert any("recovery_seconds" in a and "bound_seconds" in a for a in attachments)


def test_the_ha_features_pass_on_a_right_pair_and_attach_their_measures(tmp_path: pathlib.Path) -> None:
    result = run_ha(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "High availability" in (tmp_path / "compliance" / "compliance-matrix.md").read_text()
    attachments = [p.read_text() for p in (tmp_path / "allure").glob("*-attachment*")]
    assert any("event_gap_seconds" in a for a in attachments)


def _passwords() -> dict[str, str]:
    topology = load_topology(default_topology_path())
    admin = next(a for a in topology.administrators if a.supervisor)
    env = {"O2G_ADMIN_PASSWORD": admin.password}
    for role, user in zip("ABCDEFGHIJ", topology.users(), strict=False):
        env[f"O2G_PASSWORD_{role}"] = user.secretCode
    return env


def _real_profile(secondary: str | None, hooks: dict[str, str]) -> str:
    text = (ROOT / "fixtures" / "profiles" / "emulator.yaml").read_text()
    lines = [line for line in text.splitlines() if not line.startswith(("hooks:", "secondary:"))]
    if secondary:
        lines.append(f"secondary: {secondary}")
    lines.append("hooks: {" + ", ".join(f"{k}: '{v}'" for k, v in hooks.items()) + "}")
    lines.append("ha_recovery_seconds: 600")
    return "\n".join(lines) + "\n"


@pytest.fixture
def single() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        yield server


def test_on_a_real_target_without_secondary_the_ha_features_skip_with_the_reason(
    tmp_path: pathlib.Path, single: EmulatorServer
) -> None:
    result = run_ha(
        tmp_path,
        profile=_real_profile(None, {}),
        extra=["--o2g-target", single.url, "--o2g-admin-login", "admin", "-rs"],
        env=_passwords(),
    )
    # every scenario skipped: nothing was assessed, which is could-not-run, not compliance
    assert result.returncode == COULD_NOT_RUN, result.stdout[-3000:]
    assert "passed" not in result.stdout.splitlines()[-1]
    assert "HA: the target profile gives no secondary server" in result.stdout


def test_on_a_real_target_the_operator_hooks_switch_the_pair(tmp_path: pathlib.Path) -> None:
    """A pair seen as a real target: the profile gives the secondary and hooks that are shell commands."""
    with HaEmulatorServer() as pair:
        hook = tmp_path / "hook.py"
        hook.write_text(
            "import sys, httpx\n"
            "r = httpx.post(sys.argv[1] + '/__emulator__/ha/' + sys.argv[2], json={})\n"
            "r.raise_for_status()\n"
        )
        command = f"{sys.executable} {hook} {pair.control_url}"
        hooks = {"ha-switchover": f"{command} switchover", "ha-failback": f"{command} failback"}
        result = run_ha(
            tmp_path,
            profile=_real_profile(pair.url("secondary"), hooks),
            select=f"{DESCRIBES} or ({SUBSCRIPTION} and switches)",
            extra=["--o2g-target", pair.url("primary"), "--o2g-admin-login", "admin"],
            env=_passwords(),
        )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" in result.stdout.splitlines()[-1]
