"""What runs inside the sandbox child: limits first, then read (and validate), then one reply.

This module and the validators are preloaded by the forkserver, so their imports (calamine, phonenumbers
metadata) are paid once per server, not per file.
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sheets import errors
from sheets.errors import SheetError
from sheets.model import FileValidation, SandboxLimits, Table
from sheets.read import load_rows, load_table, open_table
from validators.rows import validate_rows

log = logging.getLogger(__name__)

# Slots of the shared progress array.
ROWS_DONE = 0
ROWS_TOTAL = 1


@dataclass(frozen=True, slots=True)
class ReadTask:
    path: Path

    def run(self, limits: SandboxLimits, progress: Any) -> Table:
        table = open_table(self.path, limits.guard)
        progress[ROWS_TOTAL] = table.row_count_hint
        return load_table(table)


@dataclass(frozen=True, slots=True)
class ValidateTask:
    path: Path
    channel_id: str
    default_region: str | None
    apply_suggestions: bool

    def run(self, limits: SandboxLimits, progress: Any) -> FileValidation:
        started = time.perf_counter()
        table = open_table(self.path, limits.guard)
        rows = load_rows(table)  # validate_rows needs the whole table to split it between workers
        read_done = time.perf_counter()
        progress[ROWS_TOTAL] = len(rows)

        def report(done: int) -> None:
            progress[ROWS_DONE] = done
            _stop_if_bot_died()

        result = validate_rows(
            rows,
            self.channel_id,
            default_region=self.default_region,
            apply_suggestions=self.apply_suggestions,
            progress=report,
            workers=limits.workers,
        )
        progress[ROWS_DONE] = len(rows)
        peak = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        return FileValidation(
            table.format,
            table.sheet_name,
            table.other_sheets_with_data,
            result,
            peak,
            read_seconds=read_done - started,
            validate_seconds=time.perf_counter() - read_done,
            other_sheets_unchecked=table.other_sheets_unchecked,
        )


Task = ReadTask | ValidateTask


def child_main(task: Task, limits: SandboxLimits, progress: Any, conn: Connection) -> None:
    """Entry point of the child. Every failure, even a BaseException from a Rust panic, becomes a reply."""
    # Own process group: the validator workers this child forks die with it when the bot kills the group.
    os.setpgrp()
    _limit(resource.RLIMIT_AS, limits.memory_bytes)
    _limit(resource.RLIMIT_CPU, limits.cpu_seconds)
    # Short-lived process with bounded memory: collecting 400k freshly built rows costs ~40% of a read.
    gc.disable()
    try:
        reply: tuple[str, object] = ("ok", task.run(limits, progress))
    except SheetError as exc:
        reply = ("error", exc)
    except MemoryError:
        reply = ("error", errors.out_of_memory())
    except BaseException:  # calamine panics are BaseException; the parent must always get an answer
        log.exception("sandbox child failed on %s", task)
        reply = ("error", errors.unreadable())
    try:
        data = _dumps(reply)
    except MemoryError:
        data = _dumps(("error", errors.out_of_memory()))
    if len(data) > limits.max_result_bytes:
        log.warning("sandbox child: result of %s is %d bytes, over the limit", task, len(data))
        data = _dumps(("error", errors.result_too_large(limits.max_result_bytes // 2**20)))
    try:
        conn.send_bytes(data)
        conn.close()
    except BrokenPipeError:  # the bot is gone (killed mid-check): nobody is waiting for the answer
        log.warning("sandbox child: the bot went away before the result of %s was sent", task)


def _stop_if_bot_died() -> None:
    """Checked between chunks of rows: a bot killed mid-check must not leave this child (and its
    workers) validating for nobody. The forkserver outlives the bot while it has children, so the
    kernel's parent-death signal would not fire; multiprocessing's parent sentinel does."""
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        os.killpg(0, signal.SIGKILL)  # this child and the validator workers of its group


def _dumps(reply: tuple[str, object]) -> bytes:
    """Pickle without the memo: results are trees of rows (no cycles), and memoizing 2.6M strings
    makes pickling 15x slower (0.75 s vs 0.05 s for 430k rows)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(reply)
    return buffer.getvalue()


def _limit(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, hard))
