"""Keyboards of flow C, and the Download / Delete pair under a list that any flow just created."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.calls import keyboards as calls_keyboards
from handlers.calls.callbacks import SendAction, SendCb
from handlers.lists import texts
from handlers.lists.callbacks import ListAction, ListCb
from i18n import tr


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


def list_card(
    list_id: int, page: int, *, can_call: bool = False, last_push: int | None = None
) -> InlineKeyboardMarkup:
    """Download / Delete, Send to call campaign for a telephony list (and the campaign status of its
    latest push), « Back."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-download"),
        callback_data=ListCb(action=ListAction.DOWNLOAD, list_id=list_id, page=page),
    )
    builder.button(
        text=tr("btn-delete"), callback_data=ListCb(action=ListAction.DELETE, list_id=list_id, page=page)
    )
    if can_call:
        builder.button(
            text=tr("btn-send-to-campaign"), callback_data=SendCb(action=SendAction.START, list_id=list_id)
        )
    if last_push is not None:
        title, data = calls_keyboards.status_button(last_push)
        builder.button(text=title, callback_data=data)
    builder.button(text=tr("btn-list-back"), callback_data=ListCb(action=ListAction.PAGE, page=page))
    builder.adjust(2, *([1] * (1 + can_call + (last_push is not None))))
    return builder.as_markup()


def confirm_delete(list_id: int, page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-confirm-delete"),
        callback_data=ListCb(action=ListAction.CONFIRM_DELETE, list_id=list_id, page=page),
    )
    builder.button(
        text=tr("btn-cancel-delete"),
        callback_data=ListCb(action=ListAction.CANCEL_DELETE, list_id=list_id, page=page),
    )
    return builder.as_markup()


def back_to_lists(page: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=tr("btn-all-lists"), callback_data=ListCb(action=ListAction.PAGE, page=page))
    return builder.as_markup()


def list_actions(list_id: int) -> InlineKeyboardMarkup:
    """Download / Delete of a list just created (flows A and B): flow C's buttons."""
    builder = InlineKeyboardBuilder()
    builder.button(text=tr("btn-download"), callback_data=ListCb(action=ListAction.DOWNLOAD, list_id=list_id))
    builder.button(text=tr("btn-delete"), callback_data=ListCb(action=ListAction.DELETE, list_id=list_id))
    return builder.as_markup()
