"""services.coordination across instances: leases and generations in Redis (redis.asyncio).

- A lease is `SET <prefix>:lease:<name> <token> NX PX <ttl>`, renewed every third of the TTL by a
  heartbeat task only while the key still holds this lease's token (a script: check and extend in one
  step), and deleted the same way. A killed instance stops renewing; its leases expire after the TTL.
  A heartbeat that cannot reach Redis for a whole TTL, or finds another token, declares the lease lost.
- A generation is `INCR <prefix>:gen:<name>` (kept a week), announced on one pub/sub channel so that
  watchers fire at once. Pub/sub delivers only to those connected; a watcher therefore also reads the
  counters when it starts, after every reconnect and every `poll_every` seconds: a cancel is never lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.coordination import LEASE_TTL, Lease, OnLost, Unwatch, Watchers
from storage.locks import KeyedLocks

logger = logging.getLogger(__name__)

GENERATION_DAYS = 7  # a counter outlives any check that watches it
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


def _glob_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)


class _Held(Lease):
    def __init__(self, name: str, token: str, coordinator: RedisCoordinator) -> None:
        super().__init__(name, coordinator._release)
        self.token = token
        self.heartbeat: asyncio.Task[None] | None = None


class RedisCoordinator:
    shared = True

    def __init__(
        self,
        client: Redis,
        *,
        prefix: str,
        lease_ttl: float = LEASE_TTL,
        poll_every: float = 1.0,
        lock_poll: float = 0.25,
    ) -> None:
        self.lease_ttl = lease_ttl
        self.instance = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._client = client
        self._prefix = prefix
        self._channel = f"{prefix}:bumps"
        self._poll_every = poll_every
        self._lock_poll = lock_poll
        self._renew = client.register_script(_RENEW)
        self._release_script = client.register_script(_RELEASE)
        self._held: set[_Held] = set()
        self._watchers = Watchers()
        self._listener: asyncio.Task[None] | None = None
        self._closing = False
        self._locks: KeyedLocks[str] = KeyedLocks()

    @classmethod
    def from_url(cls, url: str, *, prefix: str, **options: Any) -> RedisCoordinator:
        """The URL may carry a password: it is never logged."""
        client = Redis.from_url(
            url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30
        )
        return cls(client, prefix=prefix, **options)

    def _key(self, kind: str, name: str) -> str:
        return f"{self._prefix}:{kind}:{name}"

    # --- leases -----------------------------------------------------------------------------------

    async def acquire(self, name: str, *, on_lost: OnLost | None = None) -> Lease | None:
        token = f"{self.instance}:{secrets.token_hex(6)}"
        ttl_ms = int(self.lease_ttl * 1000)
        if not await self._client.set(self._key("lease", name), token, nx=True, px=ttl_ms):
            return None
        lease = _Held(name, token, self)
        lease.on_lost = on_lost
        lease.heartbeat = asyncio.create_task(self._beat(lease), name=f"lease:{name}")
        self._held.add(lease)
        return lease

    async def _beat(self, lease: _Held) -> None:
        key, ttl_ms = self._key("lease", lease.name), int(self.lease_ttl * 1000)
        renewed = time.monotonic()
        while True:
            await asyncio.sleep(self.lease_ttl / 3)
            sent = time.monotonic()
            try:
                kept = bool(await self._renew(keys=[key], args=[lease.token, ttl_ms]))
            except (RedisError, OSError) as exc:
                logger.warning("Could not renew lease %s: %s", lease.name, type(exc).__name__)
                if time.monotonic() - renewed < self.lease_ttl:
                    continue
                kept = False
            if not kept:
                logger.warning("Lease %s lost: another instance may take its work over", lease.name)
                lease.lost.set()
                if lease.on_lost is not None:
                    lease.on_lost()
                return
            renewed = sent

    async def _release(self, lease: Lease) -> None:
        assert isinstance(lease, _Held)
        if lease not in self._held:
            return
        self._held.discard(lease)
        if lease.heartbeat is not None:
            lease.heartbeat.cancel()
        try:
            await self._release_script(keys=[self._key("lease", lease.name)], args=[lease.token])
        except (RedisError, OSError) as exc:  # it expires by itself
            logger.warning("Could not release lease %s: %s", lease.name, type(exc).__name__)

    async def held(self, name: str) -> bool:
        return bool(await self._client.exists(self._key("lease", name)))

    async def any_held(self, prefix: str) -> bool:
        pattern = _glob_escape(self._key("lease", prefix)) + "*"
        async for _ in self._client.scan_iter(match=pattern, count=500):
            return True
        return False

    async def mark_once(self, name: str) -> bool:
        ttl_ms = int(self.lease_ttl * 1000)
        return bool(await self._client.set(self._key("mark", name), self.instance, nx=True, px=ttl_ms))

    @contextlib.asynccontextmanager
    async def lock(self, name: str) -> AsyncIterator[None]:
        async with self._locks(name):  # waiters of this instance queue here, not on Redis
            delay = 0.02
            while (lease := await self.acquire(name)) is None:
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._lock_poll)
            try:
                yield
            finally:
                await asyncio.shield(lease.release())

    # --- generations ------------------------------------------------------------------------------

    async def bump(self, name: str) -> int:
        key = self._key("gen", name)
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, GENERATION_DAYS * 86400)
            pipe.publish(self._channel, name)
            value, *_ = await pipe.execute()
        return int(value)

    async def generation(self, name: str) -> int:
        value = await self._client.get(self._key("gen", name))
        return int(value) if value is not None else 0

    async def watch(self, name: str, seen: int, fire: Callable[[], None]) -> Unwatch:
        unwatch = self._watchers.add(name, seen, fire)
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen(), name="coordination-listener")

        try:
            await self._check([name])  # a bump before the watch began
        except BaseException:
            unwatch()
            raise
        return unwatch

    async def _check(self, names: list[str]) -> None:
        watched = set(self._watchers.names())
        names = [name for name in names if name in watched]
        if not names:
            return
        values = await self._client.mget([self._key("gen", name) for name in names])
        for name, value in zip(names, values, strict=True):
            self._watchers.reached(name, int(value) if value is not None else 0)

    async def _listen(self) -> None:
        """Bumps announced on the channel, and every watched counter read after each (re)connect and
        at least every `poll_every` seconds (what pub/sub lost while disconnected)."""
        backoff = 0.5
        while not self._closing:
            pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self._channel)
                await self._check(self._watchers.names())
                backoff = 0.5
                while not self._closing:  # redis-py's get_message can swallow a cancellation
                    message = await pubsub.get_message(timeout=self._poll_every)
                    names = [str(message["data"])] if message else self._watchers.names()
                    await self._check(names)
            except (RedisError, OSError) as exc:
                logger.warning("Coordination listener: %s; again in %.1f s", type(exc).__name__, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def close(self) -> None:
        self._closing = True
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.wait({self._listener}, timeout=self._poll_every + 1)
        for lease in list(self._held):
            await lease.release()
        self._watchers.clear()
        await self._client.aclose()
