"""Steps of PBX management: creating, deleting and updating instances (reference L10812, L11232) and their events."""

from __future__ import annotations

from typing import Any

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse, Session
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, EventName, Role, given, then, when

from .common import precondition, target_version
from .events import log_of
from .pbxmanagement import (
    ADMIN,
    CREATE,
    DELETE,
    GET,
    LIST,
    NEW_FIRST_NAME,
    SUBSCRIBER,
    UPDATE,
    PbxNotes,
    _fill,
    _subscriber,
    _url,
    instance_path,
    routable,
    values_of,
)
from .users import node_of

# -- pbx.instances.create / pbx.instances.object.delete ----------------------------------------------------------------


def _free_number(o2g: World, node: str) -> str:
    """A Directory_Number near user A's that no Subscriber of the node has."""
    response = o2g.aside(ADMIN, LIST, path=instance_path(o2g, LIST, node, "Subscriber"))
    taken = set(_ids_of(response))
    base = o2g.account("A").number
    for step in range(100, 10000, 100):
        candidate = str(int(base) + step).zfill(len(base))
        if len(candidate) == len(base) and candidate not in taken:
            return candidate
    precondition("no free Directory_Number near the number of user A")


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


CREATE_STEP = "{actor} (?P<verb>has created|creates) a Subscriber with a free number on the PBX of user {role}"


@given(CREATE_STEP, target_fixture="answer")
@when(CREATE_STEP, target_fixture="answer")
def create_subscriber(o2g: World, pbx_notes: PbxNotes, undo: Undo, actor: Actor, verb: str, role: Role) -> ApiResponse:
    """Sends pbx.instances.create of a Subscriber with a number pbx.instances.list shows free; deleted at teardown."""
    node = node_of(o2g, role)
    number = _free_number(o2g, node)
    pbx_notes.new_number = number
    undo.append((f"Subscriber {number}", lambda: _delete_created(o2g, node, number)))
    response = o2g.send(
        actor, CREATE, path=instance_path(o2g, CREATE, node, "Subscriber"), json=_new_subscriber(number)
    )
    if verb == "has created" and response.status != 201:
        raise AssertionError(f"creating Subscriber {number} failed: {response.status} {response.text}")
    return response


@when('{actor} creates a "(?P<path>[^"]+)" object on the PBX of user {role} with:', target_fixture="answer")
def create_with(
    o2g: World, pbx_notes: PbxNotes, undo: Undo, actor: Actor, path: str, role: Role, datatable: list[list[str]]
) -> ApiResponse:
    """Sends pbx.instances.create with the attribute values of the table (| name | value |)."""
    _, *rows = datatable
    attributes = [
        {"name": n, "value": [_fill(o2g, pbx_notes, v) for v in value.split(",")] if value else []} for n, value in rows
    ]
    node = node_of(o2g, role)
    body = {"attributes": attributes}
    response = o2g.send(actor, CREATE, path=instance_path(o2g, CREATE, node, _fill(o2g, pbx_notes, path)), json=body)
    if response.status == 201 and path == "Subscriber":  # a creation that should have failed: removed again
        number = next(a["value"][0] for a in attributes if a["name"] == "Directory_Number")
        undo.append((f"Subscriber {number}", lambda: _delete_created(o2g, node, number)))
    return response


@given("{actor} has created the alias {alias:count} of the new Subscriber", target_fixture="answer")
def create_alias(o2g: World, pbx_notes: PbxNotes, actor: Actor, alias: int) -> ApiResponse:
    """Precondition: pbx.instances.create of a Subscriber_Alias below the new Subscriber answered 201 (L11398)."""
    path = _subscriber(o2g, pbx_notes, None, "new") + "/Subscriber_Alias"
    body = {"attributes": [{"name": "Alias_Number", "value": [str(alias)]}]}  # example L11398-11416
    response = o2g.send(actor, CREATE, path=instance_path(o2g, CREATE, node_of(o2g, "A"), path), json=body)
    if response.status != 201:
        raise AssertionError(f"creating alias {alias} failed: {response.status} {response.text}")
    return response


@when(
    "{actor} deletes (?:"
    + SUBSCRIBER
    + '|the alias {alias:count} of the new Subscriber|"(?P<path_>[^"]+)" on the PBX of user A)'
    + "(?P<force> with force)?",
    target_fixture="answer",
)
def delete_instance(
    o2g: World,
    pbx_notes: PbxNotes,
    actor: Actor,
    owner: Role | None,
    new: str | None,
    alias: int | None,
    path_: str | None,
    force: str | None,
) -> ApiResponse:
    """Sends pbx.instances.object.delete on a Subscriber, an alias or a path (`?force` without value, L11230)."""
    if path_ is not None:
        path = _fill(o2g, pbx_notes, path_)
    elif alias is not None:
        path = _subscriber(o2g, pbx_notes, None, "new") + f"/Subscriber_Alias/{alias}"
    else:
        path = _subscriber(o2g, pbx_notes, owner, new)
    params = instance_path(o2g, DELETE, node_of(o2g, "A"), path)
    if force:  # "?force" without value (L11230): written into the URL, as a client does
        session = o2g.session(actor)
        return session.request("DELETE", _url(session, params["nodeId"], path) + "?force", op_id=DELETE)
    return o2g.send(actor, DELETE, path=params)


# -- pbx.instances.object.update ---------------------------------------------------------------------------------------


def _guard_values(o2g: World, notes: PbxNotes, undo: Undo, node: str, path: str, *names: str) -> dict[str, list[str]]:
    """Remember attribute values before the first change; at teardown the administrator reads and sets them back.

    Once per instance and attributes: the administrator's read counts as its last operation (L10948).
    """
    key = (path, names)
    if key in notes.guarded:
        return dict(notes.guarded[key])
    before = values_of(o2g, node, path)
    kept = {n: before.get(n) or [] for n in names}
    notes.guarded[key] = kept

    def restore() -> None:
        now = values_of(o2g, node, path)  # the read also clears a conflict (L10948-10949)
        changed = {n: v for n, v in kept.items() if now.get(n) != v}
        if changed:
            body = {"attributes": [{"name": n, "value": v} for n, v in changed.items()]}
            response = o2g.aside(ADMIN, UPDATE, path=instance_path(o2g, UPDATE, node, path), json=body)
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
    "(?:{who:actor}|(?P<other>another administrator)) (?P<verb>has changed|changes) the"
    ' (?:first name|attribute "{attribute:text}") of ' + SUBSCRIBER
)


@given(CHANGE_STEP, target_fixture="answer")
@when(CHANGE_STEP, target_fixture="answer")
def change_attribute(
    o2g: World,
    pbx_notes: PbxNotes,
    undo: Undo,
    who: Actor | None,
    other: str | None,
    verb: str,
    attribute: str | None,
    owner: Role | None,
    new: str | None,
) -> ApiResponse:
    """Sends pbx.instances.object.update of the first name or an attribute (the first name before restored).

    `another administrator` sends it in a second administrator session (the conflict rule, L10948).
    """
    node, path = node_of(o2g, owner or "A"), _subscriber(o2g, pbx_notes, owner, new)
    name = attribute or "Annu_First_Name"
    if attribute is None and not new:
        _guard_values(o2g, pbx_notes, undo, node, path, name)
    value = f"{NEW_FIRST_NAME}{len(o2g.exchanges) % 100}"
    body = {"attributes": [{"name": name, "value": [value]}]}  # example L10988-11004
    pbx_notes.change = (path, name, value)
    if other is not None or who is None:
        session = _other_admin(o2g)
        response = session.request("PUT", _url(session, node, path), json=body, op_id=UPDATE)
    else:
        response = o2g.send(who, UPDATE, path=instance_path(o2g, UPDATE, node, path), json=body)
    if verb == "has changed" and response.status != 204:
        raise AssertionError(f"changing {name} of {path} failed: {response.status} {response.text}")
    return response


@then("the first name of " + SUBSCRIBER + " is the new one")
def first_name_is(o2g: World, pbx_notes: PbxNotes, owner: Role | None, new: str | None) -> None:
    """Checks, reading pbx.instances.object.get, that the attribute changed last has the value sent (L10947)."""
    if pbx_notes.change is None:
        raise AssertionError("harness error: no attribute was changed earlier in this scenario")
    path, name, value = pbx_notes.change
    got = values_of(o2g, node_of(o2g, owner or "A"), path).get(name)
    if got != [value]:
        raise NonConformance(
            "PUT changes the given attribute values (L10947, example L10988-11004)",
            op_id=UPDATE,
            documented=[value],
            received=got,
        )


@when(
    "{actor} (?P<action>adds|removes) user {role}'s phone number (?:to|from) the attached devices of " + SUBSCRIBER,
    target_fixture="answer",
)
def edit_list(
    o2g: World,
    pbx_notes: PbxNotes,
    undo: Undo,
    actor: Actor,
    action: str,
    role: Role,
    owner: Role | None,
    new: str | None,
) -> ApiResponse:
    """Sends action=add / action=delete on the list attribute Attached_MultiTandem (examples L11165-11190)."""
    node, path = node_of(o2g, owner or "A"), _subscriber(o2g, pbx_notes, owner, new)
    _guard_values(o2g, pbx_notes, undo, node, path, "Attached_MultiTandem")
    body = {"attributes": [{"name": "Attached_MultiTandem", "value": [o2g.account(role).number]}]}
    query = {"action": "add" if action == "adds" else "delete"}
    return o2g.send(actor, UPDATE, path=instance_path(o2g, UPDATE, node, path), query=query, json=body)


@then("the attached devices of " + SUBSCRIBER + " (?P<how>include|exclude) user {role}'s phone number")
def attached_include(
    o2g: World, pbx_notes: PbxNotes, owner: Role | None, new: str | None, how: str, role: Role
) -> None:
    """Checks, reading pbx.instances.object.get, that Attached_MultiTandem includes or excludes the number."""
    path = _subscriber(o2g, pbx_notes, owner, new)
    values = values_of(o2g, node_of(o2g, owner or "A"), path).get("Attached_MultiTandem") or []
    if (o2g.account(role).number in values) != (how == "include"):
        raise NonConformance(
            "action=add / action=delete edit the items of a list attribute (L10950-10951)",
            op_id=UPDATE,
            documented=f"{how} {o2g.account(role).number}",
            received=values,
        )


@when('{actor} runs the action "{action:text}" on ' + SUBSCRIBER, target_fixture="answer")
def run_action(
    o2g: World, pbx_notes: PbxNotes, actor: Actor, action: str, owner: Role | None, new: str | None
) -> ApiResponse:
    """Sends pbx.instances.object.update with ?action= and an empty body (example L11004-11010)."""
    node, path = node_of(o2g, owner or "A"), _subscriber(o2g, pbx_notes, owner, new)
    params = instance_path(o2g, UPDATE, node, path)
    return o2g.send(actor, UPDATE, path=params, query={"action": action}, json={})


# -- events ------------------------------------------------------------------------------------------------------------


@given("{actor} listens to PBX management events")
def listens_pbx(o2g: World, actor: Actor) -> None:
    """Subscribes the actor to the pbxManagement package, which takes no ids (L2101), and opens its channel."""
    o2g.collect(actor, [{"names": ["pbxManagement"]}], wait=o2g.settings.event_timeout)


@then(
    '{actor} receives "(?P<name>OnPbxObjectInstance[A-Za-z]+)" for ' + SUBSCRIBER,
    converters={"name": EventName},
)
def receives_pbx_event(
    o2g: World, pbx_notes: PbxNotes, actor: Actor, name: EventName, owner: Role | None, new: str | None
) -> None:
    """Checks that the event came for the Subscriber, naming its node and no father (L11636-11660)."""
    number = _subscriber(o2g, pbx_notes, owner, new).split("/")[1]
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
