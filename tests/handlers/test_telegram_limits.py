"""Defects the stricter recording session exposes (issue 10); each xfail names the handler to fix."""

import pytest

from handlers import texts
from storage.users import Role
from tests.fakebot.rules import formatted_text, utf16_len
from tests.handlers.conftest import ADMIN, ADMIN_ID, Harness
from tests.handlers.conftest import texts as sent


@pytest.mark.xfail(
    strict=True,
    reason="issue 10: /users (handlers/admin.py split_lines) cuts at 4000 code points; Telegram counts "
    "UTF-16 units, so emoji names make a part 'message is too long' and the admin gets the apology",
)
async def test_users_with_emoji_names_fit_telegram_limits(harness: Harness) -> None:
    for i in range(200):
        await harness.users.seen(1000 + i, f"user{i}", "🌸" * 30 + " " + "🌼" * 30)
        await harness.users.grant(1000 + i, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    parts = sent(await harness.send(ADMIN, "/users"))
    assert texts.APOLOGY not in parts
    assert all(utf16_len(formatted_text(p, "HTML")) <= 4096 for p in parts)
    assert sum(p.count("🌸" * 30) for p in parts) == 200
