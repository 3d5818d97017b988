"""Keyboards of the main menu, access requests and /grant."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from handlers.common import texts
from handlers.common.callbacks import AccessAction, AccessCb, GrantRoleCb, MenuAction, MenuCb, RoleChoice


def main_menu() -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    builder.button(text=texts.MENU_NEW_LIST)
    builder.button(text=texts.MENU_LISTS)
    builder.button(text=texts.MENU_CLIENTS)
    builder.adjust(2, 1)
    return builder.as_markup(
        resize_keyboard=True, is_persistent=True, input_field_placeholder=texts.MENU_PLACEHOLDER
    )


def menu_inline() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.MENU_NEW_LIST, callback_data=MenuCb(action=MenuAction.NEW_LIST))
    builder.button(text=texts.MENU_LISTS, callback_data=MenuCb(action=MenuAction.LISTS))
    builder.button(text=texts.MENU_CLIENTS, callback_data=MenuCb(action=MenuAction.CLIENTS))
    builder.adjust(2, 1)
    return builder.as_markup()


def request_access() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.BTN_REQUEST_ACCESS, callback_data=AccessCb(action=AccessAction.REQUEST))
    return builder.as_markup()


def access_decision(user_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.BTN_GRANT_MANAGER, callback_data=AccessCb(action=AccessAction.GRANT, user_id=user_id)
    )
    builder.button(text=texts.BTN_IGNORE, callback_data=AccessCb(action=AccessAction.IGNORE, user_id=user_id))
    return builder.as_markup()


def grant_role(user_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.BTN_ROLE_MANAGER, callback_data=GrantRoleCb(user_id=user_id, role=RoleChoice.MANAGER)
    )
    builder.button(
        text=texts.BTN_ROLE_ADMIN, callback_data=GrantRoleCb(user_id=user_id, role=RoleChoice.ADMIN)
    )
    return builder.as_markup()
