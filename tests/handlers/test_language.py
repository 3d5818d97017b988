"""Each user reads the bot in their language: Telegram's language_code at the first contact, then
/language; admins are told of access requests in their own language."""

from __future__ import annotations

from aiogram.methods import DeleteMessage, SendMessage, SetMyCommands
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from handlers.common.callbacks import AccessAction, AccessCb, LanguageCb
from handlers.new_list.states import NewListStates as NewList
from i18n import catalog
from storage.users import Role
from tests.handlers.conftest import ADMIN, ADMIN_ID, Harness, Person, answers
from tests.handlers.conftest import texts as sent

RU_MANAGER = Person(56, "Иван", "ivan", language_code="ru-RU")
EN_MANAGER = Person(57, "Eve", "eve", language_code="en")


def ru(key: str, **params: object) -> str:
    return catalog().text("ru", key, **params)


def en(key: str, **params: object) -> str:
    return catalog().text("en", key, **params)


def reply_buttons(call: SendMessage) -> list[str]:
    assert isinstance(call.reply_markup, ReplyKeyboardMarkup)
    return [button.text for row in call.reply_markup.keyboard for button in row]


async def state_of(h: Harness, person: Person) -> str | None:
    return await h.dp.fsm.get_context(h.bot, person.id, person.id).get_state()


async def test_first_contact_stores_the_language_of_the_telegram_client(harness: Harness) -> None:
    await harness.send(RU_MANAGER, "/help")
    await harness.send(EN_MANAGER, "/help")
    assert await harness.users.language(RU_MANAGER.id) == "ru"
    assert await harness.users.language(EN_MANAGER.id) == "en"
    # A later change of the client's language does not override what is stored.
    await harness.send(Person(RU_MANAGER.id, "Иван", "ivan2", language_code="en"), "/help")
    assert await harness.users.language(RU_MANAGER.id) == "ru"


async def test_a_russian_manager_gets_russian_and_russian_menu_buttons_work(harness: Harness) -> None:
    await harness.users.grant(RU_MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    (start,) = [c for c in await harness.send(RU_MANAGER, "/start") if isinstance(c, SendMessage)]
    assert start.text == ru("manager-menu", name="Иван")
    assert start.text.startswith("Здравствуйте, Иван!")
    assert reply_buttons(start) == ["➕ Новый список", "📋 Списки", "👥 Из клиентов ботов"]
    assert sent(await harness.send(RU_MANAGER, "/help"))[0].startswith("<b>Бот списков клиентов</b>")

    await harness.send(RU_MANAGER, "➕ Новый список")
    assert await state_of(harness, RU_MANAGER) == NewList.choosing_channel.state
    # An English button (an older keyboard) works too, whatever the user's language.
    await harness.send(RU_MANAGER, "/cancel")
    await harness.send(RU_MANAGER, en("menu-new-list"))
    assert await state_of(harness, RU_MANAGER) == NewList.choosing_channel.state


async def test_language_switches_mid_flow_without_losing_the_step(harness: Harness) -> None:
    await harness.users.grant(EN_MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await harness.send(EN_MANAGER, "/new")
    assert await state_of(harness, EN_MANAGER) == NewList.choosing_channel.state

    (picker,) = [c for c in await harness.send(EN_MANAGER, "/language") if isinstance(c, SendMessage)]
    assert picker.text == en("language-choose")
    assert isinstance(picker.reply_markup, InlineKeyboardMarkup)
    assert [b.text for row in picker.reply_markup.inline_keyboard for b in row] == ["English", "Русский"]
    assert await state_of(harness, EN_MANAGER) == NewList.choosing_channel.state

    calls = await harness.press(EN_MANAGER, LanguageCb(locale="ru").pack())
    assert [a.text for a in answers(calls)] == ["Русский"]
    assert any(isinstance(c, DeleteMessage) for c in calls), "the picker goes away"
    (confirmation,) = [c for c in calls if isinstance(c, SendMessage)]
    assert confirmation.text == ru("language-set")
    assert reply_buttons(confirmation) == ["➕ Новый список", "📋 Списки", "👥 Из клиентов ботов"]
    (commands,) = [c for c in calls if isinstance(c, SetMyCommands)]
    assert {c.command: c.description for c in commands.commands}["new"] == ru("cmd-new")
    assert await state_of(harness, EN_MANAGER) == NewList.choosing_channel.state, "the step is kept"
    assert await harness.users.language(EN_MANAGER.id) == "ru"
    assert sent(await harness.send(EN_MANAGER, "/help"))[0].startswith(ru("help-manager"))

    # And back: the choice wins over the Telegram client's language.
    await harness.press(EN_MANAGER, LanguageCb(locale="en").pack())
    assert sent(await harness.send(EN_MANAGER, "/help"))[0].startswith(en("help-manager"))
    assert await state_of(harness, EN_MANAGER) == NewList.choosing_channel.state


async def test_a_stranger_can_switch_language_too(harness: Harness) -> None:
    stranger = Person(90, "Sam", "sam", language_code="de")
    assert "don't have access" in sent(await harness.send(stranger, "/start"))[0]
    calls = await harness.press(stranger, LanguageCb(locale="ru").pack())
    (confirmation,) = [c for c in calls if isinstance(c, SendMessage)]
    assert confirmation.text == ru("language-set")
    assert confirmation.reply_markup is None, "no menu for someone without access"
    assert not [c for c in calls if isinstance(c, SetMyCommands)]
    assert sent(await harness.send(stranger, "/start"))[0] == ru("no-access", id=str(stranger.id))


async def test_a_forged_language_is_stale(harness: Harness) -> None:
    calls = await harness.press(EN_MANAGER, "lang:de")
    assert answers(calls)[0].show_alert
    assert await harness.users.language(EN_MANAGER.id) == "en"


async def test_admins_are_told_of_a_request_in_their_own_language(harness: Harness) -> None:
    second_admin = 2  # has never written to the bot: English
    await harness.users.grant(second_admin, Role.ADMIN, by=ADMIN_ID)
    await harness.send(Person(ADMIN_ID, "Ada", "ada", language_code="ru"), "/help")
    stranger = Person(91, "Sam", "sam", language_code="en")
    await harness.send(stranger, "/start")

    calls = await harness.press(stranger, AccessCb(action=AccessAction.REQUEST).pack())
    (to_ada,) = sent(calls, ADMIN_ID)
    (to_second,) = sent(calls, second_admin)
    assert to_ada.startswith("🔑 Запрос доступа от")
    assert to_second.startswith("🔑 Access request from")
    buttons = {
        int(c.chat_id): [b.text for row in c.reply_markup.inline_keyboard for b in row]
        for c in calls
        if isinstance(c, SendMessage) and isinstance(c.reply_markup, InlineKeyboardMarkup)
    }
    assert buttons[ADMIN_ID] == [ru("btn-grant-manager"), ru("btn-ignore")]
    assert buttons[second_admin] == [en("btn-grant-manager"), en("btn-ignore")]
    assert answers(calls)[0].text == en("request-answer"), "the stranger reads their own language"

    # The admin grants; the new manager is told in theirs, the admin's message stays Russian.
    grant = await harness.press(ADMIN, AccessCb(action=AccessAction.GRANT, user_id=stranger.id).pack())
    assert sent(grant, stranger.id) == [en("access-granted-to-user")]


async def test_every_feature_answers_a_russian_admin_in_russian(harness: Harness) -> None:
    ada = Person(ADMIN_ID, "Ada", "ada", language_code="ru")
    assert sent(await harness.send(ada, "/lists")) == [ru("lists-empty")]
    assert sent(await harness.send(ada, "📋 Списки")) == [ru("lists-empty")]
    assert sent(await harness.send(ada, "/clients")) == [ru("cl-no-clients")]
    assert sent(await harness.send(ada, "/campaigns")) == [ru("campaigns-empty")]
    assert sent(await harness.send(ada, "/audit")) == [ru("audit-empty")]
    assert sent(await harness.send(ada, "/users"))[0].startswith("<b>У кого есть доступ</b> (1):")
    assert sent(await harness.send(ada, "/grant"))[0] == ru("grant-ask-user")
    assert sent(await harness.send(ada, "кто-то"))[0].endswith(ru("grant-ask-user-again"))
