"""`python -m bot import-clients FILE [--project NAME]`: load the platform's clients report.

Why chunks of their own transactions: the bot may be running on the same database, and one huge
write transaction would hold its writer past the busy timeout. The upsert is idempotent, so an
interrupted import is finished by running it again.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from services.wording import detail_text, sheet_error_text
from sheets.errors import SheetError
from sheets.model import SandboxLimits
from sheets.sandbox import read_table_async
from storage.clients import ClientsRepo, UpsertStats
from storage.connect import open_database
from validators.client_report import (
    Field,
    ReportClient,
    RowRejection,
    match_header,
    missing_fields,
    parse_row,
)
from validators.ids import IdCheck
from validators.result import Detail, Params

logger = logging.getLogger(__name__)

CHUNK = 2_000
HEADER_SEARCH_ROWS = 10
SHOW_REJECTED = 50
CONSOLE_LOCALE = "en"  # an operator's console tool: English, like its other output
# Whole tables come back from the sandbox: a report of a million clients is far over the 128 MB reply
# an upload may send.
READ_LIMITS = SandboxLimits(timeout_seconds=600.0, cpu_seconds=600, max_result_bytes=2 * 1024**3)


class ReportError(Exception):
    """The file cannot be imported at all (unreadable, no header); the message is for the operator."""


@dataclass(slots=True)
class ImportResult:
    rows: int = 0
    stats: UpsertStats = field(default_factory=UpsertStats)
    rejected: list[RowRejection] = field(default_factory=list)


class ProgressBar:
    """`[#####-----]  50%  5,000/10,000 rows` redrawn in place on a terminal (stderr), at most 10/s."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self._drawn = 0.0

    def update(self, done: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._drawn < 0.1:
            return
        self._drawn = now
        fraction = min(done / self.total, 1.0)
        filled = int(fraction * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        end = "\n" if final else ""
        self.stream.write(f"\r[{bar}] {fraction:4.0%}  {done:,}/{self.total:,} rows{end}")
        self.stream.flush()


def find_header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[Field, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = match_header(row)
        if columns is not None:
            return index, columns
    first = rows[0] if rows else []
    missing = ", ".join(f.value for f in missing_fields(first))
    raise ReportError(
        "No header row found in the first rows. Required columns: Channel type, Client ID and "
        f"Last message time (missing in the first row: {missing})."
    )


async def import_rows(
    repo: ClientsRepo,
    rows: Sequence[Sequence[str]],
    *,
    project: str | None,
    progress: ProgressBar | None = None,
) -> ImportResult:
    header_index, columns = find_header(rows)
    result = ImportResult()
    batch: list[ReportClient] = []
    body = rows[header_index + 1 :]
    if progress:
        progress.total = max(len(body), 1)
    for offset, row in enumerate(body):
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        parsed = parse_row(row, columns, header_index + offset + 2)
        if isinstance(parsed, RowRejection):
            result.rejected.append(parsed)
        else:
            batch.append(parsed)
        if len(batch) >= CHUNK:
            result.stats.add(await repo.upsert(batch, project=project))
            batch = []
            if progress:
                progress.update(offset + 1)
    if batch:
        result.stats.add(await repo.upsert(batch, project=project))
    if progress:
        progress.update(len(body), final=True)
    return result


def _why(problem: IdCheck) -> tuple[str, Params, str]:
    return str(problem.detail or Detail.UNKNOWN), problem.params, str(problem.reason or "")


def format_summary(result: ImportResult, total_clients: int) -> str:
    s = result.stats
    lines = [
        f"Rows read: {result.rows:,}",
        f"Imported: {s.added + s.updated + s.unchanged:,} (new {s.added:,}, updated {s.updated:,},"
        f" unchanged {s.unchanged:,})",
        f"Rejected: {len(result.rejected):,}",
    ]
    for rejection in result.rejected[:SHOW_REJECTED]:
        why = f": {detail_text(CONSOLE_LOCALE, *_why(rejection.problem))}" if rejection.problem else ""
        lines.append(f"  row {rejection.row_number}: {rejection.reason}{why}")
    if len(result.rejected) > SHOW_REJECTED:
        lines.append(f"  … and {len(result.rejected) - SHOW_REJECTED:,} more")
    lines.append(f"Clients in the database: {total_clients:,}")
    return "\n".join(lines)


async def run_import(
    database: str | Path,
    path: Path,
    *,
    project: str | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Exit code 0 when the file was read (rejected rows are listed, not fatal), 1 when it was not."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        table = await read_table_async(path, READ_LIMITS)
    except SheetError as exc:
        print(f"Cannot read {path.name}: {sheet_error_text(CONSOLE_LOCALE, exc)}", file=err)
        return 1
    db = await open_database(str(database))
    try:
        repo = ClientsRepo(db)
        try:
            result = await import_rows(
                repo, table.rows, project=project, progress=ProgressBar(len(table.rows), err)
            )
        except ReportError as exc:
            print(f"Cannot import {path.name}: {exc}", file=err)
            return 1
        print(format_summary(result, await repo.total()), file=out)
    finally:
        await db.close()
    logger.info("Imported %s: %s", path.name, result.stats)
    return 0
