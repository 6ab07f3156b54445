"""Object instances of the emulated OXE nodes and the resolution of instance paths.

Paths follow L10666-10669, L10823 and L11242: `{object1Name}/{object1Id}/.../{objectxName}/{objectxId}`
names an instance (an even number of segments), `{object1Name}/{object1Id}/.../{objectxName}` an object
of a parent instance (odd). Every node starts with a Subscriber per device of its OXE subscribers (the
topology's users and the subscribers that are not O2G users yet), multi-device users' sets attached to
each other (Attached_MultiTandem, L11010-11024), and System_Parameters/1 with one free range.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ...core import errors
from ...core.topology import User
from .schema import MODEL, ROOT, ObjModel, model_of

#: Topology device type -> Station_Type.
STATION_TYPE = {
    "ALE": "NOE_C_Color_IP",
    "SIP": "SIP_Extension",
    "ANALOG": "ANALOG",
    "DECT": "DECT8",
    "SOFTPHONE": "IP_Desktop_Softphone",
    "MOBILE": "Remote_Extension",
    "VIRTUAL": "Virtual",
}
SOFTWARE_VERSION = "R12_4_1"


@dataclass
class Instance:
    """One object instance: its attribute values (lists of strings) and sub-object instances."""

    model: ObjModel
    id: str
    values: dict[str, list[str]]
    children: dict[str, dict[str, Instance]] = field(default_factory=dict)
    parent: Instance | None = None
    version: int = 0

    @classmethod
    def new(cls, model: ObjModel, id_: str, given: dict[str, list[str]], parent: Instance | None) -> Instance:
        """An instance with `given` values and the model's defaults for the others (L11353)."""
        values = {a.name: ([a.default] if a.default and not a.multi else []) for a in model.attributes}
        values.update(given)
        if model.key:
            values[model.key] = [id_]
        instance = cls(model, id_, values, parent=parent)
        instance.children = {c: {} for c in model.children}
        return instance

    @property
    def path(self) -> str:
        """The instance's path below the node (`Subscriber/70120/Subscriber_Alias/5`); '' for the node."""
        if self.parent is None:
            return ""
        head = self.parent.path
        return f"{head}/{self.model.name}/{self.id}" if head else f"{self.model.name}/{self.id}"

    def attributes_view(self, names: Iterable[str] | None = None) -> list[dict[str, Any]]:
        wanted = list(names) if names is not None else [a.name for a in self.model.attributes]
        return [{"name": n, "value": list(self.values.get(n, []))} for n in wanted]

    def view(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        """PbxObject (L11684-11695); the node has no objectId (example L10782-10810)."""
        out: dict[str, Any] = {"objectName": self.model.name}
        if self.parent is not None:
            out["objectId"] = self.id
        out["attributes"] = self.attributes_view(names)
        out["objectNames"] = list(self.model.children)
        out.update(self.model.flags())
        return out

    def father(self) -> dict[str, str] | None:
        """PbxObjectFather of an event (L11715-11719): the parent instance unless it is the node."""
        if self.parent is None or self.parent.parent is None:
            return None
        return {"objectName": self.parent.model.name, "objectId": self.parent.id}


def _segments(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    if not path.strip("/") or any(not p for p in parts):
        raise errors.bad_parameter(f"{path!r} is not an object path (an empty segment)")
    return parts


def resolve_instance(root: Instance, path: str) -> Instance:
    """The instance `path` names (an even number of segments); NOT_FOUND for an unknown name or id."""
    parts = _segments(path)
    if len(parts) % 2:
        raise errors.bad_parameter(f"{path!r} names an object, not an instance ({{objectName}}/{{objectId}})")
    current = root
    for name, id_ in zip(parts[::2], parts[1::2], strict=True):
        current = child(current, name).get(id_) or _missing(name, id_, current)
    return current


def resolve_object(root: Instance, path: str) -> tuple[Instance, ObjModel]:
    """The parent instance and the object class `path` names (an odd number of segments)."""
    parts = _segments(path)
    if len(parts) % 2 == 0:
        raise errors.bad_parameter(f"{path!r} names an instance, not an object")
    parent = resolve_instance(root, "/".join(parts[:-1])) if len(parts) > 1 else root
    child(parent, parts[-1])
    return parent, MODEL[parts[-1]]


def child(parent: Instance, name: str) -> dict[str, Instance]:
    """The instances of the sub-object `name` of `parent`; NOT_FOUND when the model has no such sub-object."""
    model_of(name)
    if name not in parent.children:
        where = f"{parent.model.name} {parent.id}" if parent.parent is not None else "the node"
        raise errors.not_found(f"{where} has no sub-object {name!r} (sub-objects: {', '.join(parent.model.children)})")
    return parent.children[name]


def _missing(name: str, id_: str, parent: Instance) -> NoReturn:
    where = f" of {parent.model.name} {parent.id}" if parent.parent is not None else ""
    raise errors.not_found(f"no {name} instance {id_!r}{where}")


def build_node(node_id: int, node_name: str, users: Iterable[User]) -> Instance:
    """The node's instance tree as the emulator starts it."""
    root = Instance.new(
        MODEL[ROOT],
        str(node_id),
        {"Network_Node_Number": [str(node_id)], "Node_Name": [node_name], "@Software_Version": [SOFTWARE_VERSION]},
        None,
    )
    subscribers = root.children["Subscriber"]
    for user in users:
        numbers = [d.number for d in user.devices]
        for device in user.devices:
            values = {
                "Annu_Name": [user.lastName],
                "Annu_First_Name": [user.firstName],
                "Station_Type": [STATION_TYPE.get(device.type, "NOE_C_IP")],
                "Attached_MultiTandem": [n for n in numbers if n != device.number],
            }
            subscribers[device.number] = Instance.new(MODEL["Subscriber"], device.number, values, root)
    params = Instance.new(MODEL["System_Parameters"], "1", {"Installation_Number": [f"EMU{node_id:05d}"]}, root)
    root.children["System_Parameters"]["1"] = params
    ranges = params.children["Free_Range_List"]
    ranges["range1"] = Instance.new(
        MODEL["Free_Range_List"], "range1", {"Begin_Range": ["2000"], "End_Range": ["2999"]}, params
    )
    return root
