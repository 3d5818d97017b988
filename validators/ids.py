"""The verdict on one client id (phone number or channel id), shared by every channel's check."""

from __future__ import annotations

from dataclasses import dataclass

from validators.result import NO_PARAMS, Detail, Params, Reason, RowProblem


@dataclass(frozen=True, slots=True)
class IdCheck:
    value: str | None  # the normalized id when valid, else None
    reason: Reason | None  # why it is not valid; None when valid
    detail: Detail | None  # what exactly, with `params` (words are chosen at the edge); None when valid
    params: Params  # NO_PARAMS when valid or when the detail needs none
    suggestion: str | None = None  # a corrected id the user may accept, when one is likely
    normalized: bool = False  # formatting was removed or a numeric cell was converted

    @property
    def ok(self) -> bool:
        return self.value is not None

    def problem(self, row_number: int, column: str, cells: tuple[str, ...]) -> RowProblem:
        """A rejected id as its row's problem."""
        reason, detail = self.reason or Reason.INVALID_ID, self.detail or Detail.UNKNOWN
        return RowProblem(row_number, column, reason, detail, self.params, self.suggestion, cells)


def accepted(value: str, *, normalized: bool = False) -> IdCheck:
    return IdCheck(value, None, None, NO_PARAMS, None, normalized)


def rejected(
    reason: Reason, detail: Detail, params: Params = NO_PARAMS, suggestion: str | None = None
) -> IdCheck:
    return IdCheck(None, reason, detail, params, suggestion, False)
