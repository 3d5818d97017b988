"""CSV as people really send it: any of four encodings, three delimiters, Excel's `sep=` line."""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sheets import errors
from sheets.cells import CONTROL_EXCEPT_SEPARATORS, clean_text
from sheets.detect import FileFormat, text_encoding
from sheets.errors import SheetProblem
from sheets.limits import MAX_CELL_CHARS, MAX_ROWS, utf16_length
from sheets.model import TableStream

_CANDIDATES = (",", ";", "\t", "|")
_SNIFF_CHARS = 64 * 1024
_SNIFF_LINES = 100
_SEP_LINE = re.compile(r"sep=(.)\r?\n?")
# str.splitlines also breaks on these; inside a cell they are just spaces.
_EXTRA_LINE_BREAKS = re.compile("[\u2028\u2029]")
# A cell of more code points may still fit in MAX_CELL_CHARS UTF-16 units only below this.
_MAY_BE_LONG = MAX_CELL_CHARS // 2


def decode(data: bytes) -> str:
    encoding = text_encoding(data[:_SNIFF_CHARS])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode("utf-8" if encoding.startswith("utf-16") else "cp1251", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def sniff_delimiter(sample: str) -> str:
    """The candidate that splits the most sample lines into the same number (>1) of fields.

    csv.Sniffer guesses from character frequencies and picks letters or spaces on short samples;
    parsing with each candidate respects quoting and is right on one-column files (no delimiter).
    """
    cut = sample.rfind("\n")
    lines = (sample[:cut] if cut > 0 else sample).splitlines()[:_SNIFF_LINES]
    lines = [line for line in lines if line.strip()]
    best, best_score = ",", (0.0, 0)
    for delimiter in _CANDIDATES:
        with _field_limit(sys.maxsize):  # the sample is 64K characters: no cell in it is too long
            counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        if not counts:
            continue
        width, hits = max(counts.items(), key=lambda item: (item[1], item[0]))
        score = (hits / len(lines), width)
        if width > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def open_csv(path: Path) -> TableStream:
    text = decode(path.read_bytes())
    if CONTROL_EXCEPT_SEPARATORS.search(text):
        text = CONTROL_EXCEPT_SEPARATORS.sub("", text)
    if _EXTRA_LINE_BREAKS.search(text):
        text = _EXTRA_LINE_BREAKS.sub(" ", text)
    sep_line = _SEP_LINE.match(text)
    if sep_line:
        delimiter = sep_line.group(1)
        text = text[sep_line.end() :]
    else:
        delimiter = sniff_delimiter(text[:_SNIFF_CHARS])
    lines = text.splitlines(keepends=True)
    quoted = '"' in text
    if not quoted and len(lines) > MAX_ROWS:  # one line is one row: refuse before parsing any
        raise errors.too_many_rows()
    clean_all = delimiter != "\t" and "\t" in text
    # Only non-ASCII text can hold a cell within the csv module's limit (code points) but over Excel's
    # (UTF-16 units), and only in a long line.
    check_long = not text.isascii() and max(map(len, lines), default=0) > _MAY_BE_LONG
    return TableStream(
        FileFormat.CSV, None, (), _rows(lines, delimiter, clean_all, quoted, check_long), len(lines)
    )


def _rows(
    lines: list[str], delimiter: str, clean_all: bool, quoted: bool, check_long: bool
) -> Iterator[list[str]]:
    """Rows from csv.reader; only a row that spanned lines (a quoted line break) needs cleaning.

    The csv module refuses a field past its limit (a cell too long, or a quote never closed that
    swallows the rest of the file); which one it was is worked out afterwards.
    """
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(lines, delimiter=delimiter)
    count = 0  # rows yielded
    line_num = 0  # lines those rows took
    try:
        if not (quoted or clean_all or check_long):
            yield from reader
            return
        start, spanned = 0, False
        for row in reader:
            start, spanned = line_num, reader.line_num - line_num > 1
            if clean_all or spanned:
                row = [clean_text(cell) for cell in row]
            if (check_long or spanned) and row and max(map(len, row)) > _MAY_BE_LONG:
                _check_cells(row, count + 1)
            line_num = reader.line_num
            count += 1
            yield row
    except csv.Error as exc:
        if not (quoted or clean_all or check_long):  # one row per line: the failing row is this line
            count = line_num = reader.line_num - 1
        raise _diagnose(lines, line_num, delimiter, count + 1) from exc
    if spanned and _left_open(lines[start:], delimiter) and any(map(str.strip, lines[start + 1 :])):
        # Below the field limit the csv module puts the rest of the file into one cell, silently.
        raise _unclosed(start + 1)


def _check_cells(row: list[str], number: int) -> None:
    for index, cell in enumerate(row):
        if len(cell) > _MAY_BE_LONG and (length := utf16_length(cell)) > MAX_CELL_CHARS:
            raise errors.cell_too_long(number, index, length)


def _diagnose(lines: list[str], start: int, delimiter: str, number: int) -> errors.SheetError:
    """The row starting at `lines[start]` has a field longer than a cell holds: a quote left open
    (the field runs to the end of the file), or really a long cell (named, with its length)."""
    rest = lines[start:]
    with _field_limit(sys.maxsize):
        if _left_open(rest, delimiter):
            return _unclosed(start + 1)
        try:
            row = next(csv.reader(rest, delimiter=delimiter), [])
        except csv.Error:
            return _unclosed(start + 1)
    for index, cell in enumerate(row):
        if (length := utf16_length(cell)) > MAX_CELL_CHARS:
            return errors.cell_too_long(number, index, length)
    return _unclosed(start + 1)


def _left_open(lines: list[str], delimiter: str) -> bool:
    """Does the first row of `lines` end inside a quoted cell that runs to the end of the file?"""
    try:
        next(csv.reader(lines, delimiter=delimiter, strict=True), None)
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """The csv module's field limit is process-wide: set it for a block, then put the old one back."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _unclosed(line: int) -> errors.SheetError:
    return errors.unreadable(SheetProblem.UNCLOSED_QUOTE, line=line)
