"""ASGI application factory of the emulator: O2G routes, event channels and the control API."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from . import services
from .core import errors
from .core.dispatch import Hook, any_method_route, dispatch, error_response
from .core.faults import fault_hook
from .core.licences import licence_hook
from .core.limits import BodyLimit
from .core.registry import Backend, EmulatorConfig
from .core.topology import Topology, default_topology_path, load_topology
from .lifespan import make_lifespan

CONTROL_PREFIX = "/__emulator__"
_KIND_OF_STATUS = {401: "NOT_ALLOWED", 403: "NOT_ALLOWED", 404: "NOT_FOUND", 405: "NOT_SUPPORTED"}


def load_services() -> None:
    """Import every service package's handlers (registration happens at import)."""
    for mod in pkgutil.iter_modules(services.__path__):
        if mod.ispkg:
            for sub in ("models", "handlers", "routes"):
                name = f"{services.__name__}.{mod.name}.{sub}"
                try:
                    importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise


class _FastRouter(Router):
    """The router, with O2G requests (most of the traffic) going straight to dispatch.

    Starlette would try every control and channel route in turn before the catch-all; a request whose
    path none of them can match skips that walk. It still passes through every middleware (the body
    limit, the control guard, an HA pair's gate), which wrap the router.
    """

    def fast_path(self, special: Sequence[BaseRoute], endpoint: ASGIApp) -> None:
        routes = [r for r in special if isinstance(r, Route)]
        self._exact = {r.path for r in routes if "{" not in r.path}
        self._patterns = [r.path_regex for r in routes if "{" in r.path and not r.path.startswith(CONTROL_PREFIX)]
        self._o2g_endpoint: ASGIApp | None = endpoint if len(routes) == len(special) else None

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = getattr(self, "_o2g_endpoint", None)
        if endpoint is not None and scope["type"] == "http":
            path: str = scope["path"]
            if not (
                path.startswith(CONTROL_PREFIX) or path in self._exact or any(p.match(path) for p in self._patterns)
            ):
                await endpoint(scope, receive, send)
                return
        await super().app(scope, receive, send)


def create_app(config: EmulatorConfig | None = None, topology: Topology | None = None) -> Starlette:
    """Build the emulator app; the backend is reachable as `app.state.backend`."""
    load_services()
    from .control.guard import ControlGuard
    from .control.routes import control_routes
    from .events.channels import channel_routes
    from .services.system.models import cti_hook

    config = config or EmulatorConfig()
    backend = Backend(config, topology or load_topology(default_topology_path()))
    # Shared rules before every operation, in order: injected faults and the start-up window, the CTI
    # link (telephony), then the operation's licence.
    hooks: list[Hook] = [fault_hook, cti_hook, licence_hook]

    async def o2g(request: Request) -> Response:
        return await dispatch(request, backend, hooks)

    async def http_error(request: Request, exc: Exception) -> Response:
        """Last line of defence: whatever escapes a route still answers a RestErrorInfo body."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        kind = _KIND_OF_STATUS.get(status, "BAD_PARAMETER" if status < 500 else "SERVER_PROBLEM")
        return error_response(errors.ApiError(kind, f"HTTP {status} on {request.url.path}", status=status), None)

    special = [*control_routes(backend, CONTROL_PREFIX), *channel_routes(backend)]
    # Every method, even unknown ones: dispatch answers 404/405 with a RestErrorInfo body.
    catch_all = any_method_route("/{path:path}", o2g)
    app = Starlette(
        # The control API answers loopback clients only, or holders of its token (control/guard.py).
        # Bodies over the documented limit are refused before anything reads them (core/limits.py).
        middleware=[
            Middleware(BodyLimit),
            Middleware(ControlGuard, prefix=CONTROL_PREFIX, token=config.control_token),
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
    )
    # Starlette's path convertor is `.*`, which stops at a newline: a path with an encoded newline in
    # a segment (/telephony/calls/a%0A/recording) matches no route. It still goes to dispatch (default),
    # which maps it to its operation like any other path.
    router = _FastRouter(routes=[*special, catch_all], default=catch_all.app, lifespan=make_lifespan(backend))
    router.fast_path(special, catch_all.app)
    app.router = router  # before the first request builds the middleware stack around it
    app.state.backend = backend
    app.state.hooks = hooks
    return app
