"""➕ Add, last step: the token. One handler takes it from its message, deletes that message, checks the
token with the Calls API (`GET …/{token}`), saves the campaign and forgets the token; it never reaches
the FSM data, a text or a log line (only `campaign.token_tail`)."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from handlers.campaigns import texts
from i18n import tr
from services.calls_api import (
    BadToken,
    CallsApi,
    CallsApiProtocolError,
    CallsApiRejected,
    CallsApiUnavailable,
    CampaignClosed,
)
from storage.campaigns import BadCampaign, CampaignExists, CampaignNameTaken, CampaignsRepo
from storage.lists import BadName

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 10.0  # one request of the check
CHECK_BUDGET_SECONDS = 20.0  # the check with its retries: the admin waits for it


async def typed_token(message: Message, state: FSMContext, campaigns: CampaignsRepo) -> None:
    token = (message.text or "").strip()
    await _forget_message(message)
    data = await state.get_data()
    name, host = str(data.get("name") or ""), str(data.get("host") or "")
    user_id = message.from_user.id if message.from_user else 0
    try:
        api = CallsApi(host, token, timeout=CHECK_TIMEOUT_SECONDS, retry_budget_seconds=CHECK_BUDGET_SECONDS)
    except ValueError:
        await message.answer(tr("bad-token-shape"))
        return
    status = await message.answer(texts.checking(host))
    try:
        async with api:
            info = await api.campaign_info()
    except BadToken:
        await _edit(message, status, texts.token_refused(host))
        return
    except CampaignClosed:
        await _edit(message, status, texts.campaign_closed(host))
        return
    except CallsApiRejected as exc:
        await _edit(message, status, texts.campaign_refused(host, exc.reason))
        return
    except (CallsApiUnavailable, CallsApiProtocolError) as exc:
        logger.info("Calls API check at %s (token %s) failed: %s", host, api.token_hint, exc)
        await _edit(message, status, texts.unreachable(host))
        return
    await state.clear()  # whatever happens now, the flow ends here: the token is not kept to retry
    try:
        campaign = await campaigns.add(name=name, host=host, token=token, created_by=user_id)
    except CampaignNameTaken:
        await _edit(message, status, texts.name_taken_on_save(name))
        return
    except CampaignExists as exc:
        await _edit(message, status, texts.campaign_exists(exc.campaign))
        return
    except BadName:
        await _edit(message, status, tr("bad-name-on-save"))
        return
    except BadCampaign:
        await _edit(message, status, tr("bad-campaign"))
        return
    logger.info(
        "Campaign %s (%s, token …%s) connected by %s", campaign.id, host, campaign.token_tail, user_id
    )
    await _edit(message, status, texts.added(campaign, info.name))


async def _edit(message: Message, status: Message, text: str) -> None:
    """Turn the "checking" message into the outcome."""
    if message.bot is not None:
        await message.bot.edit_message_text(text, chat_id=status.chat.id, message_id=status.message_id)


async def token_expected(message: Message) -> None:
    await message.answer(tr("token-expected"))


async def _forget_message(message: Message) -> None:
    """Delete the message with the token; one too old to delete or already gone stays (nothing to do)."""
    try:
        await message.delete()
    except TelegramAPIError as exc:
        logger.info("Could not delete the message with a campaign token: %s", exc.message)
