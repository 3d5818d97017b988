"""The failed-rows report a manager downloads: a summary sheet, then one line per failed row with the
row number, column, reason, what is wrong, the suggestion and the original cells.

The one writer of that layout. Words (sheet titles, column titles, reason labels, summary lines) come
from the caller, who speaks the reader's language; rows are streamed, so a file where every row
failed is never held in memory here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sheets.limits import MAX_COLUMNS
from sheets.xlsx_writer import SheetSpec, write_xlsx
from validators.result import ProblemLike

_FAILED_WIDTHS = (8, 16, 26, 60, 22)
# The failed-rows sheet puts five columns of its own before the original cells: a file as wide as a
# sheet loses its last columns there (the caller's summary says how many: hidden_columns).
MAX_ORIGINAL_COLUMNS = MAX_COLUMNS - len(_FAILED_WIDTHS)
_CELL_WIDTH = 16
_SUMMARY_WIDTHS = (34, 50)


@dataclass(frozen=True, slots=True)
class ReportLabels:
    """The report's words, in the reader's language."""

    summary_sheet: str
    summary_header: tuple[str, str]
    failed_sheet: str
    failed_header: tuple[str, str, str, str, str]  # row, column, reason, what is wrong, suggestion
    reason: Callable[[str], str]  # reason code → label
    problem: Callable[[ProblemLike], str]  # a failed row → what is wrong (its detail and params)
    column: Callable[[str], str] = str  # a failing column's title → as the reader sees it


def write_error_report(
    path: Path,
    *,
    labels: ReportLabels,
    summary: Sequence[tuple[str, str]],
    original_columns: Sequence[str],
    failed: Iterable[ProblemLike],
) -> None:
    original_columns = original_columns[:MAX_ORIGINAL_COLUMNS]
    write_xlsx(
        path,
        [
            SheetSpec(labels.summary_sheet, labels.summary_header, summary, _SUMMARY_WIDTHS),
            SheetSpec(
                labels.failed_sheet,
                (*labels.failed_header, *original_columns),
                _failed_rows(failed, labels),
                (*_FAILED_WIDTHS, *(_CELL_WIDTH for _ in original_columns)),
            ),
        ],
    )


def _failed_rows(failed: Iterable[ProblemLike], labels: ReportLabels) -> Iterator[Sequence[str]]:
    reason, what, column = labels.reason, labels.problem, labels.column
    for problem in failed:
        yield (
            str(problem.row_number),
            column(problem.column),
            reason(str(problem.reason)),
            what(problem),
            problem.suggestion or "",
            *problem.cells[:MAX_ORIGINAL_COLUMNS],
        )


def hidden_columns(original_columns: int) -> int:
    """How many of a file's columns the failed-rows sheet cannot show."""
    return max(0, original_columns - MAX_ORIGINAL_COLUMNS)
