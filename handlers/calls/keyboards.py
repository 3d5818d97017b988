"""Keyboards of flow D."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.calls import texts
from handlers.calls.callbacks import CampaignAction, CampaignCb, SendAction, SendCb
from i18n import tr
from services.campaign_status import Control
from storage.campaigns import Campaign
from validators.call_window import WindowPreset

WINDOWS = (WindowPreset.ANY_TIME, WindowPreset.WEEKDAYS_10_18, WindowPreset.CUSTOM)
ATTEMPTS = (1, 2, 3)
_WINDOW_TITLES = {  # keys: rendered when the keyboard is built, in the reader's language
    WindowPreset.ANY_TIME: "btn-window-any",
    WindowPreset.WEEKDAYS_10_18: "btn-window-weekdays",
    WindowPreset.CUSTOM: "btn-window-typed",
}


def _cancel(builder: InlineKeyboardBuilder, list_id: int) -> None:
    builder.button(
        text=tr("btn-cancel-send"), callback_data=SendCb(action=SendAction.CANCEL, list_id=list_id)
    )


def campaigns(list_id: int, items: list[Campaign]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for campaign in items[:90]:
        builder.button(
            text=texts.campaign_button(campaign.name, campaign.token_tail),
            callback_data=SendCb(action=SendAction.CAMPAIGN, list_id=list_id, value=campaign.id),
        )
    _cancel(builder, list_id)
    builder.adjust(1)
    return builder.as_markup()


def windows(list_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for index, preset in enumerate(WINDOWS):
        builder.button(
            text=tr(_WINDOW_TITLES[preset]),
            callback_data=SendCb(action=SendAction.WINDOW, list_id=list_id, value=index),
        )
    _cancel(builder, list_id)
    builder.adjust(1)
    return builder.as_markup()


def attempts(list_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for count in ATTEMPTS:
        builder.button(
            text=texts.attempts_button(count),
            callback_data=SendCb(action=SendAction.ATTEMPTS, list_id=list_id, value=count),
        )
    _cancel(builder, list_id)
    builder.adjust(1)
    return builder.as_markup()


def confirm(list_id: int, *, again: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-send-again") if again else tr("btn-confirm-send"),
        callback_data=SendCb(action=SendAction.CONFIRM, list_id=list_id),
    )
    _cancel(builder, list_id)
    return builder.as_markup()


def start(list_id: int) -> InlineKeyboardMarkup:
    """The card's button (added by flow C's card for telephony lists)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-send-to-campaign"), callback_data=SendCb(action=SendAction.START, list_id=list_id)
    )
    return builder.as_markup()


def rejected(list_id: int, push_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    data = SendCb(action=SendAction.REJECTED, list_id=list_id, value=push_id)
    builder.button(text=tr("btn-rejected"), callback_data=data)
    return builder.as_markup()


def status(push_id: int, state: str) -> InlineKeyboardMarkup:
    """Pause or resume (whichever applies), stop, and the outcomes' XLSX."""
    builder = InlineKeyboardBuilder()
    controls = [Control.RESUME] if state == "paused" else [Control.PAUSE]
    if state not in ("finished", "deleted"):
        for control in (*controls, Control.STOP):
            builder.button(
                text=texts.btn_control(control.value),
                callback_data=CampaignCb(action=CampaignAction.ASK, push_id=push_id, control=control),
            )
    builder.button(
        text=tr("btn-outcomes"), callback_data=CampaignCb(action=CampaignAction.OUTCOMES, push_id=push_id)
    )
    builder.adjust(2, 1)
    return builder.as_markup()


def ask_control(push_id: int, control: Control) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.btn_control_yes(control.value),
        callback_data=CampaignCb(action=CampaignAction.DO, push_id=push_id, control=control),
    )
    builder.button(
        text=tr("btn-cancel-send"), callback_data=CampaignCb(action=CampaignAction.STATUS, push_id=push_id)
    )
    return builder.as_markup()


def status_button(push_id: int) -> tuple[str, CampaignCb]:
    """The card's button for the list's latest push."""
    return tr("btn-campaign-status"), CampaignCb(action=CampaignAction.STATUS, push_id=push_id)


def running(list_id: int, push_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    data = SendCb(action=SendAction.STOP_PUSH, list_id=list_id, value=push_id)
    builder.button(text=tr("btn-stop-push"), callback_data=data)
    return builder.as_markup()


def interrupted(list_id: int, push_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    data = SendCb(action=SendAction.RESUME_PUSH, list_id=list_id, value=push_id)
    builder.button(text=tr("btn-resume-push"), callback_data=data)
    return builder.as_markup()
