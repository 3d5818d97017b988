"""Texts shared by every feature (menu, commands, roles, people, lists' names and channels) and the
texts of start, help, cancel, access requests and the admin commands.

HTML parse mode: anything that came from a user goes through `esc`. Each feature keeps its own
texts in its package; what two features say alike lives here once."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

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
    return f"{channel.icon} {channel.title}" if channel else f"📄 {esc(channel_id)}"


def clients_count(count: int) -> str:
    return f"{count:,} client" + ("" if count == 1 else "s")


def list_date(iso: str | None, *, with_time: bool = False) -> str:
    """'2024-05-17T10:03:00+00:00' → '2024-05-17' (or '2024-05-17 10:03 UTC')."""
    if not iso:
        return "—"
    return f"{iso[:10]} {iso[11:16]} UTC" if with_time and len(iso) >= 16 else iso[:10]


NAME_EMPTY = f"The name can't be empty. Type a name of 1–{MAX_NAME_LENGTH} characters."


def name_too_long(length: int) -> str:
    return f"This name has {length} characters; at most {MAX_NAME_LENGTH} are allowed. Type a shorter one."


def name_taken(name: str) -> str:
    return f"A list named «{esc(cut(name, MAX_NAME_LENGTH))}» already exists. Type another name."


def list_created(name: str, count: int) -> str:
    return f"✅ List «<b>{esc(name)}</b>» created: {clients_count(count)}"


BTN_DOWNLOAD = "⬇️ Download"
BTN_DELETE = "🗑 Delete"


# --- main menu (persistent reply keyboard) -------------------------------------------------
MENU_NEW_LIST = "➕ New list"
MENU_LISTS = "📋 Lists"
MENU_CLIENTS = "👥 From bot clients"
MENU_PLACEHOLDER = "Type a command or use the menu"

# --- command menu (setMyCommands) ----------------------------------------------------------
COMMANDS: list[tuple[str, str]] = [
    ("start", "Main menu"),
    ("help", "What this bot does"),
    ("cancel", "Cancel the current action"),
    ("new", "New list from a file"),
    ("lists", "Browse, download and delete lists"),
    ("clients", "New list from clients the bots talked to"),
]
ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("users", "Who has access"),
    ("grant", "Give a role: /grant <id|@username> [manager|admin]"),
    ("revoke", "Take a role away: /revoke <id|@username> [role]"),
    ("audit", "Recent list events: who created, downloaded, deleted"),
    ("campaigns", "Call campaigns: connect or remove"),
]

ROLE_TITLES = {Role.OUTBOUND_MANAGER: "Manager", Role.ADMIN: "Admin"}


def role_title(role: Role) -> str:
    return ROLE_TITLES[role]


def user_label(user: UserRecord | None, user_id: int) -> str:
    if user is None or (not user.full_name and not user.username):
        return f"<code>{user_id}</code>"
    name = f"<b>{esc(cut(user.full_name, ECHO_CHARS))}</b>" if user.full_name else ""
    at = f"@{esc(cut(user.username, ECHO_CHARS))}" if user.username else ""
    return f"{' '.join(p for p in (name, at) if p)} (<code>{user_id}</code>)"


# --- start / help / cancel -----------------------------------------------------------------
def manager_menu(first_name: str) -> str:
    return (
        f"Hi, {esc(first_name)}! Here you manage the <b>client lists</b> of outbound call and text "
        "campaigns.\n\nChoose what to do: the buttons below this message or the menu keyboard."
    )


HELP_MANAGER = (
    "<b>Client lists bot</b>\n"
    f"{MENU_NEW_LIST} — create a list from a spreadsheet (XLS, XLSX or CSV).\n"
    f"{MENU_LISTS} — browse, download or delete lists.\n"
    f"{MENU_CLIENTS} — create a list from clients the bots talked to.\n\n"
    "/cancel stops whatever you are doing. /start shows the menu."
)
HELP_ADMIN = (
    "\n\n<b>Admin</b>\n"
    "/users — who has access\n"
    "/grant &lt;id|@username&gt; [manager|admin] — give a role (without arguments I ask)\n"
    "/revoke &lt;id|@username&gt; [role] — take a role away (all roles when none is given)\n"
    "/audit — recent list events: who created, downloaded or deleted which list\n"
    "/campaigns — call campaigns: connect or remove"
)
HELP_STRANGER = (
    "This bot manages client lists for outbound campaigns. It is for the company's managers only: "
    "send /start to see your Telegram ID and ask an admin for access."
)
CANCELLED = "Cancelled."
NOTHING_TO_CANCEL = "Nothing to cancel."
NOT_AVAILABLE_YET = "This part is not available yet."
UNKNOWN_INPUT = "I didn't understand that. Use the menu below or /help."
STALE_BUTTON = "This button is no longer active."

# --- access --------------------------------------------------------------------------------
NO_ACCESS_ALERT = "You no longer have access."


def no_access(user_id: int) -> str:
    return (
        "You don't have access to this bot yet.\n\n"
        f"Your Telegram ID: <code>{user_id}</code>\n\n"
        "Tap <b>Request access</b> and an admin will be asked to let you in."
    )


def no_access_short(user_id: int) -> str:
    return f"You don't have access to this bot. Your Telegram ID: <code>{user_id}</code>. Send /start."


BTN_REQUEST_ACCESS = "🔑 Request access"
BTN_GRANT_MANAGER = "✅ Grant manager"
BTN_IGNORE = "Ignore"
REQUEST_SENT = "Your request has been sent to the admins. I'll tell you when they decide."
REQUEST_ALREADY_PENDING = "Your request is already waiting for an admin. I'll tell you when they decide."
REQUEST_HAS_ACCESS = "You already have access. Send /start."
REQUEST_NO_ADMINS = (
    "I couldn't reach any admin right now. Please ask your admin directly and give them your ID."
)
REQUEST_ANSWER = "Request sent"


def access_request_for_admin(user: UserRecord | None, user_id: int) -> str:
    return f"🔑 Access request from {user_label(user, user_id)}."


def access_granted_by_admin(user: UserRecord | None, user_id: int, admin: str) -> str:
    return f"✅ {user_label(user, user_id)} is now a manager (granted by {esc(admin)})."


def access_ignored_by_admin(user: UserRecord | None, user_id: int, admin: str) -> str:
    return f"Access request from {user_label(user, user_id)} ignored by {esc(admin)}."


def request_already_decided(status: str) -> str:
    return f"This request was already {esc(status)}."


ACCESS_GRANTED_TO_USER = "✅ An admin gave you access. Welcome!"
ACCESS_DECLINED_TO_USER = "An admin declined your access request."

# --- admin ---------------------------------------------------------------------------------
GRANT_ASK_USER = (
    "Whom should I give a role? Send their Telegram ID (they see it when they /start the bot) "
    "or @username. /cancel to stop."
)
GRANT_ASK_USER_AGAIN = "Send a Telegram ID (digits) or @username, or /cancel."
GRANT_ASK_ROLE = "Which role for {user}?"
GRANT_CHOOSE_ROLE_WITH_BUTTONS = "Choose the role with the buttons above, or /cancel."
BTN_ROLE_MANAGER = "Manager"
BTN_ROLE_ADMIN = "Admin"
REVOKE_USAGE = "Usage: /revoke &lt;id|@username&gt; [manager|admin]"
GRANT_USAGE = "Usage: /grant &lt;id|@username&gt; [manager|admin]"


ECHO_CHARS = 64  # what the bot repeats of a person's input (Telegram caps a message at 4096)


def unknown_role(value: str) -> str:
    return f"Unknown role {esc(cut(value, ECHO_CHARS))}. Roles: manager, admin."


def unknown_user(ref: str) -> str:
    return (
        f"I don't know {esc(cut(ref, ECHO_CHARS))}. Usernames work only for people who have written to "
        "the bot; a numeric Telegram ID always works."
    )


def granted(label: str, role: Role) -> str:
    return f"✅ {label} is now {role_title(role).lower()}."


def already_has(label: str, role: Role) -> str:
    return f"{label} already has the {role_title(role).lower()} role."


def revoked(label: str, roles: Iterable[Role]) -> str:
    names = ", ".join(role_title(r).lower() for r in sorted(roles))
    return f"Removed from {label}: {names}."


def nothing_to_revoke(label: str) -> str:
    return f"{label} has no role that can be removed here."


REVOKE_OWN_ADMIN = (
    "You can't remove your own admin role: nobody might be left to grant access. Ask another admin."
)


def bootstrap_admin_note(label: str) -> str:
    return f"{label} is an admin through ADMIN_IDS in the configuration; change it there."


YOUR_ROLE_GRANTED = "✅ You have been given the {role} role. Send /start."
YOUR_ROLES_REVOKED = "Your access to this bot has changed: removed {roles}."


def users_list(users: list[UserRecord], pending: int) -> str:
    if not users:
        lines = ["Nobody has a role yet."]
    else:
        lines = [f"<b>People with access</b> ({len(users)}):"]
        for user in users:
            roles = ", ".join(role_title(r) for r in sorted(user.roles) if r is not Role.OUTBOUND_MANAGER)
            roles = roles or role_title(Role.OUTBOUND_MANAGER)
            note = " · from ADMIN_IDS" if user.bootstrap_admin else ""
            lines.append(f"• {user_label(user, user.id)} — {roles}{note}")
    if pending:
        lines.append(f"\nPending access requests: {pending}.")
    return "\n".join(lines)


# --- errors --------------------------------------------------------------------------------
APOLOGY = "Sorry, something went wrong on my side. Please try again."
