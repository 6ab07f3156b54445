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

import pytest
from pytest_bdd import given, parsers, then, when

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import UNSET, ApiResponse, Session
from o2g_conformance.plugin.world import World

from .common import ACTOR, actor_name, target_version
from .events import log_of
from .users import Undo, body_dict, node_of

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
        pytest.skip("the emulator's catalog routes {objectNameobjectId} as a single path segment (L10823)")
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
    o2g.response = o2g.session(actor_name(actor)).call(PBXS)


@then(parsers.re(r"the PBXs include the node of user (?P<role>[A-Z])$"))
def pbxs_include(o2g: World, role: str) -> None:
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
    op_id = {"the root object": ROOT, "the object model": MODEL}.get(what or "", PBX)
    o2g.response = o2g.session(actor_name(actor)).call(op_id, path={"nodeId": _node(o2g, role)})


@then(parsers.re(r"the PBX is the node of user (?P<role>[A-Z])$"))
def pbx_is(o2g: World, role: str) -> None:
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
    query = {"attributes": attributes} if attributes is not None else None
    path = _subscriber(o2g, owner, new)
    response = send(o2g, actor_name(actor), "GET", GET, node_of(o2g, owner or "A"), path, query=query)
    if verb == "has read" and response.status != 200:
        raise AssertionError(f"reading {path} failed: {response.status} {response.text}")


@when(parsers.re(ACTOR + r" reads a Subscriber that does not exist on the PBX of user (?P<role>[A-Z])$"))
def read_unknown_instance(o2g: World, actor: str, role: str) -> None:
    send(o2g, actor_name(actor), "GET", GET, node_of(o2g, role), f"Subscriber/{UNKNOWN_NUMBER}")


@then(parsers.re(r"the root object is the node with \"(?P<name>[^\"]+)\" among its sub-objects$"))
def root_is(o2g: World, name: str) -> None:
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
    start = _fill(o2g, prefix)
    got = _ids(o2g)
    if not got or any(not i.startswith(start) for i in got):
        raise NonConformance(
            "STARWITH: ==<value>* (L11247)", op_id=LIST, documented=f"ids beginning {start}", received=got
        )


@then(parsers.re(r"the objects listed give \"(?P<names>[^\"]+)\" for every id listed$"))
def objects_give(o2g: World, names: str) -> None:
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


# -- pbx.instances.create / pbx.instances.object.delete ----------------------------------------------------------------


def _free_number(o2g: World, node: str) -> str:
    """A Directory_Number near user A's that no Subscriber of the node has."""
    response = send(o2g, ADMIN, "GET", LIST, node, "Subscriber", keep=True)
    taken = set(_ids_of(response))
    base = o2g.account("A").number
    for step in range(100, 10000, 100):
        candidate = str(int(base) + step).zfill(len(base))
        if len(candidate) == len(base) and candidate not in taken:
            return candidate
    pytest.skip("no free Directory_Number near the number of user A")


def _ids_of(response: ApiResponse) -> list[str]:
    body = response.json if isinstance(response.json, dict) else {}
    return [str(i) for i in body.get("objectIds") or []]


def _delete_created(o2g: World, node: str, number: str) -> None:
    """Undo a creation: delete the Subscriber (forced, with whatever the scenario added below it)."""
    if not routable(o2g, "DELETE"):
        return  # an instance path the emulator cannot route yet; its reset before the next scenario restores it
    session = o2g.session(ADMIN)
    present = session.request("GET", _url(session, node, f"Subscriber/{number}"), op_id=GET)
    if present.status == 200:
        url = _url(session, node, f"Subscriber/{number}") + "?force"
        session.request("DELETE", url, op_id=DELETE, raise_for_error=True)


def _new_subscriber(number: str) -> dict[str, Any]:
    """The reference's example of a creation (L11374-11396) with another number."""
    values = {
        "Directory_Number": number,
        "Annu_Name": "Conformance",
        "Annu_First_Name": NEW_FIRST_NAME,
        "Station_Type": "NOE_C_IP",
    }
    return {"attributes": [{"name": k, "value": [v]} for k, v in values.items()]}


CREATE_STEP = (
    ACTOR + r" (?P<verb>has created|creates) a Subscriber with a free number on the PBX of user (?P<role>[A-Z])$"
)


@given(parsers.re(CREATE_STEP))
@when(parsers.re(CREATE_STEP))
def create_subscriber(o2g: World, undo: Undo, actor: str, verb: str, role: str) -> None:
    node = node_of(o2g, role)
    number = _free_number(o2g, node)
    o2g.values["pbx:new"] = number
    undo.append((f"Subscriber {number}", lambda: _delete_created(o2g, node, number)))
    response = send(o2g, actor_name(actor), "POST", CREATE, node, "Subscriber", json=_new_subscriber(number))
    if verb == "has created" and response.status != 201:
        raise AssertionError(f"creating Subscriber {number} failed: {response.status} {response.text}")


@when(parsers.re(ACTOR + r" creates a \"(?P<path>[^\"]+)\" object on the PBX of user (?P<role>[A-Z]) with:$"))
def create_with(o2g: World, undo: Undo, actor: str, path: str, role: str, datatable: list[list[str]]) -> None:
    """| name | value | rows (a value may be `<number of B>`; several values comma separated)."""
    _, *rows = datatable
    attributes = [{"name": n, "value": [_fill(o2g, v) for v in value.split(",")] if value else []} for n, value in rows]
    node = node_of(o2g, role)
    response = send(o2g, actor_name(actor), "POST", CREATE, node, _fill(o2g, path), json={"attributes": attributes})
    if response.status == 201 and path == "Subscriber":  # a creation that should have failed: removed again
        number = next(a["value"][0] for a in attributes if a["name"] == "Directory_Number")
        undo.append((f"Subscriber {number}", lambda: _delete_created(o2g, node, number)))


@given(parsers.re(ACTOR + r" has created the alias (?P<alias>\d+) of the new Subscriber$"))
def create_alias(o2g: World, actor: str, alias: str) -> None:
    path = _subscriber(o2g, None, "new") + "/Subscriber_Alias"
    body = {"attributes": [{"name": "Alias_Number", "value": [alias]}]}  # example L11398-11416
    response = send(o2g, actor_name(actor), "POST", CREATE, node_of(o2g, "A"), path, json=body)
    if response.status != 201:
        raise AssertionError(f"creating alias {alias} failed: {response.status} {response.text}")


@when(
    parsers.re(
        ACTOR
        + r" deletes (?:"
        + SUBSCRIBER
        + r"|the alias (?P<alias>\d+) of the new Subscriber|(?P<path_>\"[^\"]+\") on the PBX of user A)"
        + r"(?P<force> with force)?$"
    )
)
def delete_instance(
    o2g: World,
    actor: str,
    owner: str | None,
    new: str | None,
    alias: str | None,
    path_: str | None,
    force: str | None,
) -> None:
    if path_ is not None:
        path = _fill(o2g, path_.strip('"'))
    elif alias is not None:
        path = _subscriber(o2g, None, "new") + f"/Subscriber_Alias/{alias}"
    else:
        path = _subscriber(o2g, owner, new)
    query = "force" if force else None  # "?force" without value (L11230)
    send(o2g, actor_name(actor), "DELETE", DELETE, node_of(o2g, "A"), path, query=query)


# -- pbx.instances.object.update ---------------------------------------------------------------------------------------


def _guard_values(o2g: World, undo: Undo, node: str, path: str, *names: str) -> dict[str, list[str]]:
    """Remember attribute values before the first change; at teardown the administrator reads and sets them back.

    Once per instance and attributes: the administrator's read counts as its last operation (L10948).
    """
    key = f"pbx:guard:{path}:{','.join(names)}"
    if key in o2g.values:
        return dict(o2g.values[key])
    before = values_of(o2g, node, path)
    kept = {n: before.get(n) or [] for n in names}
    o2g.values[key] = kept

    def restore() -> None:
        now = values_of(o2g, node, path)  # the read also clears a conflict (L10948-10949)
        changed = {n: v for n, v in kept.items() if now.get(n) != v}
        if changed:
            body = {"attributes": [{"name": n, "value": v} for n, v in changed.items()]}
            response = send(o2g, ADMIN, "PUT", UPDATE, node, path, json=body, keep=True)
            if response.status != 204:
                raise AssertionError(f"restoring {path}: {response.status} {response.text}")

    undo.append((f"{', '.join(names)} of {path}", restore))
    return kept


def _other_admin(o2g: World) -> Session:
    """A second administrator session: 'another administrator' of the conflict rule (L10948)."""
    if "admin-2" not in o2g.sessions:
        client = o2g.new_client()
        o2g.clients["admin-2"] = client
        account = o2g.target.admin
        o2g.set_session("admin-2", client.open_session(client.authenticate(account.login, account.password)))
    return o2g.sessions["admin-2"]


CHANGE_STEP = (
    r"(?P<who>" + ACTOR[len("(?P<actor>") : -1] + r"|another administrator) (?P<verb>has changed|changes) the"
    r" (?:first name|attribute \"(?P<attribute>[^\"]+)\") of " + SUBSCRIBER + r"$"
)


@given(parsers.re(CHANGE_STEP))
@when(parsers.re(CHANGE_STEP))
def change_attribute(
    o2g: World, undo: Undo, who: str, verb: str, attribute: str | None, owner: str | None, new: str | None
) -> None:
    node, path = node_of(o2g, owner or "A"), _subscriber(o2g, owner, new)
    name = attribute or "Annu_First_Name"
    if attribute is None and not new:
        _guard_values(o2g, undo, node, path, name)
    value = f"{NEW_FIRST_NAME}{len(o2g.exchanges) % 100}"
    body = {"attributes": [{"name": name, "value": [value]}]}  # example L10988-11004
    o2g.values["pbx:value"] = (path, name, value)
    if who == "another administrator":
        session = _other_admin(o2g)
        response = session.request("PUT", _url(session, node, path), json=body, op_id=UPDATE)
    else:
        response = send(o2g, actor_name(who), "PUT", UPDATE, node, path, json=body)
    if verb == "has changed" and response.status != 204:
        raise AssertionError(f"changing {name} of {path} failed: {response.status} {response.text}")


@then(parsers.re(r"the first name of " + SUBSCRIBER + r" is the new one$"))
def first_name_is(o2g: World, owner: str | None, new: str | None) -> None:
    path, name, value = o2g.values["pbx:value"]
    got = values_of(o2g, node_of(o2g, owner or "A"), path).get(name)
    if got != [value]:
        raise NonConformance(
            "PUT changes the given attribute values (L10947, example L10988-11004)",
            op_id=UPDATE,
            documented=[value],
            received=got,
        )


@when(
    parsers.re(
        ACTOR
        + r" (?P<action>adds|removes) user (?P<role>[A-Z])'s phone number (?:to|from) the attached devices of "
        + SUBSCRIBER
        + r"$"
    )
)
def edit_list(o2g: World, undo: Undo, actor: str, action: str, role: str, owner: str | None, new: str | None) -> None:
    """action=add / action=delete on the list attribute Attached_MultiTandem (examples L11165-11190)."""
    node, path = node_of(o2g, owner or "A"), _subscriber(o2g, owner, new)
    _guard_values(o2g, undo, node, path, "Attached_MultiTandem")
    body = {"attributes": [{"name": "Attached_MultiTandem", "value": [o2g.account(role).number]}]}
    query = {"action": "add" if action == "adds" else "delete"}
    send(o2g, actor_name(actor), "PUT", UPDATE, node, path, query=query, json=body)


@then(
    parsers.re(
        r"the attached devices of " + SUBSCRIBER + r" (?P<how>include|exclude) user (?P<role>[A-Z])'s phone number$"
    )
)
def attached_include(o2g: World, owner: str | None, new: str | None, how: str, role: str) -> None:
    path = _subscriber(o2g, owner, new)
    values = values_of(o2g, node_of(o2g, owner or "A"), path).get("Attached_MultiTandem") or []
    if (o2g.account(role).number in values) != (how == "include"):
        raise NonConformance(
            "action=add / action=delete edit the items of a list attribute (L10950-10951)",
            op_id=UPDATE,
            documented=f"{how} {o2g.account(role).number}",
            received=values,
        )


@when(parsers.re(ACTOR + r" runs the action \"(?P<action>[^\"]+)\" on " + SUBSCRIBER + r"$"))
def run_action(o2g: World, actor: str, action: str, owner: str | None, new: str | None) -> None:
    """An object action with an empty body (example L11004-11010)."""
    node, path = node_of(o2g, owner or "A"), _subscriber(o2g, owner, new)
    send(o2g, actor_name(actor), "PUT", UPDATE, node, path, query={"action": action}, json={})


# -- events ------------------------------------------------------------------------------------------------------------


@given(parsers.re(ACTOR + r" listens to PBX management events$"))
def listens_pbx(o2g: World, actor: str) -> None:
    """The pbxManagement package takes no ids (L2101)."""
    o2g.collect(actor_name(actor), [{"names": ["pbxManagement"]}], wait=o2g.settings.event_timeout)


@then(parsers.re(ACTOR + r" receives \"(?P<name>OnPbxObjectInstance[A-Za-z]+)\" for " + SUBSCRIBER + r"$"))
def receives_pbx_event(o2g: World, actor: str, name: str, owner: str | None, new: str | None) -> None:
    number = _subscriber(o2g, owner, new).split("/")[1]
    where = {"objectName": "Subscriber", "objectId": number}
    event = log_of(o2g, actor).wait_for(name, where=where, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    node = node_of(o2g, owner or "A")
    if event.get("nodeId") != node or "father" in event:
        raise NonConformance(
            f"{name} names the node and no father for a Subscriber (L11636-11660)",
            documented={**where, "nodeId": node},
            received=event,
        )
