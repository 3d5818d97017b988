"""A Telegram file streamed to disk with a hard byte cap: `file_size` can be missing or wrong."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, cast

from aiogram import Bot

DOWNLOAD_TIMEOUT = 120  # seconds for the whole file (20 MB over a slow link)


class FileTooBig(Exception):
    """More bytes arrived than the limit allows (the declared file_size was missing or wrong)."""


class _CappedWriter:
    """A write-only file that refuses to grow past `limit` bytes."""

    def __init__(self, fh: BinaryIO, limit: int) -> None:
        self._fh = fh
        self._limit = limit
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self._limit:
            raise FileTooBig(self.size)
        return self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)


async def download_capped(bot: Bot, file_id: str, path: Path, limit: int) -> int:
    """Stream the file to `path`, counting bytes; FileTooBig past `limit`. Returns the size."""
    with path.open("wb") as fh:
        writer = _CappedWriter(fh, limit)
        await bot.download(file_id, destination=cast(BinaryIO, writer), timeout=DOWNLOAD_TIMEOUT, seek=False)
    return writer.size
