"""Flow A's steps. FSM data: channel, list_id, file_name only (the rows are the stage in the database)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class NewListStates(StatesGroup):
    """channel → file → summary → consent → name."""

    choosing_channel = State()
    waiting_file = State()
    reviewing = State()
    consent = State()
    naming = State()


# Steps where a document is taken as the file to check: a corrected file sent at the summary, at consent
# or at naming replaces the pending import (its old buttons become stale) instead of being ignored.
TAKES_FILE = (
    NewListStates.waiting_file,
    NewListStates.reviewing,
    NewListStates.consent,
    NewListStates.naming,
)
