"""Steps of adding a campaign. FSM data: the name and the host only; the token is never stored here
(it is taken from its message, checked, saved and forgotten by one handler)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class AddCampaign(StatesGroup):
    name = State()
    host = State()
    token = State()
