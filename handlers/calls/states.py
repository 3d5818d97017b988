"""Flow D's steps. FSM data: list_id, campaign_id, window (CallWindow JSON), attempts."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class SendFlow(StatesGroup):
    campaign = State()
    window = State()
    typed_window = State()
    attempts = State()
    confirm = State()
