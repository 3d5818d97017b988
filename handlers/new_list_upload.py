"""Flow A's heavy step: an uploaded file → size checks → download → sandboxed validation → stage.

Why it is more than a handler: downloads are capped while streaming, validations are bounded (at most
`max_concurrent_imports` children at once; later uploads are told they are queued), one manager has at
most one running check (a newer file or /cancel stops the older one), and progress is shown in one
message edited at most every ~2 s. Nothing here raises at the user: every failure becomes a message.
A check in flight is also recorded in the database (storage.import_checks) until it ends, so a check
cut off by a stop or crash is reported to its manager at the next start (`tell_interrupted`).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup, Message

from handlers import keyboards, texts
from sheets.errors import SheetError
from sheets.model import FileValidation, Progress, SandboxLimits
from sheets.sandbox import read_table_async, validate_file
from storage.import_checks import ImportCheck, ImportChecksRepo
from storage.imports import Draft, ImportsRepo
from storage.lists import ClientList, ListColumn
from validators.packed import SEP, PackedRows
from validators.result import RowProblem

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0  # seconds between progress edits (Telegram rate limits edits)
EXAMPLES = 5  # failed rows shown in the summary
JANITOR_EVERY = 3600.0  # seconds between stale-stage clean-ups


class FileTooBig(Exception):
    """More bytes arrived than the limit allows (the declared file_size was missing or wrong)."""


@dataclass(frozen=True, slots=True)
class Upload:
    """The file to check: from a document message, or the stored file_id of a stage (Apply fixes)."""

    owner_id: int
    chat_id: int
    channel: str
    file_id: str
    file_unique_id: str
    file_name: str
    file_size: int | None
    apply_fixes: bool = False


@dataclass(frozen=True, slots=True)
class ImportConfig:
    """The settings flow A needs (built from bot.settings.Settings by the composition root)."""

    max_file_mb: int = 20
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    default_region: str | None = None
    max_concurrent: int = 2
    stage_ttl: timedelta = timedelta(hours=24)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


class ImportJobs:
    """Per-dispatcher bookkeeping of running checks and the stale-stage janitor.

    A check has two phases: checking (download + validation, holding one of N slots) and saving (the
    summary is already shown while the rows are written). Buttons pressed while saving wait for it.
    """

    def __init__(self, config: ImportConfig, checks: ImportChecksRepo) -> None:
        self.config = config
        self.checks = checks
        self.stopping = False  # the bot is shutting down: a cancelled check was cut off, not stopped
        self._slots = asyncio.Semaphore(config.max_concurrent)
        self._running: dict[int, asyncio.Task[Any]] = {}
        self._saving: dict[int, tuple[int, asyncio.Event]] = {}  # owner → (stage id, saved)
        self._janitor: asyncio.Task[None] | None = None

    def busy(self, owner_id: int) -> bool:
        """A check runs whose summary is not shown yet."""
        task = self._running.get(owner_id)
        return task is not None and not task.done() and owner_id not in self._saving

    def cancel(self, owner_id: int) -> bool:
        """Stop the manager's running check, if any (it removes its half-written stage itself)."""
        task = self._running.get(owner_id)
        if task is None or task.done() or task is asyncio.current_task():
            return False
        task.cancel()
        return True

    @asynccontextmanager
    async def track(self, owner_id: int) -> AsyncIterator[None]:
        """One check per manager: a newer one stops the older."""
        self.cancel(owner_id)
        task = asyncio.current_task()
        assert task is not None
        self._running[owner_id] = task
        try:
            yield
        finally:
            if self._running.get(owner_id) is task:
                del self._running[owner_id]
                saving = self._saving.pop(owner_id, None)
                if saving is not None:
                    saving[1].set()

    @asynccontextmanager
    async def slot(self, on_queued: Callable[[], Awaitable[None]]) -> AsyncIterator[None]:
        """At most N validations at once; `on_queued` tells a waiting manager why nothing happens."""
        if self._slots.locked():
            await on_queued()
        async with self._slots:
            yield

    def saving(self, owner_id: int, list_id: int) -> None:
        self._saving[owner_id] = (list_id, asyncio.Event())

    async def wait_saved(self, owner_id: int, list_id: int, timeout: float = 60.0) -> None:  # noqa: ASYNC109
        """If stage `list_id` is still being written, wait until it is (or failed)."""
        entry = self._saving.get(owner_id)
        if entry is not None and entry[0] == list_id:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(entry[1].wait(), timeout)

    def start_janitor(self, imports: ImportsRepo) -> None:
        """Periodic stale-stage clean-up, and the sandbox started now rather than by the first upload."""
        if self._janitor is None or self._janitor.done():
            self._janitor = asyncio.create_task(_janitor(imports, self.config), name="stale-stages")

    async def started(self, upload: Upload, message_id: int) -> None:
        """Record the check shown in `message_id`; a failure only loses the restart notice."""
        try:
            await self.checks.record(upload.owner_id, upload.chat_id, message_id, upload.file_name)
        except Exception:
            logger.warning("Could not record the check of %r", upload.file_name, exc_info=True)

    async def ended(self, owner_id: int, message_id: int) -> None:
        try:
            await self.checks.clear(owner_id, message_id)
        except Exception:  # the next start will tell the manager the check was interrupted
            logger.warning("Could not clear the check in message %s", message_id, exc_info=True)

    async def stop(self) -> None:
        self.stopping = True
        if self._janitor is not None:
            self._janitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._janitor
            self._janitor = None


async def _janitor(imports: ImportsRepo, config: ImportConfig) -> None:
    await _warm_up(config)
    every = min(JANITOR_EVERY, config.stage_ttl.total_seconds() / 4)
    while True:
        await asyncio.sleep(every)
        try:
            await imports.cleanup(config.stage_ttl)
        except Exception:
            logger.exception("Stale-stage clean-up failed")


async def _warm_up(config: ImportConfig) -> None:
    """Read a tiny file in the sandbox: starts its forkserver (an interpreter + preloaded validators,
    about a second) before any manager waits for it."""
    with tempfile.TemporaryDirectory(prefix="warm-") as folder:
        path = Path(folder) / "warm.csv"
        path.write_text("Phone\n12015550123\n", encoding="utf-8")
        started = time.perf_counter()
        try:
            await read_table_async(path, config.limits)
        except SheetError as exc:
            logger.warning("Sandbox warm-up failed: %s", exc.message)
            return
        logger.info("Sandbox ready in %.2f s", time.perf_counter() - started)


# --- the pipeline ------------------------------------------------------------------------------


class _NotWanted(Exception):
    """The manager cancelled or moved on while the file was being checked."""


async def check_upload(
    bot: Bot,
    upload: Upload,
    *,
    imports: ImportsRepo,
    jobs: ImportJobs,
    claim: Callable[[int], Awaitable[bool]],
    status: Message | None = None,
) -> ClientList | None:
    """Check `upload` and stage it; shows progress, then the summary (or the refusal) in `status`
    (a new message when None). `claim(list_id)` is asked right before the summary is shown: it returns
    False when the manager cancelled or moved on meanwhile (nothing is staged then), else it records the
    stage in the conversation. Returns the stage, or None."""
    config = jobs.config
    if upload.file_size is not None and upload.file_size > config.max_file_bytes:
        await bot.send_message(upload.chat_id, texts.nl_too_big(upload.file_size, config.max_file_mb))
        return None
    if not upload.apply_fixes:
        same = await imports.find_same_file(upload.owner_id, upload.file_unique_id, upload.channel)
        if same is not None and await claim(same.id):
            jobs.cancel(upload.owner_id)  # the newest upload wins, as in track(): an older check stops
            text, markup = await render_stage_summary(imports, same, same_file=True)
            await bot.send_message(upload.chat_id, text, reply_markup=markup)
            return same
    view = _StatusView(bot, upload.chat_id, status)
    await view.show(texts.nl_received(upload.file_name))
    shown_in = view.message_id
    await jobs.started(upload, shown_in)
    try:
        async with jobs.track(upload.owner_id):
            ended = True
            try:
                async with jobs.slot(lambda: view.show(texts.nl_queued(upload.file_name))):
                    validation = await _download_and_validate(bot, upload, config, view)
                if validation is None:
                    return None
                draft = _draft(upload, validation)

                async def announce(list_id: int) -> None:
                    if not await claim(list_id):
                        raise _NotWanted
                    jobs.saving(upload.owner_id, list_id)
                    examples = [
                        (p.row_number, p.column, p.message, p.suggestion) for p in draft.problems[:EXAMPLES]
                    ]
                    await view.show(*render_summary(draft.summary, upload.channel, list_id, examples))

                return await imports.stage(draft, on_created=announce)  # returns once the rows are saved
            except asyncio.CancelledError:
                ended = not jobs.stopping  # cut off by the shutdown: cleared below once the manager knows
                raise
            finally:
                if ended:  # before track() lets a waiting button (or a newer check) go on
                    await asyncio.shield(jobs.ended(upload.owner_id, shown_in))
    except _NotWanted:
        await view.show(texts.NL_CHECK_STOPPED)
        return None
    except asyncio.CancelledError:
        if jobs.stopping:  # the bot stops: say so now (if that fails, the next start says it)
            with contextlib.suppress(Exception):
                await asyncio.shield(view.show(texts.nl_check_interrupted(upload.file_name)))
                await asyncio.shield(jobs.ended(upload.owner_id, shown_in))
        else:
            with contextlib.suppress(Exception):
                await asyncio.shield(view.show(texts.NL_CHECK_STOPPED))
        raise


async def tell_interrupted(bot: Bot, checks: ImportChecksRepo) -> list[ImportCheck]:
    """At start-up, before polling: every recorded check was cut off by the previous process (stopped,
    killed, crashed). Its progress message (or a new one when that can't be edited) tells the manager
    to send the file again; then the record goes. Never raises: a failure must not stop the start."""
    try:
        leftovers = await checks.leftovers()
    except Exception:
        logger.exception("Could not read the interrupted checks")
        return []
    for check in leftovers:
        text = texts.nl_check_interrupted(check.file_name)
        try:
            try:
                await bot.edit_message_text(text, chat_id=check.chat_id, message_id=check.message_id)
            except TelegramAPIError as exc:  # deleted, too old, …: a new message instead
                logger.info("Could not edit message %s: %s", check.message_id, exc)
                await bot.send_message(check.chat_id, text)
            logger.info(
                "Told user %s that the check of %r (started %s) was interrupted",
                check.owner_id,
                check.file_name,
                check.started_at,
            )
        except Exception:  # blocked the bot, network down…: nothing more to do for this one
            logger.warning("Could not tell user %s of the interrupted check", check.owner_id, exc_info=True)
        try:
            await checks.clear(check.owner_id, check.message_id)
        except Exception:
            logger.exception("Could not clear the interrupted check of user %s", check.owner_id)
    return leftovers


async def _download_and_validate(
    bot: Bot, upload: Upload, config: ImportConfig, view: _StatusView
) -> FileValidation | None:
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / ("upload" + Path(upload.file_name).suffix.lower()[:8])
        started = time.perf_counter()
        try:
            await download_capped(bot, upload.file_id, path, config.max_file_bytes)
        except FileTooBig:
            await view.show(texts.nl_too_big(config.max_file_bytes + 1, config.max_file_mb))
            return None
        except (TelegramAPIError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            logger.warning("Download of %s failed: %s", upload.file_id, exc)
            await view.show(texts.NL_DOWNLOAD_FAILED)
            return None
        downloaded = time.perf_counter()

        async def progress(done: Progress) -> None:
            await view.throttled(texts.nl_progress(upload.file_name, done.rows_done, done.fraction))

        try:
            validation = await validate_file(
                path,
                upload.channel,
                default_region=config.default_region,
                apply_suggestions=upload.apply_fixes,
                on_progress=progress,
                limits=config.limits,
            )
        except SheetError as exc:
            logger.info("File %r refused: %s", upload.file_name, exc.code)
            await view.show(texts.nl_refused(exc.message))
            return None
        logger.info(
            "Checked %r (%d bytes): download %.2f s, validation %.2f s, %d rows",
            upload.file_name,
            path.stat().st_size,
            downloaded - started,
            time.perf_counter() - downloaded,
            validation.result.rows_read,
        )
        return validation


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
        await bot.download(file_id, destination=cast(BinaryIO, writer), timeout=120, seek=False)
    return writer.size


def _draft(upload: Upload, validation: FileValidation) -> Draft:
    result = validation.result
    problems: list[RowProblem] = list(
        heapq.merge(result.invalid, result.duplicates, key=lambda problem: problem.row_number)
    )
    summary = {
        "file_name": upload.file_name,
        "format": validation.file_format.value,
        "sheet": validation.sheet_name,
        "other_sheets": list(validation.other_sheets),
        "has_header": result.has_header,
        "rows_read": result.rows_read,
        "valid": result.valid_count,
        "invalid": len(result.invalid),
        "by_reason": {str(reason): count for reason, count in result.invalid_by_reason.items()},
        "duplicates": len(result.duplicates),
        "normalized": result.normalized,
        "suggestions": result.suggestions,
        "suggestions_applied": result.suggestions_applied,
        "fixes_applied": upload.apply_fixes,
        "original_columns": [column.title for column in result.columns],
    }
    return Draft(
        owner_id=upload.owner_id,
        channel=upload.channel,
        columns=[ListColumn(column.key, column.title) for column in result.columns],
        rows=result.valid_rows,
        row_numbers=result.valid_row_numbers,
        problems=problems,
        summary=summary,
        source={
            "kind": "file",
            "file_name": upload.file_name,
            "format": validation.file_format.value,
            "sheet": validation.sheet_name,
        },
        file_id=upload.file_id,
        file_unique_id=upload.file_unique_id,
        packed_rows=result.valid_rows.packed if isinstance(result.valid_rows, PackedRows) else None,
        packed_sep=SEP,
    )


def render_summary(
    summary: dict[str, Any],
    channel: str,
    list_id: int,
    examples: list[tuple[int, str, str, str | None]],
    *,
    same_file: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    fixes = 0 if summary.get("fixes_applied") else int(summary.get("suggestions", 0))
    markup = keyboards.nl_summary(
        list_id,
        valid=int(summary["valid"]),
        problems=int(summary["invalid"]) + int(summary["duplicates"]),
        fixes=fixes,
    )
    return texts.nl_summary({**summary, "same_file": same_file}, channel, examples), markup


async def render_stage_summary(
    imports: ImportsRepo, stage: ClientList, *, same_file: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    examples = [
        (p.row_number, p.column, p.message, p.suggestion) for p in await imports.problems(stage.id, EXAMPLES)
    ]
    return render_summary(stage.summary or {}, stage.channel, stage.id, examples, same_file=same_file)


class _StatusView:
    """The one message that shows progress, then the summary or the refusal."""

    def __init__(self, bot: Bot, chat_id: int, message: Message | None) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._message_id = message.message_id if message is not None else None
        self._last = time.monotonic()

    @property
    def message_id(self) -> int:
        """The message shown (after the first `show`)."""
        assert self._message_id is not None
        return self._message_id

    async def show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        self._last = time.monotonic()
        if self._message_id is not None:
            try:
                await self._bot.edit_message_text(
                    text, chat_id=self._chat_id, message_id=self._message_id, reply_markup=markup
                )
                return
            except TelegramAPIError as exc:  # deleted by the user, too old…: send a new one
                logger.info("Could not edit the status message: %s", exc)
        sent = await self._bot.send_message(self._chat_id, text, reply_markup=markup)
        self._message_id = sent.message_id

    async def throttled(self, text: str) -> None:
        if time.monotonic() - self._last < PROGRESS_EVERY:
            return
        try:
            await self.show(text)
        except TelegramAPIError as exc:  # progress is a courtesy: never stop a check for it
            logger.info("Progress edit failed: %s", exc)
