"""`/campaigns` (admins): list, add (name → host → token checked with the fake Calls API before saving),
remove with confirmation. The token never comes back: not in a text, not in the FSM data, not in a log."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import AnswerCallbackQuery, DeleteMessage, EditMessageText, SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup

from handlers.campaigns import texts, token
from handlers.campaigns.callbacks import CampaignAction, CampaignCb
from handlers.campaigns.states import AddCampaign
from i18n import tr
from storage.campaigns import CampaignsRepo
from storage.lists import ListColumn, ListsRepo
from storage.pushes import PushesRepo
from storage.users import Role
from tests.fakecalls import TOKEN, FakeCallsApi
from tests.handlers.conftest import ADMIN, ADMIN_ID, MANAGER, Harness, answers
from tests.handlers.conftest import texts as sent

ADD = CampaignCb(action=CampaignAction.ADD).pack()
DEFAULT_HOST = CampaignCb(action=CampaignAction.DEFAULT_HOST).pack()


@pytest.fixture
async def calls(harness: Harness) -> AsyncIterator[FakeCallsApi]:
    async with FakeCallsApi() as fake:
        harness.dp["calls_api_url"] = fake.base_url
        yield fake


def repo(h: Harness) -> CampaignsRepo:
    campaigns: CampaignsRepo = h.dp["campaigns"]
    return campaigns


def edits(calls: list[TelegramMethod[Any]]) -> list[str]:
    return [str(c.text) for c in calls if isinstance(c, EditMessageText)]


def everything_said(calls: list[TelegramMethod[Any]]) -> str:
    return "\n".join(repr(c) for c in calls if isinstance(c, SendMessage | EditMessageText))


async def state_of(h: Harness) -> tuple[str | None, dict[str, Any]]:
    key = StorageKey(bot_id=h.bot.id, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    return await h.dp.storage.get_state(key), await h.dp.storage.get_data(key)


async def up_to_token(h: Harness, name: str = "Autumn calls") -> list[TelegramMethod[Any]]:
    """/campaigns → Add → name → the default host button: the bot now waits for the token."""
    said = await h.send(ADMIN, "/campaigns")
    said += await h.press(ADMIN, ADD)
    said += await h.send(ADMIN, name)
    said += await h.press(ADMIN, DEFAULT_HOST)
    assert (await state_of(h))[0] == AddCampaign.token.state
    return said


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_list_empty_then_with_campaigns(harness: Harness, calls: FakeCallsApi) -> None:
    calls_made = await harness.send(ADMIN, "/campaigns")
    (message,) = [c for c in calls_made if isinstance(c, SendMessage)]
    assert message.text == tr("campaigns-empty")
    assert isinstance(message.reply_markup, InlineKeyboardMarkup)
    assert [b.callback_data for row in message.reply_markup.inline_keyboard for b in row] == [ADD]

    await repo(harness).add(name="B <team>", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID)
    await repo(harness).add(name="Alpha", host=calls.base_url, token="other-token-9876", created_by=ADMIN_ID)
    (page,) = sent(await harness.send(ADMIN, "/campaigns"))
    assert "📞 <b>Call campaigns</b>: 2" in page
    assert page.index("Alpha") < page.index("B &lt;team&gt;")
    assert "token …ffee" in page
    assert "token …9876" in page
    assert TOKEN not in page
    assert "other-token-9876" not in page


async def test_add_checks_the_token_saves_and_forgets_it(
    harness: Harness, calls: FakeCallsApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="aiosqlite")  # as bot/cli.py runs it: its DEBUG shows SQL values
    said = await up_to_token(harness)
    assert texts.ask_host("Autumn calls", calls.base_url) in sent(said)
    token_message = harness.message_update(ADMIN, f"  {TOKEN}  ")
    assert token_message.message is not None
    result = await harness.feed(token_message)
    said += result

    deleted = [c for c in result if isinstance(c, DeleteMessage)]
    assert [(int(d.chat_id), d.message_id) for d in deleted] == [(ADMIN_ID, token_message.message.message_id)]
    assert sent(result) == [texts.checking(calls.base_url)]
    (done,) = edits(result)
    (campaign,) = await repo(harness).list()
    assert done == texts.added(campaign, "Autumn offers")
    assert "token …ffee" in done
    assert (campaign.name, campaign.host, campaign.token_tail) == ("Autumn calls", calls.base_url, "ffee")
    assert await repo(harness).token_of(campaign.id) == TOKEN
    assert [r.op for r in calls.requests] == ["info"]

    assert await state_of(harness) == (None, {})
    assert TOKEN not in everything_said(said)
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(r.args) for r in caplog.records)


async def test_wrong_token_is_refused_and_nothing_saved(harness: Harness, calls: FakeCallsApi) -> None:
    await up_to_token(harness)
    result = await harness.send(ADMIN, "wrong-token-0000")
    assert any(isinstance(c, DeleteMessage) for c in result)
    assert edits(result) == [texts.token_refused(calls.base_url)]
    assert await repo(harness).list() == ()
    state, data = await state_of(harness)
    assert state == AddCampaign.token.state  # another token can be sent
    assert "wrong-token-0000" not in str(data)

    # A token with a space is not a token: nothing is asked of the platform.
    assert sent(await harness.send(ADMIN, "two words")) == [tr("bad-token-shape")]
    assert len(calls.requests) == 1

    # The right one now.
    result = await harness.send(ADMIN, TOKEN)
    assert len(await repo(harness).list()) == 1


async def test_a_closed_campaign_is_refused(harness: Harness, calls: FakeCallsApi) -> None:
    calls.close_campaign("deleted")
    await up_to_token(harness)
    assert edits(await harness.send(ADMIN, TOKEN)) == [texts.campaign_closed(calls.base_url)]
    assert await repo(harness).list() == ()


async def test_an_unreachable_host_is_refused(
    harness: Harness, calls: FakeCallsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(token, "CHECK_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(token, "CHECK_BUDGET_SECONDS", 0.5)
    await harness.send(ADMIN, "/campaigns")
    await harness.press(ADMIN, ADD)
    await harness.send(ADMIN, "Winter")
    assert sent(await harness.send(ADMIN, "ftp://example.com")) == [tr("bad-host")]
    host = f"http://127.0.0.1:{free_port()}"
    assert sent(await harness.send(ADMIN, host + "/")) == [texts.ask_token(host)]
    result = await harness.send(ADMIN, TOKEN)
    assert edits(result) == [texts.unreachable(host)]
    assert await repo(harness).list() == ()
    assert (await state_of(harness))[0] == AddCampaign.token.state

    # A platform that answers with an HTML page is not a Calls API either.
    calls.fail_next_with_page("info", 404)
    await harness.send(ADMIN, "/cancel")
    await up_to_token(harness)
    assert edits(await harness.send(ADMIN, TOKEN)) == [texts.unreachable(calls.base_url)]
    assert await repo(harness).list() == ()


async def test_a_duplicate_name_or_campaign_is_refused(harness: Harness, calls: FakeCallsApi) -> None:
    await up_to_token(harness, "Autumn calls")
    await harness.send(ADMIN, TOKEN)

    await harness.press(ADMIN, ADD)
    assert sent(await harness.send(ADMIN, "  AUTUMN   calls ")) == [texts.name_taken("AUTUMN calls")]
    assert (await state_of(harness))[0] == AddCampaign.name.state

    # Another name for the same host and token: the campaign is already connected.
    await harness.send(ADMIN, "Second name")
    await harness.press(ADMIN, DEFAULT_HOST)
    result = await harness.send(ADMIN, TOKEN)
    (first,) = await repo(harness).list()
    assert edits(result) == [texts.campaign_exists(first)]
    assert await state_of(harness) == (None, {})


async def test_remove_asks_first_and_an_old_button_is_stale(harness: Harness, calls: FakeCallsApi) -> None:
    campaign = await repo(harness).add(name="Autumn", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID)
    remove = CampaignCb(action=CampaignAction.REMOVE, campaign_id=campaign.id).pack()
    confirm = CampaignCb(action=CampaignAction.CONFIRM_REMOVE, campaign_id=campaign.id).pack()
    cancel = CampaignCb(action=CampaignAction.CANCEL_REMOVE, campaign_id=campaign.id).pack()

    result = await harness.press(ADMIN, remove)
    assert edits(result) == [texts.confirm_remove(campaign)]
    assert len(answers(result)) == 1
    result = await harness.press(ADMIN, cancel)
    assert len(answers(result)) == 1
    assert [c.id for c in await repo(harness).list()] == [campaign.id]

    await harness.press(ADMIN, remove)
    result = await harness.press(ADMIN, confirm)
    assert [a.text for a in answers(result)] == [tr("removed-answer")]
    (text,) = edits(result)
    assert text.startswith("🗑 Campaign <b>Autumn</b> is removed")
    assert tr("campaigns-empty") in text
    assert await repo(harness).list() == ()
    assert await repo(harness).token_of(campaign.id) is None

    for stale in (remove, confirm):
        result = await harness.press(ADMIN, stale)
        assert [(a.text, a.show_alert) for a in answers(result)] == [(tr("campaign-gone"), True)]
        assert edits(result) == []


async def test_a_manager_has_no_access(harness: Harness, calls: FakeCallsApi) -> None:
    campaign = await repo(harness).add(name="Autumn", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID)
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    assert sent(await harness.send(MANAGER, "/campaigns")) == [tr("unknown-input")]
    for data in (ADD, CampaignCb(action=CampaignAction.CONFIRM_REMOVE, campaign_id=campaign.id).pack()):
        result = await harness.press(MANAGER, data)  # the fallback's answer to a manager: nothing happens
        assert [(a.text, a.show_alert) for a in answers(result)] == [(tr("stale-button"), True)]
        assert [c for c in result if not isinstance(c, AnswerCallbackQuery)] == []
    assert len(await repo(harness).list()) == 1


async def test_cancel_at_every_step(harness: Harness, calls: FakeCallsApi) -> None:
    assert sent(await harness.press(ADMIN, ADD)) == [tr("ask-campaign-name")]
    assert sent(await harness.send(ADMIN, "/cancel")) == [tr("cancelled")]
    assert await state_of(harness) == (None, {})
    assert sent(await harness.send(ADMIN, "Autumn")) == [tr("unknown-input")]  # not a name any more

    await harness.press(ADMIN, ADD)
    await harness.send(ADMIN, "Autumn")
    assert sent(await harness.send(ADMIN, "/cancel")) == [tr("cancelled")]
    assert await state_of(harness) == (None, {})

    await up_to_token(harness)
    assert sent(await harness.send(ADMIN, "/cancel")) == [tr("cancelled")]
    assert await state_of(harness) == (None, {})
    result = await harness.send(ADMIN, TOKEN)  # no longer read as a token
    assert sent(result) == [tr("unknown-input")]
    assert calls.requests == []
    assert await repo(harness).list() == ()


async def test_a_command_at_the_token_step_is_not_a_token(harness: Harness, calls: FakeCallsApi) -> None:
    await up_to_token(harness)
    for command in ("/campaigns", "/lists", "/help"):
        result = await harness.send(ADMIN, command)
        assert not any(isinstance(c, DeleteMessage) for c in result)
        assert texts.checking(calls.base_url) not in sent(result)
    assert calls.requests == []
    assert (await state_of(harness))[0] == AddCampaign.token.state
    await harness.send(ADMIN, TOKEN)
    assert len(await repo(harness).list()) == 1


async def test_without_a_default_host_it_is_typed(harness: Harness) -> None:
    harness.dp["calls_api_url"] = ""
    await harness.press(ADMIN, ADD)
    calls_made = await harness.send(ADMIN, "Autumn")
    (message,) = [c for c in calls_made if isinstance(c, SendMessage)]
    assert message.text == texts.ask_host("Autumn", "")
    assert message.reply_markup is None
    # A forged "use the default host" press: answered, nothing changes.
    result = await harness.press(ADMIN, DEFAULT_HOST)
    assert [(a.text, a.show_alert) for a in answers(result)] == [(tr("host-expected"), True)]
    assert (await state_of(harness))[0] == AddCampaign.host.state


class RecordingRunner:
    def __init__(self) -> None:
        self.removed: list[tuple[int, ...]] = []

    def campaign_removed(self, push_ids: tuple[int, ...]) -> None:
        self.removed.append(tuple(push_ids))


async def test_removing_tells_the_push_runner_about_cancelled_pushes(
    harness: Harness, calls: FakeCallsApi
) -> None:
    campaigns = repo(harness)
    campaign = await campaigns.add(name="Autumn", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID)
    lst = await ListsRepo(harness.db).create_ready(
        name="Calls",
        channel="telephony",
        columns=(ListColumn("client_id", "Phone"),),
        rows=[["442079460000"]],
        source={"kind": "file"},
        owner_id=ADMIN_ID,
    )
    push = await PushesRepo(harness.db).create(
        list_id=lst.id, campaign_id=campaign.id, options={}, created_by=ADMIN_ID
    )
    runner = RecordingRunner()
    harness.dp["push_runner"] = runner
    confirm = CampaignCb(action=CampaignAction.CONFIRM_REMOVE, campaign_id=campaign.id).pack()
    (text,) = edits(await harness.press(ADMIN, confirm))
    assert runner.removed == [(push.id,)]
    assert "1 unfinished send(s) to it were stopped" in text


async def test_failures_around_the_token_never_show_it(
    harness: Harness, calls: FakeCallsApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="aiosqlite")
    await up_to_token(harness)
    # The message cannot be deleted (too old, already gone): the campaign is still checked and saved.
    harness.session.fail(DeleteMessage, lambda m: TelegramBadRequest(m, "message to delete not found"))
    # Telegram fails on the outcome: the errors handler logs the update, never its text.
    harness.session.fail(EditMessageText, lambda m: TelegramNetworkError(m, "connection reset"))
    result = await harness.send(ADMIN, TOKEN)
    assert sent(result)[-1] == tr("apology")
    (campaign,) = await repo(harness).list()
    assert campaign.token_tail == TOKEN[-4:]
    assert "Update" in caplog.text  # the failure was logged
    assert TOKEN not in caplog.text
    assert TOKEN not in everything_said(result)
