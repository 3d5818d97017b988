"""FSM states of the admin flows. FSM data stays small and JSON-safe (it survives restarts)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class GrantFlow(StatesGroup):
    """`/grant` without arguments: ask whom, then which role."""

    waiting_user = State()
    waiting_role = State()
