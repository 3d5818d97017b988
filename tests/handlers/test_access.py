"""Roles, access requests and admin commands, in process."""

from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Chat

from handlers.common import texts as common
from handlers.common.callbacks import AccessAction, AccessCb, GrantRoleCb, MenuAction, MenuCb, RoleChoice
from i18n import tr
from storage.users import Role
from tests.handlers.conftest import ADMIN, ADMIN_ID, MANAGER, STRANGER, Harness, answers
from tests.handlers.conftest import texts as sent


async def test_stranger_start_shows_id_and_request_button(harness: Harness) -> None:
    calls = await harness.send(STRANGER, "/start")
    (reply,) = [c for c in calls if isinstance(c, SendMessage)]
    assert str(STRANGER.id) in reply.text
    assert "don't have access" in reply.text
    assert reply.reply_markup.inline_keyboard[0][0].text == tr("btn-request-access")  # type: ignore[union-attr]


async def test_request_grant_flow(harness: Harness) -> None:
    await harness.send(STRANGER, "/start")
    calls = await harness.press(STRANGER, AccessCb(action=AccessAction.REQUEST).pack())
    to_admin = [c for c in calls if isinstance(c, SendMessage) and c.chat_id == ADMIN_ID]
    assert len(to_admin) == 1
    assert "@sam" in to_admin[0].text
    assert answers(calls)[0].text == tr("request-answer")
    assert any(isinstance(c, EditMessageText) and tr("request-sent") in (c.text or "") for c in calls)

    again = await harness.press(STRANGER, AccessCb(action=AccessAction.REQUEST).pack())
    assert answers(again)[0].text == tr("request-already-pending")
    assert sent(again, ADMIN_ID) == []

    grant = await harness.press(ADMIN, AccessCb(action=AccessAction.GRANT, user_id=STRANGER.id).pack())
    assert await harness.users.has_role(STRANGER.id, Role.OUTBOUND_MANAGER)
    assert sent(grant, STRANGER.id) == [tr("access-granted-to-user")]
    late = await harness.press(ADMIN, AccessCb(action=AccessAction.IGNORE, user_id=STRANGER.id).pack())
    assert answers(late)[0].show_alert
    assert await harness.users.has_role(STRANGER.id, Role.OUTBOUND_MANAGER)


async def test_stranger_cannot_press_admin_buttons(harness: Harness) -> None:
    await harness.users.request_access(STRANGER.id)
    calls = await harness.press(STRANGER, AccessCb(action=AccessAction.GRANT, user_id=STRANGER.id).pack())
    assert [(a.text, a.show_alert) for a in answers(calls)] == [(tr("no-access-alert"), True)]
    assert not await harness.users.has_role(STRANGER.id, Role.OUTBOUND_MANAGER)


async def test_manager_start_help_and_revoked_button(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    (start,) = [c for c in await harness.send(MANAGER, "/start") if isinstance(c, SendMessage)]
    keyboard = start.reply_markup.keyboard  # type: ignore[union-attr]
    assert [b.text for row in keyboard for b in row] == [
        tr("menu-new-list"),
        tr("menu-lists"),
        tr("menu-clients"),
    ]
    lists = MenuCb(action=MenuAction.LISTS).pack()
    assert answers(await harness.press(MANAGER, lists))[0].show_alert is not True

    await harness.send(ADMIN, f"/revoke {MANAGER.id}")
    calls = await harness.press(MANAGER, lists)
    assert [(a.text, a.show_alert) for a in answers(calls)] == [(tr("no-access-alert"), True)]
    assert [c for c in calls if not isinstance(c, type(answers(calls)[0]))] == []


async def test_grant_and_revoke_commands(harness: Harness) -> None:
    await harness.send(MANAGER, "/start")  # known by @username from now on
    calls = await harness.send(ADMIN, "/grant @MAX admin")
    assert sent(calls, ADMIN_ID) == [
        common.granted(common.user_label(await harness.users.get(MANAGER.id), MANAGER.id), Role.ADMIN)
    ]
    assert await harness.users.has_role(MANAGER.id, Role.ADMIN)
    assert "Max" in sent(await harness.send(ADMIN, "/users"))[0]
    assert "Removed" in sent(await harness.send(ADMIN, "/revoke @max admin"), ADMIN_ID)[0]
    assert not await harness.users.has_role(MANAGER.id, Role.OUTBOUND_MANAGER)
    assert "don't know" in sent(await harness.send(ADMIN, "/grant @nobody"))[0]
    assert "Unknown role" in sent(await harness.send(ADMIN, "/grant 5 boss"))[0]
    assert "ADMIN_IDS" in sent(await harness.send(ADMIN, f"/revoke {ADMIN_ID}"))[0]
    assert "Usage" in sent(await harness.send(ADMIN, "/revoke"))[0]


async def test_manager_cannot_use_admin_commands(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    calls = await harness.send(MANAGER, f"/grant {MANAGER.id} admin")
    assert sent(calls) == [tr("unknown-input")]
    assert not await harness.users.has_role(MANAGER.id, Role.ADMIN)


async def test_grant_flow_asks_whom_then_role(harness: Harness) -> None:
    assert sent(await harness.send(ADMIN, "/grant")) == [tr("grant-ask-user")]
    assert sent(await harness.send(ADMIN, "not an id"))[0].endswith(tr("grant-ask-user-again"))
    calls = await harness.send(ADMIN, "999")
    assert sent(calls)[0] == tr("grant-ask-role", user="<code>999</code>")
    assert sent(await harness.send(ADMIN, "manager")) == [tr("grant-choose-role-with-buttons")]
    await harness.press(ADMIN, GrantRoleCb(user_id=999, role=RoleChoice.MANAGER).pack())
    assert await harness.users.has_role(999, Role.OUTBOUND_MANAGER)
    assert sent(await harness.send(ADMIN, "/cancel"))[0] == tr("nothing-to-cancel")


async def test_cancel_clears_any_state(harness: Harness) -> None:
    await harness.send(ADMIN, "/grant")
    assert sent(await harness.send(ADMIN, "/cancel")) == [tr("cancelled")]
    assert sent(await harness.send(ADMIN, "12345")) == [tr("unknown-input")]


async def test_group_messages_are_ignored(harness: Harness) -> None:
    group = Chat(id=-100500, type="supergroup", title="Team")
    assert await harness.send(ADMIN, "/start", chat=group) == []
    assert await harness.send(STRANGER, "/start", chat=group) == []
    assert await harness.users.get(STRANGER.id) is None  # not even remembered


async def test_strangers_text_gets_no_access_line(harness: Harness) -> None:
    assert sent(await harness.send(STRANGER, "hello")) == [common.no_access_short(STRANGER.id)]
    assert "managers only" in sent(await harness.send(STRANGER, "/help"))[0]


async def test_user_text_is_escaped(harness: Harness) -> None:
    from tests.handlers.conftest import Person

    evil = Person(66, "<b>Eve & co", "eve")
    await harness.users.grant(evil.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    (start,) = sent(await harness.send(evil, "/start"))
    assert "&lt;b&gt;Eve &amp; co" in start


async def test_menu_buttons_and_commands_leave_the_grant_flow(harness: Harness) -> None:
    await harness.send(ADMIN, "/grant")
    assert sent(await harness.send(ADMIN, tr("menu-lists"))) == [tr("lists-empty")]
    assert sent(await harness.send(ADMIN, "12345")) == [tr("unknown-input")]  # the flow is over

    await harness.send(ADMIN, "/grant")
    await harness.send(ADMIN, "999")  # now waiting for the role
    audit = sent(await harness.send(ADMIN, "/audit"))
    assert len(audit) == 1
    assert tr("grant-choose-role-with-buttons") not in audit[0]
    assert sent(await harness.send(ADMIN, "/cancel")) == [tr("nothing-to-cancel")]
    assert not await harness.users.has_role(999, Role.OUTBOUND_MANAGER)


async def test_users_with_hundreds_of_people_fits_telegram_limits(harness: Harness) -> None:
    for i in range(300):
        user_id = 1000 + i
        await harness.users.seen(user_id, f"user{i}", f"Name <{i}> & Surname Longer-Than-Usual")
        await harness.users.grant(user_id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    parts = sent(await harness.send(ADMIN, "/users"))
    assert len(parts) > 1
    assert all(len(p) <= 4096 for p in parts)
    joined = "\n".join(parts)
    assert all(f"<code>{1000 + i}</code>" in joined for i in range(300))
    assert "Name &lt;7&gt; &amp; Surname" in joined


async def test_grant_and_revoke_refuse_ids_that_are_not_telegram_ids(harness: Harness) -> None:
    for ref in ("99999999999999999999999", "²", "0", "-5", "١٢٣"):
        for command in ("/grant", "/revoke"):
            (reply,) = sent(await harness.send(ADMIN, f"{command} {ref}"))
            assert reply == common.unknown_user(ref), (command, ref)
    await harness.send(ADMIN, "/grant")
    (reply,) = sent(await harness.send(ADMIN, "99999999999999999999999"))
    assert reply.startswith(common.unknown_user("99999999999999999999999"))


async def test_an_admin_cannot_revoke_their_own_admin_role(harness: Harness) -> None:
    await harness.send(MANAGER, "/start")
    await harness.send(ADMIN, f"/grant {MANAGER.id} admin")
    for command in (f"/revoke {MANAGER.id}", "/revoke @max admin"):
        assert sent(await harness.send(MANAGER, command)) == [tr("revoke-own-admin")]
    assert await harness.users.has_role(MANAGER.id, Role.ADMIN)
    assert "Removed" in sent(await harness.send(ADMIN, f"/revoke {MANAGER.id}"))[0]
