"""The session's `services` list walked as real clients walk it (wire-facts, start-up 3).

Clients key each entry by its lower-cased `serviceName`, build the service URL as
`privateBaseUrl + relativeUrl`, append their sub-paths to it and list a collection with a bare `GET`.
An entry is right when it is the longest common path of its service's operations (Comlog
`/comlog/records` as in the example L776-831; Voicemail the mailboxes collection, L9218, L9264, L9414).
"""

from __future__ import annotations

import httpx
import pytest

from o2g_conformance.catalog import load_catalog
from tests.emulator.emulator_support import ADMIN, ALICE, Api

SESSIONS = "/api/rest/1.0/sessions"
#: serviceName (lower-cased, as clients key it) -> the documented section whose operations it serves.
SECTION_OF = {
    "telephony": "Call control",
    "subscriptions": "Subscription management",
    "eventsummary": "Event summary",
    "routing": "Routing management",
    "comlog": "Communication log",
    "directory": "Directory search",
    "voicemail": "Voicemail",
    "phonesetprogramming": "Phone Set Programming",
    "pbxmanagement": "PBX management",
    "acdagent": "Call Center Agent",
    "usermanagement": "User Management",
    "maintenance": "Maintenance",
    "analytics": "Analytics",
    "acdmanagement": "Call Center Management",
    "acdpilotmonitoring": "Call Center Pilot",
    "acdrealtime": "Call Center Real Time",
    "acd statistics": "Call Center Statistics",
}


def _segments(path: str) -> list[str]:
    return path.split("?")[0].strip("/").split("/")


def longest_common_path(section: str) -> str:
    """The longest path every operation of a documented section starts with (path parameters stop it)."""
    paths = [_segments(op.path) for op in load_catalog().operations() if op.section == section]
    common: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1 or parts[0].startswith("{"):
            break
        common.append(parts[0])
    return "/" + "/".join(common)


def _services(c: httpx.Client) -> tuple[str, dict[str, str]]:
    body = c.get(SESSIONS).json()
    return body["privateBaseUrl"], {s["serviceName"].lower(): s["relativeUrl"] for s in body["services"]}


def test_the_longest_common_path_rule_on_the_documented_example() -> None:
    assert longest_common_path("Communication log") == "/comlog/records"  # L776-831
    assert longest_common_path("Voicemail") == "/messaging/mailboxes"


@pytest.mark.parametrize("account", [ALICE, ADMIN], ids=["user", "admin"])
def test_every_service_entry_is_the_longest_common_path_of_its_operations(api: Api, account: tuple[str, str]) -> None:
    _, services = _services(api.session(account))
    wrong = {
        name: (url, longest_common_path(SECTION_OF[name]))
        for name, url in services.items()
        if name in SECTION_OF and url != longest_common_path(SECTION_OF[name])
    }
    assert wrong == {}, f"serviceName: (given, expected) {wrong}"


def test_a_client_lists_every_collection_with_a_bare_get_on_its_service_url(api: Api) -> None:
    """Where the service URL is itself a documented GET, the bare GET answers it (never a 404)."""
    c = api.session(ADMIN)
    base, services = _services(c)
    catalog = load_catalog()
    walked = []
    for name, relative in services.items():
        matched = catalog.match("GET", "/api/rest/1.0" + relative)
        if matched is None or matched[0].section == "User information":  # GET /users looks a user up by number
            continue
        r = c.get(base + relative, params={"loginName": "oxe70120"})
        assert r.status_code == 200, f"{name}: GET {relative} -> {r.status_code} {r.text}"
        walked.append(name)
    assert "voicemail" in walked and "comlog" in walked


def test_every_operation_of_a_service_is_reached_under_its_service_url(api: Api) -> None:
    """A client appends its sub-paths to the service URL: every operation of the section lies under it."""
    _, services = _services(api.session(ADMIN))
    catalog = load_catalog()
    for name, section in SECTION_OF.items():
        relative = services[name]
        outside = [op.path for op in catalog.operations() if op.section == section and not op.path.startswith(relative)]
        assert outside == [], f"{name} ({relative}): {outside}"
