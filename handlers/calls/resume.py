"""Start-up: pushes that a stop or a crash cut off go on, each in its own progress message."""

from __future__ import annotations

from aiogram import Bot, Dispatcher

from handlers.calls import texts
from handlers.calls.view import PushMessage
from services.push_types import PushView
from services.pushes import PushRunner
from storage.lists import ListsRepo
from storage.push_models import Push


async def resume_pushes(dp: Dispatcher, bot: Bot) -> list[int]:
    runner: PushRunner = dp["push_runner"]
    lists: ListsRepo = dp["lists"]

    async def view_for(push: Push) -> PushView:
        item = await lists.get_ready(push.list_id)
        chat_id = push.chat_id or push.created_by
        name = item.name if item else None
        # Tell the manager first: the progress message says the push goes on after the restart.
        sent = await bot.send_message(chat_id, texts.resuming(name))
        return PushMessage(bot, chat_id, sent.message_id, name, push.campaign_name, push.list_id, push.id)

    return await runner.resume_unfinished(view_for)
