"""Start-up: pushes that a stop or a crash cut off go on, each in its own progress message (in the
language of the manager who started it)."""

from __future__ import annotations

from aiogram import Bot, Dispatcher

from handlers.calls import texts
from handlers.calls.view import PushMessage
from i18n import speaking
from services.push_types import PushView
from services.pushes import PushRunner
from storage.lists import ListsRepo
from storage.push_models import Push
from storage.users import UsersRepo


async def resume_pushes(dp: Dispatcher, bot: Bot) -> list[int]:
    runner: PushRunner = dp["push_runner"]
    lists: ListsRepo = dp["lists"]
    users: UsersRepo = dp["users"]

    async def view_for(push: Push) -> PushView:
        item = await lists.get_ready(push.list_id)
        chat_id = push.chat_id or push.created_by
        name = item.name if item else None
        # Tell the manager first, in their language: the push goes on after the restart.
        with speaking(await users.language(push.created_by)) as locale:
            text = texts.resuming(name)
        sent = await bot.send_message(chat_id, text)
        return PushMessage(
            bot, chat_id, sent.message_id, name, push.campaign_name, push.list_id, push.id, locale=locale
        )

    return await runner.resume_unfinished(view_for)
