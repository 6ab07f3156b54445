"""The simulated OXE call model: calls, connections (legs and participants), devices, with declared lifecycles."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Generic, Literal, TypeVar

from ...core.clock import TimerHandle

S = TypeVar("S")


class MediaState(StrEnum):
    """MediaState (o2g-rest-api-reference.txt L5459-5471)."""

    UNKNOWN = "UNKNOWN"
    OFF_HOOK = "OFF_HOOK"
    IDLE = "IDLE"
    DIALING = "DIALING"
    RINGING_OUTGOING = "RINGING_OUTGOING"
    RINGING_INCOMING = "RINGING_INCOMING"
    ACTIVE = "ACTIVE"
    HELD = "HELD"
    RELEASING = "RELEASING"


class RecordState(StrEnum):
    """RecordState (L6256-6260); `None` on a call means not recording."""

    RECORDING = "RECORDING"
    PAUSED = "PAUSED"


class OperationalState(StrEnum):
    """OperationalState of a device (L6075-6080)."""

    IN_SERVICE = "IN_SERVICE"
    OUT_OF_SERVICE = "OUT_OF_SERVICE"
    UNKNOWN = "UNKNOWN"


class IllegalTransition(Exception):
    """A move its lifecycle does not declare: a bug of the emulator, answered as INCOMPATIBLE_WITH_STATE."""


class Lifecycle(Generic[S]):
    """A declared state machine: the only moves an object of this kind may make."""

    def __init__(self, name: str, transitions: dict[S, frozenset[S]]) -> None:
        self.name = name
        self.transitions = transitions

    def allows(self, current: S, target: S) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check(self, current: S, target: S) -> None:
        if not self.allows(current, target):
            raise IllegalTransition(f"{self.name}: {current} -> {target} is not a declared transition")


M = MediaState
#: A connection's media state. The reference gives no table (partB history, "Transitions implied by the
#: operations"); this one is read from the operations: make call (L2645), answer (L2863), hold/retrieve
#: (L3170, L3563), transfer while the destination rings and blind transfer (L2951, L3666), busy call in
#: RELEASING from which intrusion starts (L3858-3860). A connection created to join a call directly
#: (pickup, unpark, intrusion, voice mail) goes IDLE -> ACTIVE; leaving a call is RELEASING -> IDLE.
MEDIA_LIFECYCLE: Lifecycle[MediaState] = Lifecycle(
    "MediaState",
    {
        M.IDLE: frozenset({M.DIALING, M.RINGING_INCOMING, M.ACTIVE, M.RELEASING}),
        M.RINGING_INCOMING: frozenset({M.DIALING, M.ACTIVE, M.RELEASING}),
        M.DIALING: frozenset({M.RINGING_OUTGOING, M.ACTIVE, M.RELEASING}),
        M.RINGING_OUTGOING: frozenset({M.ACTIVE, M.RELEASING}),
        M.ACTIVE: frozenset({M.HELD, M.RINGING_OUTGOING, M.RELEASING}),
        M.HELD: frozenset({M.ACTIVE, M.RINGING_OUTGOING, M.RELEASING}),
        M.RELEASING: frozenset({M.IDLE}),
    },
)

#: Recording of a call (POST .../recording?action=, L3467-3513); `None` = not recording.
RECORD_LIFECYCLE: Lifecycle[RecordState | None] = Lifecycle(
    "RecordState",
    {
        None: frozenset({RecordState.RECORDING}),
        RecordState.RECORDING: frozenset({RecordState.PAUSED, None}),
        RecordState.PAUSED: frozenset({RecordState.RECORDING, None}),
    },
)

#: A device's operational state (OnDeviceStateModified, L5889-5903).
OPERATIONAL_LIFECYCLE: Lifecycle[OperationalState] = Lifecycle(
    "OperationalState",
    {
        OperationalState.IN_SERVICE: frozenset({OperationalState.OUT_OF_SERVICE, OperationalState.UNKNOWN}),
        OperationalState.OUT_OF_SERVICE: frozenset({OperationalState.IN_SERVICE, OperationalState.UNKNOWN}),
        OperationalState.UNKNOWN: frozenset({OperationalState.IN_SERVICE, OperationalState.OUT_OF_SERVICE}),
    },
)

#: Connection states in which a party is still engaged in the call.
LIVE = frozenset({M.DIALING, M.RINGING_OUTGOING, M.RINGING_INCOMING, M.ACTIVE, M.HELD, M.RELEASING})

AnswerMode = Literal["manual", "immediate", "busy"]


@dataclass
class Behaviour:
    """How an endpoint reacts when a call is offered to it: the configurable progression of a ringing call.

    manual: rings until answered (API or control route); immediate: answers at once; busy: the call fails
    with cause BUSY. `answer_after` answers on the virtual clock; `ring_timeout` releases an unanswered call.
    """

    answer: AnswerMode = "manual"
    answer_after: float | None = None
    ring_timeout: float | None = None


EndpointKind = Literal["device", "external", "service"]


@dataclass(frozen=True)
class Endpoint:
    """What a connection is attached to: a device of the PBX, an external number, or a service (voice mail)."""

    kind: EndpointKind
    number: str
    login: str | None = None  # the user owning the device (or the mailbox) when the connection was made


@dataclass(eq=False)
class Connection:
    """One party's attachment to a call: a leg for its owner, a participant for everybody else."""

    id: str
    endpoint: Endpoint
    state: MediaState = M.IDLE
    ringing_remote: bool = False
    origin: bool = False  # this party placed the call
    prering: bool = False  # make call without autoAnswer: the caller's own set rings first (L5352-5369)
    anonymous: bool = False
    deposit: bool = False  # a voice mail connection recording a message for its mailbox owner
    answered_now: bool = False  # moved RINGING_INCOMING -> ACTIVE in the current operation (L6094-6095)
    timers: list[TimerHandle] = field(default_factory=list)

    @property
    def owner(self) -> str | None:
        return self.endpoint.login if self.endpoint.kind == "device" else None

    @property
    def device(self) -> str | None:
        return self.endpoint.number if self.endpoint.kind == "device" else None

    def move(self, target: MediaState) -> None:
        MEDIA_LIFECYCLE.check(self.state, target)
        self.answered_now = self.state == M.RINGING_INCOMING and target == M.ACTIVE
        self.state = target
        if target != M.RINGING_OUTGOING:
            self.ringing_remote = False

    def cancel_timers(self) -> None:
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()


Role = Literal["CALLER", "CALLEE"]


@dataclass
class Presence:
    """One party's time in a call, as the communication log needs it (begin, conversation, end)."""

    endpoint: Endpoint
    role: Role
    begin: float
    conv: float | None = None
    end: float | None = None
    anonymous: bool = False
    deposit: bool = False


@dataclass(frozen=True)
class Reroute:
    """A user the call was taken away from: forward, overflow, redirection, pick-up (comlog Reason)."""

    victim: str  # login
    endpoint: Endpoint
    reason: str  # FORWARDED | REDIRECTED | PICKUP | VOICEMAIL (Reason, L8610-8623)
    at: float


@dataclass
class CallHistory:
    """What happened to a call over its life: who took part when, and who it was taken away from.

    Presences are keyed by login for users, by `kind:number` for other endpoints.
    """

    presences: dict[str, Presence] = field(default_factory=dict)
    reroutes: list[Reroute] = field(default_factory=list)
    destination: Endpoint | None = None  # the callee side the call was last offered to
    transferred_by: str | None = None  # login of the user who transferred the call
    reported: bool = False  # a report was already sent while the call went on (a party left first)

    def victims(self) -> set[str]:
        return {r.victim for r in self.reroutes}


def presence_key(ep: Endpoint) -> str:
    return ep.login if ep.kind == "device" and ep.login else f"{ep.kind}:{ep.number}"


@dataclass(eq=False)
class Call:
    """A call of the PBX, shared by all its parties (one callRef)."""

    ref: str
    created: float
    connections: list[Connection] = field(default_factory=list)
    initial_called: Endpoint | None = None
    last_redirecting: Endpoint | None = None
    pending_callee: Endpoint | None = None  # called once the caller's own set answers (prering)
    answered: bool = False
    anonymous: bool = False
    failure: str | None = None  # CallCause of a call that failed (BUSY, DESTINATION_NOT_OBTAINABLE)
    failed_target: Endpoint | None = None
    associated_data: str | None = None
    hexa_associated_data: str | None = None
    account_info: str | None = None
    record: RecordState | None = None
    recorder: str | None = None
    parked_at: str | None = None  # device number where the call waits to be unparked
    dtmf: list[str] = field(default_factory=list)
    history: CallHistory = field(default_factory=CallHistory)

    def of(self, login: str) -> list[Connection]:
        return [c for c in self.connections if c.owner == login]

    def on_device(self, device: str) -> Connection | None:
        return next((c for c in self.connections if c.device == device), None)

    def others(self, conn: Connection) -> list[Connection]:
        return [c for c in self.connections if c is not conn]

    def logins(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.connections:
            if c.owner:
                seen.setdefault(c.owner)
        return list(seen)

    def move_record(self, target: RecordState | None) -> None:
        RECORD_LIFECYCLE.check(self.record, target)
        self.record = target


@dataclass
class DeviceRecord:
    """A phone set of the PBX: a user's device, or a desk-sharing set (owned while a user is logged on)."""

    number: str
    type: str
    owner: str | None
    desk_sharing: bool = False
    state: OperationalState = OperationalState.IN_SERVICE
    micro_muted: bool = False
    interphony: bool = False
    behaviour: Behaviour = field(default_factory=Behaviour)
    #: bumped whenever any record gets an owner (created, desk-sharing log on/off): indexes by owner expire
    owner_changes: ClassVar[int] = 0

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "owner":
            DeviceRecord.owner_changes += 1
        super().__setattr__(name, value)

    def move(self, target: OperationalState) -> None:
        OPERATIONAL_LIFECYCLE.check(self.state, target)
        self.state = target


@dataclass
class ExternalParty:
    """A number outside the topology, reached through a trunk."""

    number: str
    name: str | None = None
    behaviour: Behaviour = field(default_factory=Behaviour)


@dataclass
class HuntingGroup:
    """A hunting group of an OXE node and its members (logins, in join order)."""

    number: str
    node: int
    members: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CallbackRequest:
    """A call-back request waiting in the incoming list of its callee."""

    id: str
    requester: str  # login of the user who asked to be called back
    number: str  # the requester's phone number


@dataclass(frozen=True)
class MiniMessage:
    """A mini message waiting on a set (read once, last in first out)."""

    sender: str
    date: str
    message: str
