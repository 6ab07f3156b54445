"""Phone Set Programming over HTTP: devices, states, PIN, keys, add-ons and prefixes, with the access rules."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.emulator_support import ADMIN, ALICE, BRUNO, Api

ALICE_SETS = "/api/rest/1.0/users/oxe70120/devices"
PHONE = f"{ALICE_SETS}/70120"  # ALE: 22 keys (one locked), 6 soft keys, a 10-key add-on
SIP = f"{ALICE_SETS}/70520"  # SIP: 6 keys, 4 soft keys


@pytest.fixture
def alice(api: Api) -> httpx.Client:
    return api.session(ALICE)


@pytest.fixture
def admin(api: Api) -> httpx.Client:
    return api.session(ADMIN)


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.status_code} {r.text}"
    return r.json() if status == 200 else None


def test_devices_of_the_user(alice: httpx.Client) -> None:
    assert ok(alice.get(ALICE_SETS)) == {
        "devices": [
            {"type": "DESKPHONE", "id": "70120", "subType": "NOE_C_Color_IP"},
            {"type": "DESKPHONE", "id": "70520", "subType": "SIP"},
        ]
    }
    assert ok(alice.get(PHONE)) == {"type": "DESKPHONE", "id": "70120", "subType": "NOE_C_Color_IP"}


def test_rights_user_own_devices_only_admin_any_user(api: Api, alice: httpx.Client, admin: httpx.Client) -> None:
    body = api.check_error(alice.get("/api/rest/1.0/users/oxe70121/devices"), 403, "NOT_ALLOWED")
    assert "own devices" in body["innerMessage"]
    api.check_error(alice.put("/api/rest/1.0/users/oxe70121/devices/70121/lock?activate=true"), 403, "NOT_ALLOWED")
    assert ok(admin.get("/api/rest/1.0/users/oxe70121/devices"))["devices"][0]["id"] == "70121"
    api.check_error(admin.get("/api/rest/1.0/users/oxe99999/devices"), 404, "NOT_FOUND")
    api.check_error(admin.get("/api/rest/1.0/users/admin/devices"), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "path",
    ["", "/addons", "/REActiveState", "/dynamicState", "/pin", "/programmeableKeys", "/programmedKeys", "/softKeys"],
)
def test_a_device_of_another_user_is_not_found(api: Api, alice: httpx.Client, path: str) -> None:
    api.check_error(alice.get(f"{ALICE_SETS}/70121{path}"), 404, "NOT_FOUND")


def test_remote_extension_activation(api: Api, alice: httpx.Client) -> None:
    assert ok(alice.get(f"{PHONE}/REActiveState")) == {"active": False}
    ok(alice.put(f"{PHONE}/REActive", params={"activate": "true"}), 204)
    assert ok(alice.get(f"{PHONE}/REActiveState")) == {"active": True}
    assert ok(alice.get(f"{SIP}/REActiveState")) == {"active": False}  # per device
    ok(alice.put(f"{PHONE}/REActive", params={"activate": "FALSE"}), 204)
    assert ok(alice.get(f"{PHONE}/REActiveState")) == {"active": False}


@pytest.mark.parametrize("resource", ["REActive", "campon", "lock"])
@pytest.mark.parametrize("query", ["", "?activate", "?activate=yes", "?activate=1"])
def test_activate_is_mandatory_and_boolean(api: Api, alice: httpx.Client, resource: str, query: str) -> None:
    body = api.check_error(alice.put(f"{PHONE}/{resource}{query}"), 400, "BAD_PARAMETER")
    assert "activate" in body["innerMessage"]


def test_lock_campon_and_associate_show_in_the_dynamic_state(api: Api, alice: httpx.Client) -> None:
    assert ok(alice.get(f"{PHONE}/dynamicState")) == {"lock": False, "campon": False}
    ok(alice.put(f"{PHONE}/lock?activate=true"), 204)
    ok(alice.put(f"{PHONE}/campon?activate=true"), 204)
    ok(alice.put(f"{PHONE}/associate", json={"number": "70121"}), 204)
    assert ok(alice.get(f"{PHONE}/dynamicState")) == {"lock": True, "campon": True, "associate": "70121"}
    ok(alice.put(f"{PHONE}/campon?activate=false"), 204)
    ok(alice.put(f"{PHONE}/associate", json={"number": ""}), 204)  # an empty number removes it
    assert ok(alice.get(f"{PHONE}/dynamicState")) == {"lock": True, "campon": False}


@pytest.mark.parametrize("body", [{"number": "70-121"}, {"number": 70121}, ["70121"]])
def test_associate_must_be_a_number(api: Api, alice: httpx.Client, body: Any) -> None:
    api.check_error(alice.put(f"{PHONE}/associate", json=body), 400, "BAD_PARAMETER")
    assert "associate" not in ok(alice.get(f"{PHONE}/dynamicState"))


def test_addons_per_kind_of_set(alice: httpx.Client) -> None:
    assert ok(alice.get(f"{PHONE}/addons")) == {"addonTypes": ["ADDON_10_KEYS"]}
    assert ok(alice.get(f"{SIP}/addons")) == {"addonTypes": ["NO_EXTENSIONS"]}


def test_pin_is_read_and_set_in_both_written_forms(alice: httpx.Client) -> None:
    assert ok(alice.get(f"{PHONE}/pin")) == {
        "With_Secret_Code": False,
        "Pin_Type_Of_Control": "PIN_Restricted_To_Owner_Set",
        "Pin_Group": 0,
    }
    example = {
        "Pin_Number": "4321",
        "With_Secret_Code": "TRUE",
        "Pin_Type_Of_Control": "PIN_Category",
        "Pin_Group": "1",
    }
    ok(alice.put(f"{PHONE}/pin", json=example), 204)
    expected = {"Pin_Number": "4321", "With_Secret_Code": True, "Pin_Type_Of_Control": "PIN_Category", "Pin_Group": 1}
    assert ok(alice.get(f"{PHONE}/pin")) == expected
    ok(alice.put(f"{PHONE}/pin", json={"With_Secret_Code": False, "Pin_Group": 3}), 204)  # the rest is kept
    assert ok(alice.get(f"{PHONE}/pin")) == {**expected, "With_Secret_Code": False, "Pin_Group": 3}
    ok(alice.put(f"{PHONE}/pin", json={"Pin_Number": ""}), 204)  # an empty number removes the PIN
    assert "Pin_Number" not in ok(alice.get(f"{PHONE}/pin"))


@pytest.mark.parametrize(
    "body",
    [
        {"Pin_Number": "123"},
        {"Pin_Number": "12a4"},
        {"Pin_Number": 4321},
        {"With_Secret_Code": "maybe"},
        {"Pin_Type_Of_Control": "PIN_Everywhere"},
        {"Pin_Group": -1},
        {"Pin_Group": "one"},
    ],
)
def test_pin_values_are_checked(api: Api, alice: httpx.Client, body: dict[str, Any]) -> None:
    before = ok(alice.get(f"{PHONE}/pin"))
    api.check_error(alice.put(f"{PHONE}/pin", json=body), 400, "BAD_PARAMETER")
    assert ok(alice.get(f"{PHONE}/pin")) == before


def test_programmable_keys_set_list_and_erase(alice: httpx.Client) -> None:
    keys = ok(alice.get(f"{PHONE}/programmeableKeys"))["pkeys"]
    assert [k["position"] for k in keys] == list(range(1, 23))
    assert keys[0] == {"position": 1, "number": "79000", "mnemonic": "Messages", "locked": True}
    assert keys[2] == {"position": 3, "number": "", "mnemonic": "", "locked": False}
    ok(alice.put(f"{PHONE}/programmeableKeys/3", json={"position": 3, "number": "4567", "mnemonic": "user2"}), 204)
    ok(alice.put(f"{PHONE}/programmeableKeys/4", json={"number": "70121"}), 204)  # position from the path
    programmed = ok(alice.get(f"{PHONE}/programmedKeys"))["pkeys"]
    assert [(k["position"], k["number"], k["mnemonic"]) for k in programmed] == [
        (1, "79000", "Messages"),
        (3, "4567", "user2"),
        (4, "70121", ""),
    ]
    ok(alice.delete(f"{PHONE}/programmeableKeys/3"), 204)
    ok(alice.delete(f"{PHONE}/programmeableKeys/3"), 204)  # a free key stays free
    assert [k["position"] for k in ok(alice.get(f"{PHONE}/programmedKeys"))["pkeys"]] == [1, 4]


def test_locked_key_belongs_to_the_administrator(api: Api, alice: httpx.Client, admin: httpx.Client) -> None:
    api.check_error(alice.put(f"{PHONE}/programmeableKeys/1", json={"number": "1234"}), 403, "NOT_ALLOWED")
    api.check_error(alice.delete(f"{PHONE}/programmeableKeys/1"), 403, "NOT_ALLOWED")
    api.check_error(alice.put(f"{PHONE}/programmeableKeys/2", json={"locked": True}), 403, "NOT_ALLOWED")
    admin_key = "/api/rest/1.0/users/oxe70120/devices/70120/programmeableKeys/1"
    ok(admin.put(admin_key, json={"number": "79001", "locked": False}), 204)
    ok(alice.put(f"{PHONE}/programmeableKeys/1", json={"number": "1234"}), 204)
    assert ok(alice.get(f"{PHONE}/programmedKeys"))["pkeys"][0]["number"] == "1234"


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "type_"),
    [
        ("PUT", "programmeableKeys/3", {"position": 4, "number": "1"}, 400, "BAD_PARAMETER"),
        ("PUT", "programmeableKeys/three", {"number": "1"}, 400, "BAD_PARAMETER"),
        ("PUT", "programmeableKeys/23", {"number": "1"}, 404, "NOT_FOUND"),
        ("PUT", "programmeableKeys/3", {"number": "call me"}, 400, "BAD_PARAMETER"),
        ("PUT", "programmeableKeys/3", {"mnemonic": "x" * 17}, 400, "BAD_PARAMETER"),
        ("DELETE", "programmeableKeys/0", None, 404, "NOT_FOUND"),
        ("PUT", "softKeys/1", {"position": 2, "number": "1"}, 400, "BAD_PARAMETER"),
        ("PUT", "softKeys/1", {"number": "1", "locked": False}, 400, "BAD_PARAMETER"),
        ("PUT", "softKeys/7", {"number": "1"}, 404, "NOT_FOUND"),
        ("DELETE", "softKeys/x", None, 400, "BAD_PARAMETER"),
    ],
)
def test_key_errors(api: Api, alice: httpx.Client, method: str, path: str, body: Any, status: int, type_: str) -> None:
    api.check_error(alice.request(method, f"{PHONE}/{path}", json=body), status, type_)


def test_soft_keys_use_the_documented_skeys_field(alice: httpx.Client) -> None:
    assert ok(alice.get(f"{SIP}/softKeys")) == {
        "skeys": [{"position": p, "number": "", "mnemonic": ""} for p in range(1, 5)]
    }
    ok(alice.put(f"{PHONE}/softKeys/3", json={"position": 3, "number": "4567", "mnemonic": "user2"}), 204)
    assert ok(alice.get(f"{PHONE}/softKeys"))["skeys"][2] == {"position": 3, "number": "4567", "mnemonic": "user2"}
    ok(alice.delete(f"{PHONE}/softKeys/3"), 204)
    assert ok(alice.get(f"{PHONE}/softKeys"))["skeys"][2] == {"position": 3, "number": "", "mnemonic": ""}


def test_prefixes(api: Api, alice: httpx.Client, admin: httpx.Client) -> None:
    url = "/api/rest/1.0/users/oxe70120/prefixes"
    example = {"type": "Station_Facility_Type", "value": "Overflow_on_busy_on_associated"}
    assert ok(alice.get(url, params=example)) == {"value": "Overflow_on_busy_on_associated", "number": "485"}
    assert ok(admin.get(url, params={"type": "General_Facility_Type", "value": "Group_call_pick_up"}))["number"] == "57"
    api.check_error(alice.get(url, params={"type": "Station_Facility_Type"}), 400, "BAD_PARAMETER")
    api.check_error(alice.get(url, params={"value": "Lock"}), 400, "BAD_PARAMETER")
    api.check_error(alice.get(url, params={"type": "Station_Facility_Type", "value": "lock"}), 404, "NOT_FOUND")
    api.check_error(alice.get(url, params={"type": "Local_Facility_Type", "value": "Lock"}), 404, "NOT_FOUND")


def test_states_are_kept_per_device_and_reset_with_the_emulator(api: Api) -> None:
    alice, bruno = api.session(ALICE), api.session(BRUNO)
    ok(alice.put(f"{PHONE}/lock?activate=true"), 204)
    bruno_set = "/api/rest/1.0/users/oxe70121/devices/70121"
    assert ok(bruno.get(f"{bruno_set}/dynamicState")) == {"lock": False, "campon": False}
    api.reset()
    alice = api.session(ALICE)
    assert ok(alice.get(f"{PHONE}/dynamicState")) == {"lock": False, "campon": False}


def test_the_licence_is_one_per_user(api: Api, alice: httpx.Client) -> None:
    licences = {"mode": "CAPEX", "licences": [{"name": "ROXE_API_PHONESETPROG", "total": 0}]}
    assert api.control.post("/__emulator__/licences", json=licences).status_code == 200
    body = api.check_error(alice.get(ALICE_SETS), 403, "NOT_ALLOWED")
    assert "ROXE_API_PHONESETPROG" in body["innerMessage"]
