"""Admin commands about roles: /users, /grant (with arguments, or a two-step flow), /revoke."""

from __future__ import annotations

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InaccessibleMessage, Message

from handlers.common import keyboards, texts
from handlers.common.callbacks import GrantRoleCb, RoleChoice
from handlers.common.notify import notify
from handlers.common.states import GrantFlow
from i18n import tr
from storage.users import Role, UserRecord, UsersRepo, parse_user_id

ROLE_ALIASES = {
    "manager": Role.OUTBOUND_MANAGER,
    "outbound_manager": Role.OUTBOUND_MANAGER,
    "m": Role.OUTBOUND_MANAGER,
    "admin": Role.ADMIN,
    "a": Role.ADMIN,
}
ROLE_CHOICES = {RoleChoice.MANAGER: Role.OUTBOUND_MANAGER, RoleChoice.ADMIN: Role.ADMIN}
# Telegram refuses messages over 4096 characters; a margin for what counts differently (emoji).
MESSAGE_LIMIT = 4000


class CommandError(Exception):
    """A malformed admin command; the message is shown to the admin as is (HTML)."""


def parse_role(value: str | None) -> Role | None:
    if value is None:
        return None
    role = ROLE_ALIASES.get(value.strip().lower())
    if role is None:
        raise CommandError(texts.unknown_role(value))
    return role


async def resolve_user(users: UsersRepo, ref: str) -> tuple[int, UserRecord | None]:
    """A numeric id always resolves (the user may not have written yet); @username must be known."""
    user_id = parse_user_id(ref)
    if user_id is not None:
        return user_id, await users.get(user_id)
    record = await users.find(ref)
    if record is None:
        raise CommandError(texts.unknown_user(ref))
    return record.id, record


async def do_grant(bot: Bot, users: UsersRepo, admin_id: int, user_id: int, role: Role) -> str:
    record = await users.get(user_id)
    label = texts.user_label(record, user_id)
    if not await users.grant(user_id, role, by=admin_id):
        return texts.already_has(label, role)
    await notify(
        bot, users, user_id, lambda: tr("your-role-granted", role=texts.role_key(role)), with_menu=True
    )
    return texts.granted(label, role)


async def list_users(message: Message, users: UsersRepo) -> None:
    text = texts.users_list(await users.with_roles(), await users.pending_requests())
    for part in split_lines(text):
        await message.answer(part)


def split_lines(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long HTML text into messages at line ends (each line is whole HTML: no tag is cut).
    Lengths in UTF-16 units, as Telegram counts them (an emoji is two)."""
    parts: list[str] = []
    current, size = "", 0
    for line in text.split("\n"):
        line = texts.cut_utf16(line, limit)
        length = texts.utf16_len(line)
        if current and size + 1 + length > limit:
            parts.append(current)
            current, size = line, length
        else:
            current, size = (f"{current}\n{line}", size + 1 + length) if current else (line, length)
    parts.append(current)
    return [p for p in parts if p.strip()] or [texts.cut_utf16(text, limit)]


async def grant(
    message: Message, command: CommandObject, bot: Bot, users: UsersRepo, state: FSMContext
) -> None:
    assert message.from_user is not None
    if not command.args:
        await state.set_state(GrantFlow.waiting_user)
        await message.answer(tr("grant-ask-user"))
        return
    parts = command.args.split()
    try:
        if len(parts) > 2:
            raise CommandError(tr("grant-usage"))
        user_id, _ = await resolve_user(users, parts[0])
        role = parse_role(parts[1] if len(parts) > 1 else None) or Role.OUTBOUND_MANAGER
    except CommandError as exc:
        await message.answer(str(exc))
        return
    await message.answer(await do_grant(bot, users, message.from_user.id, user_id, role))


async def revoke(message: Message, command: CommandObject, bot: Bot, users: UsersRepo) -> None:
    assert message.from_user is not None
    parts = (command.args or "").split()
    try:
        if not 1 <= len(parts) <= 2:
            raise CommandError(tr("revoke-usage"))
        user_id, record = await resolve_user(users, parts[0])
        role = parse_role(parts[1] if len(parts) > 1 else None)
    except CommandError as exc:
        await message.answer(str(exc))
        return
    label = texts.user_label(record, user_id)
    own_admin = role in (None, Role.ADMIN) and user_id not in users.admin_ids
    if user_id == message.from_user.id and own_admin:
        await message.answer(tr("revoke-own-admin"))
        return
    removed = await users.revoke(user_id, role)
    if removed:
        await message.answer(texts.revoked(label, removed))
        await notify(bot, users, user_id, lambda: tr("your-roles-revoked", roles=texts.role_names(removed)))
    elif user_id in users.admin_ids and role in (None, Role.ADMIN):
        await message.answer(texts.bootstrap_admin_note(label))
    else:
        await message.answer(texts.nothing_to_revoke(label))


# --- /grant without arguments: a two-step flow that survives restarts --------------------------


async def grant_left_for_another_feature(message: Message, state: FSMContext) -> None:
    """Another command or menu button ends the /grant conversation and reaches its own feature."""
    await state.clear()
    raise SkipHandler  # the state filters below still see the old state: they take is_flow_input


async def grant_got_user(message: Message, users: UsersRepo, state: FSMContext) -> None:
    assert message.text is not None
    try:
        user_id, record = await resolve_user(users, message.text)
    except CommandError as exc:
        await message.answer(tr("grant-bad-user-again", problem=str(exc)))
        return
    await state.set_state(GrantFlow.waiting_role)
    await state.set_data({"user_id": user_id})
    await message.answer(
        tr("grant-ask-role", user=texts.user_label(record, user_id)),
        reply_markup=keyboards.grant_role(user_id),
    )


async def grant_expects_user(message: Message) -> None:
    await message.answer(tr("grant-ask-user-again"))


async def grant_expects_role(message: Message) -> None:
    await message.answer(tr("grant-choose-role-with-buttons"))


async def grant_chose_role(
    query: CallbackQuery, callback_data: GrantRoleCb, bot: Bot, users: UsersRepo, state: FSMContext
) -> None:
    result = await do_grant(
        bot, users, query.from_user.id, callback_data.user_id, ROLE_CHOICES[callback_data.role]
    )
    if await state.get_state() == GrantFlow.waiting_role.state:
        await state.clear()
    await query.answer()
    if query.message is not None and not isinstance(query.message, InaccessibleMessage):
        await query.message.edit_text(result)
