"""Preflight: a problem of setup stops the run before any scenario, with one line naming what to fix.

Child pytest runs aim the real features at an emulator served on an ephemeral port (as a real target:
profile, CA file, passwords from the environment). Nothing here measures time: a run that did not stop
at the preflight would show scenario outcomes, which every case asserts are absent.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import pathlib
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
import trustme
import yaml

from o2g_conformance.emulator.server import EmulatorServer
from o2g_conformance.plugin import exitcodes
from o2g_conformance.plugin.preflight import reach, roles_of_steps

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROFILE = ROOT / "fixtures" / "profiles" / "emulator.yaml"
PASSWORDS = {
    "O2G_ADMIN_PASSWORD": "Adm1n-Pass",
    **{f"O2G_PASSWORD_{role}": f"12{i}1" for i, role in enumerate("ABCDEFGHIJ")},
}


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    emulator = EmulatorServer(tls=True).start()
    yield emulator
    emulator.stop()


def ca_of(server: EmulatorServer) -> str:
    assert server.tls_files is not None and server.tls_files.ca is not None
    return str(server.tls_files.ca)


def run(
    tmp_path: pathlib.Path,
    *args: str,
    env: dict[str, str] | None = None,
    features: str = "features/sessions",
) -> subprocess.CompletedProcess[str]:
    """A child run of real features (from the project root) with the preflight's inputs."""
    command = [sys.executable, "-m", "pytest", features, "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    command += ["--alluredir", str(tmp_path / "results"), "--o2g-compliance-dir", str(tmp_path / "compliance")]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("O2G_")} | PASSWORDS | (env or {})
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600, check=False
    )


def real(server: EmulatorServer, profile: pathlib.Path = PROFILE, url: str | None = None) -> list[str]:
    return ["--o2g-target", url or server.url, "--o2g-ca-file", ca_of(server), "--o2g-profile", str(profile)]


def assert_stopped(proc: subprocess.CompletedProcess[str], *expected: str) -> list[str]:
    """Stopped by the preflight: the could-not-run status, the problem lines, no scenario outcome."""
    out = proc.stdout + proc.stderr
    assert proc.returncode == exitcodes.COULD_NOT_RUN, out[-3000:]
    lines = [line for line in out.splitlines() if line.startswith("o2g preflight: ")]
    for text in expected:
        assert any(text in line for line in lines), out[-3000:]
    assert "no tests ran" in out and " passed" not in out and "FAILED" not in out, out[-3000:]
    assert "Non-conformance" not in out
    return lines


def test_a_wrong_administrator_password_stops_the_run(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    proc = run(tmp_path, *real(server), env={"O2G_ADMIN_PASSWORD": "not-the-password"})
    lines = assert_stopped(proc, "administrator admin: the target refused its credentials", "O2G_ADMIN_PASSWORD")
    assert len(lines) == 1
    assert "not-the-password" not in proc.stdout + proc.stderr


def test_with_xdist_the_workers_problems_are_reported_once(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    proc = run(tmp_path, *real(server), "-n", "2", env={"O2G_ADMIN_PASSWORD": "not-the-password"})
    lines = assert_stopped(proc, "administrator admin: the target refused its credentials")
    assert len(lines) == 1 and "INTERNALERROR" not in proc.stdout + proc.stderr


def test_a_wrong_user_password_names_the_role_and_its_variable(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    proc = run(tmp_path, *real(server), env={"O2G_PASSWORD_B": "0000"})
    assert_stopped(proc, "role B (profile user oxe70121): the target refused its credentials", "O2G_PASSWORD_B")


def test_a_role_the_profile_does_not_bind_stops_the_run(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    profile["users"] = profile["users"][:1]  # only role A
    path = tmp_path / "one-user.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    proc = run(tmp_path, *real(server, path), features="features/sessions")
    lines = assert_stopped(proc, "role B: needed by", "add a user with `role: B`")
    assert not any(line.startswith("o2g preflight: role A") for line in lines)


def test_unbound_roles_can_skip_their_scenarios_instead(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    profile["users"] = profile["users"][:1]  # only role A
    path = tmp_path / "one-user.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    proc = run(tmp_path, *real(server, path), "--o2g-unbound-roles", "skip", "-rs", features="features/sessions")
    out = proc.stdout + proc.stderr
    assert proc.returncode == exitcodes.COMPLIANT, out[-3000:]
    assert "o2g preflight" not in out and " passed" in out
    assert "not applicable: the target profile binds no user to role B" in out


def test_a_user_that_does_not_exist_or_lacks_a_device_stops_the_run(
    server: EmulatorServer, tmp_path: pathlib.Path
) -> None:
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    profile["users"][1]["devices"] = [{"number": "79999", "type": "ALE"}]
    path = tmp_path / "wrong-device.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    proc = run(tmp_path, *real(server, path))
    assert_stopped(proc, "role B (profile user oxe70121): the profile declares device(s) 79999")


def test_a_closed_port_stops_the_run_with_one_line(tmp_path: pathlib.Path, server: EmulatorServer) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = run(tmp_path, *real(server, url=f"https://127.0.0.1:{port}"))
    lines = assert_stopped(proc, f"--o2g-target https://127.0.0.1:{port}: connection refused")
    assert len(lines) == 1 and (proc.stdout + proc.stderr).count("refused") == 1  # said once, not per scenario


def test_http_to_a_tls_server_suggests_https(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    plain = server.url.replace("https://", "http://")
    proc = run(tmp_path, *real(server, url=plain))
    assert_stopped(proc, f"use {server.url}")


def test_a_certificate_from_another_ca_is_diagnosed_as_the_ca(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    args = ["--o2g-target", server.url, "--o2g-ca-file", str(other), "--o2g-profile", str(PROFILE)]
    assert_stopped(run(tmp_path, *args), "TLS CA: the certificate of 127.0.0.1 is not signed", "--o2g-ca-file")


def _tls_problem(tmp_path: pathlib.Path, leaf: trustme.LeafCert, ca: trustme.CA) -> str:
    """reach() against a one-shot TLS server presenting `leaf`, trusting `ca`: the problem it reports."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve_one() -> None:
        conn, _ = listener.accept()
        with contextlib.suppress(OSError, ssl.SSLError):
            context.wrap_socket(conn, server_side=True).close()
        conn.close()

    thread = threading.Thread(target=serve_one, daemon=True)
    thread.start()
    try:
        body, problem = reach(f"https://127.0.0.1:{port}", str(ca_file), 10)
    finally:
        thread.join(10)
        listener.close()
    assert body is None and problem is not None
    prefix = f"--o2g-target https://127.0.0.1:{port}: "
    assert str(problem).startswith(prefix)
    return str(problem)[len(prefix) :]


def test_a_certificate_for_another_host_is_diagnosed_as_the_host_name(tmp_path: pathlib.Path) -> None:
    ca = trustme.CA()
    problem = _tls_problem(tmp_path, ca.issue_cert("other.example"), ca)
    assert problem.startswith("TLS host name: the certificate is not valid for 127.0.0.1")


def test_an_expired_certificate_is_diagnosed_as_the_certificate(tmp_path: pathlib.Path) -> None:
    ca = trustme.CA()
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    leaf = ca.issue_cert("127.0.0.1", not_before=past - datetime.timedelta(days=30), not_after=past)
    assert _tls_problem(tmp_path, leaf, ca).startswith("TLS certificate: certificate has expired")


def test_https_to_a_plain_http_server_is_diagnosed_as_the_protocol() -> None:
    plain = EmulatorServer().start()
    try:
        _, problem = reach(plain.url.replace("http://", "https://"), True, 10)
    finally:
        plain.stop()
    assert problem is not None and "TLS protocol: 127.0.0.1 does not speak TLS on this port" in str(problem)
    assert "use http://" in str(problem)


def test_a_ca_file_that_is_not_pem_is_a_usage_error(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "ca.der"
    bad.write_bytes(b"\x30\x82\x01\x0a not a PEM file")
    args = ["--o2g-target", server.url, "--o2g-ca-file", str(bad), "--o2g-profile", str(PROFILE)]
    proc = run(tmp_path, *args)
    assert proc.returncode == exitcodes.USAGE_ERROR, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "--o2g-ca-file" in proc.stderr and "PEM" in proc.stderr


def test_an_unknown_api_version_stops_the_run_unless_declared(tmp_path: pathlib.Path) -> None:
    emulator = EmulatorServer(tls=True).start()
    try:
        import httpx

        drop = {"kind": "drop_field", "op": "root.descriptor.get", "path": "serverInfo"}
        context = ssl.create_default_context(cafile=ca_of(emulator))
        httpx.post(emulator.url + "/__emulator__/modifiers", json=drop, verify=context).raise_for_status()
        proc = run(tmp_path, *real(emulator), features="features/root")
        assert_stopped(proc, "API version unknown: the root descriptor", "version:")
        profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8")) | {"version": "2.7.4"}
        declared = tmp_path / "declared.yaml"
        declared.write_text(yaml.safe_dump(profile), encoding="utf-8")
        proc = run(tmp_path, *real(emulator, declared), features="features/root")
        assert "o2g preflight" not in proc.stdout and " passed" in proc.stdout, proc.stdout[-3000:]
    finally:
        emulator.stop()


def test_a_run_that_could_not_start_removes_the_previous_reports(
    server: EmulatorServer, tmp_path: pathlib.Path
) -> None:
    results, compliance = tmp_path / "results", tmp_path / "compliance"
    results.mkdir()
    compliance.mkdir()
    old = [results / "0-result.json", results / "o2g-records-old.json", compliance / "compliance-matrix.json"]
    for path in old:
        path.write_text("{}", encoding="utf-8")
    proc = run(tmp_path, *real(server), env={"O2G_ADMIN_PASSWORD": "Zq9-not-it"})
    assert_stopped(proc, "administrator admin")
    assert not any(path.exists() for path in old)
    note = (compliance / "could-not-run.txt").read_text(encoding="utf-8")
    assert "administrator admin" in note and "Zq9-not-it" not in note


def test_a_correct_setup_passes_the_preflight_and_runs(server: EmulatorServer, tmp_path: pathlib.Path) -> None:
    proc = run(tmp_path, *real(server), features="features/root")
    assert proc.returncode == exitcodes.COMPLIANT, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "o2g preflight" not in proc.stdout and " passed" in proc.stdout


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("user A has an open session", {"A"}),
        ("users A and B are in a call", {"A", "B"}),
        ("users F, G and H are logged on", {"F", "G", "H"}),
        ("user A calls user B's device", {"A", "B"}),
        ('the answer lists "A" but no user', set()),
        ("user Alice is not a role", set()),
    ],
)
def test_roles_are_read_from_the_step_texts(text: str, roles: set[str]) -> None:
    assert roles_of_steps([text]) == roles
