"""What moving from one step of flow A to the next means for the conversation and the chat.

The order of effects makes every step re-enterable after a crash at any line: the step is saved
first, then its prompt is sent, then the prompt is recorded as shown (`shown`), then the buttons of
the step before are removed. A step whose prompt is not recorded as shown never takes typed text as
its answer: it shows its prompt again (the next thing the manager sends, or an old button, does).
"""

from __future__ import annotations

import logging
from pathlib import Path

from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from i18n import tr
from storage.lists import MAX_NAME_LENGTH, ClientList, tidy_name

logger = logging.getLogger(__name__)


async def remember(state: FSMContext, step: State, stage: ClientList) -> None:
    """The conversation is at `step` of `stage` (ids only: the rows are in the database); its prompt
    is not shown yet."""
    await state.set_state(step)
    await state.set_data(
        {"channel": stage.channel, "list_id": stage.id, "file_name": str(stage.source.get("file_name") or "")}
    )


async def mark_shown(state: FSMContext, step: State) -> None:
    """`step`'s prompt is in the chat: typed text may now be its answer."""
    await state.update_data(shown=step.state)


async def at_step(state: FSMContext, step: State, list_id: int) -> tuple[bool, bool]:
    """(the conversation is at `step` of stage `list_id`, and its prompt was shown)."""
    if await state.get_state() != step.state:
        return False, False
    data = await state.get_data()
    if data.get("list_id") != list_id:
        return False, False
    return True, data.get("shown") == step.state


async def drop_buttons(query: CallbackQuery) -> None:
    """Buttons of a step that is done go away (a second tap can't repeat it)."""
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(reply_markup=None)
        except TelegramAPIError:  # an old message: harmless
            logger.debug("Could not remove buttons", exc_info=True)


def default_name(stage: ClientList) -> str:
    """The uploaded file's name without its extension, tidied like a typed name, cut to the limit."""
    stem = Path(str(stage.source.get("file_name") or "")).stem
    return tidy_name(stem)[:MAX_NAME_LENGTH].strip() or tr("nl-default-name")
