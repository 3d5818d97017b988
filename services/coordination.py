"""What several bot instances must agree on: who runs a piece of work (leases), and that a piece of
work should stop (cancel generations).

Why a protocol with two homes: one process (the default) keeps it all in memory, exactly as before;
instances behind one load balancer share Redis (services.coordination_redis) so that a cancel reaches
the instance running the check, one instance builds a list's export, one runs a push, and a start-up
only reports work whose instance really died.

- A *lease* names work that one instance runs. It is renewed while held (Redis: a key with a TTL and
  a heartbeat), so the lease of a killed instance expires and the work can be taken over.
- A *generation* is a counter per name; `bump` raises it and `watch(name, seen, …)` fires once when it
  is above `seen`. A cancel is a bump: it is stored, so one sent before the work started, or while its
  instance was briefly disconnected, is seen as soon as the work looks.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol

from storage.locks import KeyedLocks

LEASE_TTL = 30.0  # seconds a lease outlives its instance's last heartbeat (renewed every third of it)

OnLost = Callable[[], None]
Unwatch = Callable[[], None]


class Lease:
    """A held name; `lost` is set (and `on_lost` called) when it could not be renewed: another
    instance may take its work over."""

    def __init__(self, name: str, release: Callable[[Lease], Awaitable[None]]) -> None:
        self.name = name
        self.lost = asyncio.Event()
        self.on_lost: OnLost | None = None
        self._release = release

    async def release(self) -> None:
        """Give the name back (idempotent); never raises but CancelledError."""
        await self._release(self)


class Watchers:
    """Who waits for which generation of which name (both coordinators' `watch`)."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[tuple[int, Callable[[], None]]]] = {}

    def names(self) -> list[str]:
        return list(self._by_name)

    def add(self, name: str, seen: int, fire: Callable[[], None]) -> Unwatch:
        entry = (seen, fire)
        self._by_name.setdefault(name, []).append(entry)

        def unwatch() -> None:
            entries = self._by_name.get(name, [])
            if entry in entries:
                entries.remove(entry)
            if not entries:
                self._by_name.pop(name, None)

        return unwatch

    def reached(self, name: str, generation: int) -> None:
        """`name` is at `generation`: fire (once) those who waited for a higher one than they saw."""
        entries = self._by_name.get(name, [])
        due = [entry for entry in entries if entry[0] < generation]
        for entry in due:
            entries.remove(entry)
        if not entries:
            self._by_name.pop(name, None)
        for _, fire in due:
            fire()

    def clear(self) -> None:
        self._by_name.clear()


class Coordinator(Protocol):
    @property
    def shared(self) -> bool:
        """Other instances may run: what a start-up finds in the database may be theirs."""

    @property
    def lease_ttl(self) -> float: ...

    async def acquire(self, name: str, *, on_lost: OnLost | None = None) -> Lease | None:
        """Hold `name` until released (renewed meanwhile); None when someone holds it."""

    async def held(self, name: str) -> bool:
        """Someone (this instance too) holds `name`."""

    async def any_held(self, prefix: str) -> bool:
        """Someone holds a name that starts with `prefix`."""

    async def mark_once(self, name: str) -> bool:
        """True for the first caller within a lease's TTL (never renewed): one instance acts."""

    async def bump(self, name: str) -> int:
        """Raise `name`'s generation; returns the new one."""

    async def generation(self, name: str) -> int: ...

    async def watch(self, name: str, seen: int, fire: Callable[[], None]) -> Unwatch:
        """Call `fire` once when `name`'s generation is above `seen` (at once if it is already)."""

    def lock(self, name: str) -> contextlib.AbstractAsyncContextManager[None]:
        """Exclusive across instances; waits for the holder."""

    async def close(self) -> None: ...


class InProcess:
    """One instance: leases and generations in memory; nothing outlives the process (a start-up finds
    nothing held, so every leftover in the database is the previous process's)."""

    shared = False
    lease_ttl = LEASE_TTL

    def __init__(self) -> None:
        self._leases: dict[str, Lease] = {}
        self._generations: dict[str, int] = {}
        self._watchers = Watchers()
        self._locks: KeyedLocks[str] = KeyedLocks()

    async def acquire(self, name: str, *, on_lost: OnLost | None = None) -> Lease | None:
        if name in self._leases:
            return None
        lease = self._leases[name] = Lease(name, self._drop)
        lease.on_lost = on_lost
        return lease

    async def _drop(self, lease: Lease) -> None:
        if self._leases.get(lease.name) is lease:
            del self._leases[lease.name]

    async def held(self, name: str) -> bool:
        return name in self._leases

    async def any_held(self, prefix: str) -> bool:
        return any(name.startswith(prefix) for name in self._leases)

    async def mark_once(self, name: str) -> bool:
        return True  # no other instance to race with

    async def bump(self, name: str) -> int:
        value = self._generations[name] = self._generations.get(name, 0) + 1
        self._watchers.reached(name, value)
        return value

    async def generation(self, name: str) -> int:
        return self._generations.get(name, 0)

    async def watch(self, name: str, seen: int, fire: Callable[[], None]) -> Unwatch:
        if self._generations.get(name, 0) > seen:
            fire()
            return lambda: None
        return self._watchers.add(name, seen, fire)

    @contextlib.asynccontextmanager
    async def lock(self, name: str) -> AsyncIterator[None]:
        async with self._locks(name):
            yield

    async def close(self) -> None:
        self._watchers.clear()


def coordinator_for(redis_url: str, *, prefix: str) -> Coordinator:
    """Redis when a URL is set (several instances), else in memory (one)."""
    if not redis_url:
        return InProcess()
    from services.coordination_redis import RedisCoordinator

    return RedisCoordinator.from_url(redis_url, prefix=prefix)
