"""/start, /help and /cancel: the commands that work for everyone and in every state."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from handlers import keyboards, texts
from handlers.filters import protect
from storage.users import Role, UsersRepo

router = Router(name=__name__)
router.message.filter(F.from_user)

managers = protect(Router(name=f"{__name__}.managers"), Role.OUTBOUND_MANAGER)
router.include_router(managers)


@router.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext, users: UsersRepo) -> None:
    assert message.from_user is not None
    had_state = await state.get_state() is not None
    await state.clear()
    text = texts.CANCELLED if had_state else texts.NOTHING_TO_CANCEL
    if await users.has_role(message.from_user.id, Role.OUTBOUND_MANAGER):
        await message.answer(text, reply_markup=keyboards.main_menu())
    else:
        await message.answer(text, reply_markup=ReplyKeyboardRemove())


@router.message(Command("help"))
async def help_(message: Message, users: UsersRepo) -> None:
    assert message.from_user is not None
    roles = await users.roles(message.from_user.id)
    if Role.OUTBOUND_MANAGER not in roles:
        await message.answer(texts.HELP_STRANGER)
        return
    text = texts.HELP_MANAGER + (texts.HELP_ADMIN if Role.ADMIN in roles else "")
    await message.answer(text, reply_markup=keyboards.menu_inline())


@managers.message(CommandStart())
async def start(message: Message, state: FSMContext) -> None:
    assert message.from_user is not None
    await state.clear()
    await message.answer(texts.manager_menu(message.from_user.first_name), reply_markup=keyboards.main_menu())
