"""Flow A's heavy step: an uploaded file → size checks → capped download → sandboxed validation →
the pending import (stage) in the database.

The caller shows what happens through a `CheckView` (one message: received, queued, progress, then
the summary or the refusal); nothing here raises at the user. A check in flight is recorded in the
database (storage.import_checks) until it ends, so a check cut off by a stop or crash can be reported
to its manager at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiohttp
from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError

from services.download import FileTooBig, download_capped
from services.imports import ImportJobs, Stopping
from sheets.errors import SheetError
from sheets.model import FileValidation, Progress
from sheets.sandbox import validate_file
from storage.imports import Draft, ImportsRepo
from storage.lists import ClientList, ListColumn
from validators.packed import SEP, PackedRows
from validators.result import ProblemLike, RowProblem

logger = logging.getLogger(__name__)

EXAMPLES = 5  # failed rows shown in the summary

Example = ProblemLike
"""A failed row the summary shows (codes: the view says what is wrong in the reader's language)."""


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
    cancels_seen: int | None = None  # ImportJobs.seen() when the file was taken: a later cancel stops it


class CheckView(Protocol):
    """How a check shows itself; implemented by the handler (one message, edited in place)."""

    async def received(self) -> int:
        """The file is taken; returns the id of the message that shows the check."""

    async def queued(self) -> None: ...
    async def progress(self, rows_done: int, fraction: float | None) -> None: ...
    async def too_big(self, size_bytes: int, max_mb: int) -> None: ...
    async def download_failed(self) -> None: ...
    async def refused(self, error: SheetError) -> None: ...

    async def summary(
        self, list_id: int, summary: dict[str, Any], examples: list[Example], *, same_file: bool = False
    ) -> None:
        """The check's result with its buttons (`same_file`: this file was checked already)."""

    async def stopped(self) -> None:
        """The manager cancelled or sent a newer file."""

    async def interrupted(self) -> None:
        """The bot is stopping: the check did not finish."""

    async def failed(self) -> None:
        """Something unexpected went wrong (logged); nothing was saved."""


class _NotWanted(Exception):
    """The manager cancelled or moved on while the file was being checked."""


async def check_upload(
    bot: Bot,
    upload: Upload,
    view: CheckView,
    *,
    imports: ImportsRepo,
    jobs: ImportJobs,
    claim: Callable[[int], Awaitable[bool]],
) -> ClientList | None:
    """Check `upload` and stage it. `claim(list_id)` is asked right before the summary is shown: it
    returns False when the manager cancelled or moved on meanwhile (nothing is staged then), else it
    records the stage in the conversation. Returns the stage, or None."""
    config = jobs.config
    if jobs.stopping:
        await view.interrupted()
        return None
    if upload.file_size is not None and upload.file_size > config.max_file_bytes:
        await view.too_big(upload.file_size, config.max_file_mb)
        return None
    if not upload.apply_fixes:
        same = await imports.find_same_file(upload.owner_id, upload.file_unique_id, upload.channel)
        if same is not None and await claim(same.id):
            await jobs.supersede(upload.owner_id)  # the newest upload wins, as in track(): older ones stop
            await view.summary(
                same.id, same.summary or {}, await stage_examples(imports, same), same_file=True
            )
            return same
    shown_in = await view.received()
    await jobs.started(upload.owner_id, upload.chat_id, shown_in, upload.file_name)
    try:
        async with jobs.track(upload.owner_id, upload.cancels_seen):
            ended = True
            try:
                async with jobs.slot(view.queued):
                    validation = await _download_and_validate(bot, upload, jobs, view)
                if validation is None:
                    return None
                draft = _draft(upload, validation)

                async def announce(list_id: int) -> None:
                    if not await claim(list_id):
                        raise _NotWanted
                    jobs.saving(upload.owner_id, list_id)
                    examples: list[Example] = list(draft.problems[:EXAMPLES])
                    await view.summary(list_id, draft.summary, examples)

                return await imports.stage(draft, on_created=announce)  # returns once the rows are saved
            except asyncio.CancelledError:
                ended = not jobs.stopping  # cut off by the shutdown: cleared below once the manager knows
                raise
            finally:
                if ended:  # before track() lets a waiting button (or a newer check) go on
                    await asyncio.shield(jobs.ended(upload.owner_id, shown_in))
    except _NotWanted:
        await view.stopped()
        return None
    except Stopping:  # queued when the bot began to stop: never started
        await view.interrupted()
        return None
    except Exception:  # a defect: logged, and the status message must not say "Checking…" forever
        logger.exception("The check of %r failed", upload.file_name)
        with contextlib.suppress(Exception):
            await view.failed()
        return None
    except asyncio.CancelledError:
        if jobs.stopping:  # the bot stops: say so now (if that fails, the next start says it)
            with contextlib.suppress(Exception):
                await asyncio.shield(view.interrupted())
                await asyncio.shield(jobs.ended(upload.owner_id, shown_in))
        else:
            with contextlib.suppress(Exception):
                await asyncio.shield(view.stopped())
        raise


async def stage_examples(imports: ImportsRepo, stage: ClientList) -> list[Example]:
    """The first failed rows of a stored stage, for its summary."""
    return list(await imports.problems(stage.id, EXAMPLES))


async def _download_and_validate(
    bot: Bot, upload: Upload, jobs: ImportJobs, view: CheckView
) -> FileValidation | None:
    config = jobs.config
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / ("upload" + Path(upload.file_name).suffix.lower()[:8])
        started = time.perf_counter()
        try:
            await download_capped(bot, upload.file_id, path, config.max_file_bytes)
        except FileTooBig:
            await view.too_big(config.max_file_bytes + 1, config.max_file_mb)
            return None
        # ClientDecodeError: a proxy's HTML error page instead of the Bot API's JSON (not a TelegramAPIError)
        except (TelegramAPIError, ClientDecodeError, aiohttp.ClientError, TimeoutError, OSError) as exc:
            logger.warning("Download of %s failed: %s", upload.file_id, exc)
            await view.download_failed()
            return None
        downloaded = time.perf_counter()

        async def progress(done: Progress) -> None:
            await view.progress(done.rows_done, done.fraction)

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
            if jobs.stopping:  # the signal that stops the bot reached the sandbox too: not the file's fault
                raise Stopping from exc
            logger.info("File %r refused: %s", upload.file_name, exc.code)
            await view.refused(exc)
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
        "other_sheets_unchecked": validation.other_sheets_unchecked,
        "has_header": result.has_header,
        "rows_read": result.rows_read,
        "valid": result.valid_count,
        "invalid": result.invalid_count,  # exact; `result.invalid` lists at most MAX_LISTED_PROBLEMS
        "by_reason": {str(reason): count for reason, count in result.invalid_by_reason.items()},
        "duplicates": result.duplicate_count,
        "unlisted": result.problems_unlisted,
        "normalized": result.normalized,
        "suggestions": result.suggestions,
        "suggestions_applied": result.suggestions_applied,
        "fixes_applied": upload.apply_fixes,
        "original_columns": [column.title for column in result.columns],
    }
    return Draft(
        owner_id=upload.owner_id,
        channel=upload.channel,
        columns=[ListColumn(column.key, column.title, column.label) for column in result.columns],
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
