"""File → validation result through the sandbox, for the 20 MB CSV and the same rows as XLSX.

Run: `python -m bench.validate_file`. Prints seconds end to end (detect, read, validate, result back in
the parent), peak RSS of the parent and of the children, and the XLSX writer against openpyxl.
"""

from __future__ import annotations

import asyncio
import csv
import resource
import time
from pathlib import Path

from bench.datagen import HEADER, generate_rows
from sheets.model import SandboxLimits
from sheets.sandbox import read_table_async, validate_file
from sheets.xlsx_writer import SheetSpec, write_xlsx

OUT = Path(__file__).parent / "out"
_OPENPYXL_ROWS = 50_000


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _write_inputs(rows: list[list[str]]) -> tuple[Path, Path]:
    OUT.mkdir(exist_ok=True)
    csv_path, xlsx_path = OUT / "calls.csv", OUT / "calls.xlsx"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    write_xlsx(xlsx_path, [SheetSpec("Clients", rows[0], rows[1:])])
    return csv_path, xlsx_path


async def _time_validation(path: Path, size: int) -> int:
    started = time.perf_counter()
    validation = await validate_file(path, "telephony")
    elapsed = time.perf_counter() - started
    result = validation.result
    print(
        f"{path.name:10} {size / 1e6:6.1f} MB  {elapsed:5.2f} s  rows {result.rows_read}  "
        f"valid {result.valid_count}  invalid {result.invalid_count}  duplicates {result.duplicate_count}  "
        f"child peak RSS {validation.peak_rss_kb / 1024:.0f} MB"
    )
    read, check = validation.read_seconds, validation.validate_seconds
    print(
        f"{'':10} in the child: read {read:.2f} s, validate {check:.2f} s;"
        f" result transfer, process start and the rest {elapsed - read - check:.2f} s"
    )
    return validation.peak_rss_kb


async def _sandbox_overhead(path: Path) -> float:
    await read_table_async(path)  # the forkserver is already running; this warms nothing else
    started = time.perf_counter()
    for _ in range(5):
        await read_table_async(path)
    return (time.perf_counter() - started) / 5


def _writer_speed(rows: list[list[str]]) -> None:
    import openpyxl

    rows = rows[1:400_001]
    started = time.perf_counter()
    write_xlsx(OUT / "writer.xlsx", [SheetSpec("List", HEADER, rows)])
    ours = time.perf_counter() - started
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("List")
    started = time.perf_counter()
    for row in rows[:_OPENPYXL_ROWS]:
        sheet.append(row)
    workbook.save(OUT / "openpyxl.xlsx")
    theirs = (time.perf_counter() - started) * len(rows) / _OPENPYXL_ROWS
    print(
        f"writer {len(rows)}x{len(HEADER)}: sheets.xlsx_writer {ours:.2f} s, openpyxl write-only "
        f"~{theirs:.1f} s (extrapolated from {_OPENPYXL_ROWS} rows), {theirs / ours:.0f}x"
    )


async def main() -> None:
    rows = generate_rows()
    csv_path, xlsx_path = _write_inputs(rows)
    tiny = OUT / "tiny.csv"
    tiny.write_text("Phone\n12015550123\n", encoding="utf-8")
    started = time.perf_counter()
    await read_table_async(tiny)
    print(f"sandbox first call (starts the forkserver, preloads): {time.perf_counter() - started:.2f} s")
    print(f"sandbox per-file overhead (tiny CSV): {await _sandbox_overhead(tiny) * 1000:.0f} ms")
    print(f"limits: {SandboxLimits()}")
    child_kb = [await _time_validation(path, path.stat().st_size) for path in (csv_path, xlsx_path)]
    parent_mb = _peak_mb(resource.RUSAGE_SELF)
    print(f"peak RSS: parent {parent_mb:.0f} MB, largest child {max(child_kb) / 1024:.0f} MB")
    _writer_speed(rows)


if __name__ == "__main__":
    asyncio.run(main())
