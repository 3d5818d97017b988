"""/start, /help and /cancel: the commands that work for everyone and in every state."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from handlers.common import keyboards, texts
from storage.users import Role


async def cancel(message: Message, state: FSMContext, roles: frozenset[Role]) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    text = texts.CANCELLED if had_state else texts.NOTHING_TO_CANCEL
    if Role.OUTBOUND_MANAGER in roles:
        await message.answer(text, reply_markup=keyboards.main_menu())
    else:
        await message.answer(text, reply_markup=ReplyKeyboardRemove())


async def help_(message: Message, roles: frozenset[Role]) -> None:
    if Role.OUTBOUND_MANAGER not in roles:
        await message.answer(texts.HELP_STRANGER)
        return
    text = texts.HELP_MANAGER + (texts.HELP_ADMIN if Role.ADMIN in roles else "")
    await message.answer(text, reply_markup=keyboards.menu_inline())


async def start(message: Message, state: FSMContext) -> None:
    assert message.from_user is not None
    await state.clear()
    await message.answer(texts.manager_menu(message.from_user.first_name), reply_markup=keyboards.main_menu())
