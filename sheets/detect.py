"""Which kind of file is this? Judged by content; the extension only breaks ties.

A wrong guess here is what lets a PNG reach a parser, so every refusal is named ("it looks like a PDF
document") and every container is opened only as far as its directory.
"""

from __future__ import annotations

import zipfile
from enum import StrEnum
from pathlib import Path

from sheets import errors
from sheets.errors import FileKind, SheetProblem

_SAMPLE = 64 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})


class FileFormat(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"


_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"\x89PNG", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"GIF8", FileKind.GIF),
    (b"BM", FileKind.BMP),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
    (b"%PDF", FileKind.PDF),
    (b"Rar!\x1a\x07", FileKind.RAR),
    (b"7z\xbc\xaf\x27\x1c", FileKind.SEVEN_ZIP),
    (b"\x1f\x8b", FileKind.GZIP),
    (b"BZh", FileKind.BZIP2),
    (b"\xfd7zXZ\x00", FileKind.XZ),
    (b"MZ", FileKind.WINDOWS_PROGRAM),
    (b"\x7fELF", FileKind.PROGRAM),
    (b"{\\rtf", FileKind.RTF),
    (b"OggS", FileKind.AUDIO),
    (b"ID3", FileKind.MP3),
    (b"fLaC", FileKind.AUDIO),
    (b"RIFF", FileKind.MEDIA),
)


def detect_format(path: Path) -> FileFormat:
    """Return the format of `path` or raise SheetError naming what the file is instead."""
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    if not head:
        raise errors.empty(SheetProblem.EMPTY_FILE)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _detect_zip(path)
    if head.startswith(_OLE2):
        return _detect_ole2(path)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise errors.not_a_spreadsheet(what)
    if head[4:8] == b"ftyp":
        raise errors.not_a_spreadsheet(FileKind.VIDEO)
    if _looks_like_text(head, path.suffix.lower() in _TEXT_SUFFIXES):
        return _detect_text(head)
    raise errors.not_a_spreadsheet(FileKind.BINARY)


def _detect_zip(path: Path) -> FileFormat:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        raise errors.unreadable(SheetProblem.DAMAGED) from exc
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return FileFormat.XLSX
    if "xl/workbook.bin" in names:
        raise errors.SheetError(SheetProblem.XLSB)
    if b"opendocument.spreadsheet" in mimetype:
        raise errors.SheetError(SheetProblem.ODS)
    if "word/document.xml" in names or b"opendocument.text" in mimetype:
        raise errors.not_a_spreadsheet(FileKind.TEXT_DOCUMENT)
    if "ppt/presentation.xml" in names or b"opendocument.presentation" in mimetype:
        raise errors.not_a_spreadsheet(FileKind.PRESENTATION)
    raise errors.not_a_spreadsheet(FileKind.ZIP)


def _detect_ole2(path: Path) -> FileFormat:
    """Old Office container. Stream names sit in its directory as UTF-16LE, so a byte search finds them."""
    data = path.read_bytes()
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise errors.encrypted()
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return FileFormat.XLS
    if _utf16("WordDocument") in data:
        raise errors.not_a_spreadsheet(FileKind.WORD)
    if _utf16("PowerPoint Document") in data:
        raise errors.not_a_spreadsheet(FileKind.POWERPOINT)
    raise errors.not_a_spreadsheet(FileKind.OFFICE)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _looks_like_text(head: bytes, named_as_text: bool) -> bool:
    """Text has almost no control bytes; a file named .csv may carry a few stray ones (they are removed)."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.count(0) > len(head) // 10:
        return _utf16_without_bom(head) is not None
    controls = sum(head.count(c) for c in range(32) if c not in (9, 10, 13))
    return controls <= len(head) // (10 if named_as_text else 100)


def _utf16_without_bom(head: bytes) -> str | None:
    """Excel always writes a BOM, other tools not: ASCII text in UTF-16 has every other byte zero."""
    sample = head[: len(head) & ~1]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > half * 0.4 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > half * 0.4 and odd_zeros == 0:
        return "utf-16-be"
    return None


def text_encoding(head: bytes) -> str:
    """The encoding to decode a CSV with: BOM first, then UTF-8 if it decodes, else cp1251."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    bomless = _utf16_without_bom(head) if b"\x00" in head else None
    if bomless is not None:
        return bomless
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample may end inside a multi-byte character: only an error before the last 3 bytes counts.
        if exc.start < len(head) - 3:
            return "cp1251"
    return "utf-8"


def _detect_text(head: bytes) -> FileFormat:
    text = head.decode(text_encoding(head), errors="replace").lstrip().lower()
    if text.startswith(("<!doctype html", "<html", "<table")):
        raise errors.SheetError(SheetProblem.HTML)
    if text.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            raise errors.SheetError(SheetProblem.XML_2003)
        raise errors.not_a_spreadsheet(FileKind.XML)
    # Text named .xlsx is almost always a CSV renamed by hand: read it as what it really is.
    return FileFormat.CSV
