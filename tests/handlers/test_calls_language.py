"""Flow D speaks the manager's language: the confirmation, the push's progress and end, and a push
that resumes at start-up (outside any update) in the language stored with the manager."""

from __future__ import annotations

from typing import Any

from aiogram.methods import EditMessageText, SendMessage, TelegramMethod

from handlers.calls.callbacks import SendAction, SendCb
from handlers.calls.resume import resume_pushes
from storage.campaigns import Campaign, CampaignsRepo
from storage.lists import ClientList, ListColumn, ListsRepo
from storage.pushes import PushesRepo
from storage.users import Role
from tests.fakecalls import TOKEN, FakeCallsApi
from tests.handlers.conftest import ADMIN_ID, Harness, Person
from tests.handlers.test_send_to_campaign import PHONES, calls

IVAN = Person(58, "Иван", "ivan", language_code="ru")
__all__ = ["calls"]  # the FakeCallsApi fixture


def shown(sent: list[TelegramMethod[Any]]) -> list[str]:
    return [str(c.text) for c in sent if isinstance(c, SendMessage | EditMessageText)]


async def prepare(h: Harness, api: FakeCallsApi) -> tuple[ClientList, Campaign]:
    await h.users.grant(IVAN.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await h.send(IVAN, "/help")  # first contact: Russian is stored
    item = await ListsRepo(h.db).create_ready(
        name="Весенние лиды",
        channel="telephony",
        columns=[ListColumn("client_id", "Phone")],
        rows=[(phone,) for phone in PHONES],
        source={"kind": "file"},
        owner_id=IVAN.id,
    )
    campaign = await CampaignsRepo(h.db).add(
        name="Осень", host=api.base_url, token=TOKEN, created_by=ADMIN_ID
    )
    return item, campaign


async def send(h: Harness, item: ClientList, campaign: Campaign) -> list[str]:
    def cb(action: SendAction, value: int = 0) -> str:
        return SendCb(action=action, list_id=item.id, value=value).pack()

    await h.press(IVAN, cb(SendAction.START))
    await h.press(IVAN, cb(SendAction.CAMPAIGN, campaign.id))
    await h.press(IVAN, cb(SendAction.WINDOW, 1))
    confirm = shown(await h.press(IVAN, cb(SendAction.ATTEMPTS, 2)))
    return confirm + shown(await h.press(IVAN, cb(SendAction.CONFIRM)))


async def test_a_russian_manager_sends_a_list_in_russian(harness: Harness, calls: FakeCallsApi) -> None:
    item, campaign = await prepare(harness, calls)
    texts = await send(harness, item, campaign)
    assert any(t.startswith("Отправить список «<b>Весенние лиды</b>» (25 клиентов)") for t in texts), texts
    assert any("Попытки: 2 попытки с интервалом 1 ч" in t for t in texts), texts
    assert any("принято 25 из 25 номеров" in t for t in texts), texts


async def test_a_push_resumed_at_start_up_speaks_the_managers_language(
    harness: Harness, calls: FakeCallsApi
) -> None:
    item, campaign = await prepare(harness, calls)
    calls.fail_next("addPhones", 200, times=3, body="<html>maintenance</html>")
    texts = await send(harness, item, campaign)
    assert any("приостановлена на" in t for t in texts), texts
    (push,) = await PushesRepo(harness.db).of_list(item.id)
    assert push.status.value == "running"

    harness.session.take()
    assert await resume_pushes(harness.dp, harness.bot) == [push.id]  # no update: no language context
    await harness.dp["background"].idle()
    texts = shown(harness.session.take())
    assert texts[0] == "📞 Отправка списка «Весенние лиды» продолжается после перезапуска бота…"
    assert any("принято 25 из 25 номеров" in t for t in texts), texts
