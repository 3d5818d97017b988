"""Flow D in process: a telephony list's card → Send to call campaign → campaign → window → attempts
→ confirmation → the push runs against the fake Calls API and ends in its progress message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod

from handlers.calls import send
from handlers.calls import texts as calls_texts
from handlers.calls.callbacks import SendAction, SendCb
from handlers.lists.callbacks import ListAction, ListCb
from i18n import tr
from services import push_preview
from storage.campaigns import Campaign, CampaignsRepo
from storage.lists import ClientList, ListColumn, ListsRepo
from storage.pushes import PushesRepo
from storage.users import Role
from tests.fakecalls import TOKEN, FakeCallsApi
from tests.handlers.conftest import ADMIN_ID, MANAGER, STRANGER, Harness, answers

PHONES = [f"4474001234{i:02d}" for i in range(25)]  # real-plan UK mobiles: one UTC offset


@pytest.fixture
async def calls() -> AsyncIterator[FakeCallsApi]:
    async with FakeCallsApi() as server:
        yield server


@pytest.fixture
async def setup(harness: Harness, calls: FakeCallsApi) -> tuple[Harness, ClientList, Campaign]:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    item = await ListsRepo(harness.db).create_ready(
        name="Spring leads",
        channel="telephony",
        columns=[ListColumn("client_id", "Phone"), ListColumn("first_name", "First name")],
        rows=[(phone, "Ann") for phone in PHONES],
        source={"kind": "file"},
        owner_id=MANAGER.id,
    )
    campaign = await CampaignsRepo(harness.db).add(
        name="Autumn offers", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID
    )
    return harness, item, campaign


def cb(action: SendAction, list_id: int, value: int = 0) -> str:
    return SendCb(action=action, list_id=list_id, value=value).pack()


def shown(calls: list[TelegramMethod[Any]]) -> list[str]:
    return [str(c.text) for c in calls if isinstance(c, SendMessage | EditMessageText)]


def buttons(calls: list[TelegramMethod[Any]]) -> list[str]:
    found = []
    for call in calls:
        markup = getattr(call, "reply_markup", None)
        for row in getattr(markup, "inline_keyboard", None) or []:
            found += [b.text for b in row]
    return found


async def send_to_campaign(h: Harness, item: ClientList, campaign: Campaign, attempts: int = 2) -> list[str]:
    await h.press(MANAGER, cb(SendAction.START, item.id))
    await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id))
    await h.press(MANAGER, cb(SendAction.WINDOW, item.id, 1))  # weekdays 10-18
    confirm = shown(await h.press(MANAGER, cb(SendAction.ATTEMPTS, item.id, attempts)))
    return confirm + shown(await h.press(MANAGER, cb(SendAction.CONFIRM, item.id)))


async def test_a_telephony_card_offers_sending(setup: tuple[Harness, ClientList, Campaign]) -> None:
    h, item, _ = setup
    calls = await h.press(MANAGER, ListCb(action=ListAction.OPEN, list_id=item.id).pack())
    assert tr("btn-send-to-campaign") in buttons(calls)


async def test_a_text_channel_card_does_not(setup: tuple[Harness, ClientList, Campaign]) -> None:
    h, _, _ = setup
    other = await ListsRepo(h.db).create_ready(
        name="TG", channel="telegram", columns=[ListColumn("client_id", "ID")], rows=[("123",)],
        source={"kind": "file"}, owner_id=MANAGER.id,
    )  # fmt: skip
    calls = await h.press(MANAGER, ListCb(action=ListAction.OPEN, list_id=other.id).pack())
    assert tr("btn-send-to-campaign") not in buttons(calls)
    (answer,) = answers(await h.press(MANAGER, cb(SendAction.START, other.id)))
    assert answer.text == tr("not-a-call-list")


async def test_send_every_number_once_with_the_window_and_attempts(
    setup: tuple[Harness, ClientList, Campaign], calls: FakeCallsApi
) -> None:
    h, item, campaign = setup
    texts = await send_to_campaign(h, item, campaign)
    assert any("Send 25 clients of «<b>Spring leads</b>»" in t for t in texts)
    assert any("sent to «Autumn offers»: 25 of 25 numbers accepted" in t for t in texts), texts
    assert all(calls.times_added(phone) == 1 for phone in PHONES)
    first = calls.requests_of("addPhones")[0].body[0]
    assert first["phone"] == PHONES[0]
    assert first["maxAttempts"] == 2
    assert first["allowedDays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert first["gmtZone"] in ("+00:00", "+01:00")  # inferred: the UK has one offset at a time
    assert first["payload"] == {"First name": "Ann"}
    # sending again asks first
    await h.press(MANAGER, cb(SendAction.START, item.id))
    await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id))
    await h.press(MANAGER, cb(SendAction.WINDOW, item.id, 0))
    again = shown(await h.press(MANAGER, cb(SendAction.ATTEMPTS, item.id, 1)))
    assert any("already sent to this campaign" in t for t in again)


async def test_a_closed_campaign_stops_the_push_with_its_reason(
    setup: tuple[Harness, ClientList, Campaign], calls: FakeCallsApi
) -> None:
    h, item, campaign = setup
    calls.close_campaign("finished")
    texts = await send_to_campaign(h, item, campaign)
    assert any("stopped: the campaign is stopped, finished or deleted" in t for t in texts), texts


async def test_typed_window_and_stale_buttons(setup: tuple[Harness, ClientList, Campaign]) -> None:
    h, item, campaign = setup
    await h.press(MANAGER, cb(SendAction.START, item.id))
    await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id))
    await h.press(MANAGER, cb(SendAction.WINDOW, item.id, 2))
    assert shown(await h.send(MANAGER, "funday 9-18"))[0].startswith("«funday» is not a day I know.")
    reply = shown(await h.send(MANAGER, "mon-fri 09:00-18:00"))
    assert reply[0].startswith("Call window: Mon, Tue, Wed, Thu, Fri, 09:00–18:00.")
    (stale,) = answers(await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id)))
    assert stale.text == tr("stale-button")
    assert shown(await h.send(MANAGER, "/cancel"))[0] == tr("cancelled")


async def test_strangers_cannot_send(setup: tuple[Harness, ClientList, Campaign]) -> None:
    h, item, _ = setup
    (answer,) = answers(await h.press(STRANGER, cb(SendAction.START, item.id)))
    assert answer.text == tr("no-access-alert")


async def test_the_card_and_audit_show_where_the_list_was_sent(
    setup: tuple[Harness, ClientList, Campaign],
) -> None:
    h, item, campaign = setup
    await send_to_campaign(h, item, campaign)
    card = shown(await h.press(MANAGER, ListCb(action=ListAction.OPEN, list_id=item.id).pack()))
    assert any("📞 Autumn offers · " in text and "25 accepted" in text for text in card), card
    audit = shown(await h.send(MANAGER.__class__(ADMIN_ID, "Ada"), "/audit"))
    assert any("sent to a call campaign «Spring leads»" in text for text in audit), audit


async def test_rejected_numbers_are_counted_and_offered_as_xlsx(
    harness: Harness, calls: FakeCallsApi
) -> None:
    from aiogram.methods import SendDocument
    from aiogram.types import FSInputFile

    h = harness
    await h.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    phones = [*PHONES[:5], "99912345678"]  # no country has code 999: the platform refuses it
    item = await ListsRepo(h.db).create_ready(
        name="Mixed", channel="telephony", columns=[ListColumn("client_id", "Phone")],
        rows=[(p,) for p in phones], source={"kind": "file"}, owner_id=MANAGER.id,
    )  # fmt: skip
    campaign = await CampaignsRepo(h.db).add(name="Autumn", host=calls.base_url, token=TOKEN, created_by=1)
    await h.press(MANAGER, cb(SendAction.START, item.id))
    await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id))
    await h.press(MANAGER, cb(SendAction.WINDOW, item.id, 0))
    await h.press(MANAGER, cb(SendAction.ATTEMPTS, item.id, 1))
    calls_made = await h.press(MANAGER, cb(SendAction.CONFIRM, item.id))
    assert any(
        "5 of 6 numbers accepted" in t and "Rejected by the platform: 1" in t for t in shown(calls_made)
    )
    (button,) = [
        b.callback_data
        for c in calls_made
        for row in (getattr(getattr(c, "reply_markup", None), "inline_keyboard", None) or [])
        for b in row
        if b.text == tr("btn-rejected")
    ]
    assert button is not None
    sent = [c for c in await h.press(MANAGER, button) if isinstance(c, SendDocument)]
    (document,) = sent
    assert isinstance(document.document, FSInputFile)
    assert document.document.filename == "rejected_Mixed.xlsx"
    assert calls.times_added("99912345678") == 0


async def test_campaign_status_control_and_outcomes(
    setup: tuple[Harness, ClientList, Campaign], calls: FakeCallsApi
) -> None:
    from aiogram.methods import SendDocument

    from handlers.calls.callbacks import CampaignAction, CampaignCb
    from services.campaign_status import Control

    h, item, campaign = setup
    await send_to_campaign(h, item, campaign)
    card = await h.press(MANAGER, ListCb(action=ListAction.OPEN, list_id=item.id).pack())
    (status_data,) = [
        b.callback_data
        for c in card
        for row in (getattr(getattr(c, "reply_markup", None), "inline_keyboard", None) or [])
        for b in row
        if b.text == tr("btn-campaign-status")
    ]
    assert status_data is not None
    status = shown(await h.press(MANAGER, status_data))
    assert any("«Autumn offers» is calling" in t and "Calls of «Spring leads»: 25" in t for t in status), (
        status
    )
    push_id = CampaignCb.unpack(status_data).push_id

    ask = shown(
        await h.press(
            MANAGER, CampaignCb(action=CampaignAction.ASK, push_id=push_id, control=Control.PAUSE).pack()
        )
    )
    assert ask == [calls_texts.ask_control("pause", "Autumn offers")]
    done = shown(
        await h.press(
            MANAGER, CampaignCb(action=CampaignAction.DO, push_id=push_id, control=Control.PAUSE).pack()
        )
    )
    assert done == [calls_texts.control_done("pause", "Autumn offers")]
    assert calls.campaign.state == "paused"
    again = shown(await h.press(MANAGER, status_data))
    assert any("is paused" in t for t in again)
    audit = shown(await h.send(MANAGER.__class__(ADMIN_ID, "Ada"), "/audit"))
    assert any("paused a call campaign of «Spring leads»" in t for t in audit), audit

    docs = [
        c
        for c in await h.press(MANAGER, CampaignCb(action=CampaignAction.OUTCOMES, push_id=push_id).pack())
        if isinstance(c, SendDocument)
    ]
    assert len(docs) == 1


async def test_status_of_a_removed_campaign_says_so(setup: tuple[Harness, ClientList, Campaign]) -> None:
    from handlers.calls.callbacks import CampaignAction, CampaignCb

    h, item, campaign = setup
    await send_to_campaign(h, item, campaign)
    (push,) = await PushesRepo(h.db).of_list(item.id)
    await CampaignsRepo(h.db).remove(campaign.id, user_id=ADMIN_ID)
    texts = shown(await h.press(MANAGER, CampaignCb(action=CampaignAction.STATUS, push_id=push.id).pack()))
    assert texts == [tr("campaign-removed-from-bot")]


async def test_an_interrupted_push_goes_on_with_a_tap_or_is_stopped(
    setup: tuple[Harness, ClientList, Campaign], calls: FakeCallsApi
) -> None:
    """Answers that cannot be understood (a 200 that is not JSON) three times: the run ends as
    interrupted, the push stays unfinished; "Go on now" finishes it with the same idempotence keys."""
    h, item, campaign = setup
    calls.fail_next("addPhones", 200, times=3, body="<html>maintenance</html>")
    texts = await send_to_campaign(h, item, campaign)
    assert any("paused at" in t for t in texts), texts
    (push,) = await PushesRepo(h.db).of_list(item.id)
    assert push.status.value == "running"
    go_on = cb(SendAction.RESUME_PUSH, item.id, push.id)
    done = shown(await h.press(MANAGER, go_on))
    assert any("25 of 25 numbers accepted" in t for t in done), done
    assert all(calls.times_added(phone) == 1 for phone in PHONES)

    # a finished push cannot be stopped any more; an interrupted one can
    (answer,) = answers(await h.press(MANAGER, cb(SendAction.STOP_PUSH, item.id, push.id)))
    assert answer.text == tr("push-finished")
    calls.fail_next("addPhones", 200, times=3, body="<html>maintenance</html>")
    await send_to_campaign(h, item, campaign)
    second = (await PushesRepo(h.db).of_list(item.id))[0]
    assert second.id != push.id
    assert second.status.value == "running"
    stopped = shown(await h.press(MANAGER, cb(SendAction.STOP_PUSH, item.id, second.id)))
    assert any("stopped: it was cancelled" in t for t in stopped), stopped
    assert (await PushesRepo(h.db).get(second.id)).status.value == "cancelled"  # type: ignore[union-attr]


MIXED = [
    ("442079460123", "Ann", "+03:00"),  # the list's timezone column
    ("447400123456", "Bob", ""),  # UK numbers: one offset at a time, inferred
    ("447400123457", "Cy", ""),
    ("79161234567", "Di", ""),  # a Russian mobile: eleven offsets, none
    ("18005550123", "Ed", ""),  # US toll-free: none
]


async def test_the_confirmation_counts_where_time_zones_come_from(
    setup: tuple[Harness, ClientList, Campaign],
) -> None:
    h, _, campaign = setup
    columns = [
        ListColumn("client_id", "Phone"),
        ListColumn("first_name", "Name"),
        ListColumn("gmt_zone", "TZ"),
    ]
    item = await ListsRepo(h.db).create_ready(
        name="Mixed", channel="telephony", columns=columns, rows=MIXED, source={"kind": "file"},
        owner_id=MANAGER.id,
    )  # fmt: skip
    await h.press(MANAGER, cb(SendAction.START, item.id))
    await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id))
    await h.press(MANAGER, cb(SendAction.WINDOW, item.id, 0))
    (confirm,) = shown(await h.press(MANAGER, cb(SendAction.ATTEMPTS, item.id, 1)))
    assert "🕒 From the list: 1 · inferred from the number: 2 · none: 2" in confirm, confirm
    assert "2 numbers have no time zone: they will be called in the campaign's default time zone" in confirm


async def test_a_long_count_shows_its_progress(
    setup: tuple[Harness, ClientList, Campaign], monkeypatch: pytest.MonkeyPatch
) -> None:
    h, item, campaign = setup
    monkeypatch.setattr(send, "COUNTING_EDIT_SECONDS", 0.0)  # every slice counts as "a while"
    monkeypatch.setattr(push_preview, "SLICE_ROWS", 10)
    await h.press(MANAGER, cb(SendAction.START, item.id))
    await h.press(MANAGER, cb(SendAction.CAMPAIGN, item.id, campaign.id))
    await h.press(MANAGER, cb(SendAction.WINDOW, item.id, 0))
    *counting, confirm = shown(await h.press(MANAGER, cb(SendAction.ATTEMPTS, item.id, 1)))
    assert counting == [
        "⏳ Counting the time zones of «Spring leads»: 10 / 25…",
        "⏳ Counting the time zones of «Spring leads»: 20 / 25…",
    ]
    assert "🕒 From the list: 0 · inferred from the number: 25 · none: 0" in confirm
    assert "no time zone" not in confirm
