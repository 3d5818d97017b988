"""Download: the list as an XLSX document (built once by services.export, then re-sent by file_id)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import CallbackQuery

from handlers.common.apology import apologise_to
from handlers.lists import texts
from handlers.lists.callbacks import ListCb
from i18n import current_locale, tr
from services.background import Background
from services.export import ListExporter
from storage.lists import ClientList, ListsRepo


class ExportWords:
    """services.export.ExportTexts in flow C's words."""

    def caption(self, client_list: ClientList, values_cut: int = 0) -> str:
        return texts.list_file_caption(client_list.name, client_list.row_count, values_cut)

    def preparing(self) -> str:
        return tr("preparing-file")

    def gone(self) -> str:
        return tr("list-gone")


async def download(
    query: CallbackQuery,
    callback_data: ListCb,
    bot: Bot,
    lists: ListsRepo,
    exporter: ListExporter,
    background: Background,
) -> None:
    if await lists.get_ready(callback_data.list_id) is None:
        await query.answer(tr("list-gone"), show_alert=True)
        return
    # Answered before the (possibly long) first build, which runs in the background: the manager's
    # other taps are not held up by it. The exporter re-checks the list under its lock.
    await query.answer(tr("download-answer"))
    user_id = query.from_user.id
    background.spawn(
        send_list(bot, exporter, user_id, callback_data.list_id),
        name=f"export:{callback_data.list_id}",
        on_error=apologise_to(bot, user_id),
    )


async def send_list(bot: Bot, exporter: ListExporter, user_id: int, list_id: int) -> None:
    if not await exporter.send(bot, user_id, list_id, user_id, ExportWords(), locale=current_locale()):
        await bot.send_message(user_id, tr("list-gone"))
