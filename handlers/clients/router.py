"""Flow B's router. Every state's catch-all takes `is_flow_input`: a command or a menu button sent in
the middle of the flow reaches its own feature instead of being read as dates, a search or a name."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackQueryFilter

from handlers.clients import create, filtering, start
from handlers.clients.callbacks import ClientsAction, ClientsCb
from handlers.clients.states import IN_FILTERS, ClientsFlow
from handlers.common.callbacks import MenuAction, MenuCb
from handlers.common.filters import is_flow_input, menu_button, protect
from storage.users import Role


def _on(action: ClientsAction) -> CallbackQueryFilter:
    return ClientsCb.filter(F.action == action)


def setup() -> Router:
    router = protect(Router(name="clients"), Role.OUTBOUND_MANAGER)
    message, button = router.message.register, router.callback_query.register
    # start: project and channel
    message(start.start_command, Command("clients"))
    message(start.start_command, F.text.in_(menu_button("menu-clients")))
    button(start.start_button, MenuCb.filter(F.action == MenuAction.CLIENTS))
    button(start.chose_project, ClientsFlow.project, _on(ClientsAction.PROJECT))
    button(start.chose_channel, ClientsFlow.channel, _on(ClientsAction.CHANNEL))
    message(start.project_expected, ClientsFlow.project, is_flow_input)
    message(start.channel_expected, ClientsFlow.channel, is_flow_input)
    # filters
    button(filtering.set_period, IN_FILTERS, _on(ClientsAction.PERIOD))
    button(filtering.ask_dates, IN_FILTERS, _on(ClientsAction.DATES))
    button(filtering.ask_search, IN_FILTERS, _on(ClientsAction.SEARCH))
    button(filtering.clear_search, IN_FILTERS, _on(ClientsAction.CLEAR_SEARCH))
    button(filtering.toggle_label, IN_FILTERS, _on(ClientsAction.LABEL))
    button(filtering.reset, IN_FILTERS, _on(ClientsAction.RESET))
    message(filtering.typed_dates, ClientsFlow.dates, F.text, is_flow_input)
    message(filtering.typed_search, ClientsFlow.filters, F.text, is_flow_input)
    message(filtering.typed_search, ClientsFlow.search, F.text, is_flow_input)
    message(filtering.dates_expected, ClientsFlow.dates, is_flow_input)
    message(filtering.filters_expected, ClientsFlow.filters, is_flow_input)
    message(filtering.filters_expected, ClientsFlow.search, is_flow_input)
    # create
    button(create.ask_name, IN_FILTERS, _on(ClientsAction.CREATE))
    button(create.chose_default_name, ClientsFlow.name, _on(ClientsAction.DEFAULT_NAME))
    message(create.typed_name, ClientsFlow.name, F.text, is_flow_input)
    message(create.name_expected, ClientsFlow.name, is_flow_input)
    button(create.stale, ClientsCb.filter())
    return router
