"""Texts of flow C: the lists page, a list's card, download, delete, and the /audit trail."""

from __future__ import annotations

from handlers.common.texts import channel_icon, channel_label, clients_count, cut, esc, list_date
from i18n import tr

LISTS_EMPTY = (
    "There are no client lists yet.\n\n"
    f"Create one with {tr('menu-new-list')} (from a spreadsheet) or {tr('menu-clients')}."
)
LIST_GONE = "This list no longer exists."
PREPARING_FILE = "⏳ Preparing the file…"
DOWNLOAD_ANSWER = "Sending the file…"
DELETED_ANSWER = "Deleted"
BTN_LIST_BACK = "« Back"
BTN_ALL_LISTS = "« All lists"
BTN_PAGE_PREV = "‹"
BTN_PAGE_NEXT = "›"
BTN_CONFIRM_DELETE = "Yes, delete"
BTN_CANCEL_DELETE = "Cancel"
_NAME_IN_BUTTON = 32


def list_button(name: str | None, channel_id: str, row_count: int, created_at: str | None) -> str:
    """Plain text (buttons are not HTML): icon, name, size, date."""
    shown = cut(name or "—", _NAME_IN_BUTTON)
    return f"{channel_icon(channel_id)} {shown} · {row_count:,} · {list_date(created_at)}"


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
        f"Channel: {channel_label(channel_id)}\n"
        f"Size: {clients_count(row_count)}\n"
        f"Source: {list_source(source)}\n"
        f"Created by: {creator}\n"
        f"Created: {list_date(created_at, with_time=True)}"
    )


def list_sent(campaign: str, at: str | None, status: str, done: int, accepted: int) -> str:
    """One line of the card per push of the list (flow D), newest first."""
    how = {
        "done": f"{accepted:,} accepted",
        "running": f"sending, {done:,} so far",
        "pending": "waiting to start",
        "failed": f"stopped, {accepted:,} accepted",
        "cancelled": f"cancelled, {accepted:,} accepted",
    }.get(status, esc(status))
    return f"📞 {esc(cut(campaign, 40))} · {list_date(at)} · {how}"


def confirm_delete(name: str | None, row_count: int) -> str:
    return f"Delete «{esc(name or '—')}» ({clients_count(row_count)})? This cannot be undone."


def list_deleted(name: str | None, row_count: int) -> str:
    return f"🗑 List «{esc(name or '—')}» ({clients_count(row_count)}) was deleted."


def list_file_caption(name: str | None, row_count: int, values_cut: int = 0) -> str:
    caption = f"📋 {esc(cut(name or '—', 200))} — {clients_count(row_count)}"
    if values_cut:
        caption += (
            f"\n⚠️ {values_cut:,} value{'s' if values_cut != 1 else ''} longer than Excel's limit of 32,767 "
            "characters per cell had to be cut in this file."
        )
    return caption


AUDIT_EMPTY = "No list events yet."
AUDIT_ACTIONS = {
    "created": "created",
    "downloaded": "downloaded",
    "deleted": "deleted",
    "sent_to_campaign": "sent to a call campaign",
    "campaign_paused": "paused a call campaign of",
    "campaign_resumed": "resumed a call campaign of",
    "campaign_stopped": "stopped a call campaign of",
}


_NAME_IN_AUDIT = 48
_MESSAGE_BUDGET = 4000  # Telegram's limit is 4096 characters


def audit_line(at: str, who: str, action: str, list_name: str | None, list_id: int | None) -> str:
    what = AUDIT_ACTIONS.get(action, esc(action))
    target = f"«{esc(cut(list_name, _NAME_IN_AUDIT))}»" if list_name else "a list"
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
