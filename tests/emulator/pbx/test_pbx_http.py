"""PBX management over HTTP: nodes, the object model, listing with filters, creation, update, deletion, events."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from o2g_conformance.catalog import load_catalog
from tests.emulator.emulator_support import ADMIN, ALICE, Api

PBX = "/api/rest/1.0/pbxs/7"
#: Instance paths have several segments ({object1Name}/{object1Id}/..., L10823); routed once the catalog allows it.
ROUTED = load_catalog().match("GET", f"{PBX}/instances/Subscriber/70120") is not None
needs_instance_paths = pytest.mark.skipif(
    not ROUTED, reason="the catalog routes {objectNameobjectId} as a single path segment"
)
TOPOLOGY_SETS = [f"7012{i}" for i in range(10)] + [f"7013{i}" for i in range(5)] + ["70520", "70524", "70532"]


@pytest.fixture
def admin(api: Api) -> httpx.Client:
    return api.session(ADMIN)


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.status_code} {r.text}"
    return r.json() if status == 200 else None


def subscriber(number: str, name: str = "Durand", **more: str) -> dict[str, Any]:
    attributes = [{"name": "Directory_Number", "value": [number]}, {"name": "Annu_Name", "value": [name]}]
    attributes += [{"name": k, "value": [v]} for k, v in more.items()]
    return {"attributes": attributes}


def test_nodes(api: Api, admin: httpx.Client) -> None:
    assert ok(admin.get("/api/rest/1.0/pbxs")) == {"nodeIds": ["7"]}
    assert ok(admin.get(PBX)) == {"nodeId": 7, "fqdn": "oxe-node-7.oxe.invalid"}
    body = api.check_error(admin.get("/api/rest/1.0/pbxs/8"), 400, "NOT_FOUND")  # no 404 documented (L10731)
    assert "8" in body["innerMessage"]


def test_a_user_session_may_use_the_service(api: Api) -> None:
    alice = api.session(ALICE)
    assert ok(alice.get(PBX))["nodeId"] == 7
    assert "70120" in ok(alice.get(f"{PBX}/instances/Subscriber"))["objectIds"]


def test_root_object(admin: httpx.Client) -> None:
    root = ok(admin.get(f"{PBX}/instances"))
    assert root["objectName"] == "Node" and "objectId" not in root
    assert {"name": "Network_Node_Number", "value": ["7"]} in root["attributes"]
    assert root["objectNames"] == ["Subscriber", "System_Parameters"]
    assert (root["create"], root["delete"], root["set"], root["get"]) == (False, False, True, True)
    assert root["otherActions"] == ["Resynchro"]


def test_model(api: Api, admin: httpx.Client) -> None:
    tree = ok(admin.get(f"{PBX}/model"))
    assert tree["objectName"] == "Node"
    assert [o["objectName"] for o in tree["objects"]] == ["Subscriber", "System_Parameters"]
    subscriber_model = ok(admin.get(f"{PBX}/model/Subscriber"))
    assert subscriber_model == tree["objects"][0]
    key = subscriber_model["attributes"][0]
    assert key == {
        "name": "Directory_Number",
        "mandatory": True,
        "typeValue": "octetString",
        "multiValue": False,
        "lengthValue": "8",
        "defautValue": "",
        "filtering": True,
    }
    station = next(a for a in subscriber_model["attributes"] if a["name"] == "Station_Type")
    assert "NOE_C_IP" in station["allowedValues"] and station["defautValue"] == "NOE_C_IP"
    assert subscriber_model["otherActions"] == ["ReinitMemory", "FORCED_DELETE"]
    assert ok(admin.get(f"{PBX}/model/Free_Range_List"))["objectName"] == "Free_Range_List"  # a sub-object too
    api.check_error(admin.get(f"{PBX}/model/Flux_Capacitor"), 400, "NOT_FOUND")  # no 404 documented (L11527)
    api.check_error(admin.get("/api/rest/1.0/pbxs/8/model"), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("filter_", "ids"),
    [
        (None, TOPOLOGY_SETS),
        ("Directory_Number==7012*", [f"7012{i}" for i in range(10)]),
        ("Directory_Number==*20", ["70120", "70520"]),
        ("Station_Type==ANALOG", ["70125", "70133"]),
        ("Station_Type==ANALOG or Station_Type==DECT8", ["70125", "70133", "70524", "70532"]),
        ("Annu_Name==Martin and Station_Type!=SIP_Extension", ["70120"]),
        ("Directory_Number=ge=70128 and Directory_Number=le=70131", ["70128", "70129", "70130", "70131"]),
        ("Annu_First_Name==Nobody", []),
    ],
)
def test_list_with_filters(admin: httpx.Client, filter_: str | None, ids: list[str]) -> None:
    params = {"filter": filter_} if filter_ is not None else {}
    assert ok(admin.get(f"{PBX}/instances/Subscriber", params=params)) == {"objectName": "Subscriber", "objectIds": ids}


def test_list_with_attributes(admin: httpx.Client) -> None:
    params = {"filter": "Directory_Number==7012*", "attributes": "Annu_Name,Annu_First_Name"}
    body = ok(admin.get(f"{PBX}/instances/Subscriber", params=params))
    assert body["objects"][0] == {
        "objectId": "70120",
        "attributes": [{"name": "Annu_Name", "value": ["Martin"]}, {"name": "Annu_First_Name", "value": ["Alice"]}],
    }
    assert [o["objectId"] for o in body["objects"]] == body["objectIds"]


@pytest.mark.parametrize(
    ("path", "params", "status", "type_"),
    [
        ("Subscriber", {"filter": "Annu_Name~Martin"}, 400, "BAD_PARAMETER"),
        ("Subscriber", {"filter": "Shoe_Size==42"}, 400, "BAD_PARAMETER"),
        ("Subscriber", {"filter": "CPCTimer==0"}, 400, "BAD_PARAMETER"),  # not a filtering attribute
        ("Subscriber", {"filter": ""}, 400, "BAD_PARAMETER"),
        ("Subscriber", {"attributes": "Annu_Name,Shoe_Size"}, 400, "BAD_PARAMETER"),
        ("Subscriber", {"attributes": ""}, 400, "BAD_PARAMETER"),
        ("Flux_Capacitor", {}, 404, "NOT_FOUND"),
        ("Subscriber_Alias", {}, 404, "NOT_FOUND"),  # a sub-object of Subscriber, not of the node
    ],
)
def test_list_errors(api: Api, admin: httpx.Client, path: str, params: dict[str, str], status: int, type_: str) -> None:
    api.check_error(admin.get(f"{PBX}/instances/{path}", params=params), status, type_)


def test_create_a_subscriber_with_defaults_and_its_event(api: Api, admin: httpx.Client) -> None:
    sub = api.subscribe(admin, {"names": ["pbxManagement"]}, timeout=0)
    assert sub["status"] == "ACCEPTED", sub
    stream = api.stream(sub["privatePollingUrl"], "POST")
    assert stream.next() == {"eventName": "OnChannelInformation", "text": "Chunk started"}
    r = admin.post(f"{PBX}/instances/Subscriber", json=subscriber("70300", Annu_First_Name="Gerard"))
    assert r.status_code == 201 and r.content == b"", r.text
    assert stream.next() == {
        "eventName": "OnPbxObjectInstanceCreated",
        "objectName": "Subscriber",
        "objectId": "70300",
        "nodeId": "7",
    }
    params = {"filter": "Directory_Number==70300", "attributes": "Station_Type,Entity_Number"}
    listed = ok(admin.get(f"{PBX}/instances/Subscriber", params=params))
    assert listed["objects"] == [
        {
            "objectId": "70300",
            "attributes": [{"name": "Station_Type", "value": ["NOE_C_IP"]}, {"name": "Entity_Number", "value": ["1"]}],
        }
    ]


@pytest.mark.parametrize(
    ("body", "status", "type_"),
    [
        (subscriber("70120"), 409, "NOT_EXPECTED"),
        ({"attributes": [{"name": "Annu_Name", "value": ["Durand"]}]}, 400, "BAD_PARAMETER"),
        (subscriber("70301", Shoe_Size="42"), 400, "BAD_PARAMETER"),
        (subscriber("70301", Station_Type="Typewriter"), 400, "BAD_PARAMETER"),
        (subscriber("70301", Entity_Number="1001"), 400, "BAD_PARAMETER"),
        (subscriber("70301", Annu_First_Name="x" * 21), 400, "BAD_PARAMETER"),
        (subscriber("7030a"), 400, "BAD_PARAMETER"),
        ({"attributes": [{"name": "Directory_Number", "value": ["70301", "70302"]}]}, 400, "BAD_PARAMETER"),
        ({"attributes": [{"name": "Directory_Number", "complexValue": []}]}, 400, "BAD_PARAMETER"),
        ({"attributes": "Directory_Number"}, 400, "BAD_PARAMETER"),
    ],
)
def test_create_errors(api: Api, admin: httpx.Client, body: Any, status: int, type_: str) -> None:
    api.check_error(admin.post(f"{PBX}/instances/Subscriber", json=body), status, type_)
    assert "70301" not in ok(admin.get(f"{PBX}/instances/Subscriber"))["objectIds"]


def test_create_where_the_model_forbids_it(api: Api, admin: httpx.Client) -> None:
    api.check_error(admin.post(f"{PBX}/instances/System_Parameters", json={"attributes": []}), 405, "NOT_SUPPORTED")
    api.check_error(admin.post(f"{PBX}/instances/Flux_Capacitor", json={"attributes": []}), 404, "NOT_FOUND")


def test_put_and_delete_need_an_instance(api: Api, admin: httpx.Client) -> None:
    api.check_error(admin.put(f"{PBX}/instances/Subscriber", json=subscriber("70120")), 405, "NOT_SUPPORTED")
    api.check_error(admin.delete(f"{PBX}/instances/Subscriber"), 405, "NOT_SUPPORTED")


def test_the_licence_covers_every_oxe_user(api: Api, admin: httpx.Client) -> None:
    licences = {"mode": "CAPEX", "licences": [{"name": "ROXE_API_MANAGEMENT", "total": 9}]}
    assert api.control.post("/__emulator__/licences", json=licences).status_code == 200
    body = api.check_error(admin.get(PBX), 403, "NOT_ALLOWED")
    assert "ROXE_API_MANAGEMENT" in body["innerMessage"]
    assert ok(admin.get("/api/rest/1.0/pbxs")) == {"nodeIds": ["7"]}  # free (L10687)


# -- instance paths of several segments ----------------------------------------------------------------------


@needs_instance_paths
def test_instance_get_update_delete_over_http(api: Api, admin: httpx.Client) -> None:
    alice = f"{PBX}/instances/Subscriber/70120"
    body = ok(admin.get(alice, params={"attributes": "Annu_Name"}))
    assert body["objectId"] == "70120" and body["attributes"] == [{"name": "Annu_Name", "value": ["Martin"]}]
    ok(admin.put(alice, json={"attributes": [{"name": "Annu_Name", "value": ["Martel"]}]}), 204)
    ok(admin.post(f"{alice}/Subscriber_Alias", json={"attributes": [{"name": "Alias_Number", "value": ["5"]}]}), 201)
    assert ok(admin.get(f"{alice}/Subscriber_Alias"))["objectIds"] == ["5"]
    api.check_error(admin.delete(alice), 400, "NOT_EXPECTED")
    ok(admin.delete(f"{alice}/Subscriber_Alias/5"), 204)
    ok(admin.delete(alice), 204)
    api.check_error(admin.get(alice), 404, "NOT_FOUND")
