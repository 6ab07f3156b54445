"""Preflight: check the target once, before the first scenario, and stop the run on a problem of setup.

A wrong password, a role the profile does not bind, a closed port or a certificate the suite cannot
verify are problems of the run, not of the target's conformance: each becomes one line naming the
account, role or option and what to fix, and the run stops with the could-not-run exit status
(`exitcodes.COULD_NOT_RUN`) before any scenario is filed.

Checks, in order (a later one needs the earlier ones): the target answers its root descriptor (with a
TLS diagnosis: CA, host name, protocol or certificate); the API version is known or declared; the
administrator and every profile account authenticate; every role the selected scenarios use is bound
to an account that exists on the target with the devices the profile declares.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from ..client import O2GClient, O2GError, Session, TargetUnreachable, ssl_verify
from ..featurefiles import scenario_of, values_of
from .target import Account, Target

#: "user A", "users A and B", "users F, G and H", "user A's device" in a step's text.
_ROLES = re.compile(r"\busers? ((?:[A-Z](?![\w-])(?:'s)?(?:,\s*|\s+and\s+|\s+or\s+)?)+)")
_LETTER = re.compile(r"\b[A-Z]\b")


@dataclass(frozen=True)
class Problem:
    """One thing that stops the run: what it is about (account, role, option) and what to do."""

    subject: str
    text: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.text}"


class PreflightFailed(Exception):
    """The run cannot start; `problems` are printed one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def roles_of_steps(texts: Iterable[str]) -> set[str]:
    """The roles (A, B, ...) the step texts name."""
    found: set[str] = set()
    for text in texts:
        for match in _ROLES.finditer(text):
            found.update(_LETTER.findall(match.group(1).replace("'s", "")))
    return found


def step_texts(item: pytest.Item) -> list[str]:
    """The texts of a scenario's steps (background included), outline placeholders filled in."""
    ref = scenario_of(item)
    return ref.steps_for(values_of(item)) if ref is not None else []


def needed_roles(items: Iterable[pytest.Item]) -> dict[str, list[str]]:
    """Role -> node ids of the selected scenarios whose steps use it."""
    out: dict[str, list[str]] = {}
    for item in items:
        for role in sorted(roles_of_steps(step_texts(item))):
            out.setdefault(role, []).append(item.nodeid)
    return out


# -- reachability and TLS ---------------------------------------------------------------------------------


def _tls_on(host: str, port: int, timeout: float) -> bool:
    """Whether something speaks TLS at host:port (a handshake without verification succeeds)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host),
        ):
            return True
    except (OSError, ssl.SSLError):
        return False


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None or seen.__context__ is not None:
        nxt = seen.__cause__ or seen.__context__
        assert nxt is not None
        if isinstance(nxt, ssl.SSLError | OSError):
            return nxt
        seen = nxt
    return exc


def tls_diagnosis(url: str, cause: BaseException, ca_option: str) -> str:
    """Which of CA, host name, protocol or certificate is wrong, and what to do."""
    host = urlsplit(url).hostname or url
    text = str(cause)
    if isinstance(cause, ssl.SSLCertVerificationError):
        reason = cause.verify_message or text
        code = cause.verify_code
        if code == 62 or "hostname" in reason.lower() or "IP address mismatch" in reason:
            return (
                f"TLS host name: the certificate is not valid for {host} ({reason}); use the host name or address "
                "the certificate names in --o2g-target"
            )
        if code in (9, 10) or "expired" in reason or "not yet valid" in reason:
            return f"TLS certificate: {reason}; the target's certificate must be renewed (or its clock fixed)"
        if code in (2, 18, 19, 20, 21) or "issuer" in reason or "self" in reason:
            return (
                f"TLS CA: the certificate of {host} is not signed by a CA the suite trusts ({reason}); give the "
                f"CA that signed it with --o2g-ca-file (now {ca_option})"
            )
        return f"TLS certificate: {reason}; check the certificate of {host} and --o2g-ca-file (now {ca_option})"
    if "WRONG_VERSION_NUMBER" in text or "record layer" in text or "packet length too long" in text:
        return f"TLS protocol: {host} does not speak TLS on this port ({text}); use http:// if the server is plain HTTP"
    return f"TLS protocol: the handshake with {host} failed ({text}); check the port and the TLS versions it accepts"


def reach(target_url: str, verify: bool | str, timeout: float) -> tuple[dict[str, Any] | None, Problem | None]:
    """GET the root descriptor: its JSON, or the one problem that stops the run."""
    subject = f"--o2g-target {target_url}"
    ca_option = verify if isinstance(verify, str) else ("system CAs" if verify else "verification off")
    parts = urlsplit(target_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        answer = httpx.get(target_url + "/api/rest", verify=ssl_verify(verify), timeout=timeout)
    except httpx.TimeoutException:
        return None, Problem(subject, f"no answer within {timeout:g} s (--o2g-timeout): is the host and port right?")
    except httpx.HTTPError as exc:
        cause = _root_cause(exc)
        if isinstance(cause, ssl.SSLError):
            return None, Problem(subject, tls_diagnosis(target_url, cause, ca_option))
        if parts.scheme == "http" and _tls_on(parts.hostname or "", port, timeout):
            return None, Problem(
                subject, f"the server speaks TLS on port {port}: use https://{parts.netloc} (and --o2g-ca-file)"
            )
        if isinstance(cause, ConnectionRefusedError) or "refused" in str(exc).lower():
            return None, Problem(subject, f"connection refused on port {port}: is the O2G running, is the port right?")
        return None, Problem(subject, f"unreachable ({type(exc).__name__}: {exc})")
    if answer.status_code != 200:
        return None, Problem(
            subject,
            f"GET /api/rest answered {answer.status_code}, not the root descriptor: give the server's base URL "
            "(https://host:port, without a path)",
        )
    try:
        body = answer.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return None, Problem(subject, "GET /api/rest did not answer a JSON root descriptor: is this an O2G?")
    return body, None


# -- accounts and roles -----------------------------------------------------------------------------------


def _whose(account: Account) -> str:
    if account.admin:
        return f"administrator {account.login}"
    return f"role {account.role} (profile user {account.login})"


def _password_hint(account: Account) -> str:
    where = f"the variable {account.password_env}" if account.password_env else "the topology"
    return f"check the login and the password in {where}"


def _authenticate(client: O2GClient, account: Account) -> tuple[Session | None, Problem | None]:
    """Authenticate and open a session: the session, or the problem naming the account."""
    try:
        credential = client.authenticate(account.login, account.password)
        return client.open_session(credential, application_name="o2g-conformance preflight"), None
    except O2GError as exc:
        if exc.status in (401, 403):
            refused = f"the target refused its credentials ({exc.status}); {_password_hint(account)}"
            return None, Problem(_whose(account), refused)
        return None, Problem(_whose(account), f"authentication failed ({exc}); {_password_hint(account)}")
    except TargetUnreachable as exc:
        return None, Problem(_whose(account), f"authentication got no answer ({exc})")


def _devices(session: Session, account: Account) -> Problem | None:
    """The account exists on the target with the devices the profile declares."""
    answer = session.call("users.user.get", path={"loginName": account.login})
    if answer.status != 200 or not isinstance(answer.json, dict):
        return Problem(
            _whose(account), f"GET /users/{account.login} answered {answer.status}: no such user on the target"
        )
    have = {str(d.get("id")) for d in answer.json.get("devices") or [] if isinstance(d, dict)}
    missing = [d.number for d in account.devices if d.number not in have]
    if missing:
        return Problem(
            _whose(account),
            f"the profile declares device(s) {', '.join(missing)} but the target lists "
            f"{', '.join(sorted(have)) or 'none'}: fix `devices:` in the profile",
        )
    return None


def unbound_roles(target: Target, roles: Mapping[str, list[str]], profile: str | None) -> list[Problem]:
    """Every role the selected scenarios use is bound to an account."""
    problems: list[Problem] = []
    bound = {a.role for a in target.users}
    for role in sorted(set(roles) - bound):
        users = roles[role]
        where = f"in {profile}" if profile else "(no target profile: give one with --o2g-profile)"
        problems.append(
            Problem(
                f"role {role}",
                f"needed by {len(users)} selected scenario(s) (e.g. {users[0]}) but no user is bound to it {where}: "
                f"add a user with `role: {role}` to the profile, or skip those scenarios with --o2g-unbound-roles skip",
            )
        )
    return problems


def check_accounts(target: Target, roles: Mapping[str, list[str]]) -> list[Problem]:
    """The administrator and every account authenticate; those with a needed role or declared devices exist
    on the target with those devices."""
    problems: list[Problem] = []
    for account in [target.admin, *target.users]:
        client = O2GClient(target.url, secondary=target.secondary, verify=target.verify, timeout=target.timeout)
        try:
            session, problem = _authenticate(client, account)
            if session is not None and not account.admin and (account.role in roles or account.devices):
                problem = _devices(session, account)
            if session is not None:
                session.close(raise_for_error=False)
        except (O2GError, TargetUnreachable) as exc:
            problem = Problem(_whose(account), f"the check of its account failed ({exc})")
        finally:
            client.close()
        if problem is not None:
            problems.append(problem)
    return problems
