"""Flow A in process: entry points, catch-alls and refusals of every step, consent and naming on a
stage written through ImportsRepo. Uploads that download a file are tested end to end (tests/e2e)."""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, GetFile, SendDocument, SendMessage, TelegramMethod
from aiogram.types import Document, Message, PhotoSize, Sticker, Update

from handlers.common import texts as common
from handlers.common.callbacks import MenuAction, MenuCb
from handlers.lists.callbacks import ListAction, ListCb
from handlers.new_list import texts as nl_texts
from handlers.new_list.callbacks import NewListAction, NewListCb
from i18n import tr
from storage.import_problems import StoredProblem
from storage.imports import Draft, ImportsRepo
from storage.lists import ListColumn, ListsRepo, ListStatus
from storage.users import Role
from tests.handlers.conftest import ADMIN_ID, MANAGER, STRANGER, Harness, answers
from validators.result import Reason

SHORT = ("too_short", "phone_too_short", {"digits": 2}, None)  # codes of a stored failed row
_ids = itertools.count(10_000)


def sends(calls: list[TelegramMethod[Any]]) -> list[SendMessage]:
    return [c for c in calls if isinstance(c, SendMessage)]


def only_text(calls: list[TelegramMethod[Any]]) -> str:
    (reply,) = sends(calls)
    return reply.text


def button_texts(method: SendMessage) -> list[str]:
    markup = method.reply_markup
    assert markup is not None
    return [b.text for row in markup.inline_keyboard for b in row]  # type: ignore[union-attr]


def button_data(method: SendMessage) -> list[str | None]:
    markup = method.reply_markup
    assert markup is not None
    return [b.callback_data for row in markup.inline_keyboard for b in row]  # type: ignore[union-attr]


async def feed_message(h: Harness, **fields: Any) -> list[TelegramMethod[Any]]:
    message = Message(
        message_id=next(_ids),
        date=datetime.now(UTC),
        chat=MANAGER.chat(),
        from_user=MANAGER.user(),
        **fields,
    )
    return await h.feed(Update(update_id=next(_ids), message=message))


def document(size: int | None, name: str = "clients.xlsx", unique: str = "U1") -> Document:
    return Document(file_id=f"F-{unique}", file_unique_id=unique, file_name=name, file_size=size)


@pytest.fixture
async def h(harness: Harness) -> Harness:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    return harness


async def choose(h: Harness, channel: str = "telephony") -> list[TelegramMethod[Any]]:
    await h.send(MANAGER, "/new")
    return await h.press(MANAGER, NewListCb(action=NewListAction.CHANNEL, channel=channel).pack())


async def make_stage(h: Harness, file_name: str = "March leads.xlsx", valid: int = 2) -> int:
    stage = await ImportsRepo(h.db).stage(
        Draft(
            owner_id=MANAGER.id,
            channel="telephony",
            columns=[ListColumn("client_id", "Phone")],
            rows=[(f"44207946{i:04d}",) for i in range(valid)],
            row_numbers=list(range(2, valid + 2)),
            problems=[StoredProblem(9, "Phone", *SHORT, ("12",))],
            summary={
                "file_name": file_name,
                "rows_read": valid + 1,
                "valid": valid,
                "invalid": 1,
                "duplicates": 0,
                "normalized": 0,
            },
            source={"kind": "file", "file_name": file_name},
            file_id="F-1",
            file_unique_id="U-1",
        )
    )
    await h.dp.storage.set_state(_key(h), "NewListStates:reviewing")
    await h.dp.storage.set_data(_key(h), {"channel": "telephony", "list_id": stage.id})
    return stage.id


def _key(h: Harness) -> Any:
    from aiogram.fsm.storage.base import StorageKey

    return StorageKey(bot_id=h.bot.id, chat_id=MANAGER.id, user_id=MANAGER.id)


def cb(action: NewListAction, list_id: int = 0, channel: str = "") -> str:
    return NewListCb(action=action, list_id=list_id, channel=channel).pack()


async def test_entry_points_offer_every_channel(h: Harness) -> None:
    for calls in (
        await h.send(MANAGER, "/new"),
        await h.send(MANAGER, tr("menu-new-list")),
        await h.press(MANAGER, MenuCb(action=MenuAction.NEW_LIST).pack()),
    ):
        (reply,) = sends(calls)
        assert reply.text == tr("nl-choose-channel")
        assert button_texts(reply)[:2] == ["📞 Telephony", "✈️ Telegram"]
        assert len(button_texts(reply)) == 8


async def test_stranger_gets_no_access(h: Harness) -> None:
    assert "don't have access" in only_text(await h.send(STRANGER, "/new"))


async def test_channel_choice_shows_format_help_and_samples(h: Harness) -> None:
    calls = await choose(h)
    (help_,) = sends(calls)
    assert "Phone number" in help_.text or "phone number" in help_.text
    assert "20 MB" in help_.text
    assert button_texts(help_) == [tr("btn-sample-xlsx"), tr("btn-sample-csv")]
    sample = await h.press(MANAGER, cb(NewListAction.SAMPLE_CSV, channel="telephony"))
    (doc,) = [c for c in sample if isinstance(c, SendDocument)]
    assert doc.document.filename == "sample_telephony.csv"  # type: ignore[union-attr]
    assert answers(sample)


async def test_catch_alls_say_what_is_expected(h: Harness) -> None:
    await h.send(MANAGER, "/new")
    assert only_text(await h.send(MANAGER, "hello")) == tr("nl-choose-channel-hint")
    await h.press(MANAGER, cb(NewListAction.CHANNEL, channel="telegram"))
    assert only_text(await h.send(MANAGER, "here it is")) == tr("nl-send-document")
    photo = [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)]
    assert only_text(await feed_message(h, photo=photo)) == tr("nl-send-document")
    sticker = Sticker(
        file_id="s", file_unique_id="s", type="regular", width=1, height=1, is_animated=False, is_video=False
    )
    assert only_text(await feed_message(h, sticker=sticker)) == tr("nl-send-document")
    # /help is still /help in the middle of the flow
    assert "Client lists bot" in only_text(await h.send(MANAGER, "/help"))


async def test_too_big_is_refused_before_downloading(h: Harness) -> None:
    await choose(h)
    calls = await feed_message(h, document=document(21 * 2**20))
    assert not [c for c in calls if isinstance(c, GetFile)]
    text = only_text(calls)
    assert "21.0 MB" in text
    assert "limit is 20 MB" in text
    state = await h.dp.storage.get_state(_key(h))
    assert state == "NewListStates:waiting_file"  # another file may follow


async def test_consent_then_name_rules_then_create(h: Harness) -> None:
    await ListsRepo(h.db).create_ready(
        name="Taken", channel="telephony", columns=[], rows=[], source={"kind": "file"}, owner_id=1
    )
    list_id = await make_stage(h, file_name="Taken.xlsx")
    assert only_text(await h.send(MANAGER, "what now?")) == tr("nl-review-hint")

    calls = await h.press(MANAGER, cb(NewListAction.ACCEPT, list_id))
    consent = sends(calls)[0]
    assert "agreed to give you their phone numbers" in consent.text
    assert button_texts(consent) == [tr("btn-i-confirm"), tr("btn-cancel")]
    assert only_text(await h.send(MANAGER, "yes")) == tr("nl-consent-hint")

    ask = sends(await h.press(MANAGER, cb(NewListAction.CONFIRM, list_id)))[0]
    assert button_texts(ask)[0] == "📝 Taken"
    taken = await h.press(MANAGER, cb(NewListAction.DEFAULT_NAME, list_id))
    assert only_text(taken) == common.name_taken("Taken")
    assert only_text(await h.send(MANAGER, "   ")) == common.name_empty()
    assert only_text(await h.send(MANAGER, "x" * 101)) == common.name_too_long(101)
    assert only_text(await h.send(MANAGER, " taken ")) == common.name_taken("taken")
    photo = [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)]
    assert only_text(await feed_message(h, photo=photo)) == tr("nl-name-hint")

    created = sends(await h.send(MANAGER, "  Spring   leads "))[0]
    assert created.text == nl_texts.nl_created("Spring leads", 2, "telephony")
    assert button_data(created) == [
        ListCb(action=ListAction.DOWNLOAD, list_id=list_id).pack(),
        ListCb(action=ListAction.DELETE, list_id=list_id).pack(),
    ]
    ready = await ListsRepo(h.db).get(list_id)
    assert ready is not None
    assert ready.status is ListStatus.READY
    assert ready.name == "Spring leads"
    assert await h.dp.storage.get_state(_key(h)) is None
    # the old buttons are stale now
    again = await h.press(MANAGER, cb(NewListAction.CONFIRM, list_id))
    assert [(a.text, a.show_alert) for a in answers(again)] == [(tr("nl-stage-gone-alert"), True)]


async def test_cancel_command_and_button_discard_the_stage(h: Harness) -> None:
    imports = ImportsRepo(h.db)
    list_id = await make_stage(h)
    assert only_text(await h.send(MANAGER, "/cancel")) == tr("nl-cancelled")
    assert await imports.current_stage(MANAGER.id) is None
    assert await h.dp.storage.get_state(_key(h)) is None

    list_id = await make_stage(h)
    await h.press(MANAGER, cb(NewListAction.ACCEPT, list_id))
    calls = await h.press(MANAGER, cb(NewListAction.CANCEL, list_id))
    assert [a.text for a in answers(calls)] == [tr("nl-cancelled-answer")]
    assert await imports.current_stage(MANAGER.id) is None
    assert await h.dp.storage.get_state(_key(h)) is None
    # /cancel outside the flow is still the global one
    assert only_text(await h.send(MANAGER, "/cancel")) == tr("nothing-to-cancel")


async def test_new_resets_a_pending_import(h: Harness) -> None:
    await make_stage(h)
    await h.send(MANAGER, "/new")
    assert await ImportsRepo(h.db).current_stage(MANAGER.id) is None


async def test_every_button_is_answered_even_when_stale(h: Harness) -> None:
    for action in NewListAction:
        calls = await h.press(MANAGER, cb(action, 999, channel="nope"))
        assert len([c for c in calls if isinstance(c, AnswerCallbackQuery)]) == 1, action


def _summary(**overrides: Any) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "file_name": "leads.csv",
        "rows_read": 10,
        "valid": 5,
        "invalid": 5,
        "duplicates": 0,
        "normalized": 0,
        "by_reason": {reason.value: 1 for reason in Reason},
    }
    summary.update(overrides)
    return summary


def test_summary_fits_telegram_with_long_titles_names_and_cells() -> None:
    """A long header cell (the failing column's title) or file name must not push the summary past
    Telegram's 4096 characters: the summary would fail to send and the import would be lost."""
    from tests.fakebot.html import parse_html

    long = "<b>&" * 1500
    examples: list[tuple[int, str, str, str | None]] = [(i, long, long, "7" * 20) for i in range(2, 7)]
    text = nl_texts.nl_summary(_summary(file_name=long + ".csv", sheet="S" * 31), "telephony", examples)
    assert len(parse_html(text)) <= 4096
    assert len(parse_html(nl_texts.nl_report_caption(long + ".csv"))) <= 1024
    for short in (nl_texts.nl_received, nl_texts.nl_queued):
        assert len(parse_html(short(long))) <= 4096


def test_summary_of_a_file_without_data_rows_does_not_point_to_a_missing_report() -> None:
    text = nl_texts.nl_summary(_summary(rows_read=0, valid=0, invalid=0, by_reason={}), "telephony", [])
    assert "View failed rows" not in text
    assert "no data rows" in text
    assert "View failed rows" in nl_texts.nl_summary(_summary(valid=0), "telephony", [])


@pytest.mark.parametrize("step", ["consent", "naming"])
async def test_a_file_sent_at_consent_or_naming_is_checked_again(h: Harness, step: str) -> None:
    """A manager who notices a mistake after the summary sends the corrected file: it is taken (here the
    same file, so its summary comes back without a download), not answered with "tap I confirm"."""
    list_id = await make_stage(h)
    await h.press(MANAGER, cb(NewListAction.ACCEPT, list_id))
    if step == "naming":
        await h.press(MANAGER, cb(NewListAction.CONFIRM, list_id))
    assert await h.dp.storage.get_state(_key(h)) == f"NewListStates:{step}"
    calls = await feed_message(h, document=document(1000, name="March leads.xlsx", unique="U-1"))
    summary = only_text(calls)
    assert "(you sent this file already)" in summary
    assert tr("btn-add-valid") in button_texts(sends(calls)[0])
    assert await h.dp.storage.get_state(_key(h)) == "NewListStates:reviewing"
    assert (await h.dp.storage.get_data(_key(h)))["list_id"] == list_id


async def test_resending_the_pending_file_stops_a_newer_check_still_running(h: Harness) -> None:
    """File A is pending, file B is being checked, A is sent again: A's summary comes back at once, so
    B's check must stop — else it finishes later, replaces A and A's fresh buttons go stale."""
    import asyncio

    from services.imports import ImportJobs

    jobs: ImportJobs = h.dp["import_jobs"]
    list_id = await make_stage(h)
    started = asyncio.Event()

    async def check_of_file_b() -> None:
        async with jobs.track(MANAGER.id):
            started.set()
            await asyncio.sleep(30)

    running = asyncio.create_task(check_of_file_b())
    await started.wait()
    calls = await feed_message(h, document=document(1000, name="March leads.xlsx", unique="U-1"))
    assert "(you sent this file already)" in only_text(calls)
    await asyncio.sleep(0)
    assert running.cancelled() or running.cancelling()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert (await ImportsRepo(h.db).current_stage(MANAGER.id)).id == list_id  # type: ignore[union-attr]


async def test_no_list_is_created_from_the_old_file_while_a_new_one_is_checked(h: Harness) -> None:
    """At the naming step the manager sends a corrected file, then types a name before its summary:
    the list must not be created from the old file the new one is about to replace."""
    import asyncio

    from services.imports import ImportJobs

    jobs: ImportJobs = h.dp["import_jobs"]
    list_id = await make_stage(h)
    await h.press(MANAGER, cb(NewListAction.ACCEPT, list_id))
    await h.press(MANAGER, cb(NewListAction.CONFIRM, list_id))
    started = asyncio.Event()

    async def check_of_the_new_file() -> None:
        async with jobs.track(MANAGER.id):
            started.set()
            await asyncio.sleep(30)

    running = asyncio.create_task(check_of_the_new_file())
    try:
        await started.wait()
        assert only_text(await h.send(MANAGER, "Spring leads")) == tr("nl-busy-alert")
        calls = await h.press(MANAGER, cb(NewListAction.DEFAULT_NAME, list_id))
        assert [(a.text, a.show_alert) for a in answers(calls)] == [(tr("nl-busy-alert"), True)]
        stage = await ImportsRepo(h.db).get_stage(MANAGER.id, list_id)
        assert stage is not None  # still pending, not created
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running


@pytest.mark.parametrize("state", ["choosing_channel", "waiting_file", "reviewing", "consent", "naming"])
async def test_other_menu_buttons_and_commands_work_in_every_step(h: Harness, state: str) -> None:
    for other, expected in (
        (tr("menu-lists"), tr("lists-empty")),
        ("/lists", tr("lists-empty")),
        ("/help", "Client lists bot"),
    ):
        await h.dp.storage.set_state(_key(h), f"NewListStates:{state}")
        await h.dp.storage.set_data(_key(h), {"channel": "telephony", "list_id": 0})
        assert expected in only_text(await h.send(MANAGER, other))
