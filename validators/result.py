"""The outcome of validating one uploaded table: shared by the rules, the readers/writers and the bot.

Plain dataclasses only, so a result can cross a process boundary (pickle) and be written to a report
without importing anything but the standard library.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from validators.packed import PackedRows


class Reason(StrEnum):
    """Why a row was not accepted. Values are stable: they are stored and shown in reports."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    SCIENTIFIC_NOTATION = "scientific_notation"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    UNKNOWN_COUNTRY_CODE = "unknown_country_code"
    INVALID_FOR_COUNTRY = "invalid_for_country"
    INVALID_ID = "invalid_id"
    BAD_TIMEZONE = "bad_timezone"
    BAD_PRIORITY = "bad_priority"
    CONTROL_CHARACTERS = "control_characters"
    DUPLICATE = "duplicate"


class ProblemLike(Protocol):
    """What a rejected row carries, wherever it comes from (RowProblem, a stored problem)."""

    @property
    def row_number(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def suggestion(self) -> str | None: ...
    @property
    def cells(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Column:
    """One output column. `key` is canonical (`client_id`, `first_name`, …, or `payload:<title>`)."""

    key: str
    title: str


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that will not be uploaded: rejected by a rule, or an exact duplicate of an earlier row."""

    row_number: int  # 1-based row number as the user sees it in the file (header row counts)
    column: str  # title of the column at fault ("" for whole-row problems such as duplicates)
    reason: Reason
    message: str  # one human sentence: what is wrong
    suggestion: str | None  # a corrected value for `column`, or a hint; None when there is none
    cells: tuple[str, ...]  # the original cells of the row, as read


@dataclass(slots=True)
class ValidationResult:
    channel: str  # channel id from validators.channels
    columns: list[Column]  # output columns in file order; columns[0] is the client id / phone
    has_header: bool
    rows_read: int = 0  # data rows seen (header excluded, fully empty rows excluded)
    valid_rows: PackedRows = field(default_factory=PackedRows)  # normalized rows, aligned to columns
    valid_row_numbers: list[int] = field(default_factory=list)  # file row number of each valid row
    invalid: list[RowProblem] = field(default_factory=list)  # one entry per rejected row, file order
    duplicates: list[RowProblem] = field(default_factory=list)  # reason DUPLICATE, file order
    normalized: int = 0  # valid ids whose formatting characters were removed / converted
    suggestions: int = 0  # rejected rows that carry a suggested corrected id
    suggestions_applied: int = 0  # rows made valid by applying suggestions (apply_suggestions=True)

    @property
    def invalid_by_reason(self) -> dict[Reason, int]:
        """Counts per reason, most frequent first."""
        return dict(Counter(problem.reason for problem in self.invalid).most_common())

    @property
    def valid_count(self) -> int:
        return len(self.valid_rows)
