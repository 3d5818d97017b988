"""A document at a file step: the check runs in the background (services.checks) and shows itself in
one message; a newer file replaces the pending import.

Why in the background: a user's updates are handled one at a time, and /cancel or a newer file must
not wait for a check to end. The check's own change of the conversation (to the summary step) takes the
same per-user lock as the updates, so it never interleaves with one.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.types import Message

from handlers.common.apology import apologise_to
from handlers.new_list import keyboards
from handlers.new_list.states import TAKES_FILE, NewListStates
from handlers.new_list.view import StatusView
from i18n import tr
from services.background import Background
from services.checks import Upload, check_upload
from services.imports import ImportJobs
from storage.imports import ImportsRepo
from validators.channels import CHANNELS


async def on_document(
    message: Message,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
    background: Background,
    isolation: BaseEventIsolation,
) -> None:
    assert message.from_user is not None
    assert message.document is not None
    document = message.document
    data = await state.get_data()
    channel = str(data.get("channel", ""))
    if channel not in CHANNELS:  # defensive: state without data
        await state.set_state(NewListStates.choosing_channel)
        await message.answer(tr("nl-choose-channel"), reply_markup=keyboards.nl_channels(list(CHANNELS)))
        return
    upload = Upload(
        owner_id=message.from_user.id,
        chat_id=message.chat.id,
        channel=channel,
        file_id=document.file_id,
        file_unique_id=document.file_unique_id,
        file_name=document.file_name or "file",
        file_size=document.file_size,
        cancels_seen=await import_jobs.seen(message.from_user.id),
    )
    start_check(bot, upload, state, imports, import_jobs, background, isolation)


def start_check(
    bot: Bot,
    upload: Upload,
    state: FSMContext,
    imports: ImportsRepo,
    jobs: ImportJobs,
    background: Background,
    isolation: BaseEventIsolation,
    status: Message | None = None,
) -> None:
    """Check `upload` in the background; its progress and summary go to `status` (or a new message)."""

    async def claim(list_id: int) -> bool:
        """Still waiting for this file? Then the conversation moves on to its summary."""
        async with isolation.lock(state.key):
            data = await state.get_data()
            if (
                await state.get_state() not in {s.state for s in TAKES_FILE}
                or data.get("channel") != upload.channel
            ):
                return False
            await state.set_state(NewListStates.reviewing)
            await state.set_data(
                {"channel": upload.channel, "list_id": list_id, "file_name": upload.file_name}
            )
            return True

    view = StatusView(bot, upload.chat_id, upload.file_name, upload.channel, status)
    background.spawn(
        check_upload(bot, upload, view, imports=imports, jobs=jobs, claim=claim),
        name=f"check:{upload.owner_id}",
        on_error=apologise_to(bot, upload.chat_id),
    )


async def waiting_file_other(message: Message) -> None:
    await message.answer(tr("nl-send-document"))


async def reviewing_other(message: Message, state: FSMContext, imports: ImportsRepo) -> None:
    """At the summary: the hint, or (its stage is gone: cut by a restart) back to "send the file"."""
    assert message.from_user is not None
    data = await state.get_data()
    if await imports.get_stage(message.from_user.id, int(data.get("list_id", 0))) is None:
        await state.set_state(NewListStates.waiting_file)
        await state.set_data({"channel": data.get("channel")})
        await message.answer(tr("nl-stage-gone-send-again"))
    else:
        await message.answer(tr("nl-review-hint"))
