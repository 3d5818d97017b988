"""Spotting a sandbox child that has run out of memory but does not end.

CPython 3.11 can loop forever when an allocation fails while it searches for an exception handler (the
integer it pushes for the handler is allocated, and that failure restarts the search), so a child at its
RLIMIT_AS may spin at full CPU instead of raising MemoryError. Seen reading a 300,000-row CSV under a
64 MB limit: 120 s of spinning, then 'took too long' instead of 'too large'. From outside it is plain to
see: a process of the child's family whose address space sits at the limit and stays there.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

# Allocations fail within this distance of the limit: pymalloc asks for 1 MiB arenas.
_MARGIN_BYTES = 1024 * 1024
# How long a family member may sit at its limit: a MemoryError that is raised normally is answered in
# milliseconds, so this only ever catches a process that is stuck.
STARVED_SECONDS = 1.0


def at_memory_limit(pid: int, limit_bytes: int) -> bool:
    """Whether the child `pid` or one of its validator workers has (almost) no address space left."""
    return any(_vm_size(member) >= limit_bytes - _MARGIN_BYTES for member in _family(pid))


def _family(pid: int) -> list[int]:
    """The child and its children (the validator workers; they fork nothing). Empty off Linux."""
    members = [pid]
    with contextlib.suppress(OSError, ValueError):
        members += map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    return members


def _vm_size(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0
