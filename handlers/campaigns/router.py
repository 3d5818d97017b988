"""`/campaigns` (admins). Every state's catch-all takes `is_flow_input`: a command sent at any step (at
the token step above all) reaches its own handler instead of being read as a name, a host or a token."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackQueryFilter

from handlers.campaigns import add, browse, remove, token
from handlers.campaigns.callbacks import CampaignAction, CampaignCb
from handlers.campaigns.states import AddCampaign
from handlers.common.filters import is_flow_input, protect
from storage.users import Role


def _on(action: CampaignAction) -> CallbackQueryFilter:
    return CampaignCb.filter(F.action == action)


def setup() -> Router:
    router = protect(Router(name="campaigns"), Role.ADMIN)
    message, button = router.message.register, router.callback_query.register
    message(browse.campaigns_command, Command("campaigns"))
    button(add.start_add, _on(CampaignAction.ADD))
    message(add.typed_name, AddCampaign.name, F.text, is_flow_input)
    message(add.name_expected, AddCampaign.name, is_flow_input)
    button(add.chose_default_host, AddCampaign.host, _on(CampaignAction.DEFAULT_HOST))
    message(add.typed_host, AddCampaign.host, F.text, is_flow_input)
    message(add.host_expected, AddCampaign.host, is_flow_input)
    message(token.typed_token, AddCampaign.token, F.text, is_flow_input)
    message(token.token_expected, AddCampaign.token, is_flow_input)
    button(remove.ask_remove, _on(CampaignAction.REMOVE))
    button(remove.confirm_remove, _on(CampaignAction.CONFIRM_REMOVE))
    button(remove.cancel_remove, _on(CampaignAction.CANCEL_REMOVE))
    return router
