"""Licence files of the emulator (YAML) and the licence requirement of each catalog operation.

A licence file lists what is installed, in CAPEX mode (FlexLM names, e.g. ROXE_API_TEL_ADVANCED) or OPEX
mode (LMS names, e.g. api-tel-f); o2g-rest-api-reference.txt L7-31 defines the kinds of requirement:

    free            "No license required (free)"                                  L8-9
    boolean         "NAME - True": the licence value must be TRUE (total >= 1)      L10-12
    per_user        "NAME - one license per user": distinct controlled users      L13-17
    all_users_ge    "NAME - number of licenses greater than or equal to total ..."  L21
    all_users_eq    "NAME - number of licenses must be equal to total OXE users"   L22-24
    fixed           "NAME - N licenses required" (plus controlled users, L27-31)   L25-31

    mode: CAPEX                  # CAPEX (FlexLM) or OPEX (LMS); selects the wording of each operation
    expiration: +365d            # optional: the licence file's expiry date (UTC midnight)
    licences:
      - {name: ROXE_API_TEL_ADVANCED, total: 100}
      - {name: ROXE_API_ANALYTICS, total: true}            # a boolean licence: true = 1, false = 0
      - {name: ROXE_HA, total: 1, expiration: 2026-03-01}  # a licence's own expiry date wins

An expiry date is a date (`2026-03-01`) or a number of days from the day the emulator's clock started
(`+15d`, `-3d`): the clock starts at the real current time by default, so a file that must expire soon
says so relative to it; the emulator resolves such dates when it installs the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
import re
from dataclasses import dataclass
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, field_validator

from ...catalog import Operation

Mode = Literal["CAPEX", "OPEX"]
_RELATIVE = re.compile(r"^([+-]\d{1,5})\s*d$")


@dataclass(frozen=True)
class RelativeDay:
    """An expiry date given as days from the day the virtual clock started (`+15d`)."""

    days: int

    def on(self, start: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.days)


Expiry = dt.date | RelativeDay


def _relative(value: object) -> object:
    """`+15d` / `-3d` as a RelativeDay; anything else is left to the date parser."""
    if isinstance(value, str) and (m := _RELATIVE.match(value.strip())):
        return RelativeDay(int(m.group(1)))
    return value


def _resolve(value: Expiry | None, start: dt.date) -> dt.date | None:
    return value.on(start) if isinstance(value, RelativeDay) else value


Kind = Literal["free", "boolean", "per_user", "all_users_ge", "all_users_eq", "fixed"]


class LicenceEntry(BaseModel):
    """One installed licence: its name, its value and an optional expiry date."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    total: StrictBool | StrictInt = Field(default=1)
    expiration: Expiry | None = None

    _expiration = field_validator("expiration", mode="before")(lambda cls, v: _relative(v))

    @field_validator("total")
    @classmethod
    def _non_negative(cls, value: bool | int) -> bool | int:
        if not isinstance(value, bool) and value < 0:
            raise ValueError("total must be 0 or more (or true/false for a boolean licence)")
        return value

    @property
    def count(self) -> int:
        return int(self.total)


class LicenceFile(BaseModel):
    """A whole licence file."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    mode: Mode = "CAPEX"
    context: str = "emulator"
    expiration: Expiry | None = None
    licences: tuple[LicenceEntry, ...] = ()

    _expiration = field_validator("expiration", mode="before")(lambda cls, v: _relative(v))

    @field_validator("licences")
    @classmethod
    def _unique(cls, entries: tuple[LicenceEntry, ...]) -> tuple[LicenceEntry, ...]:
        seen: set[str] = set()
        for entry in entries:
            if entry.name in seen:
                raise ValueError(f"licence {entry.name!r} is listed twice")
            seen.add(entry.name)
        return entries

    def entry(self, name: str) -> LicenceEntry | None:
        return next((e for e in self.licences if e.name == name), None)

    def resolved(self, start: dt.date) -> LicenceFile:
        """The same file with every relative expiry (`+15d`) turned into a date, from the clock's start day."""
        licences = tuple(e.model_copy(update={"expiration": _resolve(e.expiration, start)}) for e in self.licences)
        return self.model_copy(update={"expiration": _resolve(self.expiration, start), "licences": licences})

    def expiry_of(self, entry: LicenceEntry) -> dt.date | None:
        """A licence's own expiry date, else the file's (relative ones must be `resolved` first)."""
        value = entry.expiration or self.expiration
        if isinstance(value, RelativeDay):
            raise ValueError(f"licence {entry.name}: a relative expiry ({value.days:+d}d) is not resolved yet")
        return value

    def first_expiry(self) -> dt.date | None:
        """When the licence file (first) expires: the earliest expiry date in it."""
        dates = [d for d in (self.expiry_of(e) for e in self.licences) if d is not None]
        if isinstance(self.expiration, dt.date):
            dates.append(self.expiration)
        return min(dates) if dates else None


class LicenceFileError(ValueError):
    """A licence file that cannot be used; the message names the file and the field."""


def parse_licence_file(raw: object, where: str) -> LicenceFile:
    if not isinstance(raw, dict):
        raise LicenceFileError(f"licence file {where}: expected a mapping with keys mode, licences (and expiration)")
    try:
        return LicenceFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors())
        raise LicenceFileError(f"licence file {where}: {problems}") from None


def load_licence_file(path: str | pathlib.Path) -> LicenceFile:
    p = pathlib.Path(path)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LicenceFileError(f"licence file {p}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise LicenceFileError(f"licence file {p}: not valid YAML ({exc})") from None
    return parse_licence_file(raw, str(p))


def default_licence_path() -> pathlib.Path:
    """The bundled licence file: every licence, per-user counts far above the bundled topology."""
    return pathlib.Path(__file__).resolve().parent.parent / "data" / "licences.yaml"


def midnight(day: dt.date) -> float:
    """Epoch seconds of a date at 00:00 UTC: a licence is valid strictly before its expiry date."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


# -- requirements --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """What an operation needs in one mode: a kind, the licence names (alternatives) and N for `fixed`."""

    kind: Kind
    names: tuple[str, ...] = ()
    n: int = 0
    wording: str = ""


_FIXED = re.compile(r"(\d+)\s+licenses?\s+required", re.IGNORECASE)


def parse_requirement(wording: str | None) -> Requirement:
    """Read one catalog licence wording ("ROXE_API_TEL_ADVANCED - one license per user", ...)."""
    if wording is None or wording.lower().startswith("no license"):
        return Requirement("free", wording=wording or "")
    head, _, rule = wording.partition(" - ")
    names = tuple(n for n in re.split(r"\s+or/and\s+|\s+or\s+|\s+and\s+", head.strip()) if n)
    low = rule.lower()
    # Checked in this order: the OPEX management wording reads "one license per user - number of licenses
    # must be equal to total OXE users" (L10721): the total-users rule (L22-24) is the binding one.
    if "must be equal" in low:
        return Requirement("all_users_eq", names, wording=wording)
    if "greater than or equal" in low:
        return Requirement("all_users_ge", names, wording=wording)
    fixed = _FIXED.search(rule)
    if fixed:
        return Requirement("fixed", names, int(fixed.group(1)), wording=wording)
    if "per user" in low:
        return Requirement("per_user", names, wording=wording)
    if low.strip().rstrip(".") == "true":
        return Requirement("boolean", names, wording=wording)
    raise ValueError(f"unrecognised licence wording {wording!r}")


@functools.cache
def requirement(op: Operation, mode: Mode) -> Requirement:
    """The licence requirement of an operation in CAPEX or OPEX mode (from its catalog wording)."""
    return parse_requirement(op.licences.capex if mode == "CAPEX" else op.licences.opex)
