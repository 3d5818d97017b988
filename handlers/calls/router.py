"""Flow D's router (managers): the Send to call campaign steps."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackQueryFilter

from handlers.calls import send, status
from handlers.calls.callbacks import CampaignAction, CampaignCb, SendAction, SendCb
from handlers.calls.states import SendFlow
from handlers.common.filters import is_flow_input, protect
from storage.users import Role


def _on(action: SendAction) -> CallbackQueryFilter:
    return SendCb.filter(F.action == action)


def setup() -> Router:
    router = protect(Router(name="calls"), Role.OUTBOUND_MANAGER)
    button, message = router.callback_query.register, router.message.register
    button(send.start, _on(SendAction.START))
    button(send.chose_campaign, _on(SendAction.CAMPAIGN))
    button(send.chose_window, _on(SendAction.WINDOW))
    button(send.chose_attempts, _on(SendAction.ATTEMPTS))
    button(send.confirmed, _on(SendAction.CONFIRM))
    button(send.cancel, _on(SendAction.CANCEL))
    button(send.rejected_numbers, _on(SendAction.REJECTED))
    button(send.stop_push, _on(SendAction.STOP_PUSH))
    button(send.resume_push, _on(SendAction.RESUME_PUSH))
    button(send.stale, SendCb.filter())
    button(status.show_status, CampaignCb.filter(F.action == CampaignAction.STATUS))
    button(status.ask_control, CampaignCb.filter(F.action == CampaignAction.ASK))
    button(status.do_control, CampaignCb.filter(F.action == CampaignAction.DO))
    button(status.send_outcomes, CampaignCb.filter(F.action == CampaignAction.OUTCOMES))
    button(send.stale, CampaignCb.filter())
    message(send.typed_window, SendFlow.typed_window, F.text, is_flow_input)
    message(send.use_buttons, SendFlow.typed_window, is_flow_input)
    for step in (SendFlow.campaign, SendFlow.window, SendFlow.attempts, SendFlow.confirm):
        message(send.use_buttons, step, is_flow_input)
    return router
