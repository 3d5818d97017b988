"""Keyboards of flow A (a list from a file)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.common import texts as common
from handlers.new_list import texts
from handlers.new_list.callbacks import NewListAction, NewListCb
from i18n import tr


def nl_channels(channel_ids: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for channel_id in channel_ids:
        builder.button(
            text=common.channel_label(channel_id),
            callback_data=NewListCb(action=NewListAction.CHANNEL, channel=channel_id),
        )
    builder.adjust(1, 2)
    return builder.as_markup()


def nl_samples(channel_id: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-sample-xlsx"),
        callback_data=NewListCb(action=NewListAction.SAMPLE_XLSX, channel=channel_id),
    )
    builder.button(
        text=tr("btn-sample-csv"),
        callback_data=NewListCb(action=NewListAction.SAMPLE_CSV, channel=channel_id),
    )
    return builder.as_markup()


def nl_summary(list_id: int, *, valid: int, problems: int, fixes: int) -> InlineKeyboardMarkup:
    """View failed rows / Apply N fixes / Add only valid rows (Continue) / Cancel; only Cancel (and the
    report) when nothing is valid."""
    builder = InlineKeyboardBuilder()
    if problems:
        builder.button(
            text=tr("btn-view-failed"), callback_data=NewListCb(action=NewListAction.REPORT, list_id=list_id)
        )
    if fixes:
        builder.button(
            text=texts.btn_apply_fixes(fixes),
            callback_data=NewListCb(action=NewListAction.FIX, list_id=list_id),
        )
    if valid:
        builder.button(
            text=tr("btn-add-valid") if problems else tr("btn-continue"),
            callback_data=NewListCb(action=NewListAction.ACCEPT, list_id=list_id),
        )
    builder.button(
        text=tr("btn-cancel-import"), callback_data=NewListCb(action=NewListAction.CANCEL, list_id=list_id)
    )
    builder.adjust(1)
    return builder.as_markup()


def nl_consent(list_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-i-confirm"), callback_data=NewListCb(action=NewListAction.CONFIRM, list_id=list_id)
    )
    builder.button(
        text=tr("btn-cancel"), callback_data=NewListCb(action=NewListAction.CANCEL, list_id=list_id)
    )
    return builder.as_markup()


def nl_default_name(list_id: int, name: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.btn_default_name(name),
        callback_data=NewListCb(action=NewListAction.DEFAULT_NAME, list_id=list_id),
    )
    builder.button(
        text=tr("btn-cancel"), callback_data=NewListCb(action=NewListAction.CANCEL, list_id=list_id)
    )
    builder.adjust(1)
    return builder.as_markup()
