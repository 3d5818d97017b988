"""The only way the bot reads user files: in a child process with memory, CPU and wall-clock limits.

Children come from a multiprocessing forkserver: the server is a fresh interpreter (safe to start from a
threaded asyncio process, unlike fork) that preloads calamine and the validators once, and forks a cheap
child per file. An abort, segfault or OOM in the child only ends the child; the parent turns it into a
SheetError.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import signal
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

from sheets import errors, job, starvation
from sheets.errors import SheetError
from sheets.model import FileValidation, Progress, SandboxLimits, Table

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], Awaitable[None]]
_POLL_SECONDS = 0.2
_TOO_LARGE = "too large"  # _receive: the child announced more bytes than the limit allows
PRELOAD = ["sheets.preload"]
_context: ForkServerContext | None = None


def _get_context() -> ForkServerContext:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        assert isinstance(context, ForkServerContext)
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


async def validate_file(
    path: Path,
    channel_id: str,
    *,
    default_region: str | None = None,
    apply_suggestions: bool = False,
    on_progress: ProgressCallback | None = None,
    limits: SandboxLimits = SandboxLimits(),  # noqa: B008 - frozen, never mutated
) -> FileValidation:
    """Read and validate `path` in a sandboxed child. Raises SheetError."""
    task = job.ValidateTask(path, channel_id, default_region, apply_suggestions)
    result = await _run(task, limits, on_progress)
    assert isinstance(result, FileValidation)
    return result


async def read_table_async(path: Path, limits: SandboxLimits = SandboxLimits()) -> Table:  # noqa: B008
    result = await _run(job.ReadTask(path), limits, None)
    assert isinstance(result, Table)
    return result


async def _run(task: job.Task, limits: SandboxLimits, on_progress: ProgressCallback | None) -> object:
    context = _get_context()
    progress = context.RawArray("q", 2)
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon: the child forks validator workers, which daemonic processes may not do. The finally
    # below kills it on every early exit, and RLIMIT_CPU ends it even if this process dies first.
    process = context.Process(
        target=job.child_main, args=(task, limits, progress, sender), name="sheets-sandbox"
    )
    loop = asyncio.get_running_loop()
    # The first start launches the forkserver (an interpreter start + preload): keep it off the loop.
    # Shielded: a caller cancelled meanwhile must not leave a child started after it gave up (it would
    # run on, reading a file its caller has already removed).
    starting = asyncio.ensure_future(asyncio.to_thread(process.start))
    try:
        await asyncio.shield(starting)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await starting
            _kill_group(process.pid)
            await asyncio.to_thread(process.join)
        raise
    finally:
        sender.close()
    reply = asyncio.ensure_future(asyncio.to_thread(_receive, receiver, limits.max_result_bytes))
    try:
        deadline = loop.time() + limits.timeout_seconds
        reported = -1
        starved_since: float | None = None
        while True:
            remaining = deadline - loop.time()
            done, _ = await asyncio.wait({reply}, timeout=max(0.0, min(_POLL_SECONDS, remaining)))
            if on_progress is not None and progress[job.ROWS_DONE] != reported and not done:
                reported = progress[job.ROWS_DONE]
                total = progress[job.ROWS_TOTAL]
                await on_progress(Progress(reported, min(reported / total, 1.0) if total else None))
            if done:
                break
            if loop.time() > deadline:
                log.warning("sandbox timeout after %.0f s for %s", limits.timeout_seconds, task)
                raise errors.timed_out()
            if process.pid is not None and starvation.at_memory_limit(process.pid, limits.memory_bytes):
                starved_since = loop.time() if starved_since is None else starved_since
                if loop.time() - starved_since >= starvation.STARVED_SECONDS:
                    log.warning("sandbox child stuck at its memory limit for %s", task)
                    raise errors.out_of_memory()
            else:
                starved_since = None
    finally:
        if process.is_alive() and (not reply.done() or _is_too_large(reply)):
            _kill_group(process.pid)  # a child still sending what is refused would never exit
        await asyncio.wait({reply})
        await asyncio.to_thread(process.join)
        receiver.close()
    if reply.result() is _TOO_LARGE:
        log.warning("sandbox child sent more than %d bytes for %s", limits.max_result_bytes, task)
        raise errors.result_too_large(limits.max_result_bytes // 2**20)
    return _unwrap(reply.result(), process.exitcode, task)


def _is_too_large(reply: asyncio.Future[Any]) -> bool:
    return not reply.cancelled() and reply.exception() is None and reply.result() is _TOO_LARGE


def _kill_group(pid: int | None) -> None:
    """Kill the child and the validator workers it forked (they share its process group)."""
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:  # killed before it made its group: it has no workers yet
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _receive(receiver: Connection, max_bytes: int) -> Any:
    """Blocking read of the child's one reply; None when the child died without replying, _TOO_LARGE
    when it announced more than `max_bytes` (nothing of it is read: the bot's memory stays bounded)."""
    try:
        data = receiver.recv_bytes(max_bytes)
    except EOFError:
        return None
    except OSError as exc:
        return _TOO_LARGE if "bad message length" in str(exc) else None
    # Loading 2.6M strings triggers many young-generation collections that find nothing: 5x slower.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if was_enabled:
            gc.enable()


def _unwrap(reply: Any, exitcode: int | None, task: job.Task) -> object:
    if reply is None:
        log.warning("sandbox child died (exit code %s) reading %s", exitcode, task)
        if exitcode == -signal.SIGXCPU:
            raise errors.timed_out()
        raise errors.unreadable()
    status, value = reply
    if status == "error":
        assert isinstance(value, SheetError)
        raise value
    return value
