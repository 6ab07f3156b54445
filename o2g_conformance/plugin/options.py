"""Command-line options of the plugin, in one group, resolved with precedence CLI > environment > ini.

Every converter raises `pytest.UsageError` naming the option and the accepted form, so a bad value
stops the run before any test with a message a QA engineer can act on.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest

from ..optionspec import Opt, raw_value

T = TypeVar("T")


OPTIONS: tuple[Opt, ...] = (
    Opt(
        "--o2g-target",
        "O2G_TARGET",
        "o2g_target",
        "'emulator' (default: start the bundled emulator) or the O2G base URL, e.g. https://o2g.example:443",
        "emulator",
        "emulator|URL",
    ),
    Opt(
        "--o2g-secondary", "O2G_SECONDARY", "o2g_secondary", "base URL of the secondary O2G of an HA pair", None, "URL"
    ),
    Opt(
        "--o2g-admin-login",
        "O2G_ADMIN_LOGIN",
        "o2g_admin_login",
        "administrator login (default: from the profile, or the emulator topology)",
        None,
        "LOGIN",
    ),
    Opt(
        "--o2g-admin-password-env",
        "O2G_ADMIN_PASSWORD_ENV",
        "o2g_admin_password_env",
        "name of the environment variable holding the administrator password",
        "O2G_ADMIN_PASSWORD",
        "NAME",
    ),
    Opt(
        "--o2g-profile",
        "O2G_PROFILE",
        "o2g_profile",
        "target profile YAML: users and their password variables, licences, version, operator hooks",
        None,
        "FILE",
    ),
    Opt(
        "--o2g-tls-verify",
        "O2G_TLS_VERIFY",
        "o2g_tls_verify",
        "verify the target's TLS certificate: yes or no",
        "yes",
        "yes|no",
    ),
    Opt(
        "--o2g-ca-file",
        "O2G_CA_FILE",
        "o2g_ca_file",
        "PEM file of the CA that signed the target's certificate",
        None,
        "FILE",
    ),
    Opt(
        "--o2g-timeout",
        "O2G_TIMEOUT",
        "o2g_timeout",
        "HTTP timeout in seconds for every request to the target",
        "10",
        "SECONDS",
    ),
    Opt(
        "--o2g-event-timeout",
        "O2G_EVENT_TIMEOUT",
        "o2g_event_timeout",
        "seconds to wait for an expected event (doubled when CI is set)",
        "5",
        "SECONDS",
    ),
    Opt(
        "--o2g-emulator-topology",
        "O2G_EMULATOR_TOPOLOGY",
        "o2g_emulator_topology",
        "topology YAML of the bundled emulator",
        None,
        "FILE",
    ),
    Opt(
        "--o2g-emulator-modifiers",
        "O2G_EMULATOR_MODIFIERS",
        "o2g_emulator_modifiers",
        "YAML list of defect-injecting modifiers for the embedded emulator (proves checks fire)",
        None,
        "FILE",
    ),
    Opt(
        "--o2g-emulator-licences",
        "O2G_EMULATOR_LICENCES",
        "o2g_emulator_licences",
        "licence file YAML of the bundled emulator (fixtures/licences/; default: every licence installed)",
        None,
        "FILE",
    ),
    Opt(
        "--o2g-emulator-tls",
        "O2G_EMULATOR_TLS",
        "o2g_emulator_tls",
        "serve the bundled emulator over HTTPS: yes or no",
        "no",
        "yes|no",
    ),
    Opt(
        "--o2g-allow-destructive",
        "O2G_ALLOW_DESTRUCTIVE",
        "o2g_allow_destructive",
        "run @destructive scenarios on a real target: yes or no",
        "no",
        "yes|no",
    ),
    Opt(
        "--o2g-unbound-roles",
        "O2G_UNBOUND_ROLES",
        "o2g_unbound_roles",
        "a role the selected scenarios use but the profile does not bind: 'stop' the run at the preflight, "
        "or 'skip' those scenarios as not applicable",
        "stop",
        "stop|skip",
    ),
    Opt(
        "--o2g-strict-events",
        "O2G_STRICT_EVENTS",
        "o2g_strict_events",
        "fail a scenario that leaves unexpected events unconsumed: yes or no",
        "yes",
        "yes|no",
    ),
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("o2g", "O2G conformance")
    for opt in OPTIONS:
        default = f" (default: {opt.default})" if opt.default is not None else ""
        group.addoption(
            opt.flag, dest=opt.dest, default=None, metavar=opt.metavar, help=f"{opt.help}{default}; env {opt.env}"
        )
        parser.addini(opt.ini, help=opt.help, default=None)


def _usage(opt: Opt, source: str, value: str, accepted: str) -> pytest.UsageError:
    return pytest.UsageError(f"{opt.flag} ({source}): {value!r} is not valid; expected {accepted}")


def as_bool(opt: Opt, source: str, value: str) -> bool:
    v = value.strip().lower()
    if v in ("yes", "true", "1", "on"):
        return True
    if v in ("no", "false", "0", "off"):
        return False
    raise _usage(opt, source, value, "yes or no")


def as_positive_float(opt: Opt, source: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _usage(opt, source, value, "a number of seconds greater than 0, e.g. 10 or 2.5") from None
    if number <= 0:
        raise _usage(opt, source, value, "a number of seconds greater than 0, e.g. 10 or 2.5")
    return number


def as_url(opt: Opt, source: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _usage(opt, source, value, "an http(s) URL with a host, e.g. https://o2g.example:443")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise _usage(opt, source, value, "an http(s) URL with a valid port (1-65535)") from None
    if parts.username or parts.password:
        raise _usage(
            opt, source, "<URL with credentials>", "a URL without user:password@ (passwords come from the environment)"
        )
    if parts.path not in ("", "/", "/api/rest", "/api/rest/"):
        raise _usage(opt, source, value, "the server base URL without a path (or ending in /api/rest)")
    return f"{parts.scheme}://{parts.netloc}"


def as_target(opt: Opt, source: str, value: str) -> str:
    return "emulator" if value.strip().lower() == "emulator" else as_url(opt, source, value)


def as_file(opt: Opt, source: str, value: str) -> pathlib.Path:
    path = pathlib.Path(value).expanduser()
    if not path.is_file():
        raise _usage(opt, source, value, "the path of an existing file")
    return path


def as_pem_file(opt: Opt, source: str, value: str) -> pathlib.Path:
    """An existing file that loads as PEM CA certificate(s) (a DER or key file is refused at start)."""
    import ssl

    path = as_file(opt, source, value)
    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, ValueError) as exc:
        raise _usage(
            opt, source, value, f"a PEM file of CA certificate(s) (-----BEGIN CERTIFICATE-----); {exc}"
        ) from None
    return path


def as_choice(*choices: str) -> Callable[[Opt, str, str], str]:
    def convert(opt: Opt, source: str, value: str) -> str:
        if value.strip().lower() not in choices:
            raise _usage(opt, source, value, " or ".join(choices))
        return value.strip().lower()

    return convert


def as_name(opt: Opt, source: str, value: str) -> str:
    if not value.replace("_", "").isalnum():
        raise _usage(opt, source, value, "an environment variable name (letters, digits, underscore)")
    return value


def resolve(config: pytest.Config, flag: str, convert: Callable[[Opt, str, str], T]) -> T | None:
    opt = next(o for o in OPTIONS if o.flag == flag)
    value, source = raw_value(config, opt)
    if value is None:
        return None
    return convert(opt, source, value)


@dataclass(frozen=True)
class Settings:
    """The resolved, validated options of a run."""

    target: str
    secondary: str | None
    admin_login: str | None
    admin_password_env: str
    profile: pathlib.Path | None
    verify: bool | str
    timeout: float
    event_timeout: float
    emulator_topology: pathlib.Path | None
    emulator_modifiers: pathlib.Path | None
    emulator_tls: bool
    allow_destructive: bool
    strict_events: bool
    emulator_licences: pathlib.Path | None = None
    unbound_roles: str = "stop"

    @property
    def is_emulator(self) -> bool:
        return self.target == "emulator"


def settings(config: pytest.Config) -> Settings:
    def req(flag: str, conv: Callable[[Opt, str, str], Any]) -> Any:
        value = resolve(config, flag, conv)
        assert value is not None, flag
        return value

    verify: bool | str = req("--o2g-tls-verify", as_bool)
    ca = resolve(config, "--o2g-ca-file", as_pem_file)
    if ca is not None:
        verify = str(ca)
    event_timeout = req("--o2g-event-timeout", as_positive_float)
    if os.environ.get("CI"):
        event_timeout *= 2
    return Settings(
        target=req("--o2g-target", as_target),
        secondary=resolve(config, "--o2g-secondary", as_url),
        admin_login=resolve(config, "--o2g-admin-login", lambda o, s, v: v),
        admin_password_env=req("--o2g-admin-password-env", as_name),
        profile=resolve(config, "--o2g-profile", as_file),
        verify=verify,
        timeout=req("--o2g-timeout", as_positive_float),
        event_timeout=event_timeout,
        emulator_topology=resolve(config, "--o2g-emulator-topology", as_file),
        emulator_modifiers=resolve(config, "--o2g-emulator-modifiers", as_file),
        emulator_tls=req("--o2g-emulator-tls", as_bool),
        allow_destructive=req("--o2g-allow-destructive", as_bool),
        strict_events=req("--o2g-strict-events", as_bool),
        emulator_licences=resolve(config, "--o2g-emulator-licences", as_file),
        unbound_roles=req("--o2g-unbound-roles", as_choice("stop", "skip")),
    )
