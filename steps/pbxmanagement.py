"""Steps of PBX management: nodes, the object model, object instances and their events (reference L10657-11730).

Instance paths have several segments (`Subscriber/70120/Subscriber_Alias/5`, L10666-10669, L10823): they
are sent as they are, segment by segment, the way clients write them. The emulator routes them once its
catalog takes `{objectNameobjectId}` over several segments; until then such scenarios skip on the emulator
(never on a real target). Every creation, change and deletion is undone at teardown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse, Session
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object, precondition
from .users import node_of

PBXS = "pbx.pbxs.list"
PBX = "pbx.pbxs.get"
ROOT = "pbx.instances.root.get"
GET = "pbx.instances.object.get"
UPDATE = "pbx.instances.object.update"
DELETE = "pbx.instances.object.delete"
LIST = "pbx.instances.list"
CREATE = "pbx.instances.create"
MODEL = "pbx.model.get"
MODEL_OBJECT = "pbx.model.object.get"
ADMIN = "administrator"
#: A node number no target has (the value is the point).
UNKNOWN_NODE = "9999"
#: A Subscriber no node has.
UNKNOWN_NUMBER = "99999999"
#: The first name the scenarios give (recognisable on a real target if a restoration fails).
NEW_FIRST_NAME = "O2GTest"
#: `the PBX of user A` or `a PBX that does not exist` (a phrase fragment: `role`, `unknown`).
NODE = "(?:the PBX of user {role}|(?P<unknown>a PBX that does not exist))"
#: `the Subscriber of user A` or `the new Subscriber` (a phrase fragment: `owner`, `new`).
SUBSCRIBER = "the (?:Subscriber of user {owner:role}|(?P<new>new) Subscriber)"


@dataclass
class PbxNotes:
    """What the steps of a PBX management scenario hand on: the Subscriber created, the attribute values
    read before a change (restored at teardown) and the last change made."""

    #: The Directory_Number of the Subscriber the scenario created.
    new_number: str | None = None
    #: (instance path, attribute names) -> their values before the scenario's first change.
    guarded: dict[tuple[str, tuple[str, ...]], dict[str, list[str]]] = field(default_factory=dict)
    #: (instance path, attribute name, value) of the last attribute change.
    change: tuple[str, str, str] | None = None


@pytest.fixture
def pbx_notes() -> PbxNotes:
    """The scenario's PBX management notes (empty at its start)."""
    return PbxNotes()


def _node(o2g: World, role: str | None) -> str:
    return node_of(o2g, role) if role else UNKNOWN_NODE


def routable(o2g: World, method: str = "GET") -> bool:
    """False on an emulator whose catalog routes `{objectNameobjectId}` as a single segment (see the docstring)."""
    probe = load_catalog().operation(ROOT).render_path({"nodeId": "1"}) + "/Subscriber/1"
    return not o2g.target.is_emulator or load_catalog().match(method, probe) is not None


def _url(session: Session, node: str, path: str) -> str:
    base = session.url_for(ROOT, {"nodeId": node})
    return base + "/" + "/".join(quote(segment, safe=",-") for segment in path.strip("/").split("/"))


def instance_path(o2g: World, op_id: str, node: str, path: str) -> dict[str, str]:
    """The path parameters of an instance operation: the node and the object path, several segments as they are
    (`Subscriber/70120/Subscriber_Alias/5`, L10823); skips where the emulator cannot route them yet."""
    if path.count("/") and not routable(o2g):
        precondition("the emulator's catalog routes {objectNameobjectId} as a single path segment (L10823)")
    name = "objectName" if op_id in (LIST, CREATE) else "objectNameobjectId"
    return {"nodeId": node, name: path.strip("/")}


def _subscriber(o2g: World, notes: PbxNotes, owner: str | None, new: str | None) -> str:
    if new:
        if notes.new_number is None:
            raise AssertionError("no Subscriber was created in this scenario")
        return f"Subscriber/{notes.new_number}"
    assert owner is not None
    return f"Subscriber/{o2g.account(owner).number}"


def values_of(o2g: World, node: str, path: str) -> dict[str, list[str]]:
    """The attribute values of an instance as the administrator reads it."""
    response = o2g.aside(ADMIN, GET, path=instance_path(o2g, GET, node, path))
    if response.status != 200 or not isinstance(response.json, dict):
        raise NonConformance("the instance is read back", op_id=GET, documented="200", received=response.status)
    attributes = response.json.get("attributes") or []
    return {str(a.get("name")): list(a.get("value") or []) for a in attributes if isinstance(a, dict)}


# -- pbx.pbxs.list / pbx.pbxs.get --------------------------------------------------------------------------------------


@when("{actor} lists the PBXs", target_fixture="answer")
def list_pbxs(o2g: World, actor: Actor) -> ApiResponse:
    """Sends pbx.pbxs.list."""
    return o2g.send(actor, PBXS)


@then("the PBXs include the node of user {role}")
def pbxs_include(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that Pbxs.nodeIds lists the user's node (read with users.user.get) as a string (L11730)."""
    ids = answer_object(answer, "Pbxs").get("nodeIds")
    node = node_of(o2g, role)
    if not isinstance(ids, list) or node not in ids:
        raise NonConformance(
            "Pbxs.nodeIds lists the nodes as strings (L11730, example L10711-10714)",
            op_id=PBXS,
            documented=f"a list with {node!r}",
            received=ids,
        )


@when("{actor} reads (?:(?P<what>the root object|the object model) of )?" + NODE, target_fixture="answer")
def read_node(o2g: World, actor: Actor, what: str | None, role: Role | None, unknown: str | None) -> ApiResponse:
    """Sends pbx.pbxs.get, pbx.instances.root.get or pbx.model.get on the user's node or an unknown one."""
    op_id = {"the root object": ROOT, "the object model": MODEL}.get(what or "", PBX)
    return o2g.send(actor, op_id, path={"nodeId": _node(o2g, role)})


@then("the PBX is the node of user {role}")
def pbx_is(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the PBX answered is the user's node, with its FQDN (Pbx, L11663-11666)."""
    body = answer_object(answer, "Pbx")
    node = node_of(o2g, role)
    # Pbx.nodeId is an int (L11665); the example answers "101" (L10747): the value is compared, not the type.
    if str(body.get("nodeId")) != node or not isinstance(body.get("fqdn"), str):
        raise NonConformance(
            "the PBX asked for, with its FQDN (Pbx, L11663-11666)",
            op_id=PBX,
            documented={"nodeId": int(node), "fqdn": "a name"},
            received=body,
        )


# -- pbx.model.get / pbx.model.object.get ------------------------------------------------------------------------------


@when('{actor} reads the model of "{name:text}" on ' + NODE, target_fixture="answer")
def read_model_object(o2g: World, actor: Actor, name: str, role: Role | None, unknown: str | None) -> ApiResponse:
    """Sends pbx.model.object.get for the object named, on the user's node or an unknown one."""
    path = {"nodeId": _node(o2g, role), "objectName": name}
    return o2g.send(actor, MODEL_OBJECT, path=path)


def _models(model: Any) -> list[dict[str, Any]]:
    """Every ObjectModel of a tree (ObjectModel.objects, L11587)."""
    if not isinstance(model, dict):
        return []
    found = [model]
    for sub in model.get("objects") or []:
        found += _models(sub)
    return found


@then('the model describes the object "{name:text}"')
def model_describes(answer: ApiResponse, name: str) -> None:
    """Checks that the model tree answered has an ObjectModel of that name (L11468-11506, L11580-11593)."""
    tree = answer_object(answer, "ObjectModel")
    names = [m.get("objectName") for m in _models(tree)]
    if name not in names:
        raise NonConformance(
            "the model of the whole PBX is a tree of ObjectModel (L11468-11506, L11580-11593)",
            op_id=MODEL,
            documented=f"an object {name!r}",
            received=names,
        )


@then('the model is that of "{name:text}" with its (?P<key>[A-Za-z_]+) attribute mandatory')
def model_is(answer: ApiResponse, name: str, key: str) -> None:
    """Checks that the ObjectModel answered is the object's, with that attribute mandatory (L11568-11578)."""
    model = answer_object(answer, "ObjectModel")
    attributes = [a for a in model.get("attributes") or [] if isinstance(a, dict)]
    mandatory = [a.get("name") for a in attributes if a.get("mandatory") is True]
    # AttributeModel.mandatory (L11571); the example writes "optional: false" (L11547): the table is followed.
    if model.get("objectName") != name or key not in mandatory:
        raise NonConformance(
            "the model of the object named, its identifier mandatory (AttributeModel, L11568-11578)",
            op_id=MODEL_OBJECT,
            documented=f"{name} with {key} mandatory",
            received={"objectName": model.get("objectName"), "mandatory": mandatory},
        )


# -- pbx.instances.root.get / object.get -------------------------------------------------------------------------------


INSTANCE_READ = "{actor} (?P<verb>has read|reads) " + SUBSCRIBER + '(?: with the attributes "{attributes:text}")?'


@given(INSTANCE_READ, target_fixture="answer")
@when(INSTANCE_READ, target_fixture="answer")
def read_instance(
    o2g: World,
    pbx_notes: PbxNotes,
    actor: Actor,
    verb: str,
    owner: Role | None,
    new: str | None,
    attributes: str | None,
) -> ApiResponse:
    """Sends pbx.instances.object.get on a Subscriber (optionally some attributes only); Given: it must be 200."""
    query = {"attributes": attributes} if attributes is not None else None
    path = _subscriber(o2g, pbx_notes, owner, new)
    response = o2g.send(actor, GET, path=instance_path(o2g, GET, node_of(o2g, owner or "A"), path), query=query)
    if verb == "has read" and response.status != 200:
        raise AssertionError(f"reading {path} failed: {response.status} {response.text}")
    return response


@when("{actor} reads a Subscriber that does not exist on the PBX of user {role}", target_fixture="answer")
def read_unknown_instance(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends pbx.instances.object.get on a Subscriber number no node has."""
    return o2g.send(actor, GET, path=instance_path(o2g, GET, node_of(o2g, role), f"Subscriber/{UNKNOWN_NUMBER}"))


@then('the root object is the node with "{name:text}" among its sub-objects')
def root_is(answer: ApiResponse, name: str) -> None:
    """Checks that PbxObject.objectNames of the root object names that sub-object (L10752-10756)."""
    body = answer_object(answer, "PbxObject")
    names = body.get("objectNames")
    if not isinstance(names, list) or not any(n == name or str(n).endswith("/" + name) for n in names):
        raise NonConformance(
            "the node's first instantiable sub-objects (PbxObject.objectNames, L10752-10756)",
            op_id=ROOT,
            documented=f"objectNames with {name!r}",
            received=names,
        )


@then('the object is the Subscriber of user {role}(?: with only the attributes "{only:text}")?')
def object_is(o2g: World, answer: ApiResponse, role: Role, only: str | None) -> None:
    """Checks that the PbxObject answered is the user's Subscriber, with only the attributes asked (L11684-11695)."""
    body = answer_object(answer, "PbxObject")
    number = o2g.account(role).number
    attributes = [a for a in body.get("attributes") or [] if isinstance(a, dict)]
    names = [str(a.get("name")) for a in attributes]
    problems = []
    if body.get("objectName") != "Subscriber":
        problems.append(f"objectName {body.get('objectName')!r}")
    if only is not None and sorted(names) != sorted(only.split(",")):
        problems.append(f"attributes {names} instead of {only.split(',')} (L10826)")
    if only is None and {"name": "Directory_Number", "value": [number]} not in attributes:
        problems.append("no Directory_Number [number] (PbxAttribute.value is a list, L11672)")
    if problems:
        raise NonConformance(
            "the instance asked for (PbxObject, L11684-11695)",
            op_id=GET,
            documented=f"Subscriber {number}",
            received=body,
            problems=problems,
        )


# -- pbx.instances.list ------------------------------------------------------------------------------------------------


def _fill(o2g: World, notes: PbxNotes, text: str) -> str:
    """`<number of A>` -> user A's phone number; `<prefix of A>` -> its first four digits; `<new>` -> the new one."""
    text = re.sub(r"<number of ([A-Z])>", lambda m: o2g.account(m.group(1)).number, text)
    text = re.sub(r"<prefix of ([A-Z])>", lambda m: o2g.account(m.group(1)).number[:4], text)
    return text.replace("<new>", str(notes.new_number))


LIST_STEP = (
    '{actor} lists the "(?P<path>[^"]+)" objects of the PBX of user {role}'
    '(?: with the filter "{filter_:text}")?(?: and the attributes "{attributes:text}")?'
)


@when(LIST_STEP, target_fixture="answer")
def list_instances(
    o2g: World,
    pbx_notes: PbxNotes,
    actor: Actor,
    path: str,
    role: Role,
    filter_: str | None,
    attributes: str | None,
) -> ApiResponse:
    """Sends pbx.instances.list on the object path (optionally with a filter and attributes)."""
    query = {}
    if filter_ is not None:
        query["filter"] = _fill(o2g, pbx_notes, filter_)
    if attributes is not None:
        query["attributes"] = attributes
    path = _fill(o2g, pbx_notes, path)
    return o2g.send(actor, LIST, path=instance_path(o2g, LIST, node_of(o2g, role), path), query=query or None)


def _ids(answer: ApiResponse) -> list[str]:
    body = answer_object(answer, "PbxObjectIds")
    ids = body.get("objectIds")
    # PbxObjectIds.objectIds (L11724); one example answers "instances" (L11285): the table is followed.
    if not isinstance(ids, list):
        raise NonConformance(
            "the ids are listed under objectIds (L11724, examples L11294-11322)",
            op_id=LIST,
            documented="objectIds: [...]",
            received=body,
        )
    return [str(i) for i in ids]


@then('the object ids listed (?P<how>include|are exactly|exclude) "{ids:text}"')
def ids_listed(o2g: World, pbx_notes: PbxNotes, answer: ApiResponse, how: str, ids: str) -> None:
    """Checks that PbxObjectIds.objectIds include, are exactly or exclude the ids given (L11245-11253)."""
    wanted = [_fill(o2g, pbx_notes, i.strip()) for i in ids.split(",") if i.strip()]
    got = _ids(answer)
    ok = {
        "include": all(i in got for i in wanted),
        "are exactly": sorted(got) == sorted(wanted),
        "exclude": not any(i in got for i in wanted),
    }[how]
    if not ok:
        raise NonConformance(
            f"the instances the filter selects (L11245-11253) {how} these ids",
            op_id=LIST,
            documented=wanted,
            received=got,
        )


@then('every object id listed begins with "{prefix:text}"')
def ids_begin(o2g: World, pbx_notes: PbxNotes, answer: ApiResponse, prefix: str) -> None:
    """Checks that every object id listed begins with the prefix: STARWITH: ==<value>* (L11247)."""
    start = _fill(o2g, pbx_notes, prefix)
    got = _ids(answer)
    if not got or any(not i.startswith(start) for i in got):
        raise NonConformance(
            "STARWITH: ==<value>* (L11247)", op_id=LIST, documented=f"ids beginning {start}", received=got
        )


@then('the objects listed give "{names:text}" for every id listed')
def objects_give(answer: ApiResponse, names: str) -> None:
    """Checks that PbxObjectIds.objects gives the attributes selected for every id listed (L11725)."""
    wanted = sorted(names.split(","))
    objects = answer_object(answer, "PbxObjectIds").get("objects")
    ids = _ids(answer)
    listed = [o for o in objects if isinstance(o, dict)] if isinstance(objects, list) else []
    given = {str(o.get("objectId")): sorted(str(a.get("name")) for a in o.get("attributes") or []) for o in listed}
    if sorted(given) != sorted(ids) or any(v != wanted for v in given.values()):
        raise NonConformance(
            "'attributes' adds each instance's selected values (PbxObjectIds.objects, L11725)",
            op_id=LIST,
            documented={i: wanted for i in ids},
            received=objects,
        )
