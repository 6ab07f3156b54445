"""Whether a scenario applies to the target: API version, licences, emulator powers, destructive opt-in."""

from __future__ import annotations

import pytest

from ..catalog import ApiVersion, VersionNeed, load_catalog
from .options import Settings
from .target import Target


def _values(item: pytest.Item, name: str) -> list[str]:
    return [str(m.args[0]) for m in item.iter_markers(name) if m.args]


def version_needs(item: pytest.Item) -> tuple[VersionNeed, ...]:
    """What the scenario needs of the API version: @since tags, then @op and @event ids (catalog `since`)."""
    return load_catalog().version_needs(
        ops=_values(item, "op"), events=_values(item, "event"), since_tags=_values(item, "since")
    )


def scenario_since(item: pytest.Item) -> ApiVersion:
    """The oldest API version the scenario applies to."""
    return load_catalog().scenario_since(
        ops=_values(item, "op"), events=_values(item, "event"), since_tags=_values(item, "since")
    )


def skip_reason(item: pytest.Item, target: Target, settings: Settings) -> str | None:
    """The reason a QA lead reads in the report, prefixed by its outcome category ("not applicable",
    "not licensed on target", "needs emulator power", "destructive"): reporting categories match them."""
    version = target.api_version
    if version is not None:
        for need in version_needs(item):
            if need.version > version:
                return f"not applicable: {need.what}, target is {version}"
    if target.licences is not None:
        for licence in _values(item, "licence"):
            if licence not in target.licences:
                return f"not licensed on target: {licence}"
    for power in _values(item, "needs_control"):
        if power not in target.powers:
            return f"needs emulator power '{power}': not available on a real target without an operator hook"
    if not target.is_emulator and not settings.allow_destructive and any(item.iter_markers("destructive")):
        return "destructive: changes PBX configuration; enable with --o2g-allow-destructive yes"
    return None
