"""The outcome of validating one uploaded table: shared by the rules, the readers/writers and the bot.

Plain dataclasses only, so a result can cross a process boundary (pickle) and be written to a report
without importing anything but the standard library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeAlias

from validators.packed import PackedRows

# Failed rows (rejected or duplicate) sent back with their cells, the first ones in file order; the rest
# are only counted. A file of a million failing rows must not cost the bot a million objects.
MAX_LISTED_PROBLEMS = 100_000
_QUOTED_CHARS = 40


def shown(text: str) -> str:
    """A cell as a message quotes it: a long one is cut (a cell holds up to 32,767 characters)."""
    return text if len(text) <= _QUOTED_CHARS else text[: _QUOTED_CHARS - 1] + "…"


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


class Detail(StrEnum):
    """What exactly is wrong: one text per value in i18n/locales/*/reasons.ftl (`problem-<value>`, `_` as
    `-`), rendered in the reader's language at the edge. Values are stored (import_problems.detail)."""

    # phone numbers (params: digits = how many; region = ISO code or "001", code = country calling code)
    PHONE_EMPTY = "phone_empty"
    PHONE_NOT_A_NUMBER = "phone_not_a_number"
    PHONE_SCIENTIFIC = "phone_scientific"  # {value}
    PHONE_TOO_SHORT = "phone_too_short"  # {digits}
    PHONE_TOO_LONG = "phone_too_long"  # {digits}
    PHONE_LEADING_ZERO = "phone_leading_zero"
    PHONE_NO_COUNTRY_CODE = "phone_no_country_code"  # {prefix}
    PLAN_TOO_SHORT = "plan_too_short"  # {region, code, digits}
    PLAN_TOO_LONG = "plan_too_long"  # {region, code, digits}
    PLAN_LENGTH = "plan_length"  # {region, code, digits}
    PLAN_NO_SUCH_NUMBER = "plan_no_such_number"  # {region, code}
    # channel ids (params: channel = validators.channels id)
    ID_EMPTY = "id_empty"  # {channel}
    ID_SCIENTIFIC = "id_scientific"  # {channel, value}
    ID_NOT_A_NUMBER = "id_not_a_number"  # {channel}
    ID_TOO_SHORT = "id_too_short"  # {channel, min}
    ID_TOO_LONG = "id_too_long"  # {channel, max}
    ID_OUT_OF_RANGE = "id_out_of_range"  # {channel, max}
    VIBER_ID = "viber_id"
    WIDGET_ID = "widget_id"
    # other columns
    TIMEZONE_MINUTES = "timezone_minutes"  # {value}
    TIMEZONE_RANGE = "timezone_range"  # {value}
    TIMEZONE_UNKNOWN = "timezone_unknown"  # {value}
    PRIORITY = "priority"  # {value, max}
    DUPLICATE = "duplicate"  # {row}: the row it repeats
    # a problem stored before codes whose sentence was not recognised: its reason's label is shown
    UNKNOWN = "unknown"


# A problem's parameters: numbers and short strings (cells quoted with `shown`), JSON-safe. Shared
# constants are never mutated.
Params: TypeAlias = Mapping[str, str | int]
NO_PARAMS: Params = {}


class ProblemLike(Protocol):
    """What a rejected row carries, wherever it comes from (RowProblem, a stored problem)."""

    @property
    def row_number(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def params(self) -> Params: ...
    @property
    def suggestion(self) -> str | None: ...
    @property
    def cells(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Column:
    """One output column. `key` is canonical (`client_id`, `first_name`, …, or `payload:<title>`).

    `label` says the bot named it (the file had no title there): "id" for the channel's id column,
    "number" for a positional one; shown as `files.ftl` says in the reader's language. `title` stays the
    English name: it identifies the column (payload keys) whatever language a reader sees.
    """

    key: str
    title: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that will not be uploaded: rejected by a rule, or an exact duplicate of an earlier row."""

    row_number: int  # 1-based row number as the user sees it in the file (header row counts)
    column: str  # title of the column at fault ("" for whole-row problems such as duplicates)
    reason: Reason  # the group a summary counts it in
    detail: Detail  # what exactly is wrong, with `params`: words are chosen at the edge
    params: Params
    suggestion: str | None  # a corrected value for `column` (a value, never words); None when there is none
    cells: tuple[str, ...]  # the original cells of the row, as read


@dataclass(slots=True)
class ValidationResult:
    channel: str  # channel id from validators.channels
    columns: list[Column]  # output columns in file order; columns[0] is the client id / phone
    has_header: bool
    rows_read: int = 0  # data rows seen (header excluded, fully empty rows excluded)
    valid_rows: PackedRows = field(default_factory=PackedRows)  # normalized rows, aligned to columns
    valid_row_numbers: list[int] = field(default_factory=list)  # file row number of each valid row
    # The failed rows listed with their cells, file order: together at most MAX_LISTED_PROBLEMS, the
    # ones with the lowest row numbers. The counts below cover every failed row, listed or not.
    invalid: list[RowProblem] = field(default_factory=list)  # rejected rows
    duplicates: list[RowProblem] = field(default_factory=list)  # reason DUPLICATE
    normalized: int = 0  # valid ids whose formatting characters were removed / converted
    suggestions: int = 0  # rejected rows that carry a suggested corrected id
    suggestions_applied: int = 0  # rows made valid by applying suggestions (apply_suggestions=True)
    rejected: int | None = None  # every rejected row; None: as many as listed in `invalid`
    repeated: int | None = None  # every duplicate row; None: as many as listed in `duplicates`
    reasons: dict[Reason, int] | None = None  # every rejected row by reason; None: count `invalid`

    @property
    def invalid_count(self) -> int:
        """Rejected rows, listed or not."""
        return len(self.invalid) if self.rejected is None else self.rejected

    @property
    def duplicate_count(self) -> int:
        """Duplicate rows, listed or not."""
        return len(self.duplicates) if self.repeated is None else self.repeated

    @property
    def problems_unlisted(self) -> int:
        """Failed rows counted but not listed (no cells, not in the error report): "N more not listed"."""
        return self.invalid_count + self.duplicate_count - len(self.invalid) - len(self.duplicates)

    @property
    def problems_truncated(self) -> bool:
        return self.problems_unlisted > 0

    @property
    def invalid_by_reason(self) -> dict[Reason, int]:
        """Counts per reason of every rejected row, most frequent first."""
        counts = Counter(problem.reason for problem in self.invalid) if self.reasons is None else self.reasons
        return dict(Counter(counts).most_common())

    @property
    def valid_count(self) -> int:
        return len(self.valid_rows)


def duplicate_of(row_number: int, first: int, cells: tuple[str, ...]) -> RowProblem:
    """An exact repeat of row `first`: not uploaded, listed in the report."""
    return RowProblem(row_number, "", Reason.DUPLICATE, Detail.DUPLICATE, {"row": first}, None, cells)
