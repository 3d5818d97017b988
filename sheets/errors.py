"""Errors a manager can act on: every refusal of a file says what to do next.

The refusal is a code and its figures (`SheetProblem`, `params`); the sentence is chosen at the edge in
the reader's language (i18n/locales/*/sheet-errors.ftl: `sheet-error-<problem>`, `_` written `-`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from sheets.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, column_name


class SheetErrorCode(StrEnum):
    """The kind of refusal (what callers and logs branch on)."""

    UNSUPPORTED_FORMAT = "unsupported_format"
    ENCRYPTED = "encrypted"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    TIMEOUT = "timeout"
    EMPTY = "empty"


class SheetProblem(StrEnum):
    """What exactly is refused: one text each (params in the comments)."""

    NOT_A_SPREADSHEET = "not_a_spreadsheet"  # {kind}: a FileKind
    XLSB = "xlsb"
    ODS = "ods"
    HTML = "html"
    XML_2003 = "xml_2003"
    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"  # nothing more is known (the reader crashed)
    DAMAGED = "damaged"  # a container that does not open
    NOT_REAL_EXCEL = "not_real_excel"
    UNCLOSED_QUOTE = "unclosed_quote"  # {line}
    XML_DECLARATIONS = "xml_declarations"
    EMPTY_XML_PART = "empty_xml_part"
    TOO_MANY_PARTS = "too_many_parts"  # {parts}
    UNPACKS_TO = "unpacks_to"  # {megabytes}
    COMPRESSION = "compression"  # {ratio}
    SHEET_CELLS = "sheet_cells"  # {cells}
    RESULT_TOO_LARGE = "result_too_large"  # {megabytes}
    OUT_OF_MEMORY = "out_of_memory"
    TOO_MANY_COLUMNS = "too_many_columns"  # {columns, max}
    TOO_MANY_ROWS = "too_many_rows"  # {max}
    CELL_TOO_LONG = "cell_too_long"  # {row, column (a letter name), length, max}
    EMPTY_FILE = "empty_file"  # zero bytes
    NO_DATA = "no_data"
    NO_VISIBLE_DATA = "no_visible_data"
    TIMED_OUT = "timed_out"


class FileKind(StrEnum):
    """What a file that is not a spreadsheet looks like (`sheet-kind-<kind>`)."""

    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    BMP = "bmp"
    TIFF = "tiff"
    PDF = "pdf"
    RAR = "rar"
    SEVEN_ZIP = "7z"
    GZIP = "gzip"
    BZIP2 = "bzip2"
    XZ = "xz"
    WINDOWS_PROGRAM = "windows_program"
    PROGRAM = "program"
    RTF = "rtf"
    AUDIO = "audio"
    MP3 = "mp3"
    MEDIA = "media"
    VIDEO = "video"
    BINARY = "binary"
    TEXT_DOCUMENT = "text_document"
    PRESENTATION = "presentation"
    ZIP = "zip"
    WORD = "word"
    POWERPOINT = "powerpoint"
    OFFICE = "office"
    XML = "xml"


_CODES = {
    SheetProblem.NOT_A_SPREADSHEET: SheetErrorCode.UNSUPPORTED_FORMAT,
    SheetProblem.XLSB: SheetErrorCode.UNSUPPORTED_FORMAT,
    SheetProblem.ODS: SheetErrorCode.UNSUPPORTED_FORMAT,
    SheetProblem.HTML: SheetErrorCode.UNSUPPORTED_FORMAT,
    SheetProblem.XML_2003: SheetErrorCode.UNSUPPORTED_FORMAT,
    SheetProblem.ENCRYPTED: SheetErrorCode.ENCRYPTED,
    SheetProblem.TIMED_OUT: SheetErrorCode.TIMEOUT,
    SheetProblem.EMPTY_FILE: SheetErrorCode.EMPTY,
    SheetProblem.NO_DATA: SheetErrorCode.EMPTY,
    SheetProblem.NO_VISIBLE_DATA: SheetErrorCode.EMPTY,
    **dict.fromkeys(
        (
            SheetProblem.UNREADABLE,
            SheetProblem.DAMAGED,
            SheetProblem.NOT_REAL_EXCEL,
            SheetProblem.UNCLOSED_QUOTE,
            SheetProblem.XML_DECLARATIONS,
            SheetProblem.EMPTY_XML_PART,
        ),
        SheetErrorCode.UNREADABLE,
    ),
    **dict.fromkeys(
        (
            SheetProblem.TOO_MANY_PARTS,
            SheetProblem.UNPACKS_TO,
            SheetProblem.COMPRESSION,
            SheetProblem.SHEET_CELLS,
            SheetProblem.RESULT_TOO_LARGE,
            SheetProblem.OUT_OF_MEMORY,
            SheetProblem.TOO_MANY_COLUMNS,
            SheetProblem.TOO_MANY_ROWS,
            SheetProblem.CELL_TOO_LONG,
        ),
        SheetErrorCode.TOO_LARGE,
    ),
}

Params = Mapping[str, str | int]


class SheetError(Exception):
    """A file that cannot be used: `problem` and `params` (figures, codes) are rendered at the edge."""

    def __init__(self, problem: SheetProblem, params: Params | None = None) -> None:
        self.problem = problem
        self.params: Params = dict(params or {})
        self.code = _CODES[problem]
        super().__init__(problem.value, self.params)

    def __str__(self) -> str:  # for logs: the code and its figures, no sentence
        figures = ", ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.problem.value}({figures})"

    def __reduce__(self) -> tuple[type[SheetError], tuple[SheetProblem, dict[str, str | int]]]:
        return (SheetError, (self.problem, dict(self.params)))


def not_a_spreadsheet(kind: FileKind) -> SheetError:
    return SheetError(SheetProblem.NOT_A_SPREADSHEET, {"kind": kind.value})


def encrypted() -> SheetError:
    return SheetError(SheetProblem.ENCRYPTED)


def unreadable(problem: SheetProblem = SheetProblem.UNREADABLE, **params: str | int) -> SheetError:
    return SheetError(problem, params)


def too_large(problem: SheetProblem, **params: str | int) -> SheetError:
    return SheetError(problem, params)


def too_many_columns(columns: int) -> SheetError:
    return SheetError(SheetProblem.TOO_MANY_COLUMNS, {"columns": columns, "max": MAX_COLUMNS})


def too_many_rows() -> SheetError:
    return SheetError(SheetProblem.TOO_MANY_ROWS, {"max": MAX_ROWS})


def cell_too_long(row: int, column: int, length: int) -> SheetError:
    return SheetError(
        SheetProblem.CELL_TOO_LONG,
        {"row": row, "column": column_name(column), "length": length, "max": MAX_CELL_CHARS},
    )


def result_too_large(megabytes: int) -> SheetError:
    return SheetError(SheetProblem.RESULT_TOO_LARGE, {"megabytes": megabytes})


def empty(problem: SheetProblem = SheetProblem.NO_DATA) -> SheetError:
    return SheetError(problem)


def out_of_memory() -> SheetError:
    return SheetError(SheetProblem.OUT_OF_MEMORY)


def timed_out() -> SheetError:
    return SheetError(SheetProblem.TIMED_OUT)
