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
        if push.message_id is None:
            sent = await bot.send_message(chat_id, texts.resuming(item.name if item else None))
            message_id = sent.message_id
        else:
            message_id = push.message_id
        return PushMessage(bot, chat_id, message_id, item.name if item else None, push.campaign_name)

    return await runner.resume_unfinished(view_for)
