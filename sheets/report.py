"""The error report a manager downloads: what was read, what failed and why, row by row."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from pathlib import Path

from sheets.limits import MAX_COLUMNS
from sheets.model import FileValidation
from sheets.xlsx_writer import SheetSpec, write_xlsx
from validators.channels import CHANNELS
from validators.result import Reason, RowProblem, ValidationResult

FAILED_HEADER = ("Row", "Column", "Reason", "What is wrong", "Suggestion")
_FAILED_WIDTHS = (8, 16, 22, 60, 22)
# The failed-rows sheet puts FAILED_HEADER before the original cells: a file as wide as a sheet loses
# its last columns there (the summary says how many).
MAX_ORIGINAL_COLUMNS = MAX_COLUMNS - len(FAILED_HEADER)


def reason_label(reason: Reason) -> str:
    return reason.value.replace("_", " ").capitalize()


def write_error_report(path: Path, validation: FileValidation, file_name: str) -> None:
    result = validation.result
    original = [column.title for column in result.columns][:MAX_ORIGINAL_COLUMNS]
    write_xlsx(
        path,
        [
            SheetSpec("Summary", ("Item", "Value"), _summary(validation, file_name), (34, 50)),
            SheetSpec(
                "Failed rows",
                (*FAILED_HEADER, *original),
                _failed_rows(result),
                (*_FAILED_WIDTHS, *(16 for _ in original)),
            ),
        ],
    )


def _summary(validation: FileValidation, file_name: str) -> list[tuple[str, str]]:
    result = validation.result
    channel = CHANNELS.get(result.channel)
    lines = [
        ("File", file_name),
        ("Format", validation.file_format.value.upper()),
        ("Sheet", validation.sheet_name or "—"),
    ]
    if validation.other_sheets:
        lines.append(("Other sheets with data (not read)", ", ".join(validation.other_sheets)))
    if validation.other_sheets_unchecked:
        lines.append(("More sheets (not checked)", str(validation.other_sheets_unchecked)))
    lines += [
        ("Channel", channel.title if channel else result.channel),
        ("Header row", "yes" if result.has_header else "no"),
        ("Rows read", str(result.rows_read)),
        ("Valid", str(result.valid_count)),
        ("Invalid", str(result.invalid_count)),
    ]
    lines += [
        (f"    {reason_label(reason)}", str(count)) for reason, count in result.invalid_by_reason.items()
    ]
    lines += [
        ("Duplicates skipped", str(result.duplicate_count)),
        ("Values normalized", str(result.normalized)),
        ("Rows with a suggestion", str(result.suggestions)),
        ("Suggestions applied", str(result.suggestions_applied)),
    ]
    if result.problems_truncated:
        lines.append(("Failed rows not listed below", str(result.problems_unlisted)))
    widest = max((len(problem.cells) for problem in (*result.invalid, *result.duplicates)), default=0)
    hidden = max(len(result.columns), widest) - MAX_ORIGINAL_COLUMNS
    if hidden > 0:
        lines.append(("Columns not shown (past the last column of a sheet)", str(hidden)))
    return lines


def _failed_rows(result: ValidationResult) -> Iterator[Sequence[str]]:
    problems: Iterator[RowProblem] = heapq.merge(
        result.invalid, result.duplicates, key=lambda problem: problem.row_number
    )
    for problem in problems:
        yield (
            str(problem.row_number),
            problem.column,
            reason_label(problem.reason),
            problem.message,
            problem.suggestion or "",
            *problem.cells[:MAX_ORIGINAL_COLUMNS],
        )
