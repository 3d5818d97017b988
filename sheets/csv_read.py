"""CSV as people really send it: any of four encodings, three delimiters, Excel's `sep=` line."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sheets import errors
from sheets.cells import CONTROL_EXCEPT_SEPARATORS, clean_text
from sheets.detect import FileFormat, text_encoding
from sheets.model import TableStream

_CANDIDATES = (",", ";", "\t", "|")
_SNIFF_CHARS = 64 * 1024
_SNIFF_LINES = 100
_SEP_LINE = re.compile(r"sep=(.)\r?\n?")
# str.splitlines also breaks on these; inside a cell they are just spaces.
_EXTRA_LINE_BREAKS = re.compile("[\u2028\u2029]")


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
    clean_all = delimiter != "\t" and "\t" in text
    quoted = '"' in text
    return TableStream(FileFormat.CSV, None, (), _rows(lines, delimiter, clean_all, quoted), len(lines))


def _rows(lines: list[str], delimiter: str, clean_all: bool, quoted: bool) -> Iterator[list[str]]:
    """Rows from csv.reader; only a row that spanned lines (a quoted line break) needs cleaning."""
    reader = csv.reader(lines, delimiter=delimiter)
    line_num = 0
    try:
        if not (quoted or clean_all):
            yield from reader
            return
        for row in reader:
            if clean_all or reader.line_num - line_num > 1:
                row = [clean_text(cell) for cell in row]
            line_num = reader.line_num
            yield row
    except csv.Error as exc:
        # In practice: a quote opened and never closed swallows the rest of the file into one cell.
        raise errors.unreadable(f"a quote that starts near line {line_num + 1} is never closed") from exc
