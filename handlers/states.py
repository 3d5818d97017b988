"""One StatesGroup per flow. FSM data stays small and JSON-safe (it is stored in SQLite)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class GrantFlow(StatesGroup):
    """`/grant` without arguments: ask whom, then which role."""

    waiting_user = State()
    waiting_role = State()


class NewListStates(StatesGroup):
    """Flow A: channel → file → summary → consent → name. Data: channel, list_id, file_name only."""

    choosing_channel = State()
    waiting_file = State()
    reviewing = State()
    consent = State()
    naming = State()


class ClientsFlow(StatesGroup):
    """Flow B: project → channel → filters (with typed dates / search) → name. Data: ids and filters."""

    project = State()
    channel = State()
    filters = State()
    dates = State()
    search = State()
    name = State()
