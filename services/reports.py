"""The "View failed rows" XLSX of a pending import, rebuilt from the database (so it works after a
restart), written in a worker thread that streams the failed rows: the event loop stays free.

Every word of it (sheet and column titles, the summary, reasons, what is wrong) is in the reader's
language (`locale`); the failed rows are stored as codes, rendered here.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from i18n import catalog
from i18n.formats import number
from services.wording import column_title, key_of, problem_text, reason_label
from sheets.report import ReportLabels, hidden_columns, write_error_report
from storage.imports import ImportsRepo
from storage.lists import ClientList


@asynccontextmanager
async def stage_report(
    imports: ImportsRepo, stage: ClientList, file_name: str, *, locale: str
) -> AsyncIterator[Path]:
    """The report as a temporary file named `file_name`, removed when the block ends."""
    stored = stage.summary or {}
    shown = {
        c.title: column_title(locale, stage.channel, c.title, c.label, position)
        for position, c in enumerate(stage.columns)
    }
    original = [shown.get(str(title), str(title)) for title in stored.get("original_columns", shown)]
    summary = report_summary(locale, stored, stage.channel)
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        path = Path(folder) / file_name
        failed = imports.iter_problems_blocking(stage.id)  # here: it may need the event loop
        await asyncio.to_thread(
            lambda: write_error_report(
                path,
                labels=replace(report_labels(locale), column=lambda title: shown.get(title, title)),
                summary=summary,
                original_columns=original,
                failed=failed,
            )
        )
        yield path


def report_labels(locale: str) -> ReportLabels:
    def text(key: str) -> str:
        return catalog().text(locale, f"file-report-{key}")

    return ReportLabels(
        summary_sheet=text("summary-sheet"),
        summary_header=(text("item"), text("value")),
        failed_sheet=text("failed-sheet"),
        failed_header=(text("row"), text("column"), text("reason"), text("what"), text("suggestion")),
        reason=lambda code: reason_label(locale, code),
        problem=lambda problem: problem_text(locale, problem),
    )


def report_summary(locale: str, summary: dict[str, Any], channel_id: str) -> list[tuple[str, str]]:
    """The report's first sheet: what was read and what came of it."""

    def text(key: str) -> str:
        return catalog().text(locale, f"file-report-{key}")

    def count(key: str) -> str:
        return number(locale, int(summary.get(key, 0) or 0))

    channel_key = key_of("file-channel", channel_id)
    lines = [
        (text("file"), str(summary.get("file_name", ""))),
        (text("format"), str(summary.get("format", "")).upper()),
        (text("sheet"), str(summary.get("sheet") or "—")),
    ]
    if summary.get("other_sheets"):
        lines.append((text("other-sheets"), ", ".join(summary["other_sheets"])))
    if summary.get("other_sheets_unchecked"):
        lines.append((text("more-sheets"), count("other_sheets_unchecked")))
    lines += [
        (
            text("channel"),
            catalog().text(locale, channel_key) if catalog().has(locale, channel_key) else channel_id,
        ),
        (text("header-row"), text("yes" if summary.get("has_header") else "no")),
        (text("rows-read"), count("rows_read")),
        (text("valid"), count("valid")),
        (text("invalid"), count("invalid")),
    ]
    lines += [
        (f"    {reason_label(locale, reason)}", number(locale, int(n)))
        for reason, n in summary.get("by_reason", {}).items()
    ]
    lines += [
        (text("duplicates"), count("duplicates")),
        (text("normalized"), count("normalized")),
        (text("with-suggestion"), count("suggestions")),
        (text("suggestions-applied"), count("suggestions_applied")),
    ]
    if unlisted := not_listed(summary):
        lines.append((text("not-listed"), number(locale, unlisted)))
    if hidden := hidden_columns(len(summary.get("original_columns", []))):
        lines.append((text("hidden-columns"), number(locale, hidden)))
    return lines


def not_listed(summary: dict[str, Any]) -> int:
    """Failed rows the report cannot list: past the sandbox's list or the stored examples."""
    failed = int(summary.get("invalid", 0)) + int(summary.get("duplicates", 0))
    if "problems_stored" in summary:
        return max(0, failed - int(summary["problems_stored"]))
    return int(summary.get("unlisted", 0))
