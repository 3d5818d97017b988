"""Every user-facing string. HTML parse mode: anything that came from a user goes through `esc`."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from storage.users import Role, UserRecord
from validators.channels import CHANNELS


def esc(value: object) -> str:
    return escape(str(value), quote=False)


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
]

ROLE_TITLES = {Role.OUTBOUND_MANAGER: "Manager", Role.ADMIN: "Admin"}


def role_title(role: Role) -> str:
    return ROLE_TITLES[role]


def user_label(user: UserRecord | None, user_id: int) -> str:
    if user is None or (not user.full_name and not user.username):
        return f"<code>{user_id}</code>"
    name = f"<b>{esc(user.full_name)}</b>" if user.full_name else ""
    at = f"@{esc(user.username)}" if user.username else ""
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
    "/audit — recent list events: who created, downloaded or deleted which list"
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


def unknown_role(value: str) -> str:
    return f"Unknown role {esc(value)}. Roles: manager, admin."


def unknown_user(ref: str) -> str:
    return (
        f"I don't know {esc(ref)}. Usernames work only for people who have written to the bot; "
        "a numeric Telegram ID always works."
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


# --- lists (flow C: browse, download, delete) and the audit trail -------------------------
LISTS_EMPTY = (
    "There are no client lists yet.\n\n"
    f"Create one with {MENU_NEW_LIST} (from a spreadsheet) or {MENU_CLIENTS}."
)
LIST_GONE = "This list no longer exists."
PREPARING_FILE = "⏳ Preparing the file…"
DOWNLOAD_ANSWER = "Sending the file…"
DELETED_ANSWER = "Deleted"
BTN_LIST_DOWNLOAD = "⬇️ Download"
BTN_LIST_DELETE = "🗑 Delete"
BTN_LIST_BACK = "« Back"
BTN_ALL_LISTS = "« All lists"
BTN_PAGE_PREV = "‹"
BTN_PAGE_NEXT = "›"
BTN_CONFIRM_DELETE = "Yes, delete"
BTN_CANCEL_DELETE = "Cancel"
_NAME_IN_BUTTON = 32


def list_channel(channel_id: str) -> str:
    """Icon and title from the channel catalog; an unknown id is shown as it is."""
    channel = CHANNELS.get(channel_id)
    return f"{channel.icon} {channel.title}" if channel else f"📄 {esc(channel_id)}"


def _list_icon(channel_id: str) -> str:
    channel = CHANNELS.get(channel_id)
    return channel.icon if channel else "📄"


def list_date(iso: str | None, *, with_time: bool = False) -> str:
    """'2024-05-17T10:03:00+00:00' → '2024-05-17' (or '2024-05-17 10:03 UTC')."""
    if not iso:
        return "—"
    return f"{iso[:10]} {iso[11:16]} UTC" if with_time and len(iso) >= 16 else iso[:10]


def clients_count(count: int) -> str:
    return f"{count:,} client" + ("" if count == 1 else "s")


def list_button(name: str | None, channel_id: str, row_count: int, created_at: str | None) -> str:
    """Plain text (buttons are not HTML): icon, name, size, date."""
    shown = name or "—"
    if len(shown) > _NAME_IN_BUTTON:
        shown = shown[: _NAME_IN_BUTTON - 1] + "…"
    return f"{_list_icon(channel_id)} {shown} · {row_count:,} · {list_date(created_at)}"


def lists_page(total: int, page: int, pages: int) -> str:
    where = f" · page {page + 1} of {pages}" if pages > 1 else ""
    return f"📋 <b>Client lists</b>: {total}{where}\nTap a list to download or delete it."


def _client_filters(source: dict[str, object]) -> list[str]:
    """Flow B's filters as a person reads them; ids and timestamps are for machines and skipped."""
    raw = source.get("filters")
    filters: dict[str, object] = raw if isinstance(raw, dict) else {}
    parts = [f"project {esc(source['project'])}"] if source.get("project") else []
    if filters.get("period_days"):
        parts.append(f"active in the last {esc(filters['period_days'])} days")
    elif filters.get("range"):  # as typed, both days included ("until" is the exclusive next day)
        parts.append(f"active {esc(filters['range'])}")
    elif filters.get("since") or filters.get("until"):
        since, until = str(filters.get("since") or "…")[:10], str(filters.get("until") or "…")[:10]
        parts.append(f"active {esc(since)} – {esc(until)}")
    if filters.get("search"):
        parts.append(f"search “{esc(filters['search'])}”")
    if filters.get("label"):
        parts.append(f"label {esc(filters['label'])}")
    known = {"period_days", "range", "since", "until", "search", "label"}
    parts += [
        f"{esc(key)}: {esc(value)}"
        for key, value in filters.items()
        if key not in known and not key.endswith(("_id", "_ts")) and value not in (None, "", [], {})
    ]
    return parts


def list_source(source: dict[str, object]) -> str:
    """Where a list came from: the uploaded file's name, or bot clients and the filters used."""
    if source.get("kind") == "clients":
        parts = _client_filters(source)
        return "from bot clients" + (f" ({'; '.join(parts)})" if parts else ", no filters")
    name = source.get("file_name") or source.get("name")
    return f"file <i>{esc(name)}</i>" if name else "uploaded file"


def list_card(
    name: str | None,
    channel_id: str,
    row_count: int,
    source: dict[str, object],
    creator: str,
    created_at: str | None,
) -> str:
    return (
        f"📋 <b>{esc(name or '—')}</b>\n\n"
        f"Channel: {list_channel(channel_id)}\n"
        f"Size: {clients_count(row_count)}\n"
        f"Source: {list_source(source)}\n"
        f"Created by: {creator}\n"
        f"Created: {list_date(created_at, with_time=True)}"
    )


def confirm_delete(name: str | None, row_count: int) -> str:
    return f"Delete «{esc(name or '—')}» ({clients_count(row_count)})? This cannot be undone."


def list_deleted(name: str | None, row_count: int) -> str:
    return f"🗑 List «{esc(name or '—')}» ({clients_count(row_count)}) was deleted."


def list_file_caption(name: str | None, row_count: int) -> str:
    return f"📋 {esc(name or '—')} — {clients_count(row_count)}"


AUDIT_EMPTY = "No list events yet."
AUDIT_ACTIONS = {"created": "created", "downloaded": "downloaded", "deleted": "deleted"}


_NAME_IN_AUDIT = 48
_MESSAGE_BUDGET = 4000  # Telegram's limit is 4096 characters


def audit_line(at: str, who: str, action: str, list_name: str | None, list_id: int | None) -> str:
    what = AUDIT_ACTIONS.get(action, esc(action))
    if list_name and len(list_name) > _NAME_IN_AUDIT:
        list_name = list_name[: _NAME_IN_AUDIT - 1] + "…"
    target = f"«{esc(list_name)}»" if list_name else "a list"
    number = f" #{list_id}" if list_id is not None else ""
    return f"• {list_date(at, with_time=True)} — {who} {what} {target}{number}"


def audit_events(lines: list[str]) -> str:
    """As many of the (newest first) lines as fit in one message."""
    shown: list[str] = []
    size = 60  # the heading
    for line in lines:
        size += len(line) + 1
        if size > _MESSAGE_BUDGET:
            break
        shown.append(line)
    return f"<b>Recent list events</b> ({len(shown)}, newest first):\n" + "\n".join(shown)


# --- new list from a file (flow A) ---------------------------------------------------------
NL_CHOOSE_CHANNEL = "➕ <b>New list from a file</b>\n\nWhich campaigns is the list for? Choose the channel:"
NL_CHOOSE_CHANNEL_HINT = "Choose the channel with the buttons above, or /cancel."
NL_SEND_DOCUMENT = (
    "Send the list as a <b>document</b> (📎 → File): an XLSX, XLS or CSV file. Photos, stickers and "
    "text messages can't be read. /cancel to stop."
)
NL_REVIEW_HINT = (
    "Use the buttons under the summary above, or send a corrected file to check it instead. /cancel to stop."
)
NL_CONSENT_HINT = "Tap <b>I confirm</b> or <b>Cancel</b> above, or /cancel."
NL_NAME_HINT = "Type the list's name as a text message, or tap the suggested name. /cancel to stop."
NL_DOWNLOAD_FAILED = "I couldn't download this file from Telegram. Please send it again."
NL_CANCELLED = "Import cancelled. Nothing was saved."
NL_CHECK_STOPPED = "⏹ The check of this file was stopped. Nothing was saved."
NL_CANCELLED_ANSWER = "Cancelled"
NL_STAGE_GONE = (
    "This import is no longer pending (it was cancelled, replaced by another file or expired). "
    "Send /new to start again."
)
NL_STAGE_GONE_ALERT = "This import is no longer pending. Send /new to start again."
NL_BUSY_ALERT = "Still checking a file — one moment."
NL_REPORT_ANSWER = "Preparing the report…"
NL_NAME_EMPTY = "The name can't be empty. Type a name of 1–100 characters."
NL_DEFAULT_NAME = "List"
BTN_SAMPLE_XLSX = "📄 Sample XLSX"
BTN_SAMPLE_CSV = "📄 Sample CSV"
BTN_VIEW_FAILED = "🔎 View failed rows"
BTN_ADD_VALID = "✅ Add only valid rows"
BTN_CONTINUE = "✅ Continue"
BTN_CANCEL_IMPORT = "✖️ Cancel import"
BTN_I_CONFIRM = "✅ I confirm"
BTN_CANCEL = "Cancel"
NL_REASONS = {
    "empty": "Empty first cell",
    "not_a_number": "Not a number",
    "scientific_notation": "Scientific notation (1.2E+10)",
    "too_short": "Too short",
    "too_long": "Too long",
    "unknown_country_code": "Unknown country code",
    "invalid_for_country": "Not in the country's numbering plan",
    "invalid_id": "Not a valid ID",
    "bad_timezone": "Bad timezone",
    "bad_priority": "Bad priority",
    "control_characters": "Control characters",
    "duplicate": "Duplicate",
}
_EXAMPLE_CHARS = 160
_TITLE_CHARS = 40  # a failing column's title in the summary's examples
_FILE_CHARS = 120  # a file name in flow A's messages (Telegram: 4096 per text, 1024 per caption)


def _cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters (escape after cutting, so no entity is split)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nl_channel_button(channel_id: str) -> str:
    channel = CHANNELS[channel_id]
    return f"{channel.icon} {channel.title}"


def nl_channel(channel_id: str) -> str:
    channel = CHANNELS.get(channel_id)
    return f"{channel.icon} {channel.title}" if channel else esc(channel_id)


def nl_format_help(channel_id: str, max_mb: int) -> str:
    channel = CHANNELS[channel_id]
    if channel.is_call:
        first = (
            "<b>First column</b>: the phone number with country code, digits only, no +, "
            f"e.g. <code>{esc(channel.examples[0])}</code>.\n"
            "<b>Optional columns</b>: First name, Last name, City, timezone (GMT_ZONE, ±hh:mm), priority "
            "(a whole number), and any other columns — they are kept with each client."
        )
    else:
        first = (
            f"<b>First column</b>: {esc(channel.id_title)} — {esc(channel.description)} "
            f"E.g. <code>{esc(channel.examples[0])}</code>.\n"
            "<b>Other columns</b> (first name, last name, …) are kept with each client."
        )
    return (
        f"{nl_channel(channel_id)} — {'call' if channel.is_call else 'text'} campaigns.\n\n"
        f"{first}\n"
        "A header row is optional; only the first sheet with data is read.\n\n"
        f"<b>File</b>: XLSX, XLS or CSV, up to {max_mb} MB, sent as a document.\n"
        "Download a sample below, fill it in and send it back."
    )


def nl_too_big(size_bytes: int, max_mb: int) -> str:
    return (
        f"⚠️ This file is {size_bytes / 2**20:.1f} MB; the limit is {max_mb} MB. Split it into smaller "
        "files or delete unused rows, columns and sheets, then send it again (or /cancel)."
    )


def nl_refused(message: str) -> str:
    return f"⚠️ {esc(message)}\n\nSend another file when it's ready, or /cancel."


def nl_received(file_name: str) -> str:
    return f"⏳ Received <i>{esc(_cut(file_name, _FILE_CHARS))}</i>. Checking…"


def nl_queued(file_name: str) -> str:
    return (
        f"⏳ Received <i>{esc(_cut(file_name, _FILE_CHARS))}</i>. Other files are being checked right now; "
        "yours is next in line."
    )


def nl_check_interrupted(file_name: str) -> str:
    return (
        f"⚠️ The bot restarted while checking <i>{esc(_cut(file_name, _FILE_CHARS))}</i>, so the check "
        "did not finish and nothing was saved. Please send the file again."
    )


def nl_progress(file_name: str, rows_done: int, fraction: float | None) -> str:
    percent = f"{fraction * 100:.0f}% " if fraction is not None else ""
    return f"⏳ Validating <i>{esc(_cut(file_name, _FILE_CHARS))}</i>… {percent}({rows_done:,} rows)"


def nl_summary(
    summary: dict[str, Any], channel_id: str, examples: list[tuple[int, str, str, str | None]]
) -> str:
    """The check of an uploaded file; `examples` are (row, column, message, suggestion) of failed rows."""
    lines = [f"📊 <b>Check of</b> <i>{esc(_cut(str(summary.get('file_name', '')), _FILE_CHARS))}</i>"]
    if summary.get("same_file"):
        lines[0] += " (you sent this file already)"
    sheet = summary.get("sheet")
    if sheet:
        other = summary.get("other_sheets") or []
        ignored = f" (other sheets ignored: {esc(', '.join(other[:5]))}{', …' if len(other) > 5 else ''})"
        lines.append(f"Sheet: {esc(sheet)}{ignored if other else ''}")
    lines += [
        f"Channel: {nl_channel(channel_id)}",
        "",
        f"Rows read: <b>{summary['rows_read']:,}</b>",
        f"✅ Valid: <b>{summary['valid']:,}</b>",
        f"❌ Invalid: <b>{summary['invalid']:,}</b>",
    ]
    for reason, count in summary.get("by_reason", {}).items():
        lines.append(f"    • {esc(NL_REASONS.get(reason, reason))}: {count:,}")
    lines.append(f"♻️ Exact duplicates skipped: {summary['duplicates']:,}")
    lines.append(f"🔧 Values normalized: {summary['normalized']:,}")
    if summary.get("fixes_applied"):
        lines.append(f"💡 Suggested fixes applied: {summary['suggestions_applied']:,}")
    elif summary.get("suggestions"):
        lines.append(f"💡 Suggested fixes available: {summary['suggestions']:,}")
    if examples:
        lines += ["", "<b>Failed rows, first examples</b>:"]
        for row, column, message, suggestion in examples:
            where = f"Row {row}" + (f", {esc(_cut(column, _TITLE_CHARS))}" if column else "")
            tip = f" → <code>{esc(_cut(suggestion, _TITLE_CHARS))}</code>" if suggestion else ""
            lines.append(f"• {where}: {esc(_cut(message, _EXAMPLE_CHARS))}{tip}")
    if not summary["rows_read"]:
        lines += [
            "",
            "The file has no data rows (only a header or empty rows). Add the clients and send it again.",
        ]
    elif not summary["valid"]:
        lines += ["", "No row can be added. Fix the file (see View failed rows) and send it again."]
    elif summary["invalid"] or summary["duplicates"]:
        lines += ["", "Send a corrected file at any time to check it instead."]
    return "\n".join(lines)


def btn_apply_fixes(count: int) -> str:
    return f"🛠 Apply {count:,} suggested fix" + ("" if count == 1 else "es")


def nl_report_caption(file_name: str) -> str:
    return (
        f"🔎 Failed rows of <i>{esc(_cut(file_name, _FILE_CHARS))}</i>: row number, reason, suggestion and "
        "the original cells."
    )


def nl_consent(channel_id: str, valid: int) -> str:
    channel = CHANNELS.get(channel_id)
    what = "phone numbers" if channel is None or channel.is_call else "IDs"
    return (
        f"{valid:,} client{'s' if valid != 1 else ''} will be added.\n\n"
        f"Confirm that these clients agreed to give you their {what}."
    )


def nl_ask_name(default: str) -> str:
    return f"Name the list: type a name (1–100 characters) or tap the suggested one:\n<i>{esc(default)}</i>"


def btn_default_name(name: str) -> str:
    shown = name if len(name) <= 40 else name[:39] + "…"
    return f"📝 {shown}"


def nl_name_too_long(length: int) -> str:
    return f"This name has {length} characters; at most 100 are allowed. Type a shorter one."


def nl_name_taken(name: str) -> str:
    return f"A list named «{esc(name)}» already exists. Type another name."


def nl_created(name: str, count: int, channel_id: str) -> str:
    return (
        f"✅ List «<b>{esc(name)}</b>» created: {count:,} client{'s' if count != 1 else ''}, "
        f"{nl_channel(channel_id)}."
    )


NL_BTN_DOWNLOAD = "⬇️ Download"
NL_BTN_DELETE = "🗑 Delete"


# --- lists from bot clients (flow B) -------------------------------------------------------
CL_NO_CLIENTS = (
    "There are no bot clients to choose from yet.\n\n"
    "They come from the platform's clients report: <code>python -m bot import-clients REPORT.xlsx</code>. "
    "To try the bot with fake clients: <code>python -m bot demo-data</code>."
)
CL_CHOOSE_PROJECT = "👥 <b>List from bot clients</b>\n\nChoose the bot project:"
CL_USE_PROJECT_BUTTONS = "Choose the project with the buttons above, or /cancel."
CL_USE_CHANNEL_BUTTONS = "Choose the channel with the buttons above, or /cancel."
CL_USE_FILTER_BUTTONS = "Change the filters with the buttons above, type a name or ID to search, or /cancel."
CL_TYPE_NAME = "Send the name of the list as text, or /cancel."
CL_DATES_PROMPT = (
    "Send the last-activity dates as <code>01.09.2026-30.09.2026</code> or "
    "<code>2026-09-01..2026-09-30</code> (both days included; one date means that day)."
)
CL_SEARCH_PROMPT = "Send part of the client's name or ID (any letter case)."
CL_SEARCH_TOO_LONG = "That search is too long: at most 100 characters. Send a shorter one."
CL_EMPTY_ALERT = "No clients match these filters, so there is nothing to put in a list. Widen the filters."
CL_NAME_PROMPT = "Name the new list (1–100 characters), or tap the suggested name:"
CL_NAME_EMPTY = "The name is empty. Type a name of 1–100 characters."
CL_CREATING = "Creating the list…"
CL_GONE = "These clients are no longer there (the data changed). Start again with /clients."
CL_PERIOD_ALL = "All time"
CL_BTN_DATES = "📅 Dates…"
CL_BTN_SEARCH = "🔍 Search…"
CL_BTN_RESET = "↺ Reset filters"
CL_BTN_DOWNLOAD = "⬇️ Download"
CL_BTN_DELETE = "🗑 Delete"


def cl_period_button(days: int) -> str:
    return f"{days} days" if days else CL_PERIOD_ALL


def cl_count_button(label: str, count: int) -> str:
    """Button text (plain, not HTML)."""
    return f"{label} · {count:,}"


def cl_channel_label(channel_id: str) -> str:
    from validators.channels import CHANNELS

    channel = CHANNELS.get(channel_id)
    return f"{channel.icon} {channel.title}" if channel else channel_id


def cl_choose_channel(project: str) -> str:
    return f"👥 Project <b>{esc(project)}</b>\n\nChoose the channel (number of clients):"


def cl_selected(text: str, selected: bool) -> str:
    return f"✓ {text}" if selected else text


def cl_clear_search_button(search: str) -> str:
    short = search if len(search) <= 20 else search[:19] + "…"
    return f"✖ Search «{short}»"


def cl_label_button(name: str, selected: bool) -> str:
    return cl_selected(f"🏷 {name}", selected)


def cl_create_button(count: int) -> str:
    return f"✅ Create client list ({count:,})" if count else "Create client list (0 clients)"


def cl_period_text(days: int | None, custom: str | None) -> str:
    if custom:
        return custom
    return f"last {days} days" if days else "all time"


def cl_filters(
    project: str, channel_id: str, period: str, search: str | None, label: str | None, count: int
) -> str:
    lines = [
        f"👥 <b>{esc(project)}</b> · {cl_channel_label(channel_id)}",
        "",
        f"Last activity: <b>{esc(period)}</b>",
        f"Search: <b>{esc(search)}</b>" if search else "Search: —",
        f"Label: <b>{esc(label)}</b>" if label else "Label: any",
        "",
        f"Matching clients: <b>{count:,}</b>",
    ]
    if count:
        lines.append("\nType a name or ID to search; the buttons change the other filters.")
    else:
        lines.append("\nNo client matches: widen the filters to create a list.")
    return "\n".join(lines)


def cl_bad_dates(text: str) -> str:
    return f"I couldn't read «{esc(text[:60])}» as dates. {CL_DATES_PROMPT}"


CL_DATES_BACKWARDS = (
    "The end date is before the start date. Send the earlier date first, e.g. 01.09.2026-30.09.2026."
)


def cl_dates_future(today: str) -> str:
    return f"These dates are all after today ({today}, UTC): no client was active then. Send past dates."


def cl_name_too_long(length: int) -> str:
    return f"This name has {length} characters; at most 100 are allowed. Type a shorter one."


def cl_name_taken(name: str) -> str:
    return f"A list named «{esc(name)}» already exists. Type another name."


def cl_use_default_name(name: str) -> str:
    short = name if len(name) <= 48 else name[:47] + "…"
    return f"Use «{short}»"


def cl_created(name: str, count: int, channel_id: str, project: str) -> str:
    return (
        f"✅ List «<b>{esc(name)}</b>» created: {count:,} client{'s' if count != 1 else ''} of "
        f"{cl_channel_label(channel_id)}, project {esc(project)}. It is also on the {MENU_LISTS} page."
    )


# --- errors --------------------------------------------------------------------------------
APOLOGY = "Sorry, something went wrong on my side. Please try again."
