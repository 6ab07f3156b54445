"""The plugin's options: precedence CLI > environment > ini, and usage errors naming option and form."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

PROBE = """
def test_probe(o2g_settings):
    print("TARGET=" + o2g_settings.target)
    print("TIMEOUT=" + str(o2g_settings.timeout))
"""


@pytest.fixture
def probe(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_probe=PROBE)
    return pytester


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider", *args)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--o2g-target", "ftp://x"], "--o2g-target (--o2g-target): 'ftp://x' is not valid; expected an http(s) URL"),
        (["--o2g-target", "https://host:99999"], "expected an http(s) URL with a valid port"),
        (["--o2g-target", "https://host/some/path"], "expected the server base URL without a path"),
        (["--o2g-target", "https://admin:secret@host:443"], "expected a URL without user:password@"),
        (["--o2g-timeout", "soon"], "--o2g-timeout (--o2g-timeout): 'soon' is not valid; expected a number of seconds"),
        (["--o2g-timeout", "-1"], "expected a number of seconds greater than 0"),
        (
            ["--o2g-tls-verify", "maybe"],
            "--o2g-tls-verify (--o2g-tls-verify): 'maybe' is not valid; expected yes or no",
        ),
        (["--o2g-ca-file", "/nonexistent/ca.pem"], "expected the path of an existing file"),
        (["--o2g-admin-password-env", "NOT-A NAME"], "expected an environment variable name"),
    ],
)
def test_bad_values_stop_the_run_naming_the_option(probe: pytest.Pytester, args: list[str], expected: str) -> None:
    result = _run(probe, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{expected}*"])


def test_environment_value_is_validated_and_named(probe: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("O2G_TIMEOUT", "later")
    result = _run(probe)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--o2g-timeout (environment variable O2G_TIMEOUT): 'later' is not valid*"])


def test_precedence_cli_over_environment_over_ini(probe: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    probe.makeini("[pytest]\no2g_timeout = 3\n")
    result = _run(probe)
    result.stdout.fnmatch_lines(["TIMEOUT=3.0"])
    monkeypatch.setenv("O2G_TIMEOUT", "4")
    result = _run(probe)
    result.stdout.fnmatch_lines(["TIMEOUT=4.0"])
    result = _run(probe, "--o2g-timeout", "5")
    result.stdout.fnmatch_lines(["TIMEOUT=5.0"])


def test_target_defaults_to_the_emulator(probe: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(probe)
    result.stdout.fnmatch_lines(["*TARGET=emulator"])
    monkeypatch.setenv("O2G_ADMIN_PASSWORD", "secret")
    result = _run(probe, "--o2g-target", "https://o2g.example:8443/api/rest", "--o2g-admin-login", "admin")
    result.stdout.fnmatch_lines(["*TARGET=https://o2g.example:8443"])


def test_real_target_needs_login_and_password(probe: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("O2G_ADMIN_PASSWORD", raising=False)
    result = _run(probe, "--o2g-target", "https://o2g.example")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--o2g-admin-login: required for a real target*"])
    result = _run(probe, "--o2g-target", "https://o2g.example", "--o2g-admin-login", "admin")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*set the environment variable O2G_ADMIN_PASSWORD to the administrator password*"])


def test_unreachable_target_stops_the_run_before_any_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        test_op="""
import pytest

@pytest.mark.op("sessions.session.get")
def test_scenario(o2g):
    pass
"""
    )
    monkeypatch.setenv("O2G_TEST_ADMIN_PW", "x")
    result = _run(
        pytester,
        "--o2g-target",
        "http://127.0.0.1:9",
        "--o2g-admin-login",
        "admin",
        "--o2g-timeout",
        "1",
        "--o2g-admin-password-env",
        "O2G_TEST_ADMIN_PW",
    )
    # The preflight finds it before the first test: one line, the could-not-run status, nothing filed.
    result.stdout.fnmatch_lines(["o2g preflight: --o2g-target http://127.0.0.1:9: connection refused on port 9*"])
    assert result.ret == 5
    outcomes = result.parseoutcomes()
    assert "errors" not in outcomes and "failed" not in outcomes and "passed" not in outcomes


def test_fixtures_are_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--fixtures", "-p", "no:cacheprovider")
    for name in (
        "o2g_target",
        "emulator",
        "admin_session",
        "user_session_factory",
        "o2g_users",
        "event_collector_factory",
    ):
        result.stdout.fnmatch_lines([f"{name}*", "    *"])


def test_markers_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["@pytest.mark.op: op:<operation-id>*", "@pytest.mark.needs_control: *"])
