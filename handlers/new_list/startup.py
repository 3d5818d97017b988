"""Start-up and shutdown of flow A: checks cut off by the previous process are reported to their
managers (before polling, so a file they send next is checked by this process), stale stages go."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey

from handlers.new_list import texts
from handlers.new_list.states import TAKES_FILE, NewListStates
from i18n import speaking
from services.imports import ImportJobs
from storage.import_checks import ImportCheck
from storage.imports import ImportsRepo
from storage.users import UsersRepo

logger = logging.getLogger(__name__)


async def on_startup(
    bot: Bot, dispatcher: Dispatcher, imports: ImportsRepo, import_jobs: ImportJobs, users: UsersRepo
) -> None:
    """No check runs in this process yet: a recorded check no instance holds a lease on was cut off by
    its instance's stop, and while no instance runs a check every 'loading' stage is an orphan. Their
    managers are told to send the file again, before polling: a file they send next is checked by this
    process. With other instances, checks of one that dies later are reported by the reaper."""
    orphans = not await import_jobs.others_checking()
    await imports.cleanup(import_jobs.config.stage_ttl, orphans=orphans)

    async def report(check: ImportCheck) -> None:
        await _tell_interrupted(bot, users, check)
        await import_jobs.ended(check.owner_id, check.message_id)
        await _back_to_waiting_file(bot, dispatcher, imports, check.chat_id, check.owner_id)

    for check in await import_jobs.interrupted():
        await report(check)
    import_jobs.start_janitor(imports)
    import_jobs.start_reaper(imports, report)


async def _tell_interrupted(bot: Bot, users: UsersRepo, check: ImportCheck) -> None:
    """The check's progress message (or a new one when that can't be edited) says to send the file
    again, in the manager's language. Never raises: a failure must not stop the start."""
    try:
        with speaking(await users.language(check.owner_id)):
            text = texts.nl_check_interrupted(check.file_name)
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


async def _back_to_waiting_file(
    bot: Bot, dispatcher: Dispatcher, imports: ImportsRepo, chat_id: int, user_id: int
) -> None:
    """A manager whose summary was shown but whose rows were not all saved is at a step of a stage
    that is gone: back to "send the file" (a document is taken at every file step anyway)."""
    key = StorageKey(bot_id=bot.id, chat_id=chat_id, user_id=user_id)
    state = FSMContext(storage=dispatcher.storage, key=key)
    try:
        data = await state.get_data()
        if await state.get_state() in {s.state for s in TAKES_FILE[1:]} and (
            await imports.get_stage(user_id, int(data.get("list_id", 0))) is None
        ):
            await state.set_state(NewListStates.waiting_file)
            await state.set_data({"channel": data.get("channel")})
    except Exception:  # the document is accepted in those steps anyway
        logger.warning("Could not reset the flow of user %s", user_id, exc_info=True)


async def on_shutdown(import_jobs: ImportJobs) -> None:
    await import_jobs.stop()
