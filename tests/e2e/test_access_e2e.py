"""The foundation's done-when scenarios against the real bot process."""

import pytest

from handlers.common.callbacks import AccessAction, AccessCb
from i18n import tr
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram

pytestmark = pytest.mark.e2e


async def test_stranger_to_manager_and_revoked_button(tg: FakeTelegram, bot_process: BotProcess) -> None:
    await bot_process.start()
    assert tg.commands, "the command menu was registered at start-up"
    admin = tg.user(ADMIN_ID, username="boss", first_name="Ada")
    stranger = tg.user(2002, username="newbie", first_name="Nina")

    await admin.send_text("/start")
    assert tr("menu-lists") in (await admin.next_message()).reply_buttons

    # A stranger: no access, their ID, a Request access button.
    await stranger.send_text("/start")
    no_access = await stranger.next_message()
    assert "don't have access" in no_access.text
    assert "2002" in no_access.text
    query = await stranger.press(tr("btn-request-access"))
    assert (await stranger.callback_answer(query)).text == tr("request-answer")
    await stranger.wait_edit(no_access.message_id, lambda m: tr("request-sent") in m.text and not m.buttons)

    # The request reaches the admin; a second request does not.
    request = await admin.next_message()
    assert "Nina" in request.text
    assert "@newbie" in request.text
    assert request.buttons == [tr("btn-grant-manager"), tr("btn-ignore")]
    old_button = AccessCb(action=AccessAction.REQUEST).pack()
    again = await stranger.press_data(old_button, no_access)
    assert (await stranger.callback_answer(again)).text == tr("request-already-pending")

    # The admin's tap grants; the requester is told.
    query = await admin.press(tr("btn-grant-manager"))
    await admin.callback_answer(query)
    await admin.wait_edit(request.message_id, lambda m: "is now a manager" in m.text and not m.buttons)
    assert (await stranger.next_message()).text == tr("access-granted-to-user")

    # The new manager's /start shows the manager menu; /help carries inline menu buttons.
    await stranger.send_text("/start")
    menu = await stranger.next_message()
    assert menu.reply_buttons == [tr("menu-new-list"), tr("menu-lists"), tr("menu-clients")]
    await stranger.send_text("/help")
    help_message = await stranger.next_message()
    query = await stranger.press(tr("menu-lists"), message=help_message)
    assert not (await stranger.callback_answer(query)).show_alert
    assert (await stranger.next_message()).text == tr("lists-empty")  # the lists page (flow C)

    # After /revoke, the old button is refused with an alert and nothing changes.
    await admin.send_text("/revoke @newbie")
    assert "Removed" in (await admin.next_message()).text
    await stranger.next_message()  # "your access has changed"
    calls_before = len(tg.calls)
    query = await stranger.press(tr("menu-lists"), message=help_message)
    answer = await stranger.callback_answer(query)
    assert (answer.text, answer.show_alert) == (tr("no-access-alert"), True)
    await stranger.expect_no_message(0.3)
    assert help_message.version == 0
    assert [c.method for c in tg.calls[calls_before:] if c.method != "getUpdates"] == ["answerCallbackQuery"]
    await stranger.send_text("/start")
    assert "don't have access" in (await stranger.next_message()).text


async def test_group_chat_message_gets_no_answer(tg: FakeTelegram, bot_process: BotProcess) -> None:
    await bot_process.start()
    admin = tg.user(ADMIN_ID, username="boss", first_name="Ada")
    group_message = await admin.send_in_group("/start", chat_type="group")
    await admin.send_in_group("/help", chat_id=group_message.chat_id, chat_type="group")
    await admin.send_text("/start")  # processed after the group updates
    await admin.next_message()
    await admin.expect_no_message(0.3)
    assert tg.bot_messages(group_message.chat_id) == []
    touched = [c for c in tg.calls if str(c.params.get("chat_id")) == str(group_message.chat_id)]
    assert touched == []
