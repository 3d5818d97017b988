"""Render functions shared by every feature (people, roles, lists' names, sizes and dates, channels,
the command menu) and those of start, help, access requests and the admin commands.

Words live in i18n/locales/<locale>/common.ftl and admin.ftl; a text is rendered in the current
locale (`i18n.tr`). HTML parse mode: anything that came from a user goes through `esc`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from i18n import current_locale, formats, tr
from storage.lists import MAX_NAME_LENGTH
from storage.users import Role, UserRecord
from validators.channels import CHANNELS


def esc(value: object) -> str:
    return escape(str(value), quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def cut_utf16(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 units, never inside a character."""
    if utf16_len(text) <= limit:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters (escape after cutting, so no entity is split)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- channels, lists and their names (the same words in every flow) ------------------------
def channel_icon(channel_id: str) -> str:
    channel = CHANNELS.get(channel_id)
    return channel.icon if channel else "📄"


def channel_label(channel_id: str) -> str:
    """Icon and title from the channel catalog; an unknown id is shown as it is. Plain text: safe in
    buttons and in HTML."""
    channel = CHANNELS.get(channel_id)
    return f"{channel.icon} {channel_title(channel_id)}" if channel else f"📄 {esc(channel_id)}"


def channel_title(channel_id: str) -> str:
    """The channel's name in the reader's language (the catalog's title in English)."""
    return tr("channel-title", channel=channel_id)


def number(value: int) -> str:
    """A number as the reader writes it: 1,234,567 or 1 234 567."""
    return formats.number(current_locale(), value)


def clients_count(count: int) -> str:
    return tr("clients-count", count=count)


def list_date(iso: str | None, *, with_time: bool = False) -> str:
    """'2024-05-17T10:03:00+00:00' → '2024-05-17' in English, '17.05.2024' in Russian (with the time:
    '… 10:03 UTC')."""
    if not iso:
        return "—"
    try:
        shown = formats.day(current_locale(), date.fromisoformat(iso[:10]))
    except ValueError:
        shown = iso[:10]
    return f"{shown} {iso[11:16]} UTC" if with_time and len(iso) >= 16 else shown


def name_empty() -> str:
    return tr("name-empty", max=MAX_NAME_LENGTH)


def name_too_long(length: int) -> str:
    return tr("name-too-long", length=length, max=MAX_NAME_LENGTH)


def name_taken(name: str) -> str:
    return tr("name-taken", name=esc(cut(name, MAX_NAME_LENGTH)))


def list_created(name: str, count: int) -> str:
    return tr("list-created", name=esc(name), count=count)


# --- command menu (setMyCommands) ----------------------------------------------------------
COMMANDS = ("start", "help", "cancel", "new", "lists", "clients", "language")
ADMIN_COMMANDS = ("users", "grant", "revoke", "audit", "campaigns")


def command_menu(*, admin: bool) -> list[tuple[str, str]]:
    """(command, description) in the current locale; admins also get the admin commands."""
    names = COMMANDS + (ADMIN_COMMANDS if admin else ())
    return [(name, tr(f"cmd-{name}")) for name in names]


def role_title(role: Role) -> str:
    return tr("role-title", role=role_key(role))


def role_key(role: Role) -> str:
    """The selector Fluent's role texts take."""
    return "admin" if role is Role.ADMIN else "manager"


def user_label(user: UserRecord | None, user_id: int) -> str:
    if user is None or (not user.full_name and not user.username):
        return f"<code>{user_id}</code>"
    name = f"<b>{esc(cut(user.full_name, ECHO_CHARS))}</b>" if user.full_name else ""
    at = f"@{esc(cut(user.username, ECHO_CHARS))}" if user.username else ""
    return f"{' '.join(p for p in (name, at) if p)} (<code>{user_id}</code>)"


# --- start / help / access -----------------------------------------------------------------
def manager_menu(first_name: str) -> str:
    return tr("manager-menu", name=esc(first_name))


def help_text(*, admin: bool) -> str:
    return tr("help-manager") + ("\n\n" + tr("help-admin") if admin else "")


def no_access(user_id: int) -> str:
    return tr("no-access", id=str(user_id))


def no_access_request_sent(user_id: int) -> str:
    return no_access(user_id) + "\n\n" + tr("request-sent")


def no_access_short(user_id: int) -> str:
    return tr("no-access-short", id=str(user_id))


def access_request_for_admin(user: UserRecord | None, user_id: int) -> str:
    return tr("access-request-for-admin", user=user_label(user, user_id))


def access_granted_by_admin(user: UserRecord | None, user_id: int, admin: str) -> str:
    return tr("access-granted-by-admin", user=user_label(user, user_id), admin=esc(admin))


def access_ignored_by_admin(user: UserRecord | None, user_id: int, admin: str) -> str:
    return tr("access-ignored-by-admin", user=user_label(user, user_id), admin=esc(admin))


def request_already_decided(status: str) -> str:
    return tr("request-already-decided", status=status)


# --- admin ---------------------------------------------------------------------------------
ECHO_CHARS = 64  # what the bot repeats of a person's input (Telegram caps a message at 4096)


def unknown_role(value: str) -> str:
    return tr("unknown-role", value=esc(cut(value, ECHO_CHARS)))


def unknown_user(ref: str) -> str:
    return tr("unknown-user", ref=esc(cut(ref, ECHO_CHARS)))


def granted(label: str, role: Role) -> str:
    return tr("granted", user=label, role=role_key(role))


def already_has(label: str, role: Role) -> str:
    return tr("already-has", user=label, role=role_key(role))


def role_names(roles: Iterable[Role]) -> str:
    return ", ".join(tr("role-name", role=role_key(r)) for r in sorted(roles))


def revoked(label: str, roles: Iterable[Role]) -> str:
    return tr("revoked", user=label, roles=role_names(roles))


def nothing_to_revoke(label: str) -> str:
    return tr("nothing-to-revoke", user=label)


def bootstrap_admin_note(label: str) -> str:
    return tr("bootstrap-admin-note", user=label)


def users_list(users: list[UserRecord], pending: int) -> str:
    if not users:
        lines = [tr("users-nobody")]
    else:
        lines = [tr("users-heading", count=len(users))]
        for user in users:
            roles = ", ".join(role_title(r) for r in sorted(user.roles) if r is not Role.OUTBOUND_MANAGER)
            roles = roles or role_title(Role.OUTBOUND_MANAGER)
            note = " " + tr("users-from-config") if user.bootstrap_admin else ""
            lines.append(f"• {user_label(user, user.id)} — {roles}{note}")
    if pending:
        lines.append("\n" + tr("users-pending", count=pending))
    return "\n".join(lines)
