"""Errors a manager can act on: every refusal of a file says what to do next."""

from __future__ import annotations

from enum import StrEnum

from sheets.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, column_name


class SheetErrorCode(StrEnum):
    UNSUPPORTED_FORMAT = "unsupported_format"
    ENCRYPTED = "encrypted"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    TIMEOUT = "timeout"
    EMPTY = "empty"


SEND_SPREADSHEET = "Send an XLSX, XLS or CSV file."


class SheetError(Exception):
    """A file that cannot be used. `message` is one plain-text sentence (or two) for the user."""

    def __init__(self, code: SheetErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[SheetError], tuple[SheetErrorCode, str]]:
        return (SheetError, (self.code, self.message))


def not_a_spreadsheet(what: str) -> SheetError:
    return SheetError(
        SheetErrorCode.UNSUPPORTED_FORMAT,
        f"This is not a spreadsheet (it looks like {what}). {SEND_SPREADSHEET}",
    )


def unsupported(what: str, hint: str) -> SheetError:
    return SheetError(SheetErrorCode.UNSUPPORTED_FORMAT, f"{what} files are not supported. {hint}")


def encrypted() -> SheetError:
    return SheetError(
        SheetErrorCode.ENCRYPTED, "This file is password-protected. Remove the password and send it again."
    )


def unreadable(detail: str = "") -> SheetError:
    reason = f" ({detail})" if detail else ""
    return SheetError(
        SheetErrorCode.UNREADABLE,
        f"Could not read this file{reason}. Open it in Excel or LibreOffice, save it again as XLSX "
        "or CSV and send the new file.",
    )


def too_large(detail: str) -> SheetError:
    return SheetError(
        SheetErrorCode.TOO_LARGE,
        f"This file is too large to process ({detail}). Split it into smaller files or delete unused "
        "rows, columns and sheets, then send it again.",
    )


def too_many_columns(columns: int) -> SheetError:
    return SheetError(
        SheetErrorCode.TOO_LARGE,
        f"This file has {columns:,} columns; a spreadsheet holds at most {MAX_COLUMNS:,}. Delete the columns "
        "the list does not need (keep the phone number or client ID first) and send the file again.",
    )


def too_many_rows() -> SheetError:
    return SheetError(
        SheetErrorCode.TOO_LARGE,
        f"This file has more than {MAX_ROWS:,} rows, the most a spreadsheet holds. Split it into files "
        f"of at most {MAX_ROWS:,} rows and send them one by one.",
    )


def cell_too_long(row: int, column: int, length: int) -> SheetError:
    return SheetError(
        SheetErrorCode.TOO_LARGE,
        f"The cell in row {row:,}, column {column_name(column)} has {length:,} characters; a cell holds "
        f"at most {MAX_CELL_CHARS:,} characters. Shorten or clear that cell and send the file again.",
    )


def result_too_large(megabytes: int) -> SheetError:
    return too_large(f"its checked rows take more than {megabytes:,} MB")


def empty(detail: str = "The file has no data") -> SheetError:
    return SheetError(
        SheetErrorCode.EMPTY, f"{detail}. Put the list on the first sheet and send the file again."
    )


def out_of_memory() -> SheetError:
    return too_large("it needs more memory than a file may use")


def timed_out() -> SheetError:
    return SheetError(
        SheetErrorCode.TIMEOUT,
        "Reading this file took too long. Save it as CSV, or split it into smaller files, and send it again.",
    )
