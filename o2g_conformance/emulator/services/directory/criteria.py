"""Search criteria of the directory: the Criterion tree, its evaluation on a phone book entry, DTMF keypads."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

Attribute = Literal["lastName", "firstName", "id.phoneNumber", "id.loginName"]  # L6704-6715
Comparison = Literal["EQUAL_IGNORE_CASE", "BEGIN_WITH", "CONTAIN", "END_WITH"]  # L6746-6754
Logical = Literal["AND", "OR"]
MAX_DEPTH = 8
DISPLAY_DIALABLE = re.compile(r'^\s*"[^"]*"\s*<([^>]*)>\s*$')

#: Keypads for the search by DTMF. ITU is the E.161 keypad. The reference lost the definition of
#: KeyboardType (its header is glued to Operation at L6746; values only in the example L6799): the emulator
#: reads CCITT as the older layout without Q and Z on 7 and 9, which carries them on key 1.
_ITU = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}
_CCITT = {**_ITU, "1": "QZ", "7": "PRS", "9": "WXY"}
KEYPADS: dict[str, dict[str, str]] = {
    name: {letter: key for key, letters in pad.items() for letter in letters}
    for name, pad in (("ITU", _ITU), ("CCITT", _CCITT))
}


@dataclass(frozen=True)
class Contact:
    """One phone book entry of the call server; `login` only when the subscriber is an O2G user."""

    first_name: str
    last_name: str
    phone_number: str
    login: str | None

    def value(self, attribute: str) -> str | None:
        return {
            "lastName": self.last_name,
            "firstName": self.first_name,
            "id.phoneNumber": self.phone_number,
            "id.loginName": self.login,
        }[attribute]

    def view(self) -> dict[str, Any]:
        """PartyInfo (L6755-6760)."""
        ident: dict[str, Any] = {"phoneNumber": self.phone_number}
        if self.login is not None:
            ident = {"loginName": self.login, **ident}
        return {"id": ident, "firstName": self.first_name, "lastName": self.last_name}


class Criterion(BaseModel):
    """Criterion (L6716-6739): a comparison of `field` with a string, or AND/OR of sub-criteria (no field)."""

    model_config = ConfigDict(extra="ignore")
    field: Attribute | None = None
    operation: Comparison | Logical
    operand: StrictStr | list[Criterion]

    @model_validator(mode="after")
    def _shape(self) -> Criterion:
        if self.operation in ("AND", "OR"):
            if not isinstance(self.operand, list) or not self.operand:
                raise ValueError(f"{self.operation} takes a non-empty array of criteria as operand")
        else:
            if self.field is None:
                raise ValueError(f"{self.operation} needs a field (lastName, firstName, id.phoneNumber, id.loginName)")
            if not isinstance(self.operand, str):
                raise ValueError(f"{self.operation} takes a string operand")
        return self

    def depth(self) -> int:
        if isinstance(self.operand, list):
            return 1 + max(c.depth() for c in self.operand)
        return 1

    def matches(self, contact: Contact) -> bool:
        if isinstance(self.operand, list):
            results = (c.matches(contact) for c in self.operand)
            return all(results) if self.operation == "AND" else any(results)
        assert self.field is not None
        value = contact.value(self.field)
        if value is None:
            return False
        operand = self.operand
        if self.field == "id.phoneNumber":
            # "displaynumber"<dialable number> (L6709-6714): the dialable number is searched.
            m = DISPLAY_DIALABLE.match(operand)
            operand = m.group(1) if m else operand
        value, operand = value.casefold(), operand.strip().casefold()
        if self.operation == "EQUAL_IGNORE_CASE":
            return value == operand
        if self.operation == "BEGIN_WITH":
            return value.startswith(operand)
        if self.operation == "END_WITH":
            return value.endswith(operand)
        return operand in value


class SearchRequest(BaseModel):
    """SearchRequest (L6803-6816): `limit` 1..100, default 100."""

    model_config = ConfigDict(extra="ignore")
    limit: StrictInt | None = Field(default=None, ge=1, le=100)
    filter: Criterion


class SearchByDtmfRequest(BaseModel):
    """SearchByDtmfRequest (L6788-6801): names as the digits typed on the phone keypad."""

    model_config = ConfigDict(extra="ignore")
    lastName: StrictStr = Field(pattern=r"^[0-9]+$")
    firstName: StrictStr | None = Field(default=None, pattern=r"^[0-9]+$")
    keyboardType: Literal["CCITT", "ITU"]
    limit: StrictInt | None = Field(default=None, ge=1, le=100)


def to_dtmf(name: str, keyboard: str) -> str:
    """The digits a caller types for `name` on the given keypad; accents folded, other signs skipped."""
    pad = KEYPADS[keyboard]
    plain = unicodedata.normalize("NFKD", name)
    out = []
    for ch in plain.upper():
        if ch.isdigit():
            out.append(ch)
        elif ch in pad:
            out.append(pad[ch])
    return "".join(out)


def dtmf_matches(contact: Contact, keyboard: str, last_name: str, first_name: str | None) -> bool:
    """Names beginning with the typed digits (the example: ITU "5" finds last names beginning with L, L6694)."""
    if not to_dtmf(contact.last_name, keyboard).startswith(last_name):
        return False
    return first_name is None or to_dtmf(contact.first_name, keyboard).startswith(first_name)
