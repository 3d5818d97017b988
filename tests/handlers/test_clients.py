"""Flow B (/clients) in process: project → channel → filters → name → a ready list."""

from __future__ import annotations

import time
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod

from handlers.clients import texts as cl_texts
from handlers.clients.callbacks import ClientsAction, ClientsCb
from handlers.clients.view import channel_ids
from handlers.common import texts as common
from handlers.lists.callbacks import ListAction, ListCb
from i18n import tr
from storage.clients import ClientsRepo
from storage.lists import ListsRepo
from storage.users import Role
from tests.handlers.conftest import ADMIN_ID, MANAGER, Harness, answers
from validators.client_report import ReportClient

DAY = 86_400
NOW = int(time.time())


def client(
    cid: str,
    name: str,
    days_ago: int,
    *,
    project: str = "Pizza",
    channel: str = "telegram",
    labels: tuple[str, ...] = (),
) -> ReportClient:
    last = NOW - days_ago * DAY
    return ReportClient(project, channel, cid, name, "", last - DAY, last, 1, labels)


SEED = [
    client("100000001", "Anna Smith", 1, labels=("VIP",)),
    client("100000002", "Hannah Brown", 10),
    client("100000003", "Ivan Petrov", 45, labels=("VIP", "new")),
    client("100000004", "Joanna Novak", 100),
    client("100000005", "Peter Pan", 2, channel="vk"),
    client("100000006", "Other Anna", 1, project="Bank"),
]


def cb(action: ClientsAction, id_: int = 0) -> str:
    return ClientsCb(action=action, id=id_).pack()


def edits(calls: list[TelegramMethod[Any]]) -> list[EditMessageText]:
    return [c for c in calls if isinstance(c, EditMessageText)]


def shown(method: EditMessageText) -> str:
    return method.text or ""


def sends(calls: list[TelegramMethod[Any]]) -> list[SendMessage]:
    return [c for c in calls if isinstance(c, SendMessage)]


def buttons(method: SendMessage | EditMessageText) -> list[tuple[str, str]]:
    markup = method.reply_markup
    assert markup is not None
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]  # type: ignore[union-attr]


@pytest.fixture
async def seeded(harness: Harness) -> Harness:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await ClientsRepo(harness.db).upsert(SEED)
    return harness


async def open_filters(h: Harness) -> EditMessageText:
    (projects,) = sends(await h.send(MANAGER, "/clients"))
    assert projects.text == tr("cl-choose-project")
    pizza = next(data for text, data in buttons(projects) if text.startswith("Pizza"))
    assert [text for text, _ in buttons(projects)] == ["Bank · 1", "Pizza · 5"]
    calls = await h.press(MANAGER, pizza)
    (channels,) = edits(calls)
    assert [text for text, _ in buttons(channels)] == ["✈️ Telegram · 4", "🔵 VK · 1"]
    calls = await h.press(MANAGER, cb(ClientsAction.CHANNEL, channel_ids().index("telegram")))
    assert answers(calls)
    (filters,) = edits(calls)
    return filters


async def test_no_clients_explains_the_commands(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    (reply,) = sends(await harness.send(MANAGER, tr("menu-clients")))
    assert reply.text == tr("cl-no-clients")


async def test_single_project_is_skipped(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await ClientsRepo(harness.db).upsert([c for c in SEED if c.project == "Bank"])
    (reply,) = sends(await harness.send(MANAGER, "/clients"))
    assert "Bank" in reply.text
    assert [text for text, _ in buttons(reply)] == ["✈️ Telegram · 1"]


async def test_filters_count_and_create(seeded: Harness) -> None:
    h = seeded
    filters = await open_filters(h)
    assert "Matching clients: <b>4</b>" in shown(filters)

    calls = await h.press(MANAGER, cb(ClientsAction.PERIOD, 30))
    (edit,) = edits(calls)
    assert "Matching clients: <b>2</b>" in shown(edit)
    assert ("✓ 30 days", cb(ClientsAction.PERIOD, 30)) in buttons(edit)

    # Typed text is a search; the filters message above is edited in place.
    (edit,) = edits(await h.send(MANAGER, "ANN"))
    assert edit.message_id == 500
    assert "Matching clients: <b>2</b>" in shown(edit)  # Anna Smith, Hannah Brown
    (edit,) = edits(await h.send(MANAGER, "SMITH"))
    assert "Matching clients: <b>1</b>" in shown(edit)

    # Labels are buttons by id; a label filter combines with the others.
    vip = next(data for text, data in buttons(edit) if "VIP" in text)
    (foreign,) = answers(await h.press(MANAGER, cb(ClientsAction.LABEL, 999)))
    assert foreign.show_alert
    assert "VIP" not in vip
    (edit,) = edits(await h.press(MANAGER, vip))
    assert "Label: <b>VIP</b>" in shown(edit)
    assert "Matching clients: <b>1</b>" in shown(edit)

    calls = await h.press(MANAGER, cb(ClientsAction.CREATE))
    (prompt,) = sends(calls)
    assert prompt.text == cl_texts.cl_name_prompt()
    (default_button,) = buttons(prompt)
    assert default_button[0].startswith("Use «Pizza · Telegram · last 30 days")
    calls = await h.press(MANAGER, default_button[1])
    created = sends(calls)[-1]
    assert "created: 1 client of" in created.text
    list_id = int(buttons(created)[0][1].split(":")[2])
    assert buttons(created)[0][1] == ListCb(action=ListAction.DOWNLOAD, list_id=list_id).pack()
    stored = await ListsRepo(h.db).get_ready(list_id)
    assert stored is not None
    assert stored.row_count == 1
    assert stored.channel == "telegram"
    assert stored.source["kind"] == "clients"
    assert stored.source["filters"]["search"] == "SMITH"
    assert stored.source["filters"]["label"] == "VIP"
    async with h.db.reader.execute("SELECT cells FROM list_rows WHERE list_id = ?", (list_id,)) as cur:
        rows = [r[0] async for r in cur]
    assert len(rows) == 1
    assert '"100000001", "Anna Smith"' in rows[0]

    # The conversation is over: old filter buttons are stale.
    (answer,) = answers(await h.press(MANAGER, cb(ClientsAction.RESET)))
    assert (answer.text, answer.show_alert) == (tr("stale-button"), True)


async def test_dates_search_reset_and_empty_selection(seeded: Harness) -> None:
    h = seeded
    await open_filters(h)
    (prompt,) = sends(await h.press(MANAGER, cb(ClientsAction.DATES)))
    assert prompt.text == tr("cl-dates-prompt")
    (wrong,) = sends(await h.send(MANAGER, "yesterday"))
    assert "couldn't read" in wrong.text
    assert "01.09.2026-30.09.2026" in wrong.text
    (edit,) = edits(await h.send(MANAGER, "01.01.2001-02.01.2001"))
    assert "Matching clients: <b>0</b>" in shown(edit)
    (answer,) = answers(await h.press(MANAGER, cb(ClientsAction.CREATE)))
    assert (answer.text, answer.show_alert) == (tr("cl-empty-alert"), True)

    (edit,) = edits(await h.press(MANAGER, cb(ClientsAction.RESET)))
    assert "Matching clients: <b>4</b>" in shown(edit)
    # At the name step the filter buttons still work and lead back to the filters.
    await h.press(MANAGER, cb(ClientsAction.CREATE))
    (edit,) = edits(await h.press(MANAGER, cb(ClientsAction.PERIOD, 7)))
    assert "Matching clients: <b>1</b>" in shown(edit)
    (edit,) = edits(await h.press(MANAGER, cb(ClientsAction.PERIOD, 0)))
    await h.press(MANAGER, cb(ClientsAction.SEARCH))
    (edit,) = edits(await h.send(MANAGER, "10000000"))
    assert "Matching clients: <b>4</b>" in shown(edit)  # ids match too
    (edit,) = edits(await h.send(MANAGER, "Pe"))  # shorter than a trigram: scanned
    assert "Matching clients: <b>1</b>" in shown(edit)


async def test_catch_alls_name_rules_and_cancel(seeded: Harness) -> None:
    h = seeded
    (projects,) = sends(await h.send(MANAGER, "/clients"))
    assert sends(await h.send(MANAGER, "pizza"))[0].text == tr("cl-use-project-buttons")
    await h.press(MANAGER, next(data for text, data in buttons(projects) if text.startswith("Pizza")))
    assert sends(await h.send(MANAGER, "telegram"))[0].text == tr("cl-use-channel-buttons")
    await h.press(MANAGER, cb(ClientsAction.CHANNEL, channel_ids().index("telegram")))
    await h.press(MANAGER, cb(ClientsAction.CREATE))
    assert sends(await h.send(MANAGER, "x" * 101))[0].text == common.name_too_long(101)
    created = sends(await h.send(MANAGER, "  My   list "))[-1]
    assert "«<b>My list</b>» created: 4 clients" in created.text

    await h.send(MANAGER, "/clients")
    await h.press(MANAGER, next(data for text, data in buttons(projects) if text.startswith("Pizza")))
    await h.press(MANAGER, cb(ClientsAction.CHANNEL, channel_ids().index("telegram")))
    await h.press(MANAGER, cb(ClientsAction.CREATE))
    assert sends(await h.send(MANAGER, "my LIST"))[0].text == common.name_taken("my LIST")
    assert sends(await h.send(MANAGER, "/cancel"))[0].text == tr("cancelled")
    (answer,) = answers(await h.press(MANAGER, cb(ClientsAction.DEFAULT_NAME)))
    assert answer.show_alert


async def test_stranger_cannot_use_clients(seeded: Harness) -> None:
    calls = await seeded.press(MANAGER.__class__(999), cb(ClientsAction.PERIOD, 7))
    assert [(a.text, a.show_alert) for a in calls if isinstance(a, AnswerCallbackQuery)] == [
        (tr("no-access-alert"), True)
    ]


async def test_a_command_is_not_taken_as_the_list_name(seeded: Harness) -> None:
    h = seeded
    await open_filters(h)
    await h.press(MANAGER, cb(ClientsAction.CREATE))
    for command in ("/audit", "/foo bar"):  # /audit is an admin command: a manager's falls through
        (reply,) = sends(await h.send(MANAGER, command))
        assert reply.text == tr("unknown-input")  # the fallback's answer, not a list named "/audit"
    assert not await ListsRepo(h.db).name_taken("/audit")
    created = sends(await h.send(MANAGER, "Real name"))[-1]
    assert "created: 4 clients" in created.text


async def test_custom_dates_backwards_or_in_the_future_are_explained(seeded: Harness) -> None:
    h = seeded
    await open_filters(h)
    await h.press(MANAGER, cb(ClientsAction.DATES))
    (reply,) = sends(await h.send(MANAGER, "30.09.2026-01.09.2026"))
    assert reply.text == tr("cl-dates-backwards")
    (reply,) = sends(await h.send(MANAGER, "01.01.2099-31.01.2099"))
    assert "after today" in reply.text
    assert not edits(await h.send(MANAGER, "01.01.2099"))  # still asking: no filter was set
    (edit,) = edits(await h.send(MANAGER, "01.01.2001-31.12.2099"))  # reaching into the future is fine
    assert "Matching clients: <b>4</b>" in shown(edit)


async def test_a_command_at_the_dates_step_is_not_read_as_dates(seeded: Harness) -> None:
    """A command or menu button in any step of /clients reaches its own feature (or the fallback)."""
    h = seeded
    await open_filters(h)
    await h.press(MANAGER, cb(ClientsAction.DATES))
    (reply,) = sends(await h.send(MANAGER, "/audit"))  # an admin command: a manager's falls through
    assert reply.text == tr("unknown-input")
    assert "/audit" not in reply.text
    (lists_page,) = sends(await h.send(MANAGER, tr("menu-lists")))
    assert "Client lists" in lists_page.text or "no client lists" in lists_page.text
    (edit,) = edits(await h.send(MANAGER, "01.09.2026-30.09.2026"))  # still at the dates step
    assert "01.09.2026–30.09.2026" in shown(edit)
