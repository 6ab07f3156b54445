"""The emulator backend: one registry holding all state; `reset()` rebuilds it from the topology.

Service packages register a state factory with `@state("name")`; handlers reach their state with
`backend.state(Type)`. Nothing else in the emulator keeps mutable state.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from .clock import VirtualClock
from .topology import Topology, User

T = TypeVar("T")

_FACTORIES: dict[type[Any], Callable[[Backend], Any]] = {}
#: Listening on every address gives clients no address to follow: URLs then name the loopback.
_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}
#: The base URL of the listener a request came in on, when it differs from the configured one (the
#: primary, secondary and global addresses of an HA pair, see `emulator/ha/`); None = the configured one.
REQUEST_BASE_URL: ContextVar[str | None] = ContextVar("o2g_request_base_url", default=None)


def state(cls: type[T]) -> type[T]:
    """Class decorator: instances of `cls(backend)` are part of the registry and rebuilt by reset."""
    _FACTORIES[cls] = cls
    return cls


@dataclass
class EmulatorConfig:
    """How the emulator is reached and started."""

    host: str = "127.0.0.1"
    port: int = 0
    public_host: str | None = None
    tls: bool = False
    #: The virtual clock follows real time (the default) or moves only through the control API (frozen).
    clock_running: bool = True
    #: Where the clock starts (epoch seconds) at start-up and at every reset; None = the real current time.
    clock_start: float | None = None
    #: When set, every control API request must carry it (`Authorization: Bearer`); else loopback clients only.
    control_token: str | None = field(default=None, repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def advertised_host(self) -> str:
        """The host put in returned URLs: the public host, else the listening address (loopback for a wildcard)."""
        if self.public_host:
            return self.public_host
        return _WILDCARDS.get(self.host, self.host)

    @property
    def base_url(self) -> str:
        host = self.advertised_host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"{self.scheme}://{host}:{self.port}"


class Backend:
    """All emulator state. Handlers are thin: they call one backend method per operation."""

    def __init__(self, config: EmulatorConfig, topology: Topology) -> None:
        self.config = config
        self.topology = topology
        # Signs credentials; survives reset so a reset does not silently accept stale tokens as new.
        self.secret = secrets.token_bytes(32)
        self.generation = 0
        self._states: dict[type[Any], Any] = {}
        self.clock = VirtualClock(running=config.clock_running, start=config.clock_start)
        from .modifiers import Modifiers

        self.modifiers = Modifiers()  # deliberate defects; kept across resets
        self.user_source: Callable[[], list[User]] | None = None
        #: login -> User in constant time, installed with `user_source` (`user()` is on every request's path)
        self.user_lookup: Callable[[str], User | None] | None = None
        self._topology_index: tuple[Topology, dict[str, User]] | None = None
        self.reset()

    def reset(self, topology: Topology | None = None) -> None:
        """Rebuild every piece of state from the topology (and a fresh virtual clock)."""
        if topology is not None:
            self.topology = topology
        self.shutdown()  # end what is live (open event streams) before rebuilding
        self.generation += 1
        self.clock = VirtualClock(running=self.config.clock_running, start=self.config.clock_start)
        from ..events.bus import EventBus  # the bus is part of the state too

        self.bus = EventBus(transform=self.modifiers.event)
        self.user_source = None  # a service that creates users (User Management) installs itself in start()
        self.user_lookup = None
        self._states = {}
        # A stable order (by module, then class), not import order: listeners registered in start() then fire
        # in the same order in every process, so event order never depends on which tests imported what.
        # A state built by another's constructor is built on demand (see `state`).
        for cls in sorted(_FACTORIES, key=lambda c: (c.__module__, c.__qualname__)):
            self._build(cls)
        for obj in self._states.values():
            start = getattr(obj, "start", None)
            if callable(start):
                start()

    def shutdown(self) -> None:
        """End what is live: each state's `shutdown()` runs (subscriptions end, their streams close)."""
        for obj in self._states.values():
            shutdown = getattr(obj, "shutdown", None)
            if callable(shutdown):
                shutdown()

    def states(self) -> list[Any]:
        return list(self._states.values())

    def _build(self, cls: type[Any]) -> Any:
        if cls not in self._states:
            self._states[cls] = _FACTORIES[cls](self)
        return self._states[cls]

    def state(self, cls: type[T]) -> T:
        if cls not in self._states and cls in _FACTORIES:
            return cast(T, self._build(cls))  # asked for while the registry is being rebuilt
        try:
            return cast(T, self._states[cls])
        except KeyError:
            raise LookupError(f"{cls.__name__} is not registered emulator state") from None

    @property
    def base_url(self) -> str:
        return REQUEST_BASE_URL.get() or self.config.base_url

    @property
    def api_base(self) -> str:
        return self.base_url + "/api/rest/1.0"

    def users(self) -> list[User]:
        """The O2G users now: the topology's, or what the installed user source says (created/deleted users)."""
        return self.user_source() if self.user_source is not None else self.topology.users()

    def user(self, login: str) -> User | None:
        if self.user_lookup is not None:
            return self.user_lookup(login)
        if self.user_source is not None:
            return next((u for u in self.users() if u.login == login), None)
        if self._topology_index is None or self._topology_index[0] is not self.topology:
            self._topology_index = (self.topology, {u.login: u for u in self.topology.users()})
        return self._topology_index[1].get(login)

    def user_by_number(self, number: str) -> User | None:
        return next((u for u in self.users() if any(d.number == number for d in u.devices)), None)

    def logins(self) -> list[str]:
        return [u.login for u in self.users()]
