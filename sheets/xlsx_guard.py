"""Refuse hostile XLSX files by looking at the zip directory and XML prologs only.

The parser (calamine) trusts what it is given: a zip bomb unpacks in memory, and a sheet declaring cells
A1 and XFD1048576 makes it allocate ~512 GB and abort (calamine issue #433). These checks read a few KB per
part; the sandbox's memory limit and timeout remain the last line of defence.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sheets import errors
from sheets.errors import SheetProblem
from sheets.model import GuardLimits

_PROLOG_CHUNK = 8 * 1024
_MAX_PROLOG = 256 * 1024
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_MB = 1024 * 1024


def check_xlsx(path: Path, limits: GuardLimits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_directory(infos, limits)
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_part(zf, info, limits)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise errors.unreadable(SheetProblem.DAMAGED) from exc


def _check_directory(infos: list[zipfile.ZipInfo], limits: GuardLimits) -> None:
    if len(infos) > limits.max_members:
        raise errors.too_large(SheetProblem.TOO_MANY_PARTS, parts=len(infos))
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise errors.too_large(SheetProblem.UNPACKS_TO, megabytes=total // _MB)
    for info in infos:
        if info.file_size > _MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise errors.too_large(
                SheetProblem.COMPRESSION, ratio=info.file_size // max(info.compress_size, 1)
            )


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: GuardLimits) -> None:
    prolog = _read_prolog(zf, info)
    if _DTD.search(prolog):
        raise errors.unreadable(SheetProblem.XML_DECLARATIONS)
    if info.filename.startswith("xl/worksheets/"):
        dimension = _DIMENSION.search(prolog)
        if dimension:
            cells = _area(*dimension.groups())
            if cells > limits.max_cells:
                raise errors.too_large(SheetProblem.SHEET_CELLS, cells=cells)


def _read_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes up to the root element plus one chunk (where `<dimension>` lives), NULs dropped.

    Dropping NULs turns UTF-16 markup into ASCII bytes, so a UTF-16 part cannot hide a DOCTYPE.
    """
    prolog = b""
    with zf.open(info) as fh:
        while len(prolog) < _MAX_PROLOG:
            chunk = fh.read(_PROLOG_CHUNK)
            if not chunk:
                return prolog
            prolog += chunk.replace(b"\x00", b"")
            root = _ROOT_START.search(prolog)
            if root is not None and len(prolog) - root.start() >= _PROLOG_CHUNK:
                return prolog
    if _ROOT_START.search(prolog) is None:
        raise errors.unreadable(SheetProblem.EMPTY_XML_PART)
    return prolog


def _area(col1: bytes, row1: bytes, col2: bytes | None, row2: bytes | None) -> int:
    if col2 is None or row2 is None:
        return 1
    rows = abs(int(row2) - int(row1)) + 1
    cols = abs(_column_index(col2) - _column_index(col1)) + 1
    return rows * cols


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index
