"""`/audit` for admins: the most recent list events (who created, downloaded or deleted which list)."""

from __future__ import annotations

from aiogram.types import Message

from handlers.common import texts as common
from handlers.lists import texts
from i18n import tr
from storage.audit import AuditRepo
from storage.users import UsersRepo

RECENT = 25


async def recent_events(message: Message, audit: AuditRepo, users: UsersRepo) -> None:
    events = await audit.recent(RECENT)
    if not events:
        await message.answer(tr("audit-empty"))
        return
    labels = {uid: common.user_label(await users.get(uid), uid) for uid in {e.user_id for e in events}}
    lines = [
        texts.audit_line(event.at, labels[event.user_id], event.action.value, event.list_name, event.list_id)
        for event in events
    ]
    await message.answer(texts.audit_events(lines))
