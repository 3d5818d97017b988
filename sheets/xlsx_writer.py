"""A small streaming XLSX writer: every value an inline string cell, nothing ever a formula.

Lists go back to managers and into the platform; a phone must stay `79161234567` (not 7.9E+10) and a
cell `=HYPERLINK(...)` must stay text. Writing inline strings row by row into a deflate stream keeps
memory flat and is ~4x faster than openpyxl's write-only mode (see bench.validate_file).

The zip container is written here too (sheets.zip_out): a sheet's `<dimension>` (its used range, which
openpyxl's read-only mode needs) is known only after its last row, so it is written into a reserved,
uncompressed block at the start of the part and filled in at the end, without a second pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheets.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TITLE_UNITS,
    column_name,
    fit_utf16,
    utf16_length,
)
from sheets.zip_out import ZipOut

_BATCH_ROWS = 2_000
_COMPRESS_LEVEL = 1  # level 6 is ~2.5x slower for files only ~15% smaller
_MAX_COLUMN_WIDTH = 255.0  # Excel's limit, in characters
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_NEEDS_WORK = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# ECMA-376 ST_Xstring: `_xHHHH_` stands for the character U+HHHH (Excel and calamine decode it), so a
# literal one is written with its underscore escaped as `_x005F_`.
_XSTRING_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
# A joined row shorter than this cannot hold a cell over MAX_CELL_CHARS UTF-16 units.
_MAY_BE_LONG = MAX_CELL_CHARS // 2
_TITLE_BAD = re.compile("[\\[\\]:*?/\\\\\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_RESERVED_TITLES = frozenset({"history"})  # Excel keeps it for the change history of shared workbooks
# The widest used range there is; the real one is written over it, padded to the same length.
_DIMENSION = f'<dimension ref="A1:{column_name(MAX_COLUMNS - 1)}{MAX_ROWS}"/>'


@dataclass(frozen=True, slots=True)
class SheetSpec:
    title: str
    header: Sequence[str] | None
    rows: Iterable[Sequence[str]]
    column_widths: Sequence[float] | None = None


@dataclass(slots=True)
class XlsxStats:
    """What write_xlsx did, for the caller's summary."""

    titles: list[str] = field(default_factory=list)  # the sheet titles as written (sanitized, unique)
    rows: int = 0  # rows written on all sheets, header rows included
    values_cut: int = 0  # cells longer than MAX_CELL_CHARS, written cut to that length


def write_xlsx(path: Path, sheets: Iterable[SheetSpec]) -> XlsxStats:
    stats = XlsxStats()
    titles = stats.titles
    with path.open("wb") as fh:
        zf = ZipOut(fh, _COMPRESS_LEVEL)
        for index, spec in enumerate(sheets, start=1):
            titles.append(sheet_title(spec.title, titles))
            _write_sheet(zf, f"xl/worksheets/sheet{index}.xml", spec, stats)
        if not titles:
            titles.append("Sheet1")
            _write_sheet(zf, "xl/worksheets/sheet1.xml", SheetSpec("Sheet1", None, ()), stats)
        zf.add("[Content_Types].xml", _content_types(len(titles)).encode())
        zf.add("_rels/.rels", _ROOT_RELS.encode())
        zf.add("xl/workbook.xml", _workbook(titles).encode())
        zf.add("xl/_rels/workbook.xml.rels", _workbook_rels(len(titles)).encode())
        zf.add("xl/styles.xml", _STYLES.encode())
        zf.close()
    return stats


def sheet_title(title: str, taken: Sequence[str] = ()) -> str:
    """Excel's rules: 1-31 UTF-16 units, none of []:*?/\\ (nor characters XML cannot carry), not
    starting or ending with ', unique ignoring case, not "History". Sanitized before it is compared,
    so two titles never become equal (or one empty) when written."""
    base = _tidy(_XSTRING_ESCAPE.sub(" ", _TITLE_BAD.sub(" ", title)))
    base = _tidy(fit_utf16(base, MAX_TITLE_UNITS)) or "Sheet"
    lowered = {name.casefold() for name in taken} | _RESERVED_TITLES
    candidate, number = base, 1
    while candidate.casefold() in lowered:
        number += 1
        suffix = f" ({number})"
        candidate = _tidy(fit_utf16(base, MAX_TITLE_UNITS - len(suffix))) + suffix
    return candidate


def clean_value(value: str) -> str:
    """XML-escaped text with characters XML cannot carry removed and `_xHHHH_` kept literal."""
    if _NEEDS_WORK.search(value) is not None:
        value = _ILLEGAL.sub("", value)
    return _escape(value)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    return column_name(index)


def _escape(value: str) -> str:
    if "_x" in value:
        value = _XSTRING_ESCAPE.sub("_x005F_", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    # XML parsers turn a literal CR into LF; a character reference survives.
    return value.replace("\r", "&#13;") if "\r" in value else value


def _tidy(title: str) -> str:
    return title.strip().strip("'").strip()


class _Rows:
    """The rows of one sheet as XML, with the used range they cover."""

    def __init__(self, stats: XlsxStats) -> None:
        self.letters: list[str] = []
        self.width = 0  # columns up to the last non-empty cell of any row
        self.stats = stats

    def row(self, number: int, values: Sequence[str], style: str) -> str:
        letters = self.letters
        if len(values) > len(letters):
            if len(values) > MAX_COLUMNS:
                raise ValueError(f"a row holds at most {MAX_COLUMNS} cells")
            letters += [column_name(i) for i in range(len(letters), len(values))]
        if len(values) > self.width:
            self._widen(values)
        joined = "".join(values)
        if len(joined) > _MAY_BE_LONG or "_x" in joined or _NEEDS_WORK.search(joined) is not None:
            values = [self._value(value) for value in values]
        cells = "".join(
            f'<c r="{letter}{number}"{style} t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
            for letter, value in zip(letters, values, strict=False)
            if value
        )
        return f'<row r="{number}">{cells}</row>'

    def _widen(self, values: Sequence[str]) -> None:
        used = len(values)
        while used > self.width and not values[used - 1]:
            used -= 1
        self.width = max(self.width, used)

    def _value(self, value: str) -> str:
        if _NEEDS_WORK.search(value) is not None:
            value = _ILLEGAL.sub("", value)
        if len(value) > _MAY_BE_LONG and utf16_length(value) > MAX_CELL_CHARS:
            value = fit_utf16(value, MAX_CELL_CHARS)
            self.stats.values_cut += 1
        return _escape(value)


def _write_sheet(zf: ZipOut, name: str, spec: SheetSpec, stats: XlsxStats) -> None:
    part = zf.open_sheet(name, _SHEET_START.encode(), _DIMENSION.encode())
    head = []
    if spec.header is not None:
        head.append(_FROZEN_HEADER)
    if spec.column_widths:
        widths = (min(max(width, 0.0), _MAX_COLUMN_WIDTH) for width in spec.column_widths[:MAX_COLUMNS])
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width:.2f}" customWidth="1"/>'
            for i, width in enumerate(widths, start=1)
        )
        head.append(f"<cols>{cols}</cols>")
    head.append("<sheetData>")
    part.write("".join(head).encode())
    rows = _Rows(stats)
    row_number = 0
    if spec.header is not None:
        row_number = 1
        part.write(rows.row(1, spec.header, ' s="1"').encode("utf-8", "surrogatepass"))
    batch: list[str] = []
    row = rows.row
    for values in spec.rows:
        row_number += 1
        if row_number > MAX_ROWS:
            raise ValueError(f"a sheet holds at most {MAX_ROWS} rows")
        batch.append(row(row_number, values, ""))
        if len(batch) == _BATCH_ROWS:
            part.write("".join(batch).encode("utf-8", "surrogatepass"))
            batch.clear()
    part.write("".join(batch).encode("utf-8", "surrogatepass"))
    part.write(b"</sheetData></worksheet>")
    stats.rows += row_number
    part.close(_SHEET_START.encode() + _dimension(rows.width, row_number))


def _dimension(width: int, height: int) -> bytes:
    """The used range, padded with spaces inside the tag to the placeholder's length."""
    used = f"A1:{column_name(width - 1)}{height}" if width and height and (width, height) != (1, 1) else "A1"
    tag = f'<dimension ref="{used}"'
    return (tag + " " * (len(_DIMENSION) - len(tag) - 2) + "/>").encode()


_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
)
_FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
    'state="frozen"/></sheetView></sheetViews>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


def _workbook(titles: Sequence[str]) -> str:
    """Titles come from sheet_title: nothing in them needs more than the attribute escapes."""
    sheets = "".join(
        f'<sheet name="{_escape(title).replace(chr(34), "&quot;")}" sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(titles, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(count: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    styles = (
        f'<Relationship Id="rId{count + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}{styles}</Relationships>"
    )
