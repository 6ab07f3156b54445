"""Whether a scenario applies to the target: API version, licences, emulator powers, destructive opt-in.

Each rule returns the skip reason a QA lead reads in the report, prefixed by its outcome category
("not applicable", "not licensed on target", "needs emulator power", "destructive").
"""

from __future__ import annotations

import pytest

from ..catalog import ApiVersion, load_catalog
from .options import Settings
from .target import Target


def _values(item: pytest.Item, name: str) -> list[str]:
    return [str(m.args[0]) for m in item.iter_markers(name) if m.args]


def skip_reason(item: pytest.Item, target: Target, settings: Settings) -> str | None:
    version = target.api_version
    catalog = load_catalog()
    if version is not None:
        for since in _values(item, "since"):
            if ApiVersion.parse(since) > version:
                return f"not applicable: needs API {since}, target is {version}"
        for op_id in _values(item, "op"):
            if catalog.has_operation(op_id):
                op = catalog.operation(op_id)
                # The history lists Authentication as "added" in 2.7.4 (L133, L613), yet every session of
                # every version starts with it (L190-263): its `since` dates the text, not the feature.
                if op.since and ApiVersion.parse(op.since) > version and op.section != "Authentication":
                    return f"not applicable: {op_id} exists since API {op.since}, target is {version}"
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
