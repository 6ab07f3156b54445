"""Steps of PBX management: creating, deleting and updating instances (reference L10812, L11232) and their events."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse, Session
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, precondition, target_version
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
    _fill,
    _subscriber,
    _url,
    routable,
    send,
    values_of,
)
from .users import node_of

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


CREATE_STEP = (
    ACTOR + r" (?P<verb>has created|creates) a Subscriber with a free number on the PBX of user (?P<role>[A-Z])$"
)


@given(parsers.re(CREATE_STEP))
@when(parsers.re(CREATE_STEP))
def create_subscriber(o2g: World, undo: Undo, actor: str, verb: str, role: str) -> None:
    """The actor (has created|creates) a Subscriber with a free number on the PBX of user {role}.

    Sends pbx.instances.create, pbx.instances.list.
    """
    node = node_of(o2g, role)
    number = _free_number(o2g, node)
    o2g.values["pbx:new"] = number
    undo.append((f"Subscriber {number}", lambda: _delete_created(o2g, node, number)))
    response = send(o2g, actor_name(actor), "POST", CREATE, node, "Subscriber", json=_new_subscriber(number))
    if verb == "has created" and response.status != 201:
        raise AssertionError(f"creating Subscriber {number} failed: {response.status} {response.text}")


@when(parsers.re(ACTOR + r" creates a \"(?P<path>[^\"]+)\" object on the PBX of user (?P<role>[A-Z]) with:$"))
def create_with(o2g: World, undo: Undo, actor: str, path: str, role: str, datatable: list[list[str]]) -> None:
    """The actor creates a PBX object with the attribute values of the table (| name | value |)."""
    _, *rows = datatable
    attributes = [{"name": n, "value": [_fill(o2g, v) for v in value.split(",")] if value else []} for n, value in rows]
    node = node_of(o2g, role)
    response = send(o2g, actor_name(actor), "POST", CREATE, node, _fill(o2g, path), json={"attributes": attributes})
    if response.status == 201 and path == "Subscriber":  # a creation that should have failed: removed again
        number = next(a["value"][0] for a in attributes if a["name"] == "Directory_Number")
        undo.append((f"Subscriber {number}", lambda: _delete_created(o2g, node, number)))


@given(parsers.re(ACTOR + r" has created the alias (?P<alias>\d+) of the new Subscriber$"))
def create_alias(o2g: World, actor: str, alias: str) -> None:
    """Precondition: {actor} has created the alias {alias} of the new Subscriber; set up with pbx.instances.create."""
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
    """The actor deletes a Subscriber, an alias or a path on the PBX (optionally with force).

    Sends pbx.instances.object.delete.
    """
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
    """The actor changes the first name or an attribute of a Subscriber; restored at the end.

    Sends pbx.instances.object.get, pbx.instances.object.update.
    """
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
    """Checks that the first name of the (Subscriber of user {owner}|new Subscriber) is the new one.

    Reads pbx.instances.object.get.
    """
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
    """Checks that the attached devices of the Subscriber include or exclude the device named.

    Reads pbx.instances.object.get.
    """
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
    """Checks that {actor} receives "{name}" for the (Subscriber of user {owner}|new Subscriber)."""
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
