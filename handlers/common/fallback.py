"""Included last: answers whatever no other router handled, so nobody meets silence.

A user without a role gets the no-access line (an alert for buttons: this is also what a revoked
manager sees when pressing an old button). Managers get "not available yet" for menu entries whose
feature router is not installed, and a hint otherwise.
"""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from handlers.common import keyboards, texts
from handlers.common.callbacks import MenuCb
from handlers.common.filters import MENU_BUTTONS
from i18n import tr
from storage.users import Role


async def any_message(message: Message, roles: frozenset[Role]) -> None:
    assert message.from_user is not None
    if Role.OUTBOUND_MANAGER not in roles:
        await message.answer(texts.no_access_short(message.from_user.id))
    elif message.text in MENU_BUTTONS:
        await message.answer(tr("not-available-yet"), reply_markup=keyboards.main_menu())
    else:
        await message.answer(tr("unknown-input"), reply_markup=keyboards.main_menu())


async def any_button(query: CallbackQuery, roles: frozenset[Role]) -> None:
    if Role.OUTBOUND_MANAGER not in roles:
        await query.answer(tr("no-access-alert"), show_alert=True)
    elif query.data is not None and query.data.startswith(MenuCb.__prefix__ + ":"):
        await query.answer(tr("not-available-yet"))
    else:
        await query.answer(tr("stale-button"), show_alert=True)
