"""Issue 10, races and re-entry: a user's updates apply one at a time in their order, each step's
button acts once, and after a crash between two effects of a step the next thing the manager sends
(or an old button) shows the pending step again instead of being taken as its answer."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Document, Update

from handlers.new_list.callbacks import NewListAction, NewListCb
from i18n import tr
from storage.imports import ImportsRepo
from storage.lists import ListsRepo
from storage.users import Role
from tests.handlers.conftest import ADMIN_ID, MANAGER, Harness
from tests.handlers.test_new_list import _key, document, make_stage


@pytest.fixture
async def h(harness: Harness) -> Harness:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    return harness


def cb(action: NewListAction, list_id: int = 0, channel: str = "") -> str:
    return NewListCb(action=action, list_id=list_id, channel=channel).pack()


def texts_of(calls: list[TelegramMethod[Any]]) -> list[str]:
    return [c.text for c in calls if isinstance(c, SendMessage)]


async def at_once(h: Harness, *updates: Any) -> list[TelegramMethod[Any]]:
    """Feed updates concurrently, as polling does (one task per update), in this order."""
    h.session.take()
    await asyncio.gather(*(h.dp.feed_update(h.bot, u) for u in updates))
    await h.dp["background"].idle()
    return h.session.take()


def document_update(h: Harness, doc: Document) -> Update:
    plain = h.message_update(MANAGER, "x")
    assert plain.message is not None
    return plain.model_copy(
        update={"message": plain.message.model_copy(update={"text": None, "document": doc})}
    )


def press_update(h: Harness, data: str) -> Any:
    from datetime import UTC, datetime

    from aiogram.types import CallbackQuery, Message, Update

    from tests.handlers.recording import BOT_USER

    message = Message(
        message_id=500, date=datetime.now(UTC), chat=MANAGER.chat(), from_user=BOT_USER, text="(earlier)"
    )
    query = CallbackQuery(
        id=str(id(data)) + data, from_user=MANAGER.user(), chat_instance="ci", message=message, data=data
    )
    return Update(update_id=abs(hash(data)) % 10**6, callback_query=query)


async def test_two_taps_of_i_confirm_give_one_name_prompt(h: Harness) -> None:
    list_id = await make_stage(h)
    await h.press(MANAGER, cb(NewListAction.ACCEPT, list_id))
    first = press_update(h, cb(NewListAction.CONFIRM, list_id))
    second = first.model_copy(update={"update_id": first.update_id + 1})
    calls = await at_once(h, first, second)
    prompts = [t for t in texts_of(calls) if t.startswith("Name the list")]
    assert len(prompts) == 1, texts_of(calls)


async def test_two_taps_of_add_only_valid_rows_give_one_consent(h: Harness) -> None:
    list_id = await make_stage(h)
    first = press_update(h, cb(NewListAction.ACCEPT, list_id))
    second = first.model_copy(update={"update_id": first.update_id + 1})
    calls = await at_once(h, first, second)
    assert len([t for t in texts_of(calls) if "will be added" in t]) == 1, texts_of(calls)


async def test_a_document_right_after_the_channel_button_is_taken(h: Harness) -> None:
    await h.send(MANAGER, "/new")
    channel = press_update(h, cb(NewListAction.CHANNEL, channel="telephony"))
    doc = document_update(h, document(21 * 2**20))
    calls = await at_once(h, channel, doc)
    shown = texts_of(calls) + [getattr(c, "text", "") for c in calls]
    assert not [t for t in shown if t == tr("nl-choose-channel-hint")]
    assert [t for t in shown if t and "limit is 20 MB" in t]  # the file was judged at the file step


async def test_cancel_then_new_at_once_leaves_the_new_flow(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/cancel of a big pending import takes a while to delete its rows; /new right after it must
    find the conversation that /cancel left, not be wiped by /cancel's late state reset."""
    await make_stage(h)
    real = ImportsRepo.discard
    discards = 0

    async def slow_discard(self: ImportsRepo, *args: Any, **kwargs: Any) -> Any:
        nonlocal discards
        discards += 1
        if discards == 1:  # /cancel's discard of 412k rows; /new's finds nothing left to delete
            await asyncio.sleep(0.3)
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(ImportsRepo, "discard", slow_discard)
    cancel = h.message_update(MANAGER, "/cancel")
    new = h.message_update(MANAGER, "/new")
    await at_once(h, cancel, new)
    assert await h.dp.storage.get_state(_key(h)) == "NewListStates:choosing_channel"
    calls = await h.press(MANAGER, cb(NewListAction.CHANNEL, channel="telephony"))
    assert any("First column" in t for t in texts_of(calls))


async def test_crash_after_saving_the_name_step_before_its_prompt(h: Harness) -> None:
    """Killed after "I confirm" saved the naming step but before the prompt was sent: the next text
    ("what now?") must not become the list's name; the prompt comes (once), then a name works."""
    list_id = await make_stage(h)
    await h.dp.storage.set_state(_key(h), "NewListStates:naming")
    await h.dp.storage.set_data(_key(h), {"channel": "telephony", "list_id": list_id})  # no "shown"
    calls = await h.send(MANAGER, "what now?")
    assert [t for t in texts_of(calls) if t.startswith("Name the list")], texts_of(calls)
    assert not await ListsRepo(h.db).name_taken("what now?")
    # the old consent button still works and does not prompt twice
    again = await h.press(MANAGER, cb(NewListAction.CONFIRM, list_id))
    assert not [t for t in texts_of(again) if t.startswith("Name the list")]
    created = texts_of(await h.send(MANAGER, "Spring leads"))
    assert any("created" in t for t in created), created


async def test_crash_after_saving_the_consent_step_before_its_prompt(h: Harness) -> None:
    list_id = await make_stage(h)
    await h.dp.storage.set_state(_key(h), "NewListStates:consent")
    await h.dp.storage.set_data(_key(h), {"channel": "telephony", "list_id": list_id})
    calls = await h.send(MANAGER, "hello?")
    assert [t for t in texts_of(calls) if "will be added" in t], texts_of(calls)
    assert texts_of(await h.send(MANAGER, "hello?")) == [tr("nl-consent-hint")]


async def test_a_name_typed_after_the_list_was_made_repeats_created(h: Harness) -> None:
    """Killed after the list was created but before the state was cleared: the next text says it was
    created (with its buttons) rather than "no longer pending"."""
    list_id = await make_stage(h)
    await h.press(MANAGER, cb(NewListAction.ACCEPT, list_id))
    await h.press(MANAGER, cb(NewListAction.CONFIRM, list_id))
    data = await h.dp.storage.get_data(_key(h))
    await ImportsRepo(h.db).create(MANAGER.id, list_id, "Made")
    await h.dp.storage.set_data(_key(h), data)  # the state survived the crash
    (reply,) = texts_of(await h.send(MANAGER, "Made again"))
    assert "«<b>Made</b>» created" in reply
    assert await h.dp.storage.get_state(_key(h)) is None


async def test_text_at_a_summary_cut_by_a_restart_asks_for_the_file(h: Harness) -> None:
    await h.dp.storage.set_state(_key(h), "NewListStates:reviewing")
    await h.dp.storage.set_data(_key(h), {"channel": "telephony", "list_id": 4242})
    assert texts_of(await h.send(MANAGER, "and now?")) == [tr("nl-stage-gone-send-again")]
    assert await h.dp.storage.get_state(_key(h)) == "NewListStates:waiting_file"
