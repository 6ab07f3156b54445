"""The emulated PBX configuration read from a YAML file: administrators, OXE nodes, users and devices, and per node
its hunting groups, desk-sharing sets and call center (CCD pilots, queues, processing groups, operators, calendars).

Nothing about a node's services is built in: a topology without `huntingGroups` or `callCenter` has none.
The bundled file (`data/topology.yaml`, `fixtures/topology.yaml`) declares the suite's reference set.
"""

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


_NUMBER = r"^\d{2,12}$"
_LOGIN = r"^oxe\d{2,12}$"


class HuntingGroup(_Strict):
    """A hunting group of a node and its initial members (logins, in order)."""

    number: str = Field(pattern=_NUMBER)
    members: tuple[str, ...] = ()


class Skill(_Strict):
    """AgentSkill as configured (L13178-13183)."""

    number: int = Field(ge=0)
    level: int = Field(ge=0)
    active: bool = False


class Operator(_Strict):
    """An ACD operator (AgentConfig, L13140-13170): its agent number and pro-ACD set are its company phone."""

    login: str = Field(pattern=_LOGIN)
    type: Literal["AGENT", "SUPERVISOR"]
    groups: tuple[str, ...] = Field(min_length=1)
    preferred: str | None = None  # default: the first group
    skills: tuple[Skill, ...] = ()
    selfAssign: bool = False
    headset: bool = False
    help: bool = True
    multiline: bool = False

    @model_validator(mode="after")
    def _preferred_is_a_group(self) -> Operator:
        if self.preferred is not None and self.preferred not in self.groups:
            raise ValueError(f"operator {self.login}: preferred group {self.preferred} is not one of its groups")
        return self


class ProcessingGroup(_Strict):
    """A processing group of agents, its withdraw reasons (max 9, L13384-13402) and its supervisor."""

    number: str = Field(pattern=_NUMBER)
    name: str
    reasons: tuple[str, ...] = Field(default=(), max_length=9)
    supervisor: str | None = Field(default=None, pattern=_LOGIN)


class OtherGroup(_Strict):
    """A processing group not associated to agents (PGOtherTypeDTO, L15525-15531)."""

    number: str = Field(pattern=_NUMBER)
    name: str
    type: Literal["MutualAid", "Forward", "Guide", "Remote"]


class Queue(_Strict):
    """A waiting queue and the processing group it distributes to."""

    number: str = Field(pattern=_NUMBER)
    name: str
    group: str = Field(pattern=_NUMBER)


class Rule(_Strict):
    """PilotRule (L14253-14258)."""

    number: int = Field(ge=0)
    name: str


Transition = tuple[str, int, Literal["normal", "closed", "forward"]]


class Pilot(_Strict):
    """A CCD pilot, its queue, its rules (the first is active at start) and its calendars.

    A calendar transition is [time "hh:mm", rule number, mode] (PilotTransition, L14291-14302); the normal
    calendar is keyed by weekday (monday ... sunday), the exception calendar by date (YYYYMMDD).
    """

    number: str = Field(pattern=_NUMBER)
    name: str
    queue: str = Field(pattern=_NUMBER)
    rules: tuple[Rule, ...] = Field(min_length=1)
    normalCalendar: dict[str, tuple[Transition, ...]] = Field(default_factory=dict)
    exceptionCalendar: dict[str, tuple[Transition, ...]] = Field(default_factory=dict)


class CallCenter(_Strict):
    """The CCD of a node (only the first node's is emulated)."""

    pilots: tuple[Pilot, ...] = ()
    queues: tuple[Queue, ...] = ()
    processingGroups: tuple[ProcessingGroup, ...] = ()
    otherGroups: tuple[OtherGroup, ...] = ()
    operators: tuple[Operator, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> CallCenter:
        groups = {g.number for g in self.processingGroups}
        queues = {q.number: q for q in self.queues}
        for pilot in self.pilots:
            if pilot.queue not in queues:
                raise ValueError(f"pilot {pilot.number}: unknown queue {pilot.queue}")
        for queue in self.queues:
            if queue.group not in groups:
                raise ValueError(f"queue {queue.number}: unknown processing group {queue.group}")
        for op in self.operators:
            unknown = [g for g in op.groups if g not in groups]
            if unknown:
                raise ValueError(f"operator {op.login}: unknown processing group(s) {', '.join(unknown)}")
        return self


class Node(_Strict):
    """An OXE node managed by the emulated O2G."""

    id: int = Field(ge=1)
    name: str
    users: tuple[User, ...]
    huntingGroups: tuple[HuntingGroup, ...] = ()
    deskSharingSets: tuple[str, ...] = ()
    callCenter: CallCenter = CallCenter()

    @model_validator(mode="after")
    def _known_logins(self) -> Node:
        logins = {u.login for u in self.users}
        named = [(f"hunting group {g.number}", m) for g in self.huntingGroups for m in g.members]
        named += [(f"operator {o.login}", o.login) for o in self.callCenter.operators]
        named += [
            (f"processing group {g.number}", g.supervisor)
            for g in self.callCenter.processingGroups
            if g.supervisor is not None
        ]
        for where, login in named:
            if login not in logins:
                raise ValueError(f"{where}: {login} is not a user of node {self.id}")
        return self


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
            for number in node.deskSharingSets:
                if number in seen:
                    raise ValueError(f"desk-sharing set {number!r} is also a user's device")
                seen.add(number)
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
