"""The zip container of an XLSX, written to a seekable file with one deflate stream per part.

Why not zipfile: a sheet part starts with `<dimension>`, known only after its last row. Here a sheet
part's deflate stream begins with an uncompressed (stored) block holding the start of the XML up to a
placeholder; the rest follows as ordinary compressed blocks. Once the rows are written the placeholder is
overwritten in place (same length) and the part's CRC-32 is combined from the two pieces' CRCs, so the
sheet is produced in one pass, with no temporary copy and no second compression.

Zip64 only where a part needs it (WPS Office cannot open zip64 files; a list never comes close):
- a part of 4 GiB or more (uncompressed or compressed) is written the way Excel accepts (the layout of
  Apache POI's Excel-compatible streaming writer): local header version 4.5 with the "data descriptor"
  flag, a zip64 data descriptor after the data, and its sizes in a zip64 extra field of the central
  directory;
- offsets past 4 GiB, and the central directory itself, get zip64 records as APPNOTE 4.5 describes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

ZIP32_LIMIT = 0xFFFFFFFF  # a size or offset of this value or more needs zip64 (tests lower it)
_MARKER32 = 0xFFFFFFFF  # "see the zip64 record" in a 32-bit field
_MARKER16 = 0xFFFF
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_END64 = struct.Struct("<IQHHIIQQQQ")
_LOCATOR64 = struct.Struct("<IIQI")
_DESCRIPTOR64 = struct.Struct("<IIQQ")
_DEFLATED = 8
_VERSION = 20  # deflate
_VERSION64 = 45  # zip64
_DATA_DESCRIPTOR = 0x08
_DOS_DATE = (1 << 5) | 1  # 1980-01-01, 00:00: the same bytes for the same rows
_MAX_STORED = 0xFFFF  # one stored deflate block


@dataclass(slots=True)
class _Entry:
    name: bytes
    offset: int
    crc: int = 0
    compressed: int = 0
    size: int = 0
    flags: int = 0
    version: int = _VERSION


class ZipOut:
    def __init__(self, fh: BinaryIO, level: int) -> None:
        self._fh = fh
        self._level = level
        self._entries: list[_Entry] = []

    def add(self, name: str, data: bytes) -> None:
        """A small part, compressed in one go."""
        compressor = zlib.compressobj(self._level, zlib.DEFLATED, -15)
        compressed = compressor.compress(data) + compressor.flush()
        entry = self._start(name)
        self._fh.write(compressed)
        self._finish(entry, zlib.crc32(data), len(data), len(compressed))

    def open_sheet(self, name: str, start: bytes, placeholder: bytes) -> SheetPart:
        """A part written in pieces whose first `len(start + placeholder)` bytes are replaced at the end."""
        return SheetPart(self, self._start(name), start + placeholder)

    def close(self) -> None:
        fh = self._fh
        directory = fh.tell()
        for entry in self._entries:
            fh.write(self._central(entry))
        size = fh.tell() - directory
        count = len(self._entries)
        if directory >= ZIP32_LIMIT or size >= ZIP32_LIMIT or count >= _MARKER16:
            end64 = fh.tell()
            fh.write(_END64.pack(0x06064B50, 44, _VERSION64, _VERSION64, 0, 0, count, count, size, directory))
            fh.write(_LOCATOR64.pack(0x07064B50, 0, end64, 1))
            count, size, directory = min(count, _MARKER16), min(size, _MARKER32), min(directory, _MARKER32)
        fh.write(_END.pack(0x06054B50, 0, 0, count, count, size, directory, 0))

    def _start(self, name: str) -> _Entry:
        entry = _Entry(name.encode("ascii"), self._fh.tell())
        self._entries.append(entry)
        self._fh.write(self._local(entry))
        return entry

    def _finish(self, entry: _Entry, crc: int, size: int, compressed: int) -> None:
        """Record the part's CRC and sizes and put them into its local header (or after its data)."""
        entry.crc, entry.size, entry.compressed = crc, size, compressed
        fh = self._fh
        end = fh.tell()
        if size >= ZIP32_LIMIT or compressed >= ZIP32_LIMIT:
            entry.flags, entry.version = _DATA_DESCRIPTOR, _VERSION64
            fh.write(_DESCRIPTOR64.pack(0x08074B50, crc, compressed, size))
            end = fh.tell()
        fh.seek(entry.offset)
        fh.write(self._local(entry))
        fh.seek(end)

    def _local(self, entry: _Entry) -> bytes:
        sized = not entry.flags & _DATA_DESCRIPTOR
        header = _LOCAL.pack(
            0x04034B50, entry.version, entry.flags, _DEFLATED, 0, _DOS_DATE,
            entry.crc if sized else 0, entry.compressed if sized else 0, entry.size if sized else 0,
            len(entry.name), 0,
        )  # fmt: skip
        return header + entry.name

    def _central(self, entry: _Entry) -> bytes:
        extra = b""
        size, compressed, offset = entry.size, entry.compressed, entry.offset
        if size >= ZIP32_LIMIT:
            extra += struct.pack("<Q", size)
            size = _MARKER32
        if compressed >= ZIP32_LIMIT:
            extra += struct.pack("<Q", compressed)
            compressed = _MARKER32
        if offset >= ZIP32_LIMIT:
            extra += struct.pack("<Q", offset)
            offset = _MARKER32
        if extra:
            extra = struct.pack("<HH", 0x0001, len(extra)) + extra
        version = _VERSION64 if extra else entry.version
        header = _CENTRAL.pack(
            0x02014B50, _VERSION64, version, entry.flags, _DEFLATED, 0, _DOS_DATE, entry.crc, compressed,
            size, len(entry.name), len(extra), 0, 0, 0, 0, offset,
        )  # fmt: skip
        return header + entry.name + extra


class SheetPart:
    """One part: a stored block with its (replaceable) start, then compressed pieces."""

    def __init__(self, zf: ZipOut, entry: _Entry, start: bytes) -> None:
        if len(start) > _MAX_STORED:
            raise ValueError("the replaceable start of a part must fit in one stored block")
        self._zf = zf
        self._entry = entry
        self._fh = zf._fh
        self._start_size = len(start)
        self._start_at = self._fh.tell() + 5
        # BFINAL=0, BTYPE=00 (stored), then LEN and its one's complement.
        self._fh.write(struct.pack("<BHH", 0, len(start), len(start) ^ 0xFFFF) + start)
        self._compressor = zlib.compressobj(zf._level, zlib.DEFLATED, -15)
        self._crc = 0
        self._size = 0

    def write(self, data: bytes) -> None:
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._fh.write(self._compressor.compress(data))

    def close(self, start: bytes) -> None:
        """Finish the part, with `start` (as long as the original) in place of the original start."""
        if len(start) != self._start_size:
            raise ValueError("the new start of a part must be as long as the one it replaces")
        fh = self._fh
        fh.write(self._compressor.flush())
        end = fh.tell()
        fh.seek(self._start_at)
        fh.write(start)
        fh.seek(end)
        crc = crc32_combine(zlib.crc32(start), self._crc, self._size)
        self._zf._finish(self._entry, crc, self._start_size + self._size, end - self._start_at + 5)


# CRC-32 of a concatenation from the CRCs of its pieces (zlib's crc32_combine, which Python does not
# expose): multiplication modulo the CRC polynomial in GF(2), reflected bit order.
_POLY = 0xEDB88320


def _multmodp(a: int, b: int) -> int:
    m, product = 1 << 31, 0
    while True:
        if a & m:
            product ^= b
            if not a & (m - 1):
                return product
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _x2n_table() -> list[int]:
    table = [1 << 30]  # x^1
    for _ in range(31):
        table.append(_multmodp(table[-1], table[-1]))
    return table


_X2N = _x2n_table()


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A + B from crc32(A), crc32(B) and len(B)."""
    power, k, n = 1 << 31, 3, length2  # x^(8 * length2) mod p
    while n:
        if n & 1:
            power = _multmodp(_X2N[k & 31], power)
        n >>= 1
        k += 1
    return _multmodp(power, crc1) ^ crc2
