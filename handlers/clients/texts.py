"""Texts of flow B (/clients): project, channel, filters with the live count, name, created."""

from __future__ import annotations

from handlers.common.texts import channel_label, cut, esc, list_created
from i18n import tr
from storage.lists import MAX_NAME_LENGTH

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
CL_EMPTY_ALERT = "No clients match these filters, so there is nothing to put in a list. Widen the filters."
CL_NAME_PROMPT = f"Name the new list (1–{MAX_NAME_LENGTH} characters), or tap the suggested name:"
CL_CREATING = "Creating the list…"
CL_GONE = "These clients are no longer there (the data changed). Start again with /clients."
CL_PERIOD_ALL = "All time"
CL_BTN_DATES = "📅 Dates…"
CL_BTN_SEARCH = "🔍 Search…"
CL_BTN_RESET = "↺ Reset filters"


def cl_search_too_long(limit: int) -> str:
    return f"That search is too long: at most {limit} characters. Send a shorter one."


def cl_period_button(days: int) -> str:
    return f"{days} days" if days else CL_PERIOD_ALL


def cl_count_button(label: str, count: int) -> str:
    """Button text (plain, not HTML)."""
    return f"{label} · {count:,}"


def cl_choose_channel(project: str) -> str:
    return f"👥 Project <b>{esc(project)}</b>\n\nChoose the channel (number of clients):"


def cl_selected(text: str, selected: bool) -> str:
    return f"✓ {text}" if selected else text


def cl_clear_search_button(search: str) -> str:
    return f"✖ Search «{cut(search, 20)}»"


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
        f"👥 <b>{esc(project)}</b> · {channel_label(channel_id)}",
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


def cl_use_default_name(name: str) -> str:
    return f"Use «{cut(name, 48)}»"


def cl_created(name: str, count: int, channel_id: str, project: str) -> str:
    return (
        f"{list_created(name, count)} of {channel_label(channel_id)}, project {esc(project)}. "
        f"It is also on the {tr('menu-lists')} page."
    )
