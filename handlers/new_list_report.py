"""The "View failed rows" XLSX, rebuilt from the stored stage (so it works after a restart).

Same layout as sheets.report (a Summary sheet, then one line per failed row with its original cells),
but fed from `import_problems` and the stage's summary instead of an in-memory validation result. The
rows are streamed from the database in a worker thread, so a file where every row failed is never held
in memory twice and the event loop stays free.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from handlers import texts
from sheets.report import FAILED_HEADER
from sheets.xlsx_writer import SheetSpec, write_xlsx
from storage.imports import ImportsRepo
from storage.lists import ClientList
from validators.channels import CHANNELS

_FAILED_WIDTHS = (8, 16, 26, 60, 22)


async def write_stage_report(imports: ImportsRepo, stage: ClientList, path: Path) -> None:
    await asyncio.to_thread(_write, imports, stage, path)


def _write(imports: ImportsRepo, stage: ClientList, path: Path) -> None:
    summary = stage.summary or {}
    original = [str(title) for title in summary.get("original_columns", [c.title for c in stage.columns])]
    write_xlsx(
        path,
        [
            SheetSpec("Summary", ("Item", "Value"), _summary(summary, stage.channel), (34, 50)),
            SheetSpec(
                "Failed rows",
                (*FAILED_HEADER, *original),
                _failed(imports, stage.id),
                (*_FAILED_WIDTHS, *(16 for _ in original)),
            ),
        ],
    )


def _summary(summary: dict[str, Any], channel_id: str) -> list[tuple[str, str]]:
    channel = CHANNELS.get(channel_id)
    lines = [
        ("File", str(summary.get("file_name", ""))),
        ("Format", str(summary.get("format", "")).upper()),
        ("Sheet", str(summary.get("sheet") or "—")),
    ]
    if summary.get("other_sheets"):
        lines.append(("Other sheets with data (not read)", ", ".join(summary["other_sheets"])))
    lines += [
        ("Channel", channel.title if channel else channel_id),
        ("Header row", "yes" if summary.get("has_header") else "no"),
        ("Rows read", str(summary.get("rows_read", 0))),
        ("Valid", str(summary.get("valid", 0))),
        ("Invalid", str(summary.get("invalid", 0))),
    ]
    lines += [
        (f"    {texts.NL_REASONS.get(reason, reason)}", str(count))
        for reason, count in summary.get("by_reason", {}).items()
    ]
    lines += [
        ("Duplicates skipped", str(summary.get("duplicates", 0))),
        ("Values normalized", str(summary.get("normalized", 0))),
        ("Rows with a suggestion", str(summary.get("suggestions", 0))),
        ("Suggestions applied", str(summary.get("suggestions_applied", 0))),
    ]
    return lines


def _failed(imports: ImportsRepo, list_id: int) -> Iterator[Sequence[str]]:
    for problem in imports.iter_problems_blocking(list_id):
        yield (
            str(problem.row_number),
            problem.column,
            texts.NL_REASONS.get(problem.reason, problem.reason),
            problem.message,
            problem.suggestion or "",
            *problem.cells,
        )
