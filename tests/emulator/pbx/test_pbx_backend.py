"""PBX management backend on instance paths of several segments: get, update, list edits, conflicts, delete, events.

These rules are reached over HTTP once the catalog routes `{objectNameobjectId}` over several segments
(see test_pbx_http); here the backend is driven directly, in process, so that they are checked today.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, cast

import pytest

from o2g_conformance.emulator.app import create_app
from o2g_conformance.emulator.core.errors import ApiError
from o2g_conformance.emulator.core.registry import Backend
from o2g_conformance.emulator.core.sessions import Session
from o2g_conformance.emulator.services.pbxmanagement.models import AttributeIn, PbxManagement

ALICE = "Subscriber/70120"


@pytest.fixture
def backend() -> Iterator[Backend]:
    app = create_app()
    backend: Backend = app.state.backend
    yield backend
    backend.shutdown()


@pytest.fixture
def pbx(backend: Backend) -> PbxManagement:
    return backend.state(PbxManagement)


def session(id_: str) -> Session:
    return cast(Session, SimpleNamespace(id=id_, admin=True, login="admin"))


ONE, TWO = session("s1"), session("s2")


def attrs(**values: list[str]) -> list[AttributeIn]:
    return [AttributeIn(name, value) for name, value in values.items()]


def error(fn: Any, *args: Any) -> ApiError:
    with pytest.raises(ApiError) as caught:
        fn(*args)
    return caught.value


def events(backend: Backend) -> list[dict[str, Any]]:
    return [e for e in backend.bus.published if str(e.get("eventName", "")).startswith("OnPbxObject")]


def values_of(pbx: PbxManagement, path: str) -> dict[str, list[str]]:
    body = pbx.get(ONE, "7", path, None, None)
    return {a["name"]: a["value"] for a in body["attributes"]}


def test_get_an_instance(pbx: PbxManagement) -> None:
    body = pbx.get(ONE, "7", ALICE, None, None)
    assert body["objectName"] == "Subscriber" and body["objectId"] == "70120"
    assert body["attributes"][0] == {"name": "Directory_Number", "value": ["70120"]}
    assert {"name": "Attached_MultiTandem", "value": ["70520"]} in body["attributes"]
    assert body["objectNames"] == ["Subscriber_Alias"]
    assert body["otherActions"] == ["ReinitMemory", "FORCED_DELETE"]
    assert pbx.get(ONE, "7", "System_Parameters/1/Free_Range_List/range1", "Begin_Range,End_Range", None) == {
        "objectName": "Free_Range_List",
        "objectId": "range1",
        "attributes": [{"name": "Begin_Range", "value": ["2000"]}, {"name": "End_Range", "value": ["2999"]}],
        "objectNames": [],
        "create": True,
        "delete": True,
        "set": True,
        "get": True,
        "otherActions": [],
    }


@pytest.mark.parametrize(
    ("path", "attributes", "status", "type_"),
    [
        ("Subscriber/99999", None, 404, "NOT_FOUND"),
        ("Subscriber/70120/Subscriber_Alias/0", None, 404, "NOT_FOUND"),
        ("Flux/1", None, 404, "NOT_FOUND"),
        ("Subscriber/70120/System_Parameters/1", None, 404, "NOT_FOUND"),
        ("Subscriber//70120", None, 400, "BAD_PARAMETER"),
        (ALICE, "Shoe_Size", 400, "BAD_PARAMETER"),
    ],
)
def test_get_errors(pbx: PbxManagement, path: str, attributes: str | None, status: int, type_: str) -> None:
    err = error(pbx.get, ONE, "7", path, attributes, None)
    assert (err.status, err.type) == (status, type_)


def test_update_replaces_and_notifies(backend: Backend, pbx: PbxManagement) -> None:
    pbx.update(ONE, "7", ALICE, None, attrs(Annu_First_Name=["Alicia"], Attached_MultiTandem=[]))
    assert values_of(pbx, ALICE)["Annu_First_Name"] == ["Alicia"]
    assert values_of(pbx, ALICE)["Attached_MultiTandem"] == []
    assert events(backend) == [
        {"eventName": "OnPbxObjectInstanceModified", "objectName": "Subscriber", "objectId": "70120", "nodeId": "7"}
    ]
    pbx.update(ONE, "7", ALICE, None, attrs(Annu_First_Name=["Alicia"]))  # nothing changes: no event
    assert len(events(backend)) == 1


def test_list_edits_add_and_delete(pbx: PbxManagement) -> None:
    pbx.update(ONE, "7", ALICE, "add", attrs(Attached_MultiTandem=["70124", "70520"]))
    assert values_of(pbx, ALICE)["Attached_MultiTandem"] == ["70520", "70124"]
    pbx.update(ONE, "7", ALICE, "delete", attrs(Attached_MultiTandem=["70520"]))
    pbx.update(ONE, "7", ALICE, "remove", attrs(Attached_MultiTandem=["70999"]))  # "add, remove" (L10951)
    assert values_of(pbx, ALICE)["Attached_MultiTandem"] == ["70124"]
    err = error(pbx.update, ONE, "7", ALICE, "add", attrs(Annu_Name=["X"]))
    assert (err.status, err.type) == (400, "BAD_PARAMETER")


def test_object_actions(pbx: PbxManagement) -> None:
    pbx.update(ONE, "7", ALICE, "ReinitMemory", [])
    for action in ("Resynchro", "FORCED_DELETE", "Explode"):
        err = error(pbx.update, ONE, "7", ALICE, action, [])
        assert (err.status, err.type) == (405, "NOT_SUPPORTED")
    err = error(pbx.update, ONE, "7", ALICE, "ReinitMemory", attrs(Annu_Name=["X"]))
    assert err.type == "BAD_PARAMETER"


@pytest.mark.parametrize(
    "given",
    [
        attrs(Directory_Number=["70999"]),
        attrs(Shoe_Size=["42"]),
        attrs(**{"@Software_Version": ["R1"]}),
        [AttributeIn("Annu_Name", None)],
        [AttributeIn("Annu_Name", None, complex=True)],
        [],
    ],
)
def test_update_errors(pbx: PbxManagement, given: list[AttributeIn]) -> None:
    before = values_of(pbx, ALICE)
    err = error(pbx.update, ONE, "7", ALICE, None, given)
    assert (err.status, err.type) == (400, "BAD_PARAMETER")
    assert values_of(pbx, ALICE) == before


def test_conflict_until_the_session_reads_again(pbx: PbxManagement) -> None:
    pbx.get(ONE, "7", ALICE, None, None)
    pbx.update(TWO, "7", ALICE, None, attrs(Annu_Name=["Other"]))
    err = error(pbx.update, ONE, "7", ALICE, None, attrs(Annu_Name=["Mine"]))
    assert (err.status, err.type) == (409, "NOT_EXPECTED")
    pbx.update(ONE, "7", ALICE, "add", attrs(Attached_MultiTandem=["70124"]))  # a list edit never conflicts
    pbx.get(ONE, "7", ALICE, None, None)
    pbx.update(ONE, "7", ALICE, None, attrs(Annu_Name=["Mine"]))
    assert values_of(pbx, ALICE)["Annu_Name"] == ["Mine"]


def test_sub_objects_create_list_update_delete_with_father(backend: Backend, pbx: PbxManagement) -> None:
    aliases = f"{ALICE}/Subscriber_Alias"
    pbx.create(ONE, "7", aliases, attrs(Alias_Number=["5"], Annu_Name=["Durand"]))
    pbx.create(ONE, "7", aliases, attrs(Alias_Number=["0"]))
    assert pbx.list_instances("7", aliases, None, None) == {"objectName": "Subscriber_Alias", "objectIds": ["0", "5"]}
    assert pbx.get(ONE, "7", aliases, None, "Annu_Name==Dur*")["objectIds"] == ["5"]  # GET of an object name lists
    pbx.update(ONE, "7", f"{aliases}/5", None, attrs(Annu_First_Name=["Joe"]))
    assert events(backend) == [
        {
            "eventName": "OnPbxObjectInstanceModified",
            "objectName": "Subscriber_Alias",
            "objectId": "5",
            "nodeId": "7",
            "father": {"objectName": "Subscriber", "objectId": "70120"},
        }
    ]  # no creation event: Subscriber only (L10677)
    err = error(pbx.delete, ONE, "7", f"{aliases}/5", True)
    assert (err.status, err.type) == (405, "NOT_SUPPORTED")  # FORCED_DELETE is not in its model
    pbx.delete(ONE, "7", f"{aliases}/5", False)
    assert pbx.list_instances("7", aliases, None, None)["objectIds"] == ["0"]


def test_delete_a_subscriber(backend: Backend, pbx: PbxManagement) -> None:
    pbx.create(ONE, "7", f"{ALICE}/Subscriber_Alias", attrs(Alias_Number=["1"]))
    err = error(pbx.delete, ONE, "7", ALICE, False)
    assert (err.status, err.type) == (409, "NOT_EXPECTED")  # answered 400: the delete documents no 409
    pbx.delete(ONE, "7", ALICE, True)
    assert events(backend)[-1] == {
        "eventName": "OnPbxObjectInstanceDeleted",
        "objectName": "Subscriber",
        "objectId": "70120",
        "nodeId": "7",
    }
    assert error(pbx.get, ONE, "7", ALICE, None, None).type == "NOT_FOUND"


def test_singletons_cannot_be_deleted_nor_created(pbx: PbxManagement) -> None:
    err = error(pbx.delete, ONE, "7", "System_Parameters/1", False)
    assert (err.status, err.type) == (405, "NOT_SUPPORTED")
    err = error(pbx.create, ONE, "7", "System_Parameters", [])
    assert (err.status, err.type) == (405, "NOT_SUPPORTED")


def test_free_ranges(pbx: PbxManagement) -> None:
    ranges = "System_Parameters/1/Free_Range_List"
    pbx.create(ONE, "7", ranges, attrs(Name=["range2"], Begin_Range=["3000"], End_Range=["3999"]))
    assert pbx.list_instances("7", ranges, "Begin_Range=ge=2500", None)["objectIds"] == ["range2"]
    for begin, end in (("4000", "3999"), ("300", "3999")):
        err = error(pbx.create, ONE, "7", ranges, attrs(Name=["range3"], Begin_Range=[begin], End_Range=[end]))
        assert err.type == "BAD_PARAMETER"
    err = error(pbx.create, ONE, "7", ranges, attrs(Name=["range3"]))
    assert err.type == "BAD_PARAMETER" and "Begin_Range" in err.inner_message
