"""Small keyboard builders; button texts live in texts.py, callback data in callbacks.py."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from handlers import texts
from handlers.callbacks import (
    AccessAction,
    AccessCb,
    GrantRoleCb,
    ListAction,
    ListCb,
    MenuAction,
    MenuCb,
    NewListAction,
    NewListCb,
    RoleChoice,
)


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


# --- lists (flow C) ------------------------------------------------------------------------


def lists_page(entries: list[tuple[int, str]], page: int, pages: int) -> InlineKeyboardMarkup:
    """One button per list (id, label), then ‹ › where there is a page to go to."""
    builder = InlineKeyboardBuilder()
    for list_id, label in entries:
        builder.button(text=label, callback_data=ListCb(action=ListAction.OPEN, list_id=list_id, page=page))
    nav = []
    if page > 0:
        builder.button(text=texts.BTN_PAGE_PREV, callback_data=ListCb(action=ListAction.PAGE, page=page - 1))
        nav.append(1)
    if page + 1 < pages:
        builder.button(text=texts.BTN_PAGE_NEXT, callback_data=ListCb(action=ListAction.PAGE, page=page + 1))
        nav.append(1)
    builder.adjust(*([1] * len(entries)), len(nav) or 1)
    return builder.as_markup()


def list_card(list_id: int, page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.BTN_LIST_DOWNLOAD,
        callback_data=ListCb(action=ListAction.DOWNLOAD, list_id=list_id, page=page),
    )
    builder.button(
        text=texts.BTN_LIST_DELETE, callback_data=ListCb(action=ListAction.DELETE, list_id=list_id, page=page)
    )
    builder.button(text=texts.BTN_LIST_BACK, callback_data=ListCb(action=ListAction.PAGE, page=page))
    builder.adjust(2, 1)
    return builder.as_markup()


def confirm_delete(list_id: int, page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.BTN_CONFIRM_DELETE,
        callback_data=ListCb(action=ListAction.CONFIRM_DELETE, list_id=list_id, page=page),
    )
    builder.button(
        text=texts.BTN_CANCEL_DELETE,
        callback_data=ListCb(action=ListAction.CANCEL_DELETE, list_id=list_id, page=page),
    )
    return builder.as_markup()


def back_to_lists(page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=texts.BTN_ALL_LISTS, callback_data=ListCb(action=ListAction.PAGE, page=page))
    return builder.as_markup()


# --- new list from a file (flow A) ---------------------------------------------------------


def nl_channels(channel_ids: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for channel_id in channel_ids:
        builder.button(
            text=texts.nl_channel_button(channel_id),
            callback_data=NewListCb(action=NewListAction.CHANNEL, channel=channel_id),
        )
    builder.adjust(1, 2)
    return builder.as_markup()


def nl_samples(channel_id: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.BTN_SAMPLE_XLSX,
        callback_data=NewListCb(action=NewListAction.SAMPLE_XLSX, channel=channel_id),
    )
    builder.button(
        text=texts.BTN_SAMPLE_CSV,
        callback_data=NewListCb(action=NewListAction.SAMPLE_CSV, channel=channel_id),
    )
    return builder.as_markup()


def nl_summary(list_id: int, *, valid: int, problems: int, fixes: int) -> InlineKeyboardMarkup:
    """View failed rows / Apply N fixes / Add only valid rows (Continue) / Cancel; only Cancel (and the
    report) when nothing is valid."""
    builder = InlineKeyboardBuilder()
    if problems:
        builder.button(
            text=texts.BTN_VIEW_FAILED, callback_data=NewListCb(action=NewListAction.REPORT, list_id=list_id)
        )
    if fixes:
        builder.button(
            text=texts.btn_apply_fixes(fixes),
            callback_data=NewListCb(action=NewListAction.FIX, list_id=list_id),
        )
    if valid:
        builder.button(
            text=texts.BTN_ADD_VALID if problems else texts.BTN_CONTINUE,
            callback_data=NewListCb(action=NewListAction.ACCEPT, list_id=list_id),
        )
    builder.button(
        text=texts.BTN_CANCEL_IMPORT, callback_data=NewListCb(action=NewListAction.CANCEL, list_id=list_id)
    )
    builder.adjust(1)
    return builder.as_markup()


def nl_consent(list_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.BTN_I_CONFIRM, callback_data=NewListCb(action=NewListAction.CONFIRM, list_id=list_id)
    )
    builder.button(
        text=texts.BTN_CANCEL, callback_data=NewListCb(action=NewListAction.CANCEL, list_id=list_id)
    )
    return builder.as_markup()


def nl_default_name(list_id: int, name: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.btn_default_name(name),
        callback_data=NewListCb(action=NewListAction.DEFAULT_NAME, list_id=list_id),
    )
    builder.button(
        text=texts.BTN_CANCEL, callback_data=NewListCb(action=NewListAction.CANCEL, list_id=list_id)
    )
    builder.adjust(1)
    return builder.as_markup()


def nl_created(list_id: int) -> InlineKeyboardMarkup:
    """Download / Delete of the new list: flow C's buttons."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.NL_BTN_DOWNLOAD, callback_data=ListCb(action=ListAction.DOWNLOAD, list_id=list_id)
    )
    builder.button(text=texts.NL_BTN_DELETE, callback_data=ListCb(action=ListAction.DELETE, list_id=list_id))
    return builder.as_markup()
