"""The emulated OXE object model: object classes, their attributes and what may be done with them.

A small tree in the image of the reference's examples (L10782-10810, L10853-10946, L11374-11431): the
node (root) holds Subscriber (identifier Directory_Number; sub-object Subscriber_Alias, identifier
Alias_Number) and the singleton System_Parameters (id 1; sub-object Free_Range_List, identifier Name).
Attribute names starting with '@' are read-only (@Software_Version, L10791). The model has no sequence
(complex) attribute: a `complexValue` is refused as not matching the model.

Readings chosen where the reference disagrees with itself: the model and the instances are rendered as
the representation tables say (AttributeModel L11568-11578, ObjectModel L11580-11593, PbxObject
L11684-11695): `mandatory`, `allowedValues` as a list of strings, `lengthValue`, `otherActions`; not as
the examples (`optional`, `allowedValues` object with `lenght`/`length`, `actions`: L11483-11488,
L11541-11547, L10810, L10904).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...core import errors


@dataclass(frozen=True)
class AttrModel:
    """One attribute of an object class (AttributeModel, L11568-11578)."""

    name: str
    type: str = "octetString"  # octetString | integer | enumerated | boolean
    mandatory: bool = False
    multi: bool = False
    allowed: tuple[str, ...] = ()  # enumerated values
    low: int | None = None  # integer range
    high: int | None = None
    length: int | None = None  # octetString max length
    digits: bool = False  # an octetString of digits (directory numbers)
    default: str = ""
    filtering: bool = False

    @property
    def read_only(self) -> bool:
        return self.name.startswith("@")

    def view(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "mandatory": self.mandatory,
            "typeValue": self.type,
            "multiValue": self.multi,
        }
        if self.allowed:
            out["allowedValues"] = list(self.allowed)
        elif self.type == "integer" and self.low is not None and self.high is not None:
            out["allowedValues"] = [f"{self.low}..{self.high}"]
        elif self.type == "boolean":
            out["allowedValues"] = ["true", "false"]
        if self.length is not None:
            out["lengthValue"] = str(self.length)
        out["defautValue"] = self.default  # sic: the representation's spelling (L11576)
        out["filtering"] = self.filtering
        return out

    def check(self, value: str) -> None:
        """A single value fits the attribute; BAD_PARAMETER otherwise."""
        if self.type == "integer":
            if not re.fullmatch(r"-?\d{1,9}", value):
                raise errors.bad_parameter(f"{self.name}: {value!r} is not an integer")
            number = int(value)
            if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
                raise errors.bad_parameter(f"{self.name}: {value} is out of the range {self.low}..{self.high}")
        elif self.type == "enumerated":
            if value not in self.allowed:
                raise errors.bad_parameter(f"{self.name}: {value!r} is not one of {', '.join(self.allowed)}")
        elif self.type == "boolean":
            if value not in ("true", "false"):
                raise errors.bad_parameter(f"{self.name}: {value!r} is not true or false")
        else:
            if self.length is not None and len(value) > self.length:
                raise errors.bad_parameter(f"{self.name}: {value!r} is longer than {self.length} characters")
            if self.digits and not value.isdigit():
                raise errors.bad_parameter(f"{self.name}: {value!r} is not a number (digits)")


@dataclass(frozen=True)
class ObjModel:
    """An object class (ObjectModel, L11580-11593) and how the emulator treats its instances."""

    name: str
    attributes: tuple[AttrModel, ...]
    key: str | None = None  # the identifier attribute; None for the root and singletons
    children: tuple[str, ...] = ()
    singleton: bool = False  # one instance, id "1" (System_Parameters/1, L10669)
    create: bool = True
    delete: bool = True
    set: bool = True
    get: bool = True
    hidden: bool = False
    actions: tuple[str, ...] = ()
    #: OnPbxObjectInstanceCreated/Deleted concern Subscriber only (L10677-10679).
    notify_lifecycle: bool = False
    #: OnPbxObjectInstanceModified: objects "having a notification mechanism" (L10681).
    notify_modified: bool = False

    def attribute(self, name: str) -> AttrModel | None:
        return next((a for a in self.attributes if a.name == name), None)

    def flags(self) -> dict[str, Any]:
        return {
            "create": self.create,
            "delete": self.delete,
            "set": self.set,
            "get": self.get,
            "otherActions": list(self.actions),
        }

    def view(self) -> dict[str, Any]:
        return {
            "objectName": self.name,
            "attributes": [a.view() for a in self.attributes],
            "objects": [MODEL[c].view() for c in self.children],
            "hidden": self.hidden,
            **self.flags(),
        }


_NAME = AttrModel("Annu_Name", length=20, filtering=True)
_FIRST_NAME = AttrModel("Annu_First_Name", length=20, filtering=True)
STATION_TYPES = (
    "ANALOG",
    "NOE_C_IP",
    "NOE_C_Color_IP",
    "SIP_Extension",
    "DECT8",
    "IP_Desktop_Softphone",
    "Remote_Extension",
    "Virtual",
)
ROOT = "Node"

MODEL: dict[str, ObjModel] = {
    m.name: m
    for m in (
        ObjModel(
            ROOT,
            (
                AttrModel("Network_Node_Number", "integer", low=1, high=999),
                AttrModel("Node_Name", length=20),
                AttrModel("@Software_Version", length=20),
            ),
            children=("Subscriber", "System_Parameters"),
            create=False,
            delete=False,
            actions=("Resynchro",),
        ),
        ObjModel(
            "Subscriber",
            (
                AttrModel("Directory_Number", mandatory=True, length=8, digits=True, filtering=True),
                _NAME,
                _FIRST_NAME,
                AttrModel("Station_Type", "enumerated", allowed=STATION_TYPES, default="NOE_C_IP", filtering=True),
                AttrModel("Entity_Number", "integer", low=0, high=1000, default="1", filtering=True),
                AttrModel("Right_Profile_Name", length=15),
                AttrModel("Attached_MultiTandem", multi=True, length=8, digits=True),
                AttrModel("CPCTimer", "integer", low=0, high=255, default="0"),
            ),
            key="Directory_Number",
            children=("Subscriber_Alias",),
            actions=("ReinitMemory", "FORCED_DELETE"),
            notify_lifecycle=True,
            notify_modified=True,
        ),
        ObjModel(
            "Subscriber_Alias",
            (AttrModel("Alias_Number", "integer", mandatory=True, low=0, high=15, filtering=True), _NAME, _FIRST_NAME),
            key="Alias_Number",
            notify_modified=True,
        ),
        ObjModel(
            "System_Parameters",
            (
                AttrModel("Installation_Number", length=16),
                AttrModel("Date_Format", "enumerated", allowed=("DD/MM/YY", "MM/DD/YY"), default="DD/MM/YY"),
                AttrModel("Time_Zone_Name", length=32, default="Europe/Paris"),
            ),
            children=("Free_Range_List",),
            singleton=True,
            create=False,
            delete=False,
        ),
        ObjModel(
            "Free_Range_List",
            (
                AttrModel("Name", mandatory=True, length=15, filtering=True),
                AttrModel("Begin_Range", mandatory=True, length=8, digits=True, filtering=True),
                AttrModel("End_Range", mandatory=True, length=8, digits=True, filtering=True),
            ),
            key="Name",
        ),
    )
}


def model_of(name: str) -> ObjModel:
    """The class named `name`, NOT_FOUND otherwise."""
    found = MODEL.get(name)
    if found is None:
        raise errors.not_found(f"no object {name!r} in the PBX model")
    return found
