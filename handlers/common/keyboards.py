"""Keyboards of the main menu, access requests, /grant and /language."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from handlers.common.callbacks import (
    AccessAction,
    AccessCb,
    GrantRoleCb,
    LanguageCb,
    MenuAction,
    MenuCb,
    RoleChoice,
)
from i18n import LOCALES, catalog, tr


def main_menu() -> ReplyKeyboardMarkup:
    builder = ReplyKeyboardBuilder()
    builder.button(text=tr("menu-new-list"))
    builder.button(text=tr("menu-lists"))
    builder.button(text=tr("menu-clients"))
    builder.adjust(2, 1)
    return builder.as_markup(
        resize_keyboard=True, is_persistent=True, input_field_placeholder=tr("menu-placeholder")
    )


def menu_inline() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=tr("menu-new-list"), callback_data=MenuCb(action=MenuAction.NEW_LIST))
    builder.button(text=tr("menu-lists"), callback_data=MenuCb(action=MenuAction.LISTS))
    builder.button(text=tr("menu-clients"), callback_data=MenuCb(action=MenuAction.CLIENTS))
    builder.adjust(2, 1)
    return builder.as_markup()


def request_access() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=tr("btn-request-access"), callback_data=AccessCb(action=AccessAction.REQUEST))
    return builder.as_markup()


def access_decision(user_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-grant-manager"), callback_data=AccessCb(action=AccessAction.GRANT, user_id=user_id)
    )
    builder.button(text=tr("btn-ignore"), callback_data=AccessCb(action=AccessAction.IGNORE, user_id=user_id))
    return builder.as_markup()


def grant_role(user_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-role-manager"), callback_data=GrantRoleCb(user_id=user_id, role=RoleChoice.MANAGER)
    )
    builder.button(
        text=tr("btn-role-admin"), callback_data=GrantRoleCb(user_id=user_id, role=RoleChoice.ADMIN)
    )
    return builder.as_markup()


def languages() -> InlineKeyboardMarkup:
    """English / Русский: each language named in itself."""
    builder = InlineKeyboardBuilder()
    for locale in LOCALES:
        builder.button(text=catalog().text(locale, "language-name"), callback_data=LanguageCb(locale=locale))
    return builder.as_markup()
