"""The baseline server: a bare Starlette app on the emulator's uvicorn settings, one JSON answer.

`python -m benchmarks._bare '<json>'` answers that JSON to `GET /api/rest` and `GET /{anything}`.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def app_for(payload: object) -> Starlette:
    async def answer(request: Request) -> JSONResponse:
        return JSONResponse(payload)

    return Starlette(routes=[Route("/{path:path}", answer)])


def main() -> None:
    payload = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    # The emulator's own socket setup (TCP_NODELAY needs proto=IPPROTO_TCP) and uvicorn settings.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app_for(payload), log_level="info", access_log=False, lifespan="on")
    print(f"bare: serving http://127.0.0.1:{sock.getsockname()[1]}/api/rest", file=sys.stderr, flush=True)
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main()
