"""pytest hooks of the O2G conformance plugin (entry point `pytest11: o2g`); hooks only.

Options live in `options.py`, fixtures in `fixtures.py`, tag rules in `markers.py` and `gating.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import pytest

from . import fixtures as _fixtures
from .gating import skip_reason
from .markers import MARKERS, marker_name, split_tag
from .options import add_options, settings
from .runtime import RUNTIME, Runtime, TargetUnavailable

# Public fixtures are defined in fixtures.py; importing them here registers them with the plugin.
from .fixtures import (  # noqa: F401
    admin_session,
    emulator,
    event_collector_factory,
    o2g,
    o2g_client,
    o2g_settings,
    o2g_target,
    o2g_users,
    user_session_factory,
)

del _fixtures


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for name, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{marker_name(name)}: {meaning}")
    config.stash[RUNTIME] = Runtime(settings(config))


def pytest_unconfigure(config: pytest.Config) -> None:
    runtime = config.stash.get(RUNTIME, None)
    if runtime is not None:
        runtime.stop()


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Any:
    """`@op:telephony.calls.hold` -> `pytest.mark.op("telephony.calls.hold")`; `@needs-control:clock` likewise."""
    name, value = split_tag(tag)
    if name not in MARKERS:
        return None  # pytest-bdd's default: strict markers then report the unknown tag
    mark = getattr(pytest.mark, marker_name(name))
    (mark(value) if value is not None else mark)(function)
    return True


def pytest_report_header(config: pytest.Config) -> list[str]:
    runtime = config.stash[RUNTIME]
    s = runtime.settings
    if not _wants_target(config):
        return [f"o2g target: {s.target} (not started: no scenario collected yet)"]
    try:
        target = runtime.target()
    except TargetUnavailable as exc:
        return [f"o2g target: {s.target} UNREACHABLE ({exc})"]
    kind = "bundled emulator" if target.is_emulator else "real O2G"
    return [
        f"o2g target: {target.url} ({kind}), product version {target.product_version}, "
        f"API {target.api_version or 'unknown'}, haMode {target.ha_mode}"
    ]


def _wants_target(config: pytest.Config) -> bool:
    # Starting the emulator costs well under a second; only the header of a pure unit-test run skips it.
    args = [str(a) for a in config.args]
    return any("features" in a for a in args) or not args or config.stash[RUNTIME].started is not None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "o2g" not in getattr(item, "fixturenames", ()):
        return
    runtime = item.config.stash[RUNTIME]
    try:
        target = runtime.target()
    except TargetUnavailable as exc:
        pytest.fail(f"harness error: {exc}", pytrace=False)
    reason = skip_reason(item, target, runtime.settings)
    if reason:
        pytest.skip(reason)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
