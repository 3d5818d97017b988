"""Is this process able to serve? (`GET /healthz`): its database answers and the sandbox reads a file.

The sandbox probe reads a one-row file through the real forkserver (tens of milliseconds), at most
once per PROBE_EVERY seconds: a load balancer polling every second costs nothing, and a forkserver
killed underneath the bot shows within that time.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sheets.errors import SheetError
from sheets.model import SandboxLimits
from sheets.sandbox import read_table_async
from storage.sql import Database

PROBE_EVERY = 30.0
TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Health:
    database: bool
    sandbox: bool

    @property
    def ok(self) -> bool:
        return self.database and self.sandbox


async def sandbox_reads(limits: SandboxLimits) -> str | None:
    """Read a tiny file in the sandbox; None when it worked, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix="probe-") as folder:
        path = Path(folder) / "probe.csv"
        path.write_text("Phone\n12015550123\n", encoding="utf-8")
        try:
            await read_table_async(path, limits)
        except SheetError as exc:
            return f"SheetError {exc.code}"
        except (OSError, EOFError) as exc:  # the forkserver died (a signal to the process group)
            return f"{type(exc).__name__}: {exc}"
    return None


class HealthCheck:
    def __init__(self, db: Database, limits: SandboxLimits) -> None:
        self._db = db
        self._limits = limits
        self._sandbox_ok: bool | None = None
        self._probed_at = 0.0
        self._lock = asyncio.Lock()

    async def check(self) -> Health:
        return Health(database=await self._database(), sandbox=await self._sandbox())

    async def _database(self) -> bool:
        try:
            async with asyncio.timeout(TIMEOUT):
                async with self._db.reader.execute("SELECT 1") as cursor:
                    return await cursor.fetchone() is not None
        except Exception:
            return False

    async def _sandbox(self) -> bool:
        async with self._lock:  # one probe at a time; the others take its answer
            if self._sandbox_ok is None or time.monotonic() - self._probed_at >= PROBE_EVERY:
                try:
                    async with asyncio.timeout(TIMEOUT):
                        self._sandbox_ok = await sandbox_reads(self._limits) is None
                except TimeoutError:
                    self._sandbox_ok = False
                self._probed_at = time.monotonic()
            return self._sandbox_ok
