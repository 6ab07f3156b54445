"""Steps of an HA pair describing itself: root descriptor haMode, system status, the ROXE_HA licence.

The active server answers the root descriptor with haMode true (L54, L484) and the system status names the
active (`primary`) and backup (`secondary`) servers with versions and services status (L9085-9130);
without ROXE_HA there is no HA (L339-343).
"""

from __future__ import annotations

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .common import body_of
from .ha import switch
from .ha_pair import HaScenario, root


@then("exactly one server of the pair serves O2G, and it says it is in HA mode")
def one_serves(o2g: World, ha_scenario: HaScenario) -> None:
    """The active server answers the root descriptor with haMode true (L54, L484); the standby serves no
    O2G request (refused, or NOT_READY 503, L313)."""
    pair = ha_scenario.pair
    answers = {name: root(pair, url) for name, url in (("primary", pair.primary), ("secondary", pair.secondary))}
    serving = {n: r for n, r in answers.items() if r is not None and r.status_code == 200}
    others = {
        n: (r.status_code, r.text[:200]) if r is not None else "refused" for n, r in answers.items() if n not in serving
    }
    if len(serving) != 1:
        raise NonConformance(
            "one active server in an HA pair (L339-343)",
            documented="one root descriptor answered",
            received={n: (r.status_code if r is not None else "refused") for n, r in answers.items()},
        )
    for name, what in others.items():
        if what != "refused" and not (what[0] == 503 and '"NOT_READY"' in what[1]):
            raise NonConformance(
                "the standby serves no O2G request", documented="refused or NOT_READY 503", received={name: what}
            )
    body = serving[next(iter(serving))].json()
    if (body.get("serverInfo") or {}).get("haMode") is not True:
        raise NonConformance(
            "serverInfo.haMode on an HA pair (L54, L484)",
            op_id="root.descriptor.get",
            documented={"haMode": True},
            received=body.get("serverInfo"),
        )
    ha_scenario.serving = next(iter(serving))


@then("the system status describes the pair")
def status_describes(o2g: World, ha_scenario: HaScenario) -> None:
    """Reads system.status.get: SystemStatus of an HA system (L9088-9130), primary and secondary swapped after
    a switchover (L9094, L9097)."""
    status = body_of(o2g.aside("administrator", "system.status.get").raise_for_error()) or {}
    problems = []
    if status.get("ha") is not True:
        problems.append(f"ha is {status.get('ha')!r}, not true")
    for side in ("primary", "secondary"):
        if not status.get(side):
            problems.append(f"{side} (fqdn) missing")
        if not status.get(side + "Version"):
            problems.append(f"{side}Version missing")
        services = status.get(side + "ServicesStatus")
        if not isinstance(services, dict) or not isinstance(services.get("services"), list):
            problems.append(f"{side}ServicesStatus.services missing")
        elif not all(k in services for k in ("globalIPAdress", "drbd")):
            problems.append(f"{side}ServicesStatus without globalIPAdress/drbd (HA mode, L9086-9087)")
    if status.get("primary") and status.get("primary") == status.get("secondary"):
        problems.append("primary and secondary name the same server")
    if problems:
        raise NonConformance(
            "the system status of an HA pair (L9088-9130)",
            op_id="system.status.get",
            line=9093,
            documented="ha, primary, secondary with versions and services status",
            received=status,
            problems=problems,
        )
    previous = ha_scenario.status
    ha_scenario.status = status
    if previous is None or not ha_scenario.expect_swap:
        return
    if (status["primary"], status["secondary"]) != (previous["secondary"], previous["primary"]):
        raise NonConformance(
            "primary is the fqdn of the current active system (L9094), secondary the backup (L9097)",
            op_id="system.status.get",
            documented={"primary": previous["secondary"], "secondary": previous["primary"]},
            received={"primary": status["primary"], "secondary": status["secondary"]},
        )


@when("the O2G pair switches over without any listening client")
def plain_switchover(o2g: World, ha_scenario: HaScenario) -> None:
    """Switches the pair over (as `the O2G pair switches over`); the next system status must have swapped."""
    ha_scenario.expect_swap = True
    switch(o2g, ha_scenario, "switches over")


@then("the O2G servers say they are not in HA mode")
def not_ha(o2g: World, ha_scenario: HaScenario) -> None:
    """Reads the root descriptor and system.status.get: without ROXE_HA (L339-343), haMode false, no pair."""
    pair = ha_scenario.pair
    answer = root(pair, pair.primary)
    ha_mode = (answer.json().get("serverInfo") or {}).get("haMode") if answer is not None else None
    status = body_of(o2g.aside("administrator", "system.status.get").raise_for_error()) or {}
    if ha_mode is True or status.get("ha") is True or status.get("secondary"):
        raise NonConformance(
            "no HA without the ROXE_HA licence (L339-343)",
            documented={"haMode": False, "ha": False},
            received={"haMode": ha_mode, "ha": status.get("ha"), "secondary": status.get("secondary")},
        )


@then("the secondary server does not take over")
def no_takeover(o2g: World, ha_scenario: HaScenario) -> None:
    """Reads the secondary's root descriptor: it must serve nothing without ROXE_HA (L339-343)."""
    pair = ha_scenario.pair
    answer = root(pair, pair.secondary)
    if answer is not None and answer.status_code == 200:
        raise NonConformance(
            "no HA without the ROXE_HA licence (L339-343): the secondary does not take over",
            documented="the secondary serves nothing",
            received=answer.status_code,
        )
