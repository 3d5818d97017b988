"""A round-robin reverse proxy on 127.0.0.1: what stands in front of several webhook instances.

Each request goes to the next backend in turn; one that refuses the connection is skipped for the
next (as Caddy's or nginx's upstream retry does), and when none answers, Telegram gets a 502 and
delivers the update again later.
"""

from __future__ import annotations

import socket
from collections import Counter
from types import TracebackType

import aiohttp
from aiohttp import web


class Balancer:
    def __init__(self, backends: list[str]) -> None:
        self.backends = backends  # base URLs, e.g. http://127.0.0.1:8081
        self.served: Counter[str] = Counter()  # backend → requests it answered
        self.order: list[str] = []  # the backend of every answered request, in order
        self._next = 0
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Balancer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in {"host", "content-length"}}
        for _ in range(len(self.backends)):
            backend = self.backends[self._next % len(self.backends)]
            self._next += 1
            try:
                async with self._session.request(
                    request.method, backend + request.path_qs, data=body, headers=headers
                ) as answer:
                    payload = await answer.read()
                    self.served[backend] += 1
                    self.order.append(backend)
                    return web.Response(status=answer.status, body=payload, content_type=answer.content_type)
            except aiohttp.ClientConnectionError:
                continue  # a dead instance: the next one takes the request
        return web.Response(status=502, text="no backend answered")
