"""Flow B's steps. FSM data: ids and filter values (handlers.clients.view.FilterState)."""

from __future__ import annotations

from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup


class ClientsFlow(StatesGroup):
    """project → channel → filters (with typed dates / search) → name."""

    project = State()
    channel = State()
    filters = State()
    dates = State()
    search = State()
    name = State()


# The name step keeps the filter buttons alive: changing a filter goes back to the filters step.
IN_FILTERS = StateFilter(ClientsFlow.filters, ClientsFlow.dates, ClientsFlow.search, ClientsFlow.name)
