"""Run schemathesis over the generated document against an O2G (the emulator or a staging server).

Bounded and repeatable: a fixed number of examples per operation, a fixed seed, no shrinking (a
failing example is recorded, not minimised). Each case is sent with the credential of a session that
the auth provider opens itself (Basic on authenticate, then POST /sessions, L190-263). Three checks
judge every answer: no server error, a documented status code, a body that matches the documented
schema. Findings are matched against the known deviations (`_deviations`).

schemathesis and hypothesis are development dependencies: they are imported when a run starts.
"""

from __future__ import annotations

import base64
import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._document import BASIC, COOKIE

#: The schemathesis checks the run applies, by name.
CHECK_NAMES = ("not_a_server_error", "status_code_conformance", "response_schema_conformance")
APPLICATION = "o2g-conformance-openapi"


@dataclass(frozen=True)
class Account:
    """A login and its password (never logged: `__repr__` hides the password)."""

    login: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Finding:
    """One check that failed on one answer of an operation."""

    op_id: str
    check: str
    status: int | None
    message: str
    request: str = ""

    def __str__(self) -> str:
        first = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return f"{self.op_id} [{self.check}] HTTP {self.status}: {first} ({self.request})"


@dataclass
class FuzzReport:
    """What a run did and found."""

    operations: int = 0
    examples: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    succeeded: set[str] = field(default_factory=set)
    answers: dict[str, list[int]] = field(default_factory=dict)  # statuses per operation id
    unsatisfiable: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        return (
            f"{self.operations} operations ({len(self.succeeded)} answered 2xx), {self.examples} examples "
            f"in {self.seconds:.1f} s; "
            f"statuses {codes}; {len(self.findings)} finding(s)"
        )


class SessionOpener:
    """Authenticate and open a session for an account; the credential is the AlcUserId cookie value."""

    def __init__(self, base_url: str, *, verify: bool | str, timeout: float) -> None:
        import requests

        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.verify = verify
        self.timeout = timeout
        self._credentials: dict[str, str] = {}
        self.opened: list[str] = []

    def credential(self, account: Account) -> str:
        """The cached credential of `account`, opening a session on first use."""
        if account.login not in self._credentials:
            self._credentials[account.login] = self._open(account)
        return self._credentials[account.login]

    def _open(self, account: Account) -> str:
        r = self.http.get(
            f"{self.base_url}/api/rest/authenticate",
            params={"version": "1.0"},
            auth=(account.login, account.password),
            timeout=self.timeout,
        )
        if r.status_code != 200:
            raise RuntimeError(f"authenticate as {account.login} answered {r.status_code}")
        credential = r.cookies.get(COOKIE) or r.json().get("credential")
        if not credential:
            raise RuntimeError(f"authenticate as {account.login} gave no {COOKIE} credential")
        opened = self.http.post(
            f"{self.base_url}/api/rest/1.0/sessions",
            json={"applicationName": APPLICATION},
            cookies={COOKIE: credential},
            timeout=self.timeout,
        )
        if opened.status_code != 200:
            raise RuntimeError(f"opening a session as {account.login} answered {opened.status_code}")
        self.opened.append(credential)
        return str(credential)

    def forget(self) -> None:
        """Drop the cached credentials (after the emulator was reset, they are gone)."""
        self._credentials.clear()
        self.opened.clear()

    def close(self) -> None:
        """Close the sessions this run opened (DELETE /sessions), politely, on a real server."""
        for credential in self.opened:
            with contextlib.suppress(OSError):
                self.http.delete(
                    f"{self.base_url}/api/rest/1.0/sessions", cookies={COOKIE: credential}, timeout=self.timeout
                )
        self.forget()
        self.http.close()


def _basic(account: Account) -> str:
    token = base64.b64encode(f"{account.login}:{account.password}".encode()).decode("ascii")
    return f"Basic {token}"


def _provider_class(opener: SessionOpener, user: Account, admin: Account | None) -> type:
    """An auth provider: Basic on authenticate, the session cookie of the user (or administrator) elsewhere."""

    class O2GSession:
        def get(self, case: Any, context: Any) -> tuple[str, str] | None:
            raw = case.operation.definition.raw
            security = raw.get("security")
            if security == []:
                return None
            if security and BASIC in security[0]:
                return ("basic", _basic(user))
            account = admin if admin is not None and raw.get("x-admin-only") else user
            return ("cookie", opener.credential(account))

        def set(self, case: Any, data: tuple[str, str], context: Any) -> None:
            kind, value = data
            if kind == "basic":
                case.headers = {**(case.headers or {}), "Authorization": value}
            else:
                case.cookies = {**(case.cookies or {}), COOKIE: value}

    return O2GSession


def _failures(exc: BaseException) -> list[BaseException]:
    inner = getattr(exc, "exceptions", None)
    if isinstance(inner, tuple | list) and inner:
        return [f for e in inner for f in _failures(e)]
    return [exc]


def fuzz(
    document: Mapping[str, Any],
    base_url: str,
    *,
    user: Account,
    admin: Account | None = None,
    examples: int = 2,
    seed: int = 20240101,
    read_only: bool = False,
    include: Callable[[str], bool] | None = None,
    path_values: Mapping[str, str] | None = None,
    reset: Callable[[], None] | None = None,
    verify: bool | str = True,
    timeout: float = 10.0,
) -> FuzzReport:
    """Send `examples` schema-valid cases per operation (GET only when `read_only`) and judge each answer.

    `path_values` fixes path parameters whose value the target profile knows (loginName, deviceId,
    nodeId...) so that cases reach existing resources; the others are generated. `reset` (the
    emulator's control API) runs before each operation so that every operation starts from the
    topology; the auth provider then opens fresh sessions.
    """
    import hypothesis
    import requests
    import schemathesis
    from schemathesis.auths import AuthStorage
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    checks = {
        "not_a_server_error": not_a_server_error,
        "status_code_conformance": status_code_conformance,
        "response_schema_conformance": response_schema_conformance,
    }
    started = time.monotonic()
    schema = schemathesis.openapi.from_dict(dict(document))
    opener = SessionOpener(base_url, verify=verify, timeout=timeout)
    storage: AuthStorage[Any] = AuthStorage()
    storage.auth(refresh_interval=None)(_provider_class(opener, user, admin))
    http = requests.Session()
    http.verify = verify
    report = FuzzReport()
    settings = hypothesis.settings(
        max_examples=examples,
        derandomize=False,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
        print_blob=False,
    )
    try:
        for result in schema.get_all_operations():
            if not isinstance(result, Ok):
                raise ValueError(f"the document has an operation schemathesis cannot read: {result.err()}")
            operation = result.ok()
            op_id = str(operation.definition.raw.get("operationId"))
            if read_only and operation.method.upper() != "GET":
                continue
            if include is not None and not include(op_id):
                continue
            if reset is not None:
                reset()
                opener.forget()
            report.operations += 1
            fixed = {p.name: v for p in operation.path_parameters if (v := (path_values or {}).get(p.name))}
            strategy = operation.as_strategy(auth_storage=storage, path_parameters=fixed or None)
            _run_operation(strategy, op_id, http, base_url, timeout, checks, settings, seed, report)
    finally:
        opener.close()
        http.close()
    report.seconds = time.monotonic() - started
    return report


def _run_operation(
    strategy: Any,
    op_id: str,
    http: Any,
    base_url: str,
    timeout: float,
    checks: Mapping[str, Any],
    settings: Any,
    seed: int,
    report: FuzzReport,
) -> None:
    import hypothesis
    from hypothesis.errors import Unsatisfiable

    def run(case: Any) -> None:
        report.examples += 1
        try:
            response = case.call(base_url=base_url, session=http, timeout=timeout)
        except Exception as exc:  # a transport failure is a finding, never a crash of the run
            report.findings.append(Finding(op_id, "transport", None, f"{type(exc).__name__}: {exc}"))
            return
        report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
        report.answers.setdefault(op_id, []).append(response.status_code)
        if response.status_code < 300:
            report.succeeded.add(op_id)
        request = f"{case.method} {case.formatted_path}"
        for name, check in checks.items():
            try:
                case.validate_response(response, checks=[check])
            except (Exception, BaseExceptionGroup) as exc:  # Failure(Group): recorded, not raised (no shrinking)
                for failure in _failures(exc):
                    title = getattr(failure, "title", "")
                    message = f"{title}: {getattr(failure, 'message', None) or failure}".strip(": ")
                    report.findings.append(Finding(op_id, name, response.status_code, str(message), request))

    # Seeded, bounded, generation only (no shrinking: failures are recorded, never raised).
    try:
        hypothesis.seed(seed)(settings(hypothesis.given(case=strategy)(run)))()
    except Unsatisfiable:
        report.unsatisfiable.append(op_id)  # schemathesis could build no case from the schema
