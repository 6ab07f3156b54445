"""Steps of PBX management: nodes, the object model, object instances and their events (reference L10657-11730).

Instance paths have several segments (`Subscriber/70120/Subscriber_Alias/5`, L10666-10669, L10823): they
are sent as they are, segment by segment, the way clients write them. The emulator routes them once its
catalog takes `{objectNameobjectId}` over several segments; until then such scenarios skip on the emulator
(never on a real target). Every creation, change and deletion is undone at teardown.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from pytest_bdd import parsers

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance
from o2g_conformance.client import UNSET, ApiResponse, Session
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, precondition
from .users import body_dict, node_of

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
#: `the PBX of user A` or `a PBX that does not exist`.
NODE = r"(?:the PBX of user (?P<role>[A-Z])|(?P<unknown>a PBX that does not exist))"
SUBSCRIBER = r"the (?:Subscriber of user (?P<owner>[A-Z])|(?P<new>new) Subscriber)"


def _node(o2g: World, role: str | None) -> str:
    return node_of(o2g, role) if role else UNKNOWN_NODE


def routable(o2g: World, method: str = "GET") -> bool:
    """False on an emulator whose catalog routes `{objectNameobjectId}` as a single segment (see the docstring)."""
    probe = load_catalog().operation(ROOT).render_path({"nodeId": "1"}) + "/Subscriber/1"
    return not o2g.target.is_emulator or load_catalog().match(method, probe) is not None


def _url(session: Session, node: str, path: str) -> str:
    base = session.url_for(ROOT, {"nodeId": node})
    return base + "/" + "/".join(quote(segment, safe=",-") for segment in path.strip("/").split("/"))


def send(
    o2g: World,
    actor: str,
    method: str,
    op_id: str,
    node: str,
    path: str,
    *,
    query: dict[str, str] | str | None = None,
    json: Any = UNSET,
    keep: bool = False,
) -> ApiResponse:
    """An instance request; the scenario's answer unless `keep` (a read a step needs besides its own).

    A `query` string is sent as written (`force` without value, L11230).
    """
    if path.count("/") and not routable(o2g):
        precondition("the emulator's catalog routes {objectNameobjectId} as a single path segment (L10823)")
    session = o2g.session(actor)
    kept = o2g.response
    url = _url(session, node, path)
    if isinstance(query, str):
        url, query = f"{url}?{query}", None
    response = session.request(method, url, query=query, json=json, op_id=op_id)
    o2g.response = kept if keep else response
    return response


def _subscriber(o2g: World, owner: str | None, new: str | None) -> str:
    if new:
        number = o2g.values.get("pbx:new")
        if number is None:
            raise AssertionError("no Subscriber was created in this scenario")
        return f"Subscriber/{number}"
    assert owner is not None
    return f"Subscriber/{o2g.account(owner).number}"


def values_of(o2g: World, node: str, path: str) -> dict[str, list[str]]:
    """The attribute values of an instance as the administrator reads it."""
    response = send(o2g, ADMIN, "GET", GET, node, path, keep=True)
    if response.status != 200 or not isinstance(response.json, dict):
        raise NonConformance("the instance is read back", op_id=GET, documented="200", received=response.status)
    attributes = response.json.get("attributes") or []
    return {str(a.get("name")): list(a.get("value") or []) for a in attributes if isinstance(a, dict)}


# -- pbx.pbxs.list / pbx.pbxs.get --------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" lists the PBXs$"))
def list_pbxs(o2g: World, actor: str) -> None:
    """The actor lists the PBXs; sends pbx.pbxs.list."""
    o2g.response = o2g.session(actor_name(actor)).call(PBXS)


@then(parsers.re(r"the PBXs include the node of user (?P<role>[A-Z])$"))
def pbxs_include(o2g: World, role: str) -> None:
    """Checks that the PBXs include the node of user {role} (via users.user.get)."""
    ids = body_dict(o2g, "Pbxs").get("nodeIds")
    node = node_of(o2g, role)
    if not isinstance(ids, list) or node not in ids:
        raise NonConformance(
            "Pbxs.nodeIds lists the nodes as strings (L11730, example L10711-10714)",
            op_id=PBXS,
            documented=f"a list with {node!r}",
            received=ids,
        )


@when(parsers.re(ACTOR + r" reads (?:(?P<what>the root object|the object model) of )?" + NODE + r"$"))
def read_node(o2g: World, actor: str, what: str | None, role: str | None, unknown: str | None) -> None:
    """The actor reads [the root object|the object model) of ](the PBX of user {role}|a PBX that does not exist).

    Sends pbx.instances.root.get, pbx.model.get, pbx.pbxs.get.
    """
    op_id = {"the root object": ROOT, "the object model": MODEL}.get(what or "", PBX)
    o2g.response = o2g.session(actor_name(actor)).call(op_id, path={"nodeId": _node(o2g, role)})


@then(parsers.re(r"the PBX is the node of user (?P<role>[A-Z])$"))
def pbx_is(o2g: World, role: str) -> None:
    """Checks that the PBX is the node of user {role}: the PBX asked for, with its FQDN (Pbx, L11663-11666)."""
    body = body_dict(o2g, "Pbx")
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


@when(parsers.re(ACTOR + r" reads the model of \"(?P<name>[^\"]+)\" on " + NODE + r"$"))
def read_model_object(o2g: World, actor: str, name: str, role: str | None, unknown: str | None) -> None:
    """The actor reads the model of "{name}" on (the PBX of user {role}|a PBX that does not exist).

    Sends pbx.model.object.get.
    """
    path = {"nodeId": _node(o2g, role), "objectName": name}
    o2g.response = o2g.session(actor_name(actor)).call(MODEL_OBJECT, path=path)


def _models(model: Any) -> list[dict[str, Any]]:
    """Every ObjectModel of a tree (ObjectModel.objects, L11587)."""
    if not isinstance(model, dict):
        return []
    found = [model]
    for sub in model.get("objects") or []:
        found += _models(sub)
    return found


@then(parsers.re(r"the model describes the object \"(?P<name>[^\"]+)\"$"))
def model_describes(o2g: World, name: str) -> None:
    """Checks that the model describes the object "{name}"."""
    tree = body_dict(o2g, "ObjectModel")
    names = [m.get("objectName") for m in _models(tree)]
    if name not in names:
        raise NonConformance(
            "the model of the whole PBX is a tree of ObjectModel (L11468-11506, L11580-11593)",
            op_id=MODEL,
            documented=f"an object {name!r}",
            received=names,
        )


@then(parsers.re(r"the model is that of \"(?P<name>[^\"]+)\" with its (?P<key>[A-Za-z_]+) attribute mandatory$"))
def model_is(o2g: World, name: str, key: str) -> None:
    """Checks that the model is that of "{name}" with its {key} attribute mandatory."""
    model = body_dict(o2g, "ObjectModel")
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


INSTANCE_READ = (
    ACTOR + r" (?P<verb>has read|reads) " + SUBSCRIBER + r"(?: with the attributes \"(?P<attributes>[^\"]*)\")?$"
)


@given(parsers.re(INSTANCE_READ))
@when(parsers.re(INSTANCE_READ))
def read_instance(
    o2g: World, actor: str, verb: str, owner: str | None, new: str | None, attributes: str | None
) -> None:
    """The actor reads a Subscriber of the PBX (optionally some attributes only); sends pbx.instances.object.get."""
    query = {"attributes": attributes} if attributes is not None else None
    path = _subscriber(o2g, owner, new)
    response = send(o2g, actor_name(actor), "GET", GET, node_of(o2g, owner or "A"), path, query=query)
    if verb == "has read" and response.status != 200:
        raise AssertionError(f"reading {path} failed: {response.status} {response.text}")


@when(parsers.re(ACTOR + r" reads a Subscriber that does not exist on the PBX of user (?P<role>[A-Z])$"))
def read_unknown_instance(o2g: World, actor: str, role: str) -> None:
    """The actor reads a Subscriber that does not exist on the PBX of user {role}; sends pbx.instances.object.get."""
    send(o2g, actor_name(actor), "GET", GET, node_of(o2g, role), f"Subscriber/{UNKNOWN_NUMBER}")


@then(parsers.re(r"the root object is the node with \"(?P<name>[^\"]+)\" among its sub-objects$"))
def root_is(o2g: World, name: str) -> None:
    """Checks that the root object is the node with "{name}" among its sub-objects."""
    body = body_dict(o2g, "PbxObject")
    names = body.get("objectNames")
    if not isinstance(names, list) or not any(n == name or str(n).endswith("/" + name) for n in names):
        raise NonConformance(
            "the node's first instantiable sub-objects (PbxObject.objectNames, L10752-10756)",
            op_id=ROOT,
            documented=f"objectNames with {name!r}",
            received=names,
        )


@then(
    parsers.re(
        r"the object is the Subscriber of user (?P<role>[A-Z])(?: with only the attributes \"(?P<only>[^\"]+)\")?$"
    )
)
def object_is(o2g: World, role: str, only: str | None) -> None:
    """Checks that the object is the Subscriber of user {role}[ with only the attributes "{only}"]."""
    body = body_dict(o2g, "PbxObject")
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


def _fill(o2g: World, text: str) -> str:
    """`<number of A>` -> user A's phone number; `<prefix of A>` -> its first four digits; `<new>` -> the new one."""
    text = re.sub(r"<number of ([A-Z])>", lambda m: o2g.account(m.group(1)).number, text)
    text = re.sub(r"<prefix of ([A-Z])>", lambda m: o2g.account(m.group(1)).number[:4], text)
    return text.replace("<new>", str(o2g.values.get("pbx:new")))


LIST_STEP = (
    ACTOR + r" lists the \"(?P<path>[^\"]+)\" objects of the PBX of user (?P<role>[A-Z])"
    r"(?: with the filter \"(?P<filter_>[^\"]*)\")?(?: and the attributes \"(?P<attributes>[^\"]*)\")?$"
)


@when(parsers.re(LIST_STEP))
def list_instances(o2g: World, actor: str, path: str, role: str, filter_: str | None, attributes: str | None) -> None:
    """The actor lists objects of a PBX path (optionally filtered, with attributes); sends pbx.instances.list."""
    query = {}
    if filter_ is not None:
        query["filter"] = _fill(o2g, filter_)
    if attributes is not None:
        query["attributes"] = attributes
    send(o2g, actor_name(actor), "GET", LIST, node_of(o2g, role), _fill(o2g, path), query=query or None)


def _ids(o2g: World) -> list[str]:
    body = body_dict(o2g, "PbxObjectIds")
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


@then(parsers.re(r"the object ids listed (?P<how>include|are exactly|exclude) \"(?P<ids>[^\"]*)\"$"))
def ids_listed(o2g: World, how: str, ids: str) -> None:
    """Checks that the object ids listed (include|are exactly|exclude) "{ids}"."""
    wanted = [_fill(o2g, i.strip()) for i in ids.split(",") if i.strip()]
    got = _ids(o2g)
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


@then(parsers.re(r"every object id listed begins with \"(?P<prefix>[^\"]+)\"$"))
def ids_begin(o2g: World, prefix: str) -> None:
    """Checks that every object id listed begins with "{prefix}": STARWITH: ==<value>* (L11247)."""
    start = _fill(o2g, prefix)
    got = _ids(o2g)
    if not got or any(not i.startswith(start) for i in got):
        raise NonConformance(
            "STARWITH: ==<value>* (L11247)", op_id=LIST, documented=f"ids beginning {start}", received=got
        )


@then(parsers.re(r"the objects listed give \"(?P<names>[^\"]+)\" for every id listed$"))
def objects_give(o2g: World, names: str) -> None:
    """Checks that the objects listed give "{names}" for every id listed."""
    wanted = sorted(names.split(","))
    objects = body_dict(o2g, "PbxObjectIds").get("objects")
    ids = _ids(o2g)
    listed = [o for o in objects if isinstance(o, dict)] if isinstance(objects, list) else []
    given = {str(o.get("objectId")): sorted(str(a.get("name")) for a in o.get("attributes") or []) for o in listed}
    if sorted(given) != sorted(ids) or any(v != wanted for v in given.values()):
        raise NonConformance(
            "'attributes' adds each instance's selected values (PbxObjectIds.objects, L11725)",
            op_id=LIST,
            documented={i: wanted for i in ids},
            received=objects,
        )
