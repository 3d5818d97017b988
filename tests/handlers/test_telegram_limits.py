"""Limits that Telegram enforces and the stricter recording session checks (issue 10)."""

from i18n import tr
from storage.users import Role
from tests.fakebot.rules import formatted_text, utf16_len
from tests.handlers.conftest import ADMIN, ADMIN_ID, Harness
from tests.handlers.conftest import texts as sent


async def test_users_with_emoji_names_fit_telegram_limits(harness: Harness) -> None:
    for i in range(200):
        await harness.users.seen(1000 + i, f"user{i}", "🌸" * 30 + " " + "🌼" * 30)
        await harness.users.grant(1000 + i, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    parts = sent(await harness.send(ADMIN, "/users"))
    assert tr("apology") not in parts
    assert all(utf16_len(formatted_text(p, "HTML")) <= 4096 for p in parts)
    assert sum(p.count("🌸" * 30) for p in parts) == 200
