"""PBX management backend: one method per `pbx.*` operation over the emulated OXE objects (L10657-11730).

Readings chosen where the reference is silent or disagrees with itself:
- Rights: the service "mainly allows an administrator" (L10659) but is not reserved to administrators
  (the section never says so, unlike Analytics, L11740): user sessions may use it too.
- An unknown nodeId, object name or instance is NOT_FOUND; operations that document no 404 (L10731,
  L10768, L11527) answer it with 400, the core's rule for an undocumented status.
- GET on one segment: `{objectNameobjectId}` and `{objectName}` both match `instances/Subscriber`
  (L10812 vs L11232); the path is read by its segments: an odd number names an object and is listed.
  PUT and DELETE on an object name (odd) are not allowed (405 NOT_SUPPORTED): they act on instances.
- Attribute values are lists of strings as PbxAttribute says (L11672) and examples 2-3 show (L10916-10920,
  L10939-10944), not the plain strings of example 1 (L10857-10880); a plain string is accepted on input.
- The list's ids are under `objectIds` (L11725, examples L11294-11322), not `instances` (L11285).
- PUT without action replaces the given attributes; `action=add` / `action=delete` add or remove items of
  list attributes; the text says "add, remove" (L10951) and the examples use add and delete (L11085,
  L11143, L11166, L11180): `remove` is taken as `delete`. Any other action must be one of the object's
  actions (ReinitMemory, L11004-11010), with no attributes; else 405 NOT_SUPPORTED.
- Conflicts (L10948-10950): an instance changed by another session since this session's last operation on
  it (read, create or update) answers 409 NOT_EXPECTED until the session reads it again; a session that
  never touched the instance, and the add/delete list edits ("single operation", L10951), never conflict.
- Creation: 201 with no body (L11397); the identifier and mandatory attributes must be given (L11353), an
  existing identifier is 409 NOT_EXPECTED; the undocumented `action` parameter (L11345) is ignored.
- Deletion: `force` (given without value, L11230) uses FORCED_DELETE, allowed only where the model lists
  it (405 otherwise); an instance that still has sub-object instances needs it (NOT_EXPECTED).
- Events (package pbxManagement, no ids): created and deleted for Subscriber only (L10677-10679);
  modified for Subscriber and Subscriber_Alias, the objects the emulated PBX notifies (L10681), with the
  `father` of a sub-object (L11715-11719). An update that changes nothing sends nothing.
- Pbx.nodeId is an int as its table says (L11665), not the example's string (L10747); Pbxs.nodeIds and the
  events' nodeId are strings (L11730, L11642).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ...core import errors
from ...core.registry import Backend, state
from ...core.sessions import Session
from ..users.accounts import UserAccounts
from .filters import parse_filter
from .schema import MODEL, ROOT, ObjModel, model_of
from .store import Instance, build_node, child, resolve_instance, resolve_object

LIST_ACTIONS = {"add": "add", "delete": "delete", "remove": "delete"}
FORCED_DELETE = "FORCED_DELETE"


@dataclass(frozen=True)
class AttributeIn:
    """One PbxAttribute of a body (L11670-11674): its name, its values, whether a complexValue was sent."""

    name: str
    values: list[str] | None
    complex: bool = False


def _sort_key(id_: str) -> tuple[int, int, str]:
    return (0, int(id_), "") if id_.isdigit() else (1, 0, id_)


def _names(raw: str | None, model: ObjModel) -> list[str] | None:
    """The `attributes` query parameter: comma-separated names of the object's attributes (L10826, L11255)."""
    if raw is None:
        return None
    names = [n.strip() for n in raw.split(",")]
    if not raw.strip() or any(not n for n in names):
        raise errors.bad_parameter(f"attributes must be a comma separated list of attribute names, not {raw!r}")
    unknown = [n for n in names if model.attribute(n) is None]
    if unknown:
        raise errors.bad_parameter(f"{model.name} has no attribute {', '.join(unknown)}")
    return names


@state
class PbxManagement:
    """The OXE object trees of the nodes, built from the topology when first used."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._nodes: dict[int, Instance] = {}
        #: (session id, node id, instance path) -> the instance version this session last saw.
        self._seen: dict[tuple[str, int, str], int] = {}

    def _fqdn(self, node_id: int) -> str:
        name = next(n.name for n in self.backend.topology.nodes if n.id == node_id)
        return f"{name.lower()}.oxe.invalid"  # the name System management gives the node (GET /system/status)

    def _root(self, node: str) -> tuple[int, Instance]:
        ids = {n.id: n for n in self.backend.topology.nodes}
        if not node.isdigit() or int(node) not in ids:
            raise errors.not_found(f"no PBX node {node!r} (nodes: {', '.join(str(i) for i in ids)})")
        node_id = int(node)
        if node_id not in self._nodes:
            by_node: dict[int, list[Any]] = defaultdict(list)
            for sub in self.backend.state(UserAccounts).subscribers():
                by_node[sub.node_id].append(sub.user)
            self._nodes[node_id] = build_node(node_id, ids[node_id].name, by_node[node_id])
        return node_id, self._nodes[node_id]

    def _saw(self, session: Session, node_id: int, instance: Instance) -> None:
        self._seen[(session.id, node_id, instance.path)] = instance.version

    def _publish(self, name: str, node_id: int, instance: Instance) -> None:
        event: dict[str, Any] = {
            "eventName": name,
            "objectName": instance.model.name,
            "objectId": instance.id,
            "nodeId": str(node_id),
        }
        father = instance.father()
        if father is not None:
            event["father"] = father
        self.backend.bus.publish(event)

    # -- pbx.pbxs.list / pbx.pbxs.get ------------------------------------------------------------------
    def pbxs(self) -> dict[str, Any]:
        return {"nodeIds": [str(n.id) for n in self.backend.topology.nodes]}

    def pbx(self, node: str) -> dict[str, Any]:
        node_id, _ = self._root(node)
        return {"nodeId": node_id, "fqdn": self._fqdn(node_id)}

    # -- pbx.model.get / pbx.model.object.get ----------------------------------------------------------
    def model(self, node: str) -> dict[str, Any]:
        self._root(node)
        return MODEL[ROOT].view()

    def model_object(self, node: str, name: str) -> dict[str, Any]:
        self._root(node)
        return model_of(name).view()

    # -- pbx.instances.root.get / pbx.instances.object.get ---------------------------------------------
    def root(self, session: Session, node: str) -> dict[str, Any]:
        node_id, root = self._root(node)
        self._saw(session, node_id, root)
        return root.view()

    def get(self, session: Session, node: str, path: str, attributes: str | None, filter_: str | None) -> Any:
        if path.strip("/").count("/") % 2 == 0:  # an object name: the list (see the module docstring)
            return self.list_instances(node, path, filter_, attributes)
        node_id, root = self._root(node)
        instance = resolve_instance(root, path)
        if not instance.model.get:
            raise errors.not_supported(f"{instance.model.name} instances cannot be read", status=405)
        self._saw(session, node_id, instance)
        return instance.view(_names(attributes, instance.model))

    # -- pbx.instances.list ----------------------------------------------------------------------------
    def list_instances(self, node: str, path: str, filter_: str | None, attributes: str | None) -> dict[str, Any]:
        _, root = self._root(node)
        parent, model = resolve_object(root, path)
        if not model.get:
            raise errors.not_supported(f"{model.name} instances cannot be read", status=405)
        names = _names(attributes, model)
        keep = parse_filter(filter_, model) if filter_ is not None else None
        found = [i for i in child(parent, model.name).values() if keep is None or keep(i.values)]
        found.sort(key=lambda i: _sort_key(i.id))
        out: dict[str, Any] = {"objectName": model.name, "objectIds": [i.id for i in found]}
        if names is not None:
            out["objects"] = [{"objectId": i.id, "attributes": i.attributes_view(names)} for i in found]
        return out

    # -- attribute values ------------------------------------------------------------------------------
    @staticmethod
    def _values(model: ObjModel, attributes: list[AttributeIn]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for a in attributes:
            m = model.attribute(a.name)
            if m is None:
                raise errors.bad_parameter(f"{model.name} has no attribute {a.name!r}")
            if a.name in out:
                raise errors.bad_parameter(f"attribute {a.name} is given twice")
            if a.complex:
                raise errors.bad_parameter(f"{model.name}.{a.name} is not a sequence attribute: use 'value'")
            if a.values is None:
                raise errors.bad_parameter(f"attribute {a.name} has no 'value'")
            if m.read_only:
                raise errors.bad_parameter(f"{model.name}.{a.name} is read-only")
            if not m.multi and len(a.values) != 1:
                raise errors.bad_parameter(f"{model.name}.{a.name} takes exactly one value, not {len(a.values)}")
            for v in a.values:
                m.check(v)
            out[a.name] = list(a.values)
        return out

    @staticmethod
    def _coherent(model: ObjModel, values: dict[str, list[str]]) -> None:
        """Rules between attributes of one class: a free range begins before it ends."""
        if model.name == "Free_Range_List":
            begin, end = values.get("Begin_Range") or ["0"], values.get("End_Range") or ["0"]
            if len(begin[0]) != len(end[0]) or int(begin[0]) > int(end[0]):
                raise errors.bad_parameter(f"the range {begin[0]}-{end[0]} is empty or of numbers of unequal length")

    # -- pbx.instances.create --------------------------------------------------------------------------
    def create(self, session: Session, node: str, path: str, attributes: list[AttributeIn]) -> None:
        node_id, root = self._root(node)
        parent, model = resolve_object(root, path)
        if not model.create or model.singleton:
            raise errors.not_supported(f"{model.name} instances cannot be created", status=405)
        values = self._values(model, attributes)
        missing = [a.name for a in model.attributes if a.mandatory and not values.get(a.name)]
        if missing:
            raise errors.bad_parameter(f"mandatory attribute(s) of {model.name} missing: {', '.join(missing)}")
        assert model.key is not None  # every creatable class of the model has an identifier
        id_ = values[model.key][0]
        siblings = child(parent, model.name)
        if id_ in siblings:
            raise errors.not_expected(f"{model.name} {id_} already exists", status=409)
        instance = Instance.new(model, id_, values, parent)
        self._coherent(model, instance.values)
        siblings[id_] = instance
        self._saw(session, node_id, instance)
        if model.notify_lifecycle:
            self._publish("OnPbxObjectInstanceCreated", node_id, instance)

    # -- pbx.instances.object.update -------------------------------------------------------------------
    def update(self, session: Session, node: str, path: str, action: str | None, attributes: list[AttributeIn]) -> None:
        node_id, root = self._root(node)
        if path.strip("/").count("/") % 2 == 0:
            raise errors.not_supported(f"PUT names an instance ({{objectName}}/{{objectId}}), not {path!r}", status=405)
        instance = resolve_instance(root, path)
        model = instance.model
        if action is not None and action not in LIST_ACTIONS:
            if action not in model.actions or action == FORCED_DELETE:
                allowed = [a for a in model.actions if a != FORCED_DELETE]
                raise errors.not_supported(
                    f"action {action!r} is not allowed on {model.name} (allowed: {', '.join(allowed) or 'none'})",
                    status=405,
                )
            if attributes:
                raise errors.bad_parameter(f"the action {action} takes no attributes (body {{}})")
            self._saw(session, node_id, instance)
            return
        if not model.set:
            raise errors.not_supported(f"{model.name} instances cannot be modified", status=405)
        values = self._values(model, attributes)
        if not values:
            raise errors.bad_parameter("no attribute to change (PbxAttributes.attributes is empty)")
        if model.key in values and values[model.key] != [instance.id]:
            raise errors.bad_parameter(f"the identifier {model.key} of an instance cannot be changed")
        edit = LIST_ACTIONS.get(action or "")
        if edit is None:
            seen = self._seen.get((session.id, node_id, instance.path))
            if seen is not None and seen != instance.version:
                raise errors.not_expected(
                    f"{model.name} {instance.id} was changed by another session: read it again before updating",
                    status=409,
                )
        new = {k: list(v) for k, v in instance.values.items()}
        for name, given in values.items():
            attribute = model.attribute(name)
            assert attribute is not None  # _values checked every name
            if edit is not None and not attribute.multi:
                raise errors.bad_parameter(f"action={action} edits list attributes; {name} is not one")
            if edit == "add":
                new[name] = new[name] + [v for v in given if v not in new[name]]
            elif edit == "delete":
                new[name] = [v for v in new[name] if v not in given]
            else:
                new[name] = given
        self._coherent(model, new)
        changed = new != instance.values
        instance.values = new
        if changed:
            instance.version += 1
        self._saw(session, node_id, instance)
        if changed and model.notify_modified:
            self._publish("OnPbxObjectInstanceModified", node_id, instance)

    # -- pbx.instances.object.delete -------------------------------------------------------------------
    def delete(self, session: Session, node: str, path: str, force: bool) -> None:
        node_id, root = self._root(node)
        if path.strip("/").count("/") % 2 == 0:
            raise errors.not_supported(
                f"DELETE names an instance ({{objectName}}/{{objectId}}), not {path!r}", status=405
            )
        instance = resolve_instance(root, path)
        model = instance.model
        if not model.delete:
            raise errors.not_supported(f"{model.name} instances cannot be deleted", status=405)
        if force and FORCED_DELETE not in model.actions:
            raise errors.not_supported(f"{FORCED_DELETE} is not allowed on {model.name}", status=405)
        if not force and any(instance.children.values()):
            raise errors.not_expected(
                f"{model.name} {instance.id} has sub-object instances: delete them first or use force"
            )
        assert instance.parent is not None  # the node itself cannot be deleted (model: delete false)
        del instance.parent.children[model.name][instance.id]
        for key in [k for k in self._seen if k[1] == node_id and (k[2] + "/").startswith(instance.path + "/")]:
            del self._seen[key]
        if model.notify_lifecycle:
            self._publish("OnPbxObjectInstanceDeleted", node_id, instance)
