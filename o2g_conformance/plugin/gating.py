"""Whether a scenario applies to the target: API version, licences, emulator powers, destructive opt-in.

Licences: a scenario needs the licence of every operation it tags (`@op`), in the catalog's wording for the
target's licence mode (CAPEX FlexLM names, or OPEX LMS names; L7-31), plus its explicit `@licence:` tags.
Only presence is checked (a count cannot be judged before the scenario runs). The target's licences are
the profile's (`licences:`), the emulator's licence file, or, when the profile declares none, what the
target itself answers to `GET /system/licenses?lic=NAME` (204 present, 403 absent; L8772-8809) for every
licence the catalog names, asked once per run with an administrator session.
"""

from __future__ import annotations

import functools
import logging

import pytest

from ..catalog import ApiVersion, VersionNeed, load_catalog
from ..client import O2GClient, O2GError, TargetUnreachable
from ..emulator.core.licence_file import Mode, Requirement, parse_requirement
from .options import Settings
from .target import Target

log = logging.getLogger("o2g_conformance.plugin")
#: The operation that tells whether a licence is installed (L8772-8809).
LICENCE_CHECK = "system.licenses.check"
#: Targets already asked for their licences (a run has one target; ids stay valid while it lives).
_ASKED: set[int] = set()


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


@functools.cache
def catalog_licences() -> dict[Mode, frozenset[str]]:
    """Every licence name the catalog's operations require, per mode."""
    out: dict[Mode, set[str]] = {"CAPEX": set(), "OPEX": set()}
    for op in load_catalog().operations():
        out["CAPEX"].update(parse_requirement(op.licences.capex).names)
        out["OPEX"].update(parse_requirement(op.licences.opex).names)
    return {mode: frozenset(names) for mode, names in out.items()}


def licence_mode(installed: frozenset[str]) -> Mode:
    """OPEX when the installed licences are LMS names only, else CAPEX (FlexLM names, the reference's default)."""
    known = catalog_licences()
    if installed & known["OPEX"] and not installed & known["CAPEX"]:
        return "OPEX"
    return "CAPEX"


def licence_needs(item: pytest.Item, mode: Mode) -> list[Requirement]:
    """The licence requirement of each operation the scenario tags, in `mode` (free ones left out)."""
    catalog = load_catalog()
    out = []
    for op_id in _values(item, "op"):
        if not catalog.has_operation(op_id):
            continue
        licences = catalog.operation(op_id).licences
        need = parse_requirement(licences.capex if mode == "CAPEX" else licences.opex)
        if need.kind != "free" and need not in out:
            out.append(need)
    return out


def missing_licence(item: pytest.Item, installed: frozenset[str]) -> str | None:
    """The first licence the scenario needs that the target lacks ("A or B" for alternatives), else None."""
    for licence in _values(item, "licence"):
        if licence not in installed:
            return licence
    for need in licence_needs(item, licence_mode(installed)):
        if not any(name in installed for name in need.names):
            return " or ".join(need.names)
    return None


def target_licences(target: Target) -> frozenset[str] | None:
    """Ask the target which of the catalog's licences it has (GET /system/licenses, admin session).

    None when it cannot tell (no session, or an answer other than 204/403): the scenarios then run ungated.
    """
    names = sorted(catalog_licences()["CAPEX"] | catalog_licences()["OPEX"])
    client = O2GClient(target.url, verify=target.verify, timeout=target.timeout)
    try:
        session = client.login(target.admin.login, target.admin.password, application_name="o2g-conformance-licences")
        try:
            found = set()
            for name in names:
                answer = session.call(LICENCE_CHECK, query={"lic": name})
                if answer.status == 204:
                    found.add(name)
                elif answer.status != 403:
                    log.warning("GET /system/licenses?lic=%s answered %s: licences not gated", name, answer.status)
                    return None
            return frozenset(found)
        finally:
            session.close(raise_for_error=False)
    except (O2GError, TargetUnreachable) as exc:
        log.warning("cannot read the target's licences (%s): licences not gated", exc)
        return None
    finally:
        client.close()


def known_licences(target: Target) -> frozenset[str] | None:
    """The target's licences: declared (profile, emulator licence file), else read from it once per run."""
    if target.licences is None and not target.is_emulator and id(target) not in _ASKED:
        _ASKED.add(id(target))
        target.licences = target_licences(target)
    return target.licences


def skip_reason(item: pytest.Item, target: Target, settings: Settings) -> str | None:
    """The reason a QA lead reads in the report, prefixed by its outcome category ("not applicable",
    "not licensed on target", "needs emulator power", "destructive"): reporting categories match them."""
    version = target.api_version
    if version is not None:
        for need in version_needs(item):
            if need.version > version:
                return f"not applicable: {need.what}, target is {version}"
    installed = known_licences(target)
    if installed is not None:
        missing = missing_licence(item, installed)
        if missing is not None:
            return f"not licensed on target: {missing}"
    for power in _values(item, "needs_control"):
        if power not in target.powers:
            return f"needs emulator power '{power}': not available on a real target without an operator hook"
    if not target.is_emulator and not settings.allow_destructive and any(item.iter_markers("destructive")):
        return "destructive: changes PBX configuration; enable with --o2g-allow-destructive yes"
    return None
