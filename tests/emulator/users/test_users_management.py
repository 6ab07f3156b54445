"""User Management over HTTP: list, create (one, a list, all), get and delete O2G users; events; rights."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from .conftest import CheckError, Emulator

ALICE = ("oxe70120", "1201")
API = "/api/rest/1.0"
NOT_YET_USERS = [f"oxe7013{i}" for i in range(5)]  # OXE subscribers that are not O2G users at start
TOPOLOGY_LOGINS = [f"oxe7012{i}" for i in range(10)]
UM = f"{API}/usermanagement"


def _logins(admin: httpx.Client, **params: str) -> list[str]:
    r = admin.get(UM, params=params)
    assert r.status_code == 200, r.text
    names: list[str] = r.json()["loginNames"]
    return names


def _core_knows_created_users(emu: Emulator) -> bool:
    return hasattr(emu.server.backend, "user_source")


# -- rights ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", UM, None),
        ("POST", UM, {"nodeId": 7, "deviceNumbers": ["70130"]}),
        ("GET", f"{UM}/oxe70120", None),
        ("DELETE", f"{UM}/oxe70121", None),
    ],
)
def test_user_management_is_reserved_to_administrators(
    emu: Emulator,
    alice: httpx.Client,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    check_error: CheckError,
) -> None:
    check_error(alice.request(method, path, json=body), 403, "NOT_ALLOWED")
    check_error(emu.client().request(method, path, json=body), 403, "INVALID_SESSION")
    admin = emu.session(("admin", "Adm1n-Pass"))
    assert admin.get(UM).json()["loginNames"] == TOPOLOGY_LOGINS  # nothing changed


# -- usermanagement.users.list ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, TOPOLOGY_LOGINS),
        ({"nodeIds": "7"}, TOPOLOGY_LOGINS),
        ({"nodeIds": "7,8"}, TOPOLOGY_LOGINS),
        ({"nodeIds": "9"}, []),
        ({"deviceNumber": "70124"}, ["oxe70124"]),
        ({"deviceNumber": "70524"}, ["oxe70124"]),  # a secondary device selects its owner
        ({"deviceNumber": "70130"}, []),  # an OXE subscriber that is not an O2G user
        ({"deviceNumber": "79999"}, []),
        ({"nodeIds": "8", "deviceNumber": "70124"}, []),
    ],
)
def test_list(admin: httpx.Client, params: dict[str, str], expected: list[str]) -> None:
    assert _logins(admin, **params) == expected


@pytest.mark.parametrize("params", [{"nodeIds": "seven"}, {"deviceNumber": ""}])
def test_list_bad_parameters(admin: httpx.Client, params: dict[str, str], check_error: CheckError) -> None:
    check_error(admin.get(UM, params=params), 400, "BAD_PARAMETER")


# -- usermanagement.users.create -------------------------------------------------------------------------------


def test_create_one_user_from_its_number(emu: Emulator, admin: httpx.Client) -> None:
    with emu.events(admin, {"names": ["userManagement"], "ids": ["*"]}) as events:
        r = admin.post(UM, json={"nodeId": "7", "deviceNumbers": ["70130"]})
        assert r.status_code == 200, r.text
        karim = {
            "companyPhone": "70130",
            "firstName": "Karim",
            "lastName": "Lambert",
            "loginName": "oxe70130",
            "voicemail": {"number": "79000", "type": "VM_4645"},
            "devices": [{"type": "DESKPHONE", "id": "70130", "subType": "NOE_C_Color_IP"}],
            "nodeId": "7",
            "externalLogin": "karim.lambert@example.com",
        }
        assert r.json() == {"users": [karim]}
        assert next(events) == {"eventName": "OnUserCreated", "user": karim}
    assert _logins(admin) == [*TOPOLOGY_LOGINS, "oxe70130"]
    assert admin.get(f"{UM}/oxe70130").json() == karim
    assert admin.get(f"{API}/users/oxe70130").json() == karim  # now an O2G user for User information too


def test_create_multi_device_user_from_a_secondary_device(admin: httpx.Client) -> None:
    r = admin.post(UM, json={"nodeId": 7, "deviceNumbers": ["70532"]})
    assert r.status_code == 200
    (marc,) = r.json()["users"]
    assert marc["loginName"] == "oxe70132" and [d["id"] for d in marc["devices"]] == ["70132", "70532"]
    assert _logins(admin, deviceNumber="70532") == ["oxe70132"]


def test_create_a_list_with_mixed_number_spellings(admin: httpx.Client) -> None:
    # The reference's own example mixes strings and numbers (L1863).
    r = admin.post(UM, json={"nodeId": "7", "deviceNumbers": ["70131", 70133, "70133"]})
    assert r.status_code == 200
    assert [u["loginName"] for u in r.json()["users"]] == ["oxe70131", "oxe70133"]


def test_create_all_users_of_a_node(emu: Emulator, admin: httpx.Client) -> None:
    with emu.events(admin, {"names": ["OnUserCreated"], "ids": ["*"]}) as events:
        r = admin.post(UM, json={"nodeId": "7", "all": True, "deviceNumbers": ["ignored"]})
        assert r.status_code == 200, r.text
        assert [u["loginName"] for u in r.json()["users"]] == [*TOPOLOGY_LOGINS, *NOT_YET_USERS]
        created = [next(events)["user"]["loginName"] for _ in NOT_YET_USERS]
        assert created == NOT_YET_USERS  # only the users created now
        marker = emu.marker(None, "OnUserCreated")
        assert next(events) == marker
    assert _logins(admin) == [*TOPOLOGY_LOGINS, *NOT_YET_USERS]


def test_create_an_existing_user_returns_it_without_event(emu: Emulator, admin: httpx.Client) -> None:
    with emu.events(admin, {"names": ["userManagement"], "ids": ["*"]}) as events:
        r = admin.post(UM, json={"nodeId": 7, "deviceNumbers": ["70120"]})
        assert r.status_code == 200
        assert [u["loginName"] for u in r.json()["users"]] == ["oxe70120"]
        marker = emu.marker(None, "OnUserCreated")
        assert next(events) == marker


@pytest.mark.parametrize(
    "body",
    [
        {"nodeId": 8, "deviceNumbers": ["70130"]},  # unknown node
        {"nodeId": 7, "deviceNumbers": ["79999"]},  # no such subscriber
        {"nodeId": 7, "deviceNumbers": ["70130", "79999"]},  # all or nothing
        {"nodeId": 8, "all": True},
    ],
)
def test_create_unknown_node_or_number(admin: httpx.Client, body: dict[str, Any], check_error: CheckError) -> None:
    check_error(admin.post(UM, json=body), 404, "NOT_FOUND")
    assert _logins(admin) == TOPOLOGY_LOGINS


@pytest.mark.parametrize(
    "body",
    [
        {"deviceNumbers": ["70130"]},
        {"nodeId": 7},
        {"nodeId": 7, "deviceNumbers": []},
        {"nodeId": 7, "all": False},
        {"nodeId": "seven", "deviceNumbers": ["70130"]},
        {"nodeId": 7, "deviceNumbers": ["70-130"]},
        {"nodeId": 7, "deviceNumbers": "70130"},
        {"nodeId": 7, "all": "yes"},
    ],
)
def test_create_bad_body(admin: httpx.Client, body: dict[str, Any], check_error: CheckError) -> None:
    check_error(admin.post(UM, json=body), 400, "BAD_PARAMETER")


def test_created_users_are_not_kept_after_a_restart(emu: Emulator, admin: httpx.Client) -> None:
    assert admin.post(UM, json={"nodeId": 7, "all": True}).status_code == 200
    emu.reset()
    admin = emu.session(("admin", "Adm1n-Pass"))
    assert _logins(admin) == TOPOLOGY_LOGINS


def test_created_user_can_log_in(emu: Emulator, admin: httpx.Client) -> None:
    if not _core_knows_created_users(emu):
        pytest.skip("Backend.user_source (core hook) is not there yet")
    assert emu.authenticate("oxe70130", "1301").status_code == 401
    assert admin.post(UM, json={"nodeId": 7, "deviceNumbers": ["70130"]}).status_code == 200
    karim = emu.session(("oxe70130", "1301"))
    assert karim.get(f"{API}/logins").json() == {"loginNames": ["oxe70130"]}


def test_deleted_user_cannot_log_in(emu: Emulator, admin: httpx.Client) -> None:
    if not _core_knows_created_users(emu):
        pytest.skip("Backend.user_source (core hook) is not there yet")
    assert admin.delete(f"{UM}/oxe70121").status_code == 204
    assert emu.authenticate("oxe70121", "1211").status_code == 401


def test_user_subscriptions_do_not_get_user_management_events(emu: Emulator, alice: httpx.Client) -> None:
    admin = emu.session(("admin", "Adm1n-Pass"))
    with emu.events(alice, {"names": ["userManagement"]}) as events:
        assert admin.post(UM, json={"nodeId": 7, "deviceNumbers": ["70130"]}).status_code == 200
        assert admin.delete(f"{UM}/oxe70130").status_code == 204
        marker = emu.marker(None, "OnUserCreated")
        assert next(events) == marker


# -- usermanagement.user.get ------------------------------------------------------------------------------------


def test_get(admin: httpx.Client) -> None:
    r = admin.get(f"{UM}/oxe70124")
    assert r.status_code == 200
    assert r.json()["loginName"] == "oxe70124" and len(r.json()["devices"]) == 2


@pytest.mark.parametrize("login", ["oxe79999", "oxe70130", "admin"])
def test_get_unknown_user(admin: httpx.Client, login: str, check_error: CheckError) -> None:
    check_error(admin.get(f"{UM}/{login}"), 400, "NOT_FOUND")  # 404 is not documented for this operation


# -- usermanagement.user.delete ---------------------------------------------------------------------------------


def test_delete(emu: Emulator, admin: httpx.Client, check_error: CheckError) -> None:
    with emu.events(admin, {"names": ["userManagement"], "ids": ["*"]}) as events:
        r = admin.delete(f"{UM}/oxe70121")
        assert r.status_code == 204 and not r.content
        assert next(events) == {"eventName": "OnUserDeleted", "loginName": "oxe70121"}
    assert "oxe70121" not in _logins(admin)
    check_error(admin.get(f"{UM}/oxe70121"), 400, "NOT_FOUND")
    check_error(admin.get(f"{API}/users", params={"companyPhone": "70121"}), 404, "NOT_FOUND")
    check_error(admin.delete(f"{UM}/oxe70121"), 404, "NOT_FOUND")
    # Still an OXE subscriber: it can be created again.
    assert admin.post(UM, json={"nodeId": 7, "deviceNumbers": ["70121"]}).status_code == 200
    assert "oxe70121" in _logins(admin)


@pytest.mark.parametrize("login", ["oxe79999", "oxe70130"])
def test_delete_unknown_user(admin: httpx.Client, login: str, check_error: CheckError) -> None:
    check_error(admin.delete(f"{UM}/{login}"), 404, "NOT_FOUND")


def test_delete_closes_the_users_sessions(emu: Emulator, admin: httpx.Client, check_error: CheckError) -> None:
    alice = emu.session(ALICE)
    assert alice.get(f"{API}/users/oxe70120").status_code == 200
    assert admin.delete(f"{UM}/oxe70120").status_code == 204
    check_error(alice.get(f"{API}/users/oxe70120"), 403, "INVALID_SESSION")
