"""The XLSX of the numbers a call campaign rejected in one push (at most the stored ones, in list
order), written in a worker thread as a temporary file."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from i18n import catalog
from sheets.xlsx_writer import SheetSpec, write_xlsx
from storage.pushes import PushesRepo

_WIDTHS = (10, 18, 60)


@asynccontextmanager
async def rejected_report(
    pushes: PushesRepo, push_id: int, file_name: str, *, locale: str
) -> AsyncIterator[Path]:
    """Titles in the reader's language; the reasons are the platform's own codes, except the bot's own
    refusal (`invalid_phone`, before sending), which is worded. The stored rejections
    are capped by storage (a push keeps at most 100,000), so they are read whole before the thread
    writes them."""
    title = catalog().text(locale, "file-rejected-sheet")
    header = tuple(catalog().text(locale, f"file-rejected-{key}") for key in ("row", "phone", "reason"))
    rows: list[tuple[str, str, str]] = []
    async for chunk in pushes.rejections(push_id):
        rows += [(str(r.position + 1), r.phone, rejection_reason(locale, r.reason)) for r in chunk]
    with tempfile.TemporaryDirectory(prefix="rejected-") as folder:
        path = Path(folder) / file_name
        await asyncio.to_thread(write_xlsx, path, [SheetSpec(title, header, rows, _WIDTHS)])
        yield path


def rejection_reason(locale: str, code: str) -> str:
    """The bot's own refusal in words; the platform's codes as it sent them."""
    return catalog().text(locale, "file-rejection", code=code)
