"""Hostile files through the real sandbox: outcome, time to answer, peak RSS of the bot and of the child.

Run: `python -m bench.hostile_files` (part of `make bench`). Each file is generated, then checked by
`sheets.sandbox.validate_file` with the bot's default limits in a fresh process that plays the bot: its
peak RSS (VmHWM of that process) is what the bot would pay; the sandbox child's peak comes from
RUSAGE_CHILDREN once the forkserver (which reaps the children) has been stopped and reaped, so it is the
largest of the forkserver and the children it forked. The forkserver is warmed up first, untimed, as in
the running bot.

Targets, printed next to the figures: every hostile file refused (or read) in < 10 s, the bot's peak
RSS < 500 MB, the child within its memory limit (IMPORT_MEMORY_MB, 2048 MB by default).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing.forkserver
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sheets.errors import SheetError
from sheets.limits import MAX_ROWS
from sheets.model import SandboxLimits
from sheets.xlsx_writer import SheetSpec, write_xlsx
from tests.fixtures import workbooks

TARGET_SECONDS = 10.0
TARGET_PARENT_MB = 500.0
CHILD_LIMIT_MB = SandboxLimits().memory_bytes / 2**20


def _plain_xlsx(path: Path) -> Path:
    write_xlsx(path, [SheetSpec("Clients", ["Phone"], [["79161234567"]])])
    return path


def _encrypted(path: Path) -> Path:
    return workbooks.encrypted_xlsx(_plain_xlsx(path.with_name("plain.xlsx")), path)


def _truncated(path: Path) -> Path:
    data = workbooks.many_rows_xlsx(path.with_name("whole.xlsx"), 50_000).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _text(content: Callable[[], str]) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_text(content(), encoding="utf-8")
        return path

    return write


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


def _wide_csv() -> str:
    """The issue's 243 KB CSV: 20,000 columns."""
    header = ",".join(["Phone", *(f"c{i}" for i in range(1, 20_000))])
    return header + "\n" + "".join(f"7916{n:07d}" + ",x" * 19_999 + "\n" for n in range(3))


def _failing_rows() -> str:
    """800,000 rows, every one failing: half rejected, half duplicates (the reply stays bounded)."""
    body = "".join("79161234567,Ann,London\n" if n % 2 else ",Ann,London\n" for n in range(800_000))
    return "Phone,Name,City\n" + body


_HTML = b"<html><body><table><tr><td>1</td></tr></table></body></html>"
_BIG_CELL = 19_000_000

CASES: list[tuple[str, str, Callable[[Path], Path]]] = [
    ("zip bomb (64 MB part, 1000:1)", "bomb.xlsx", workbooks.zip_bomb),
    ("XML entity bomb", "lol.xlsx", workbooks.entity_bomb),
    ("sparse sheet, A1 and XFD1048576", "sparse.xlsx", workbooks.sparse_sheet),
    (
        "sparse sheet without <dimension>",
        "sparse-nodim.xlsx",
        lambda path: workbooks.sparse_sheet(path, declare_dimension=False),
    ),
    (
        "3.36M rows, ratio ~140 (issue 10)",
        "rows.xlsx",
        lambda path: workbooks.many_rows_xlsx(path, 3_360_000),
    ),
    ("CSV over the row limit", "rows.csv", _text(lambda: "79161234567\n" * (MAX_ROWS + 1))),
    ("800k failing rows (CSV)", "failing.csv", _text(_failing_rows)),
    ("20,000 columns (CSV, 243 KB)", "wide.csv", _text(_wide_csv)),
    ("one 19 MB cell (CSV)", "cell.csv", _text(lambda: "Phone,Note\n1," + "x" * _BIG_CELL + "\n")),
    ("one 19 MB quoted cell", "quoted.csv", _text(lambda: 'Phone,Note\n1,"' + "x" * _BIG_CELL + '"\n')),
    ("quote never closed", "open.csv", _text(lambda: 'Phone,Note\n1,"open\n' + "79161234568,x\n" * 500_000)),
    ("truncated XLSX", "cut.xlsx", _truncated),
    ("password-protected XLSX", "locked.xlsx", _encrypted),
    ("PNG named .xlsx", "photo.xlsx", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)),
    ("PDF named .csv", "doc.csv", _bytes(b"%PDF-1.7\n" + b"x" * 1000)),
    ("HTML saved as .xls", "page.xls", _bytes(_HTML)),
]


@dataclass(frozen=True, slots=True)
class Figures:
    outcome: str
    seconds: float
    parent_mb: float
    child_mb: float


def main() -> None:
    print(
        f"targets: answer < {TARGET_SECONDS:.0f} s, bot (parent) peak RSS < {TARGET_PARENT_MB:.0f} MB, "
        f"sandbox child within {CHILD_LIMIT_MB:.0f} MB (IMPORT_MEMORY_MB)"
    )
    print(f"{'file':36} {'size':>9} {'outcome':40} {'time':>7} {'parent':>8} {'child':>8}  ok")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        for title, name, make in CASES:
            try:
                path = make(Path(folder) / name)
            except ImportError as exc:  # msoffcrypto is a dev dependency
                print(f"{title:36} skipped: {exc}")
                continue
            figures = _measure(path)
            ok = (
                figures.seconds < TARGET_SECONDS
                and figures.parent_mb < TARGET_PARENT_MB
                and figures.child_mb < CHILD_LIMIT_MB
            )
            failures += not ok
            print(
                f"{title:36} {_size(path.stat().st_size):>9} {figures.outcome:40} "
                f"{figures.seconds:6.2f}s {figures.parent_mb:6.0f}MB {figures.child_mb:6.0f}MB  "
                f"{'yes' if ok else 'NO'}"
            )
            path.unlink()
    print("all within targets" if not failures else f"{failures} file(s) outside the targets")


def _measure(path: Path) -> Figures:
    """Check `path` in a fresh process playing the bot; its figures come back as one JSON line."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.hostile_files", "--one", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return Figures(**json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError, TypeError):
        return Figures(f"bench crashed ({done.returncode})", 0.0, 0.0, 0.0)


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


async def _check(path: Path) -> dict[str, object]:
    from sheets.sandbox import validate_file

    warm_up = path.with_name("warm-up.csv")
    warm_up.write_text("79161234567\n", encoding="utf-8")
    await validate_file(warm_up, "telephony")  # starts the forkserver, as the bot does at start-up
    started = time.perf_counter()
    try:
        validation = await validate_file(path, "telephony")
    except SheetError as exc:
        outcome = f"refused: {exc.code.value}"
    else:
        result = validation.result
        outcome = f"read: {result.rows_read:,} rows, {result.problems_unlisted:,} unlisted"
    return {"outcome": outcome, "seconds": time.perf_counter() - started}


def _peak_rss_mb() -> float:
    """VmHWM: this process's own peak since exec. (ru_maxrss would also count the bench process this
    one was forked from, since Linux carries it across exec.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one(path: Path) -> None:
    figures = asyncio.run(_check(path))
    figures["parent_mb"] = _peak_rss_mb()
    server = multiprocessing.forkserver._forkserver
    server._stop()  # type: ignore[attr-defined]  # reaps the forkserver, which has reaped the children
    figures["child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _one(Path(sys.argv[2]))
    else:
        main()
