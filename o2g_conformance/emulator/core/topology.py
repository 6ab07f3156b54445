"""The emulated PBX configuration (administrators, OXE nodes, users, devices) read from a YAML file."""

from __future__ import annotations

import hashlib
import marshal
import os
import pathlib
import tempfile
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

#: libyaml's safe loader when PyYAML was built with it: a 10,000-user topology parses in a fraction of
#: the time of the pure-Python loader (same documents, same safety).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Topologies at least this large keep their parsed form in the cache folder (keyed by their content), so
#: that the next start-up skips YAML parsing: even libyaml takes about a second for 10,000 users.
PARSE_CACHE_MIN_BYTES = 256 * 1024

DeviceType = Literal["ANALOG", "ALE", "DECT", "SIP", "SOFTPHONE", "VIRTUAL", "MOBILE"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Device(_Strict):
    """A phone set of a user."""

    number: str = Field(pattern=r"^\d{2,12}$")
    type: DeviceType = "ALE"
    subType: str | None = None


class User(_Strict):
    """An OXE subscriber known to O2G (login `oxe` + QMCDU)."""

    login: str = Field(pattern=r"^oxe\d{2,12}$")
    companyPhone: str = Field(pattern=r"^\d{2,12}$")
    firstName: str
    lastName: str
    secretCode: str = Field(pattern=r"^\d{4}$")
    voicemail: bool = False
    voicemailNumber: str | None = None
    language: str = "en"
    email: str | None = None
    devices: tuple[Device, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _main_device(self) -> User:
        if self.devices[0].number != self.companyPhone:
            raise ValueError(f"user {self.login}: the first device must be the company phone {self.companyPhone}")
        return self


class Node(_Strict):
    """An OXE node managed by the emulated O2G."""

    id: int = Field(ge=1)
    name: str
    users: tuple[User, ...]


class Administrator(_Strict):
    """An O2G administrator account (login/password from the O2G configuration)."""

    login: str = Field(min_length=1)
    password: str = Field(min_length=1)
    supervisor: bool = True


class ServerInfo(_Strict):
    """What the root descriptor says about the server."""

    productName: str = "O2G Solution"
    productType: str = "O2G"
    major: str = "2.7"
    minor: str = "004.000"
    haMode: bool = False


class Topology(_Strict):
    """The whole emulated system."""

    server: ServerInfo = ServerInfo()
    administrators: tuple[Administrator, ...] = Field(min_length=1)
    nodes: tuple[Node, ...] = Field(min_length=1)

    @field_validator("nodes")
    @classmethod
    def _unique(cls, nodes: tuple[Node, ...]) -> tuple[Node, ...]:
        seen: set[str] = set()
        for node in nodes:
            for user in node.users:
                for key in (user.login, *(d.number for d in user.devices)):
                    if key in seen:
                        raise ValueError(f"duplicate login or device number {key!r}")
                    seen.add(key)
        return nodes

    def users(self) -> list[User]:
        return [u for n in self.nodes for u in n.users]

    def node_of(self, login: str) -> Node | None:
        """The node of user `login` (asked on every telephony request: indexed once per topology)."""
        entry = _NODE_INDEXES.get(id(self))
        if entry is None or entry[0] is not self:
            if len(_NODE_INDEXES) >= 8:  # a handful of topologies per process at most (resets, tests)
                _NODE_INDEXES.clear()
            entry = _NODE_INDEXES[id(self)] = (self, {u.login: n for n in reversed(self.nodes) for u in n.users})
        return entry[1].get(login)


#: id(topology) -> (the topology, login -> its node); outside the frozen model so that equality ignores it
_NODE_INDEXES: dict[int, tuple[Topology, dict[str, Node]]] = {}


class TopologyError(ValueError):
    """A topology file that cannot be used; the message names the file and the field."""


def load_topology(path: str | pathlib.Path) -> Topology:
    p = pathlib.Path(path)
    try:
        raw = _parse(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TopologyError(f"topology file {p}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise TopologyError(f"topology file {p}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise TopologyError(f"topology file {p}: expected a mapping with keys administrators, nodes (and server)")
    try:
        return Topology.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors())
        raise TopologyError(f"topology file {p}: {problems}") from None


def cache_dir() -> pathlib.Path:
    """Where parsed topologies are kept: $O2G_CACHE_DIR, else $XDG_CACHE_HOME/o2g-conformance, else ~/.cache."""
    explicit = os.environ.get("O2G_CACHE_DIR")
    if explicit:
        return pathlib.Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(pathlib.Path.home() / ".cache")
    return pathlib.Path(base) / "o2g-conformance"


def _parse(text: str) -> Any:
    """The YAML document, from the parse cache when this exact text was parsed before (large files only)."""
    if len(text) < PARSE_CACHE_MIN_BYTES:
        return yaml.load(text, Loader=_SafeLoader)
    key = hashlib.sha256(f"{yaml.__version__} {_SafeLoader.__name__}\n{text}".encode()).hexdigest()
    cached = cache_dir() / "topology" / f"{key}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    raw = yaml.load(text, Loader=_SafeLoader)
    try:  # plain data only (marshal refuses dates and the like: such a file is simply not cached)
        blob = marshal.dumps(raw)
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
    except (OSError, ValueError):
        return raw
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, cached)  # atomic: parallel emulators never read half a file
    except OSError:
        pathlib.Path(tmp).unlink(missing_ok=True)
    return raw


def default_topology_path() -> pathlib.Path:
    return pathlib.Path(__file__).resolve().parent.parent / "data" / "topology.yaml"
