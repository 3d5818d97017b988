"""A list as an XLSX document: built once off the event loop, then re-sent by Telegram's file_id.

Why a thread that pulls batches from the loop: the rows come from the shared aiosqlite reader (the
only connection for SELECTs), while the XLSX writer is synchronous CPU work. The writer thread asks
the loop for the next batch while it writes the current one (one batch of prefetch), so reading and
writing overlap, memory stays at two batches, and the loop only runs short SELECTs.

Why a per-list lock: two managers pressing Download on a fresh list at once must not build it twice;
the second waits and is served by the file_id the first upload produced. With several instances the
lock is the coordinator's (services.coordination: a Redis lease renewed while the build runs, so a
killed instance's lock expires), and the second request may land on any instance.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import FSInputFile, Message
from aiogram.utils.chat_action import ChatActionSender

from i18n import catalog
from services import metrics
from services.coordination import Coordinator, InProcess
from services.files import safe_file_name
from services.wording import column_title
from sheets.xlsx_writer import SheetSpec, write_xlsx
from storage.audit import AuditAction, AuditRepo
from storage.lists import ClientList, ListGone, ListsRepo, RowBatch

logger = logging.getLogger(__name__)

_POLL_SECONDS = 0.5
SHEET_ROWS = 1_048_575  # Excel's 1,048,576 rows minus the header


class ExportTexts(Protocol):
    """What the exporter shows, in the reader's language (implemented by the handler)."""

    def caption(self, client_list: ClientList, values_cut: int = 0) -> str: ...
    def preparing(self) -> str: ...
    def gone(self) -> str: ...


class ExportCancelled(Exception):
    """The task waiting for the export was cancelled; the writer thread stops at the next batch."""


def export_file_name(name: str | None) -> str:
    """The list's name as a file name every OS accepts."""
    return safe_file_name(name, suffix=".xlsx", fallback="client list")


def _column_widths(titles: list[str]) -> list[float]:
    return [float(min(max(len(t) + 4, 14), 40)) for t in titles]


@dataclass(frozen=True, slots=True)
class Built:
    rows: int  # the list's rows written (headers not counted)
    values_cut: int  # values over Excel's cell limit, written cut


async def build_xlsx(lists: ListsRepo, client_list: ClientList, path: Path, locale: str) -> Built:
    """Write the list to `path` (header = column titles, the ones the bot named in `locale`; every cell
    text); returns what was written (rows, and values over Excel's cell limit that had to be cut).

    Raises ListGone when the rows read differ from the list's size (it was deleted meanwhile).
    """
    loop = asyncio.get_running_loop()
    batches = lists.row_batches(client_list.id)
    stop = threading.Event()
    written = 0

    async def next_batch() -> RowBatch | None:
        return await anext(batches, None)

    def rows() -> Iterator[list[str]]:
        nonlocal written
        pending = asyncio.run_coroutine_threadsafe(next_batch(), loop)
        try:
            while True:
                batch = _wait(pending, stop)
                if batch is None:
                    return
                pending = asyncio.run_coroutine_threadsafe(next_batch(), loop)  # prefetch
                written += len(batch)
                yield from batch.rows()
        finally:
            pending.cancel()

    titles = [
        column_title(locale, client_list.channel, c.title, c.label, position)
        for position, c in enumerate(client_list.columns)
    ]
    sheets = _sheets(client_list.name or catalog().text(locale, "file-list-sheet"), titles, rows())
    try:
        stats = await asyncio.to_thread(write_xlsx, path, sheets)
    except BaseException:
        stop.set()  # a cancelled caller: let the thread end instead of writing on
        raise
    finally:
        await _close(batches)
    if written != client_list.row_count:
        raise ListGone(client_list.id)
    return Built(written, stats.values_cut)


def _sheets(title: str, header: list[str], rows: Iterator[list[str]]) -> Iterator[SheetSpec]:
    """As many sheets as the rows need (Excel's limit), each with the header; always at least one.

    The writer finishes one sheet before it asks for the next, so all share one row stream.
    """
    widths = _column_widths(header)
    first = next(rows, None)
    while True:
        head = [] if first is None else [first]
        yield SheetSpec(title, header, itertools.chain(head, itertools.islice(rows, SHEET_ROWS - 1)), widths)
        first = next(rows, None)  # asked only once the writer has taken the whole sheet
        if first is None:
            return


def _wait(pending: concurrent.futures.Future[RowBatch | None], stop: threading.Event) -> RowBatch | None:
    while True:
        if stop.is_set():
            raise ExportCancelled
        try:
            return pending.result(timeout=_POLL_SECONDS)
        except concurrent.futures.TimeoutError:
            continue


async def _close(batches: AsyncIterator[RowBatch]) -> None:
    aclose = getattr(batches, "aclose", None)
    if aclose is not None:
        try:
            await aclose()
        except RuntimeError:  # still running a prefetch that was cancelled; it ends on its own
            logger.debug("Row stream closed while a fetch was pending")


class ListExporter:
    """Sends lists as XLSX documents; kept in the Dispatcher's workflow data as `exporter`."""

    def __init__(self, lists: ListsRepo, audit: AuditRepo, coordinator: Coordinator | None = None) -> None:
        self._lists = lists
        self._audit = audit
        self._coordinator: Coordinator = coordinator or InProcess()  # one build per list at a time
        self.builds = 0  # how many files were built (tests and logs)

    async def send(
        self, bot: Bot, chat_id: int, list_id: int, user_id: int, texts: ExportTexts, *, locale: str
    ) -> bool:
        """Send the list's file to `chat_id` and audit it; False when the list no longer exists."""
        started = time.perf_counter()
        async with self._coordinator.lock(f"export:{list_id}"):
            client_list = await self._lists.get_ready(list_id)
            if client_list is None:
                return False
            by_file_id = _reusable(client_list, locale) and await self._resend(
                bot, chat_id, client_list, texts
            )
            if not by_file_id and not await self._build_and_send(bot, chat_id, client_list, texts, locale):
                return False
        metrics.EXPORT_SECONDS.observe(time.perf_counter() - started)
        await self._audit.record(
            user_id=user_id,
            action=AuditAction.DOWNLOADED,
            list_id=list_id,
            list_name=client_list.name,
            details={"by_file_id": by_file_id},
        )
        return True

    async def _resend(self, bot: Bot, chat_id: int, client_list: ClientList, texts: ExportTexts) -> bool:
        """Re-send by file_id; False (and the file_id forgotten) when Telegram no longer accepts it."""
        assert client_list.export_file_id is not None
        try:
            await bot.send_document(
                chat_id,
                client_list.export_file_id,
                caption=texts.caption(client_list),
            )
        except TelegramBadRequest as exc:
            logger.warning("List %s: re-send by file_id failed (%s); rebuilding", client_list.id, exc)
            await self._lists.set_export_file_id(client_list.id, None)
            return False
        return True

    async def _build_and_send(
        self, bot: Bot, chat_id: int, client_list: ClientList, texts: ExportTexts, locale: str
    ) -> bool:
        notice = await bot.send_message(chat_id, texts.preparing())
        try:
            # "sending a file…" for as long as the build takes (one chat action fades after ~5 s)
            async with ChatActionSender.upload_document(chat_id=chat_id, bot=bot):
                sent = await self._build_and_upload(bot, chat_id, client_list, texts, locale)
        except ListGone:
            await _edit_or_send(bot, notice, texts.gone())
            return False
        except BaseException:
            await _delete(bot, notice)
            raise
        await _delete(bot, notice)
        if sent.document is not None:
            await self._lists.set_export_file_id(client_list.id, sent.document.file_id, locale)
        return True

    async def _build_and_upload(
        self, bot: Bot, chat_id: int, client_list: ClientList, texts: ExportTexts, locale: str
    ) -> Message:
        with tempfile.TemporaryDirectory(prefix="list-export-") as tmp:
            path = Path(tmp) / export_file_name(client_list.name)
            self.builds += 1
            stats = await build_xlsx(self._lists, client_list, path, locale)
            logger.info("List %s: built %s (%d rows)", client_list.id, path.name, client_list.row_count)
            caption = texts.caption(client_list, stats.values_cut)
            return await bot.send_document(chat_id, FSInputFile(path, filename=path.name), caption=caption)


def _reusable(client_list: ClientList, locale: str) -> bool:
    """The cached file fits this reader: it has no column the bot named, or was built in their language."""
    if not client_list.export_file_id:
        return False
    return client_list.export_locale == locale or not any(c.label for c in client_list.columns)


async def _delete(bot: Bot, message: Message) -> None:
    try:
        await bot.delete_message(message.chat.id, message.message_id)
    except TelegramAPIError as exc:  # already gone or too old: the notice is not worth an error
        logger.debug("Could not delete the preparing notice: %s", exc)


async def _edit_or_send(bot: Bot, message: Message, text: str) -> None:
    try:
        await bot.edit_message_text(text, chat_id=message.chat.id, message_id=message.message_id)
    except TelegramAPIError:
        await bot.send_message(message.chat.id, text)
