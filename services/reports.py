"""The "View failed rows" XLSX of a pending import, rebuilt from the database (so it works after a
restart), written in a worker thread that streams the failed rows: the event loop stays free."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from sheets.report import ReportLabels, write_error_report
from storage.imports import ImportsRepo
from storage.lists import ClientList


@asynccontextmanager
async def stage_report(
    imports: ImportsRepo,
    stage: ClientList,
    file_name: str,
    *,
    labels: ReportLabels,
    summary: Sequence[tuple[str, str]],
) -> AsyncIterator[Path]:
    """The report as a temporary file named `file_name`, removed when the block ends."""
    stored = stage.summary or {}
    original = [str(title) for title in stored.get("original_columns", [c.title for c in stage.columns])]
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        path = Path(folder) / file_name
        await asyncio.to_thread(
            lambda: write_error_report(
                path,
                labels=labels,
                summary=summary,
                original_columns=original,
                failed=imports.iter_problems_blocking(stage.id),
            )
        )
        yield path
