"""Keyboards of flow B (/clients)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.clients import texts
from handlers.clients.callbacks import ClientsAction, ClientsCb
from i18n import tr
from storage.clients import Label, Project

PERIODS = (7, 30, 90, 0)  # days; 0 = all time
MAX_LABEL_BUTTONS = 12


def projects(items: list[Project]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for project in items:
        builder.button(
            text=texts.cl_count_button(project.name, project.clients),
            callback_data=ClientsCb(action=ClientsAction.PROJECT, id=project.id),
        )
    builder.adjust(1)
    return builder.as_markup()


def channels(items: list[tuple[int, str, int]]) -> InlineKeyboardMarkup:
    """(catalog index, label, clients) per channel that has clients."""
    builder = InlineKeyboardBuilder()
    for index, label, count in items:
        builder.button(
            text=texts.cl_count_button(label, count),
            callback_data=ClientsCb(action=ClientsAction.CHANNEL, id=index),
        )
    builder.adjust(2)
    return builder.as_markup()


def filters(
    *,
    period: int | None,
    custom: str | None,
    search: str | None,
    labels: list[Label],
    label_id: int | None,
    count: int,
) -> InlineKeyboardMarkup:
    """`period` is the chosen preset in days (0 = all time) or None when a custom range is set."""
    builder = InlineKeyboardBuilder()
    builder.row(
        *(
            button(
                texts.cl_selected(texts.cl_period_button(days), period == days and custom is None),
                ClientsCb(action=ClientsAction.PERIOD, id=days),
            )
            for days in PERIODS
        )
    )
    dates = texts.cl_selected(f"📅 {custom}", True) if custom else tr("cl-btn-dates")
    search_button = (
        button(texts.cl_clear_search_button(search), ClientsCb(action=ClientsAction.CLEAR_SEARCH))
        if search
        else button(tr("cl-btn-search"), ClientsCb(action=ClientsAction.SEARCH))
    )
    builder.row(button(dates, ClientsCb(action=ClientsAction.DATES)), search_button)
    label_buttons = [
        button(
            texts.cl_label_button(label.name, label.id == label_id),
            ClientsCb(action=ClientsAction.LABEL, id=label.id),
        )
        for label in labels[:MAX_LABEL_BUTTONS]
    ]
    for start in range(0, len(label_buttons), 3):
        builder.row(*label_buttons[start : start + 3])
    builder.row(button(tr("cl-btn-reset"), ClientsCb(action=ClientsAction.RESET)))
    builder.row(button(texts.cl_create_button(count), ClientsCb(action=ClientsAction.CREATE)))
    return builder.as_markup()


def default_name(name: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.cl_use_default_name(name), callback_data=ClientsCb(action=ClientsAction.DEFAULT_NAME)
    )
    return builder.as_markup()


def button(text: str, data: ClientsCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())
