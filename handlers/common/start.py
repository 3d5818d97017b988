"""/start, /help, /cancel and /language: the commands that work for everyone and in every state."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import BotCommand, BotCommandScopeChat, CallbackQuery, Message, ReplyKeyboardRemove
from aiogram_i18n import I18nContext

from handlers.common import keyboards, texts
from handlers.common.callbacks import LanguageCb
from i18n import speaking, tr
from storage.users import Role


async def cancel(message: Message, state: FSMContext, roles: frozenset[Role]) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    text = tr("cancelled") if had_state else tr("nothing-to-cancel")
    if Role.OUTBOUND_MANAGER in roles:
        await message.answer(text, reply_markup=keyboards.main_menu())
    else:
        await message.answer(text, reply_markup=ReplyKeyboardRemove())


async def help_(message: Message, roles: frozenset[Role]) -> None:
    if Role.OUTBOUND_MANAGER not in roles:
        await message.answer(tr("help-stranger"))
        return
    await message.answer(texts.help_text(admin=Role.ADMIN in roles), reply_markup=keyboards.menu_inline())


async def start(message: Message, state: FSMContext) -> None:
    assert message.from_user is not None
    await state.clear()
    await message.answer(texts.manager_menu(message.from_user.first_name), reply_markup=keyboards.main_menu())


async def language(message: Message) -> None:
    """/language: English / Русский buttons; the flow the user is in stays where it is."""
    await message.answer(tr("language-choose"), reply_markup=keyboards.languages())


async def language_chosen(
    query: CallbackQuery, callback_data: LanguageCb, i18n: I18nContext, bot: Bot, roles: frozenset[Role]
) -> None:
    """Store the language and confirm in it; nothing else is re-rendered and the FSM step is kept.

    The confirmation carries the main menu in the new language (a reply keyboard can only come with
    a new message), and this chat's command menu is set in it too.
    """
    await i18n.set_locale(callback_data.locale)
    with speaking(callback_data.locale):
        await query.answer(tr("language-answer"))
        if query.message is not None:
            with contextlib.suppress(TelegramAPIError):  # an old picker may be gone: the answer is enough
                await bot.delete_message(query.message.chat.id, query.message.message_id)
        manager = Role.OUTBOUND_MANAGER in roles
        markup = keyboards.main_menu() if manager else None
        await bot.send_message(query.from_user.id, tr("language-set"), reply_markup=markup)
        if manager:
            commands = [
                BotCommand(command=c, description=d) for c, d in texts.command_menu(admin=Role.ADMIN in roles)
            ]
            with contextlib.suppress(TelegramAPIError):
                await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=query.from_user.id))
