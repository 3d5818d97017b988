"""Render functions of flow B (/clients): project, channel, filters with the live count, name, created.

Words: i18n/locales/<locale>/clients.ftl."""

from __future__ import annotations

from handlers.common.texts import channel_label, cut, esc, number
from i18n import tr
from storage.lists import MAX_NAME_LENGTH


def cl_name_prompt() -> str:
    return tr("cl-name-prompt", max=MAX_NAME_LENGTH)


def cl_search_too_long(limit: int) -> str:
    return tr("cl-search-too-long", limit=limit)


def cl_period_button(days: int) -> str:
    return tr("cl-period-button", days=days) if days else tr("cl-period-all")


def cl_count_button(label: str, count: int) -> str:
    """Button text (plain, not HTML)."""
    return f"{label} · {number(count)}"


def cl_choose_channel(project: str) -> str:
    return tr("cl-choose-channel", project=esc(project))


def cl_selected(text: str, selected: bool) -> str:
    return f"✓ {text}" if selected else text


def cl_clear_search_button(search: str) -> str:
    return tr("cl-clear-search-button", search=cut(search, 20))


def cl_label_button(name: str, selected: bool) -> str:
    return cl_selected(f"🏷 {name}", selected)


def cl_create_button(count: int) -> str:
    return tr("cl-create-button", count=count) if count else tr("cl-create-button-empty")


def cl_period_text(days: int | None, custom: str | None) -> str:
    if custom:
        return custom
    return tr("cl-period-last", days=days) if days else tr("cl-period-all-lower")


def cl_filters(
    project: str, channel_id: str, period: str, search: str | None, label: str | None, count: int
) -> str:
    lines = [
        tr("cl-filters-title", project=esc(project), channel=channel_label(channel_id)),
        "",
        tr("cl-filters-period", period=esc(period)),
        tr("cl-filters-search", search=esc(search)) if search else tr("cl-filters-no-search"),
        tr("cl-filters-label", label=esc(label)) if label else tr("cl-filters-any-label"),
        "",
        tr("cl-filters-count", count=count),
    ]
    lines.append("\n" + (tr("cl-filters-hint") if count else tr("cl-filters-none")))
    return "\n".join(lines)


def cl_bad_dates(text: str) -> str:
    return tr("cl-bad-dates", text=esc(text[:60]))


def cl_dates_future(today: str) -> str:
    return tr("cl-dates-future", today=today)


def cl_use_default_name(name: str) -> str:
    return tr("cl-use-default-name", name=cut(name, 48))


def cl_created(name: str, count: int, channel_id: str, project: str) -> str:
    return tr(
        "cl-created", name=esc(name), count=count, channel=channel_label(channel_id), project=esc(project)
    )
